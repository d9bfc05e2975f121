"""The Decree 30 content linter (issue #14): each rule on a small plan, --fix, silencing, and the
real plans (thinh-liet-2024's Lưu line)."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from conftest import CHILD_HEAD, ROOT, TOP, PlansDir

from kehoach.plans.rules import RULES


def warnings_of(plans: PlansDir, *args: str) -> list[str]:
    code, _, err = plans.run("check", *args)
    assert code == 0, err
    return [line for line in err.splitlines() if "cảnh báo [" in line]


def rules_of(lines: list[str]) -> list[str]:
    return [line.split("cảnh báo [")[1].split("]")[0] for line in lines]


def test_the_small_plan_is_clean(plans: PlansDir):
    plans.write("p", TOP)
    assert warnings_of(plans) == []


@pytest.mark.parametrize(
    "old, new, rule",
    [
        ("archive: VT", "archive: NV, VT", "luu-vt"),
        ("archive: VT", "archive: NV", "luu-vt"),
        (
            "signature: {title: CHỦ TỊCH,",
            "signature: {authority: [tm. ỦY BAN NHÂN DÂN], title: CHỦ TỊCH,",
            "tham-quyen",
        ),
        ("signature: {title: CHỦ TỊCH,", "signature: {authority: [THAY MẶT ỦY BAN], title: CHỦ TỊCH,", "tham-quyen"),
        ("name: Nguyễn Văn A}", "name: TS. Nguyễn Văn A}", "hoc-ham"),
        (
            "subject: Thông tin tuyên truyền CCHC}",
            "subject: Kế hoạch thông tin tuyên truyền CCHC}",
            "trich-yeu-ten-loai",
        ),
        ("subject: Thông tin tuyên truyền CCHC}", "subject: Thông tin tuyên truyền CCHC.}", "trich-yeu-dau-cham"),
        ("recipients: [Bộ Nội vụ]", "recipients: [Bộ Nội vụ;]", "noi-nhan-dau-cau"),
        ("{key: a, text: Một}", "{key: a, text: a) Một}", "nhan-lap"),
        ("title: MỤC ĐÍCH", "title: I. MỤC ĐÍCH", "nhan-lap"),
        ("{key: a, text: Một}", "{key: a, text: Một\\nhai}", "xuong-dong"),
        ("text: Ba (Phụ lục)}", "text: Ba}", "phu-luc-dan-chieu"),
        (
            'legal_basis: {closing: "UBND Tỉnh ban hành Kế hoạch như sau:"}',
            'legal_basis: {closing: "UBND Tỉnh ban hành Kế hoạch như sau:", documents: '
            "[{key: qd, kind: Quyết định, number: 12 / QĐ-UBND, issuer: UBND Tỉnh}]}",
            "so-ky-hieu",
        ),
    ],
)
def test_each_rule(plans: PlansDir, old: str, new: str, rule: str):
    assert old in TOP
    plans.write("p", TOP.replace(old, new, 1))
    assert rules_of(warnings_of(plans)) == [rule]
    assert rule in RULES


def test_messages_name_the_place_the_rule_and_its_source(plans: PlansDir):
    plans.write(
        "p", TOP.replace("archive: VT", "archive: NV, VT").replace("name: Nguyễn Văn A}", "name: ThS. Nguyễn Văn A}")
    )
    assert warnings_of(plans) == [
        "plans/p.yaml:20:36: Khối chữ ký — signature.name: cảnh báo [hoc-ham]: họ tên người ký có học hàm, học vị "
        "'ThS.' Gợi ý: Không ghi học hàm, học vị trước họ tên người ký: 'Nguyễn Văn A' (NĐ 30/2020, PL1 II.7.c). "
        "Sửa tự động: kehoach check --fix.",
        "plans/p.yaml:22:10: Nơi nhận, dòng Lưu — archive: cảnh báo [luu-vt]: dòng Lưu 'NV, VT' không bắt đầu bằng VT "
        "Gợi ý: Dòng Lưu ghi VT (văn thư) trước, rồi chữ viết tắt đơn vị soạn thảo: 'VT, NV' (NĐ 30/2020, PL1 II.9.d). "
        "Sửa tự động: kehoach check --fix.",
    ]


def test_whole_corpus_rules(plans: PlansDir):
    plans.write("tinh", TOP)
    plans.write("tinh-ban-sao", TOP.replace("number: 5,", "number: 6,"))  # a second plan, its own number
    child = "extends: tinh\nyear: 2026\n" + CHILD_HEAD + "appendix: {tasks: [{key: t1, remove: Đã xong năm 2025.}]}\n"
    plans.write("huyen", child)
    lines = warnings_of(plans)
    # a district's plan for 2026: after 1/7/2025 there are no districts (don-vi-cu)
    assert rules_of(lines) == ["nam-cap-tren", "don-vi-cu", "trung-ke-hoach"]
    assert "đơn vị 'UBND Tỉnh' đã có kế hoạch năm 2025: 'tinh'" in lines[2]
    plans.write("huyen", child + "cross_year: Kế hoạch hai năm 2025–2026.\n")
    assert rules_of(warnings_of(plans)) == ["don-vi-cu", "trung-ke-hoach"]


def test_silenced_rule_is_not_reported_and_the_page_says_so(plans: PlansDir):
    plans.write("p", TOP.replace("archive: VT", "archive: NV, VT") + "lint: {ignore: [luu-vt]}\n")
    assert warnings_of(plans) == []
    plans.write("p", TOP + "lint: {ignore: [luu-vv]}\n")
    code, _, err = plans.run("check")
    assert code == 1 and "giá trị 'luu-vv' không được hỗ trợ Gợi ý: Có phải ý bạn là 'luu-vt'?" in err


def test_fix_changes_only_what_the_rules_name(plans: PlansDir):
    broken = (
        TOP.replace("archive: VT", "archive: NV, VT")
        .replace("recipients: [Bộ Nội vụ]", "recipients: [Bộ Nội vụ;]")
        .replace("name: Nguyễn Văn A}", "name: PGS. TS. Nguyễn Văn A}")
        .replace("subject: Thông tin tuyên truyền CCHC}", "subject: Kế hoạch thông tin tuyên truyền CCHC.}")
        .replace("{key: a, text: Một}", "{key: a, text: a) Một}")
        .replace("{key: b, text: Hai}", "{key: b, text: Hai\\nba}")
        + "# chú thích ở cuối tệp\n"
    )
    path = plans.write("p", broken)
    assert len(warnings_of(plans)) == 7
    code, out, _ = plans.run("check", "--fix")
    assert code == 0
    assert out.startswith(
        "Đã sửa plans/p.yaml: 7 chỗ (hoc-ham, luu-vt, nhan-lap, noi-nhan-dau-cau, trich-yeu-dau-cham, trich-yeu-ten-loai, xuong-dong)."
    )
    assert warnings_of(plans) == []
    fixed = path.read_text(encoding="utf-8")
    expected = (
        TOP.replace("{key: b, text: Hai}", "{key: b, text: Hai ba}").replace("archive: VT", "archive: VT, NV")
        + "# chú thích ở cuối tệp\n"
    )
    assert fixed == expected


def test_real_plan_lưu_line_and_fix(tmp_path):
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", work / "plans")
    p = PlansDir.__new__(PlansDir)
    p.root, p.plans = work, work / "plans"
    lines = warnings_of(p)
    (luu,) = [line for line in lines if "[luu-vt]" in line]
    assert luu.startswith("plans/ha-noi/thinh-liet-2024.yaml:222:10: Nơi nhận, dòng Lưu — archive: cảnh báo [luu-vt]")
    before = (work / "plans/ha-noi/thinh-liet-2024.yaml").read_text(encoding="utf-8")
    code, out, _ = p.run("check", "--fix")
    assert code == 0 and "Đã sửa plans/ha-noi/thinh-liet-2024.yaml: 1 chỗ (luu-vt)." in out
    after = (work / "plans/ha-noi/thinh-liet-2024.yaml").read_text(encoding="utf-8")
    diff = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert diff == [("archive: NV, VT", "archive: VT, NV")]
    assert not any("[luu-vt]" in line for line in warnings_of(p))


def test_typed_line_break_breaks_the_subject_line(plans: PlansDir):
    """An unquoted 'subject: …\\ncủa phường …' breaks the line, as unit.name does (no literal '\\n')."""
    from conftest import resolve

    plans.write(
        "p", TOP.replace("subject: Thông tin tuyên truyền CCHC}", "subject: Thông tin tuyên truyền CCHC\\ncủa Tỉnh}")
    )
    plan = resolve(plans.plans).plans["p"]
    assert plan.document.subject == "Thông tin tuyên truyền CCHC\ncủa Tỉnh"
    from kehoach.render.wording import title_lines

    assert "\\n" not in "".join(title_lines(plan.document))
    assert warnings_of(plans) == []


def test_deadline_wording_reaches_the_document(plans: PlansDir, tmp_path):
    from conftest import resolve

    from kehoach.render.docx import render

    plans.write("p", TOP.replace("deadline: Chậm nhất ngày 20/02/2025", "deadline: Trước ngày 15/11/2025"))
    plan = resolve(plans.plans).plans["p"]
    xml = zipfile.ZipFile(io.BytesIO(render(plan))).read("word/document.xml").decode()
    assert "Trước ngày 15/11/2025" in xml and "Chậm nhất ngày 15/11/2025" not in xml
