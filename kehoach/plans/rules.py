"""The review rules: every warning the tool gives about a plan's *content*, by id.

A rule is a fact declared once here: its id (what ``lint: {ignore: [id]}`` names and what a
message shows in brackets), where it comes from, and what it checks. The Decree 30 rules cite
their section of Nghị định 30/2020/NĐ-CP as ``../shared/reference/nd30.md`` quotes it (PL1 =
Phụ lục I); the conformance rules come from the plan hierarchy itself (a child carries out what
its parent assigns). :mod:`kehoach.plans.lint` and :mod:`kehoach.plans.conformance` check them.

Warnings by default; ``--strict`` makes them errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text.nd30 import AUTHORITY


@dataclass(frozen=True)
class Rule:
    id: str
    source: str  # the section of Decree 30 (or 'Kế hoạch cấp trên' for conformance)
    title: str  # what it checks, in Vietnamese, for the README and the site
    fixable: bool = False  # `check --fix` can correct it in the YAML


PARENT = "Kế hoạch cấp trên"

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("luu-vt", "NĐ 30/2020, PL1 II.9.d", "Dòng Lưu bắt đầu bằng VT (Lưu: VT, …).", fixable=True),
        Rule(
            "giao-cap-huyen",
            "Bản đồ từ 01/7/2025",
            "Kế hoạch lập sau 01/7/2025 giao việc cho cấp huyện (không còn): giao cho xã, phường.",
        ),
        Rule(
            "don-vi-cu",
            "Bản đồ từ 01/7/2025",
            "Kế hoạch lập sau 01/7/2025 cho đơn vị không còn (quận, huyện, xã cũ đã sắp xếp).",
        ),
        Rule(
            "chua-hoan-thien",
            "Dự thảo",
            "Dự thảo còn chỗ trống '…' hoặc mục bỏ chưa ghi lý do; khi đã có số và ngày (ban hành) thì là lỗi.",
        ),
        Rule(
            "tham-quyen",
            "NĐ 30/2020, PL1 II.7.b; Điều 13",
            f"Dòng quyền hạn ký chỉ dùng {', '.join(AUTHORITY)}, viết hoa.",
            fixable=True,
        ),
        Rule(
            "hoc-ham",
            "NĐ 30/2020, PL1 II.7.c",
            "Không ghi học hàm, học vị (TS., ThS., PGS., GS.) trước họ tên người ký.",
            fixable=True,
        ),
        Rule(
            "trich-yeu-ten-loai",
            "NĐ 30/2020, PL1 II.5.b",
            "Trích yếu không lặp lại tên loại ('Kế hoạch …').",
            fixable=True,
        ),
        Rule("trich-yeu-dau-cham", "NĐ 30/2020, PL1 II.5.b", "Trích yếu không có dấu chấm cuối.", fixable=True),
        Rule(
            "so-ky-hieu",
            "NĐ 30/2020, PL1 II.3.c",
            "Số, ký hiệu văn bản căn cứ viết liền, không dấu cách (145/KH-UBND).",
            fixable=True,
        ),
        Rule("ngay-can-cu", "NĐ 30/2020, PL1 II.6.a", "Văn bản căn cứ không ghi ngày sau năm của kế hoạch."),
        Rule(
            "noi-nhan-dau-cau",
            "NĐ 30/2020, PL1 II.9.d",
            "Dòng nơi nhận không tự ghi dấu câu cuối (công cụ thêm ';').",
            fixable=True,
        ),
        Rule("phu-luc-dan-chieu", "NĐ 30/2020, PL1 III.1.a", "Có phụ lục thì nội dung phải dẫn chiếu tới phụ lục."),
        Rule("trung-ke-hoach", "NĐ 30/2020, Điều 15.1", "Một đơn vị không có hai kế hoạch cùng năm."),
        Rule(
            "nhan-lap",
            "NĐ 30/2020, PL1 II.6.đ",
            "Nội dung không tự ghi nhãn (a), 1., I.): nhãn được tính khi xuất.",
            fixable=True,
        ),
        Rule(
            "xuong-dong",
            "NĐ 30/2020, PL1 II.5.b",
            "'\\n' chỉ dùng để xuống dòng ở tên cơ quan và trích yếu.",
            fixable=True,
        ),
        Rule("nam-cap-tren", PARENT, "Năm của kế hoạch khác năm của cấp trên thì ghi lý do ở 'cross_year'."),
        Rule(
            "thieu-viec-giao",
            PARENT,
            "Việc cấp trên giao cho cấp này bị bỏ mà không ghi lý do (hoặc mất khi thay cả danh sách).",
        ),
        Rule("tre-han", PARENT, "Thời hạn của cấp dưới muộn hơn thời hạn cấp trên giao."),
        Rule("giam-chi-tieu", PARENT, "Chỉ tiêu (số tin/bài, số lần …) của cấp dưới thấp hơn cấp trên giao."),
        Rule("sai-cap", PARENT, "Kế thừa nguyên văn một dòng cấp trên giao cho cấp khác: cần ghi đơn vị của mình."),
    )
}
