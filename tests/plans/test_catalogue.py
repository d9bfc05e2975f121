"""The error catalogue: one malformed plan per case, with the exact messages a clerk sees.

Every case runs a full build (`python build.py`) over outputs of an earlier good build and
asserts: exit code 1, the exact problem lines (file:line:col: field path: message, hint),
the summary line, and that dist/, site/ and docs-gen/ are byte for byte and timestamp for
timestamp as they were. The README's "Lỗi thường gặp" section lists the common ones.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import CHILD_HEAD, TOP, PlansDir

CHILD = "extends: tinh\n" + CHILD_HEAD
SUMMARY = "Chưa ghi gì vào dist/ và site/; sửa các lỗi trên rồi chạy lại."
OUTPUTS = ("dist", "site", "docs-gen", "build-cache")


def top(old: str, new: str) -> dict:
    """The small valid plan TOP with one edit, as plans/p.yaml."""
    assert old in TOP, old
    return {"p": TOP.replace(old, new, 1)}


def child(extra: str) -> dict:
    """A valid parent 'tinh' and a child 'huyen' with ``extra`` appended."""
    return {"tinh": TOP, "huyen": CHILD + extra}


SCALE = ("hostile-10000-items",)  # tests of scale: the full tier only


def case(name: str, files: dict, *lines: str):
    return pytest.param(files, list(lines), id=name, marks=[pytest.mark.slow] if name in SCALE else [])


CASES = [
    # YAML syntax
    case(
        "yaml-unclosed-bracket",
        top("[Bộ Nội vụ]", "[Bộ Nội vụ"),
        "plans/p.yaml:22:8: danh sách mở bằng '[' chưa đóng bằng ']'"
        " Gợi ý: Thêm ']' ở cuối danh sách; nếu một phần tử có dấu ':' hoặc ',', đặt nó trong dấu nháy kép \"...\".",
    ),
    case(
        "yaml-unclosed-quote",
        top('closing: "UBND Tỉnh ban hành Kế hoạch như sau:"}', 'closing: "UBND Tỉnh ban hành Kế hoạch như sau:}'),
        'plans/p.yaml:28:1: dấu nháy chưa đóng Gợi ý: Thêm dấu nháy đóng " ở cuối đoạn văn bản.',
    ),
    case(
        "yaml-colon-in-text",
        top("text: Theo dõi.}", "text: Lưu ý: theo dõi.}"),
        "plans/p.yaml:18:54: mục viết gọn trong '{…}' chưa đóng, hoặc có dấu ':' trong nội dung"
        " Gợi ý: Thêm '}' ở cuối; nếu nội dung có dấu ':' hoặc ',', đặt nội dung trong dấu nháy kép \"...\".",
    ),
    case(
        "yaml-uneven-indent",
        top("      - key: mot", "     - key: mot"),
        "plans/p.yaml:10:14: dấu ':' đặt sai chỗ"
        " Gợi ý: Nếu nội dung có dấu ':', đặt cả đoạn trong dấu nháy kép \"...\".",
    ),
    case(
        "yaml-missing-colon",
        top("archive: VT", "archive VT\nx"),
        "plans/p.yaml:23:1: thiếu dấu ':' sau tên trường"
        " Gợi ý: Mỗi dòng có dạng 'tên_trường: giá trị'; kiểm tra dòng này và dòng trên.",
    ),
    case(
        "yaml-two-documents",
        {"p": TOP + "---\nyear: 2026\n"},
        "plans/p.yaml:28:1: tệp có nhiều tài liệu YAML (dấu ---)"
        " Gợi ý: Mỗi tệp chỉ chứa một kế hoạch; bỏ dòng '---' thứ hai.",
    ),
    case(
        "yaml-tab-indent",
        {"p": "year: 2025\nunit:\n\tname: X\n"},
        "plans/p.yaml:3:1: có ký tự tab ở đầu dòng hoặc trong phần thụt lề"
        " Gợi ý: YAML chỉ cho thụt lề bằng dấu cách; thay mỗi tab bằng 2 dấu cách.",
    ),
    case(
        "yaml-duplicate-key",
        top("year: 2025\n", "year: 2025\nyear: 2024\n"),
        "plans/p.yaml:2:1: year: trường 'year' bị lặp lại (đã có ở dòng 1)"
        " Gợi ý: Gộp hai trường làm một; YAML chỉ giữ lại trường viết sau.",
    ),
    case(
        "yaml-duplicate-nested-key",
        top("place: A,", "place: A, place: B,"),
        "plans/p.yaml:3:50: Phần đầu — document.place: trường 'place' bị lặp lại (đã có ở dòng 3)"
        " Gợi ý: Gộp hai trường làm một; YAML chỉ giữ lại trường viết sau.",
    ),
    case(
        "yaml-bom-then-error",
        {"p": b"\xef\xbb\xbf" + TOP.replace("year: 2025", "year: x").encode()},
        "plans/p.yaml:1:7: year: cần số nguyên, nhưng gặp văn bản 'x'",
    ),
    case(
        "yaml-not-utf8",
        {"p": "year: 2025\nclosing: Trên đây\n".encode("cp1258")},
        "plans/p.yaml:2:12: tệp không được lưu ở mã UTF-8 (có thể là Windows-1258 hoặc TCVN3)"
        " Gợi ý: Mở tệp và lưu lại với mã hóa UTF-8 (trong Notepad: Save As → Encoding: UTF-8).",
    ),
    case(
        "yaml-utf16",
        {"p": TOP.encode("utf-16")},
        "plans/p.yaml:1:1: tệp được lưu ở mã UTF-16"
        " Gợi ý: Mở tệp và lưu lại với mã hóa UTF-8 (trong Notepad: Save As → Encoding: UTF-8).",
    ),
    case(
        "yaml-empty-file",
        {"p": b""},
        "plans/p.yaml:1:1: tệp rỗng Gợi ý: Viết ít nhất các trường của kế hoạch, xem README.",
    ),
    case(
        "yaml-only-comments",
        {"p": "# kế hoạch sẽ viết sau\n\n"},
        "plans/p.yaml:1:1: tệp rỗng Gợi ý: Viết ít nhất các trường của kế hoạch, xem README.",
    ),
    case(
        "yaml-top-level-list",
        {"p": "- year: 2025\n- unit: X\n"},
        "plans/p.yaml:1:1: cần ánh xạ (các dòng 'tên: giá trị') ở cấp ngoài cùng, nhưng gặp một danh sách"
        " Gợi ý: Tệp kế hoạch bắt đầu bằng các dòng 'year: …', 'unit: …', không có '- ' ở đầu dòng.",
    ),
    case(
        "yaml-control-character",
        top("Một", "Một\x07"),
        "plans/p.yaml:12:31: I.1.a) — body[muc-dich].items[mot].items[a].text: có ký tự điều khiển U+0007 không được phép"
        " Gợi ý: Xóa ký tự này (thường do sao chép từ phần mềm khác); Word và trang web không hiển thị được nó.",
    ),
    case(
        "yaml-nul-in-comment",
        top("year: 2025\n", "year: 2025  # nhập từ \x00 Excel\n"),
        "plans/p.yaml:1:23: có ký tự điều khiển U+0000 không được phép"
        " Gợi ý: Xóa ký tự này (thường do sao chép từ phần mềm khác); Word và trang web không hiển thị được nó.",
    ),
    case(
        "yaml-form-feed-in-title",
        top("title: MỤC ĐÍCH", "title: MỤC\x0cĐÍCH"),
        "plans/p.yaml:7:15: I. — body[muc-dich].title: có ký tự điều khiển U+000C không được phép"
        " Gợi ý: Xóa ký tự này (thường do sao chép từ phần mềm khác); Word và trang web không hiển thị được nó.",
    ),
    case(
        "yaml-control-character-as-escape",
        top("text: Một}", 'text: "Một\\x01\\0\\e"}'),
        "plans/p.yaml:12:28: I.1.a) — body[muc-dich].items[mot].items[a].text: có ký tự điều khiển U+0001"
        " (mã thoát '\\x01' trong dấu nháy) không được phép"
        " Gợi ý: Xóa mã thoát này; Word, trang web và lịch không hiển thị được ký tự điều khiển.",
    ),
    case(
        "yaml-carriage-return-as-escape",
        top("task: Báo cáo,", 'task: "Báo\\rcáo",'),
        "plans/p.yaml:27:23: Phụ lục, dòng 2 — appendix.tasks[t2].task: có ký tự điều khiển U+000D"
        " (mã thoát '\\r' trong dấu nháy) không được phép"
        " Gợi ý: Xóa mã thoát này; Word, trang web và lịch không hiển thị được ký tự điều khiển.",
    ),
    case(
        "yaml-c1-control-character",
        top("Một", "Một\x9b"),
        "plans/p.yaml:12:31: I.1.a) — body[muc-dich].items[mot].items[a].text: có ký tự điều khiển U+009B không được phép"
        " Gợi ý: Xóa ký tự này (thường do sao chép từ phần mềm khác); Word và trang web không hiển thị được nó.",
    ),
    case(
        "margins-outside-decree-30",
        top("year: 2025\n", "year: 2025\nmargins_mm: {bottom: 99999, top: -50}\n"),
        "plans/p.yaml:2:22: margins_mm.bottom: lề dưới 99999 mm nằm ngoài 20–25 mm (Nghị định 30/2020/NĐ-CP, Phụ lục I, I.3)"
        " Gợi ý: Ghi một số từ 20 đến 25, hoặc bỏ dòng này để dùng lề mặc định.",
        "plans/p.yaml:2:34: margins_mm.top: lề trên -50 mm nằm ngoài 20–25 mm (Nghị định 30/2020/NĐ-CP, Phụ lục I, I.3)"
        " Gợi ý: Ghi một số từ 20 đến 25, hoặc bỏ dòng này để dùng lề mặc định.",
    ),
    case(
        "issued-plan-with-a-blank",
        top("name: Nguyễn Văn A", "name: …"),
        "plans/p.yaml:20:36: Khối chữ ký — signature.name: kế hoạch đã có số và ngày ban hành nhưng còn chỗ trống '…'"
        " chưa điền Gợi ý: Điền theo văn bản đã ký (lý do bỏ: 'remove: <lý do>'), hoặc bỏ 'number' và 'date' nếu còn"
        " là dự thảo.",
    ),
    case(
        "issued-child-removes-without-a-reason",
        {
            "tinh": TOP,
            "huyen": CHILD.replace("subject: Thông tin", "number: 3, date: 12/02/2025, subject: Thông tin")
            + "body:\n  - {key: muc-dich, remove: true}\n",
        },
        "plans/huyen.yaml:10:29: I. của kế hoạch cấp trên — body[muc-dich].remove: kế hoạch đã có số và ngày ban hành"
        " nhưng còn mục bỏ chưa ghi lý do Gợi ý: Điền theo văn bản đã ký (lý do bỏ: 'remove: <lý do>'), hoặc bỏ"
        " 'number' và 'date' nếu còn là dự thảo.",
    ),
    # schema
    case(
        "schema-wrong-type-int",
        top("year: 2025", "year: hai nghìn"),
        "plans/p.yaml:1:7: year: cần số nguyên, nhưng gặp văn bản 'hai nghìn'",
    ),
    case(
        "schema-wrong-type-list",
        top("body:\n", "body: nội dung\nxbody:\n"),
        "plans/p.yaml:5:7: body: cần danh sách các mục '- key: …', nhưng gặp văn bản 'nội dung'"
        " Gợi ý: Mỗi mục bắt đầu bằng '- key: …'; muốn thay cả danh sách thì dùng 'replace:'.",
        "plans/p.yaml:6:1: xbody: trường 'xbody' không được hỗ trợ Gợi ý: Có phải ý bạn là 'body'?",
    ),
    case(
        "schema-wrong-type-map",
        top("recipients: [Bộ Nội vụ]", "recipients: {a: Bộ Nội vụ}"),
        "plans/p.yaml:21:13: recipients: cần danh sách, nhưng gặp một ánh xạ",
    ),
    case(
        "schema-wrong-type-bool",
        top("year: 2025\n", "year: 2025\nreference_only: có\n"),
        "plans/p.yaml:2:17: reference_only: cần true hoặc false, nhưng gặp văn bản 'có'",
    ),
    case(
        "schema-unknown-key",
        top("closing: Trên", "closng: Trên"),
        "plans/p.yaml:19:1: closng: trường 'closng' không được hỗ trợ Gợi ý: Có phải ý bạn là 'closing'?",
    ),
    case(
        "schema-unknown-nested-key",
        top("symbol: KH-UBND", "symbl: KH-UBND"),
        "plans/p.yaml:3:23: Phần đầu — document.symbl: trường 'symbl' không được hỗ trợ"
        " Gợi ý: Có phải ý bạn là 'symbol'?",
    ),
    case(
        "schema-unknown-item-key",
        top("{key: a, text: Một}", "{key: a, txt: Một}"),
        "plans/p.yaml:12:22: I.1.a) — body[muc-dich].items[mot].items[a].txt: trường 'txt' không được hỗ trợ"
        " Gợi ý: Có phải ý bạn là 'text'?",
    ),
    case(
        "schema-enum-value",
        top("{key: b, text: Hai}", "{key: b, text: Hai, style: letters}"),
        "plans/p.yaml:13:40: I.1.b) — body[muc-dich].items[mot].items[b].style: giá trị 'letters' không được hỗ trợ"
        " Gợi ý: Có phải ý bạn là 'letter'?",
    ),
    case(
        "schema-missing-required",
        top("signature: {title: CHỦ TỊCH, name: Nguyễn Văn A}", "signature: {title: CHỦ TỊCH}"),
        "plans/p.yaml:20:12: Khối chữ ký — signature: thiếu trường bắt buộc 'name'"
        " Gợi ý: Thêm 'name:' (Họ và tên người ký.)",
    ),
    case(
        "schema-missing-unit",
        top("unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh}\n", ""),
        "plans/p.yaml:1:1: thiếu trường bắt buộc 'unit' Gợi ý: Thêm 'unit:' (Cơ quan ban hành.)",
    ),
    case(
        "schema-item-without-key",
        top("{key: a, text: Một}", "{text: Một}"),
        "plans/p.yaml:12:13: body[muc-dich].items[mot].items[0]: mục thiếu 'key:'"
        " Gợi ý: Thêm 'key:' với một tên ngắn, ổn định, ví dụ 'key: so-noi-vu'.",
    ),
    case(
        "schema-item-without-content",
        top("{key: a, text: Một}", "{key: a}"),
        "plans/p.yaml:12:13: I.1.a) — body[muc-dich].items[mot].items[a]: mục 'a' không có nội dung"
        " Gợi ý: Thêm 'text:' (nội dung) hoặc 'title:' (tiêu đề) cho mục mới.",
    ),
    case(
        "schema-empty-value",
        top("archive: VT", "archive:"),
        "plans/p.yaml:22:9: Nơi nhận, dòng Lưu — archive: giá trị rỗng"
        " Gợi ý: Ghi văn bản; muốn xóa mục thì dùng 'remove: true'.",
    ),
    case(
        "schema-empty-recipients",
        top("recipients: [Bộ Nội vụ]", "recipients: []"),
        "plans/p.yaml:21:13: recipients: thiếu danh sách 'recipients' (Nơi nhận)"
        " Gợi ý: Phần này nêu tên đơn vị nên không kế thừa từ cấp trên; mỗi kế hoạch tự ghi.",
    ),
    case(
        "schema-unclosed-emphasis",
        top("{key: a, text: Một}", "{key: a, text: '**Một'}"),
        "plans/p.yaml:12:28: I.1.a) — body[muc-dich].items[mot].items[a].text: dấu nhấn mạnh '*' hoặc '**' mở mà chưa đóng"
        " Gợi ý: Đóng dấu '*' hoặc '**', hoặc viết '\\*' để có dấu sao thường.",
    ),
    case(
        "schema-task-missing-lead",
        top("{key: t2, task: Báo cáo, lead: Các Sở,", "{key: t2, task: Báo cáo,"),
        "plans/p.yaml:27:7: Phụ lục, dòng 2 — appendix.tasks[t2]: dòng nhiệm vụ 't2' thiếu 'lead'"
        " Gợi ý: Mỗi dòng phụ lục cần 'task' (nhiệm vụ), 'lead' (chủ trì) và 'deadline' (thời hạn).",
    ),
    # dates and numbers
    case(
        "date-impossible",
        top("date: 10/01/2025", "date: 31/02/2025"),
        "plans/p.yaml:3:56: Phần đầu — document.date: ngày '31/02/2025' không hợp lệ hoặc không có thật"
        " Gợi ý: Viết ngày dạng dd/mm/yyyy, ví dụ 24/01/2025.",
    ),
    case(
        "date-wrong-form",
        top("date: 10/01/2025", "date: 10.01.2025"),
        "plans/p.yaml:3:56: Phần đầu — document.date: ngày '10.01.2025' không hợp lệ hoặc không có thật"
        " Gợi ý: Viết ngày dạng dd/mm/yyyy, ví dụ 24/01/2025.",
    ),
    case(
        "deadline-unparseable",
        top("Định kỳ hằng quý", "sớm"),
        "plans/p.yaml:27:56: Phụ lục, dòng 2 — appendix.tasks[t2].deadline: không hiểu thời hạn 'sớm'"
        " Gợi ý: Các dạng được chấp nhận: 'Chậm nhất ngày 20/02/2025', 'Trước ngày 15/11/2025', 'Tháng 8/2025', 'Trong tháng 8/2025', 'Quý IV/2025', 'Định kỳ hằng tuần', 'Định kỳ hằng tháng', 'Định kỳ hằng quý', 'Định kỳ quý I, 6 tháng, 9 tháng, năm', 'Trong năm', 'Hằng năm', 'Thường xuyên'.",
    ),
    case(
        "deadline-outside-year",
        top("20/02/2025", "20/02/2026"),
        "plans/p.yaml:26:7: Phụ lục, dòng 1 — appendix.tasks[t1]: thời hạn 'Chậm nhất ngày 20/02/2026' của nhiệm vụ 't1' nằm ngoài năm 2025 của kế hoạch"
        " Gợi ý: Sửa thời hạn, hoặc thêm 'cross_year: true' nếu cố ý.",
    ),
    case(
        "date-child-before-parent",
        {"tinh": TOP, "huyen": CHILD.replace("symbol: KH-UBND,", "symbol: KH-UBND, number: 3, date: 02/01/2025,")},
        "plans/huyen.yaml:3:46: Phần đầu — document.date: ngày ban hành 02/01/2025 sớm hơn kế hoạch cấp trên 'tinh' (10/01/2025)"
        " Gợi ý: Kế hoạch cấp dưới ban hành sau kế hoạch cấp trên; kiểm tra lại ngày.",
    ),
    case(
        "symbol-not-kh",
        top("symbol: KH-UBND", "symbol: QĐ-UBND"),
        "plans/p.yaml:3:31: Phần đầu — document.symbol: ký hiệu 'QĐ-UBND' không đúng dạng 'KH-…'"
        " Gợi ý: Ký hiệu của kế hoạch là 'KH-' và chữ viết tắt tên cơ quan, viết hoa, không dấu cách, ví dụ KH-UBND.",
    ),
    case(
        "symbol-lowercase",
        top("symbol: KH-UBND", "symbol: kh-ubnd"),
        "plans/p.yaml:3:31: Phần đầu — document.symbol: ký hiệu 'kh-ubnd' không đúng dạng 'KH-…'"
        " Gợi ý: Ký hiệu của kế hoạch là 'KH-' và chữ viết tắt tên cơ quan, viết hoa, không dấu cách, ví dụ KH-UBND.",
    ),
    case(
        "number-with-symbol",
        top("number: 5", "number: 05/KH-UBND"),
        "plans/p.yaml:3:20: Phần đầu — document.number: cần số nguyên, nhưng gặp văn bản '05/KH-UBND'",
    ),
    case(
        "number-zero",
        top("number: 5", "number: 0"),
        "plans/p.yaml:3:20: Phần đầu — document.number: số văn bản 0 không hợp lệ"
        " Gợi ý: Số là số nguyên dương, đánh từ 01 mỗi năm.",
    ),
    case(
        "year-out-of-range",
        top("year: 2025", "year: 1899"),
        "plans/p.yaml:1:7: year: năm 1899 không hợp lệ Gợi ý: Năm của kế hoạch nằm trong khoảng 2000–2100, ví dụ 2025.",
    ),
    case(
        "year-after-range",
        top("year: 2025", "year: 2101"),
        "plans/p.yaml:1:7: year: năm 2101 không hợp lệ Gợi ý: Năm của kế hoạch nằm trong khoảng 2000–2100, ví dụ 2025.",
    ),
    case(
        "number-too-large",
        top("number: 5", "number: 100000"),
        "plans/p.yaml:3:20: Phần đầu — document.number: số văn bản 100000 không hợp lệ"
        " Gợi ý: Số là số nguyên dương, đánh từ 01 mỗi năm.",
    ),
    case(
        "cutoff-day-29",
        {"p": TOP + "reporting: {cutoff_day: 29}\n"},
        "plans/p.yaml:28:25: reporting.cutoff_day: ngày chốt số liệu 29 không hợp lệ"
        " Gợi ý: Ghi từ 1 đến 28 (mặc định 14), hoặc 0 để chốt vào ngày cuối tháng.",
    ),
    case(
        "cutoff-day-negative",
        {"p": TOP + "reporting: {cutoff_day: -1}\n"},
        "plans/p.yaml:28:25: reporting.cutoff_day: ngày chốt số liệu -1 không hợp lệ"
        " Gợi ý: Ghi từ 1 đến 28 (mặc định 14), hoặc 0 để chốt vào ngày cuối tháng.",
    ),
    case(
        "citation-after-the-plan",
        top(
            "legal_basis: {closing:",
            "legal_basis: {documents: [{key: qd, kind: Quyết định, number: 1/QĐ-UBND, issuer: UBND Tỉnh,"
            " date: 11/01/2025, about: về việc X}], closing:",
        ),
        "plans/p.yaml:4:27: Căn cứ, văn bản 1 — legal_basis.documents[qd]: văn bản được trích dẫn 'qd' có ngày 11/01/2025"
        " sau ngày ban hành 10/01/2025 Gợi ý: Không thể thực hiện một văn bản ban hành sau kế hoạch; kiểm tra lại ngày.",
    ),
    case(
        "top-plan-without-body",
        {"p": TOP[: TOP.index("body:")] + TOP[TOP.index("\nclosing:") + 1 :]},
        "plans/p.yaml:1:1: body: thiếu nội dung 'body'"
        " Gợi ý: Kế hoạch không có cấp trên tự ghi phần này; kế hoạch cấp dưới kế thừa nó.",
    ),
    case(
        "year-not-a-number",  # one message: not also 'no year', nor every row outside it
        top("year: 2025", "year: năm nay"),
        "plans/p.yaml:1:7: year: cần số nguyên, nhưng gặp văn bản 'năm nay'",
    ),
    case(
        "child-citation-after-its-date",  # after the parent's plan, which is cited first
        {
            "tinh": TOP,
            "huyen": CHILD.replace("symbol: KH-UBND,", "symbol: KH-UBND, number: 3, date: 12/01/2025,").replace(
                "legal_basis: {closing:",
                "legal_basis: {documents: [{key: qd, at: end, kind: Quyết định, number: 1/QĐ-UBND, issuer: UBND huyện B,"
                " date: 13/01/2025, about: về việc X}], closing:",
            ),
        },
        "plans/huyen.yaml:4:27: Căn cứ, văn bản 2 — legal_basis.documents[qd]: văn bản được trích dẫn 'qd' có ngày"
        " 13/01/2025 sau ngày ban hành 12/01/2025 Gợi ý: Không thể thực hiện một văn bản ban hành sau kế hoạch; kiểm tra"
        " lại ngày.",
    ),
    case(
        "child-without-closing",
        {"tinh": TOP, "huyen": CHILD.replace("closing: Trên đây là Kế hoạch./.\n", "")},
        "plans/huyen.yaml:1:1: Đoạn kết — closing: thiếu đoạn kết 'closing' (Trên đây là Kế hoạch …)"
        " Gợi ý: Phần này nêu tên đơn vị nên không kế thừa từ cấp trên; mỗi kế hoạch tự ghi.",
    ),
    case(
        "year-not-a-number-and-no-date",  # one message: not also 'no year'
        {"p": TOP.replace("year: 2025", "year: năm nay").replace(" date: 10/01/2025,", "")},
        "plans/p.yaml:1:7: year: cần số nguyên, nhưng gặp văn bản 'năm nay'",
    ),
    case(
        "child-without-archive",
        {"tinh": TOP, "huyen": CHILD.replace("archive: VT\n", "")},
        "plans/huyen.yaml:1:1: Nơi nhận, dòng Lưu — archive: thiếu dòng 'archive' (Lưu: VT, …)"
        " Gợi ý: Phần này nêu tên đơn vị nên không kế thừa từ cấp trên; mỗi kế hoạch tự ghi.",
    ),
    case(
        "child-without-closing-words",
        {
            "tinh": TOP,
            "huyen": CHILD.replace('legal_basis: {closing: "UBND huyện B ban hành Kế hoạch như sau:"}\n', ""),
        },
        "plans/huyen.yaml:1:1: legal_basis: thiếu 'legal_basis.closing' (phần cuối câu 'Thực hiện …')"
        " Gợi ý: Phần này nêu tên đơn vị nên không kế thừa từ cấp trên; mỗi kế hoạch tự ghi.",
    ),
    case(
        "legal-basis-not-a-mapping",  # one message: its missing 'closing' is not reported too
        top('legal_basis: {closing: "UBND Tỉnh ban hành Kế hoạch như sau:"}', 'legal_basis: "abc"'),
        "plans/p.yaml:4:14: legal_basis: cần ánh xạ (các dòng 'tên: giá trị'), nhưng gặp văn bản 'abc'",
    ),
    case(
        "items-over-the-limit",  # 1,999 nodes in the body and 2 rows: one more than 2,000
        top(
            "          - {key: c, text: Ba (Phụ lục)}\n",
            "".join(f"          - {{key: x{n}, text: Mục {n}}}\n" for n in range(1993)),
        ),
        "plans/p.yaml:1:1: kế hoạch có 2001 mục, quá giới hạn 2000 Gợi ý: Một kế hoạch thật có vài trăm mục; kiểm tra tệp.",
    ),
    # inheritance and identity
    case(
        "extends-unknown",
        {"tinh": TOP, "huyen": CHILD.replace("extends: tinh", "extends: tihn")},
        "plans/huyen.yaml:1:10: extends: không có kế hoạch cấp trên 'tihn' Gợi ý: Có phải ý bạn là 'tinh'?",
    ),
    case(
        "extends-itself",
        {"huyen": CHILD.replace("extends: tinh", "extends: huyen")},
        "plans/huyen.yaml:1:10: extends: kế hoạch 'huyen' kế thừa chính nó"
        " Gợi ý: Ghi id của kế hoạch cấp trên, không phải của chính tệp này.",
    ),
    case(
        "extends-cycle",
        {"a": "extends: c\n" + CHILD_HEAD, "b": "extends: a\n" + CHILD_HEAD, "c": "extends: b\n" + CHILD_HEAD},
        "plans/b.yaml:1:10: extends: vòng kế thừa: a → c → b → a"
        " Gợi ý: Một kế hoạch không thể là cấp trên của cấp trên nó; sửa 'extends' của một tệp trong vòng.",
    ),
    case(
        "extends-path-escape",
        {"huyen": CHILD.replace("extends: tinh", "extends: ../../x")},
        "plans/huyen.yaml:1:10: extends: '../../x' không phải id kế hoạch"
        " Gợi ý: Ghi id của kế hoạch cấp trên: tên tệp của nó, không có '.yaml' và không có thư mục, ví dụ 'ha-noi-2025'.",
    ),
    case(
        "place-child-override",
        child(
            "body:\n  - key: muc-dich\n    items:\n      - key: mot\n        items:\n"
            '          - {key: b, text: "*Hai"}\n'
        ),
        "plans/huyen.yaml:14:28: I.1.b) — body[muc-dich].items[mot].items[b].text: dấu nhấn mạnh '*' hoặc '**' mở mà chưa đóng"
        " Gợi ý: Đóng dấu '*' hoặc '**', hoặc viết '\\*' để có dấu sao thường.",
    ),
    case(
        "place-removed-item",
        child(
            "body:\n  - key: muc-dich\n    items:\n      - key: mot\n        items:\n"
            "          - {key: c, remove: true, text: Ba}\n"
        ),
        "plans/huyen.yaml:14:42: I.1.c) của kế hoạch cấp trên — body[muc-dich].items[mot].items[c].text: mục bị xóa không cần trường 'text'"
        " Gợi ý: Bỏ các trường khác, chỉ giữ 'key' và 'remove'.",
    ),
    case(
        "place-recipient",
        top("recipients: [Bộ Nội vụ]", "recipients: [Bộ Nội vụ, {note: để b/c}]"),
        "plans/p.yaml:21:25: Nơi nhận, dòng 2 — recipients[1]: thiếu trường bắt buộc 'text'"
        " Gợi ý: Thêm 'text:' (Nơi nhận.)",
    ),
    case(
        "override-missing-key",
        child("appendix:\n  tasks:\n    - {key: t9, task: Mới, lead: X, deadline: Trong năm}\n"),
        "plans/huyen.yaml:11:13: appendix.tasks[t9].key: dòng nhiệm vụ 't9' không có trong kế hoạch cấp trên 'tinh'"
        " Gợi ý: Để thêm mục mới, ghi vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'.",
    ),
    case(
        "remove-missing-key",
        child("appendix:\n  tasks:\n    - {key: zz, remove: true}\n"),
        "plans/huyen.yaml:11:13: appendix.tasks[zz].key: không thể xóa: dòng nhiệm vụ 'zz' không có trong kế hoạch cấp trên 'tinh'"
        " Gợi ý: Các khóa hiện có: t1, t2.",
    ),
    case(
        "insert-after-missing-key",
        child("appendix:\n  tasks:\n    - {key: t9, after: t7, task: Mới, lead: X, deadline: Trong năm}\n"),
        "plans/huyen.yaml:11:24: Phụ lục, dòng 3 — appendix.tasks[t9].after: không có dòng nhiệm vụ với khóa 't7' để đặt 't9' sau"
        " Gợi ý: Các khóa hiện có: t1, t2.",
    ),
    case(
        "duplicate-item-key",
        top("{key: b, text: Hai}", "{key: a, text: Hai}"),
        "plans/p.yaml:13:19: body[muc-dich].items[mot].items[1].key: khóa 'a' bị trùng (đã dùng ở dòng 12)"
        " Gợi ý: Mỗi mục trong một danh sách cần một khóa riêng.",
    ),
    case(
        "duplicate-task-key",
        top("{key: t2,", "{key: t1,"),
        "plans/p.yaml:27:13: appendix.tasks[1].key: khóa 't1' bị trùng (đã dùng ở dòng 26)"
        " Gợi ý: Mỗi mục trong một danh sách cần một khóa riêng.",
    ),
    case(
        "duplicate-plan-id",
        {"a/p": TOP, "b/p": TOP},
        "plans/b/p.yaml:1:1: id kế hoạch 'p' bị trùng với plans/a/p.yaml"
        " Gợi ý: Đổi tên một trong hai tệp; id là tên tệp và phải duy nhất trong kho.",
    ),
    case(
        "id-file-name",
        {"Kế hoạch": TOP},
        "plans/Kế hoạch.yaml:1:1: tên tệp 'Kế hoạch.yaml' không dùng được làm id kế hoạch"
        " Gợi ý: Đặt tên tệp bằng chữ thường không dấu, số và '-', ví dụ 'thinh-liet-2024.yaml'.",
    ),
    case(
        "key-path-escape",
        top("{key: a, text: Một}", "{key: ../../x, text: Một}"),
        "plans/p.yaml:12:19: body[muc-dich].items[mot].items[../../x].key: khóa '../../x' không hợp lệ"
        " Gợi ý: Khóa chỉ gồm chữ thường không dấu (được dùng đ), số, '-', '_' hoặc '.', tối đa 64 ký tự.",
    ),
    # hostile
    case(
        "hostile-python-tag",
        top("year: 2025", "year: !!python/object/apply:os.system ['true']"),
        "plans/p.yaml:1:7: year: thẻ YAML 'tag:yaml.org,2002:python/object/apply:os.system' không được phép"
        " Gợi ý: Bỏ thẻ bắt đầu bằng '!' hoặc '!!'; kế hoạch chỉ chứa văn bản, số và danh sách.",
    ),
    case(
        "hostile-custom-tag",
        top("year: 2025", "year: !ruby 2025"),
        "plans/p.yaml:1:7: year: thẻ YAML '!ruby' không được phép"
        " Gợi ý: Bỏ thẻ bắt đầu bằng '!' hoặc '!!'; kế hoạch chỉ chứa văn bản, số và danh sách.",
    ),
    case(
        "hostile-alias-bomb",
        {
            "p": 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
            + "".join(
                f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
            )
        },
        "plans/p.yaml:2:8: không dùng bí danh YAML (*tên) trong kế hoạch"
        " Gợi ý: Viết đầy đủ nội dung thay cho '&neo' và '*bí danh'; muốn dùng lại nội dung của cấp trên thì dùng 'extends'.",
    ),
    case(
        "hostile-5mb-file",
        {"p": TOP + "# " + "x" * (5 * 1024 * 1024) + "\n"},
        "plans/p.yaml:1:1: tệp quá lớn (5120 KB, tối đa 2048 KB)"
        " Gợi ý: Một kế hoạch chỉ ghi những gì khác kế hoạch cấp trên; tách phần lặp lại ra.",
    ),
    case(
        "hostile-10000-items",
        top(
            "          - {key: a, text: Một}\n",
            "".join(f"          - {{key: k{i}, text: Mục {i}}}\n" for i in range(10000)),
        ),
        "plans/p.yaml:1:1: kế hoạch có 10008 mục, quá giới hạn 2000"
        " Gợi ý: Một kế hoạch thật có vài trăm mục; kiểm tra tệp.",
    ),
    case(
        "hostile-deep-flow",
        {"p": "year: " + "[" * 5000 + "]" * 5000 + "\n"},
        "plans/p.yaml:1:46: lồng quá sâu (hơn 40 cấp)"
        " Gợi ý: Kế hoạch chỉ cần vài cấp mục; kiểm tra thụt lề và các dấu '[' '{' chưa đóng.",
    ),
    case(
        "hostile-deep-block",
        {"p": "year:\n" + "".join("  " * (i + 1) + "-\n" for i in range(200))},
        "plans/p.yaml:41:81: lồng quá sâu (hơn 40 cấp)"
        " Gợi ý: Kế hoạch chỉ cần vài cấp mục; kiểm tra thụt lề và các dấu '[' '{' chưa đóng.",
    ),
    # a top-level key that a plan page uses for its own parts (issue #32: anchors never collide)
    case(
        "key-is-a-page-id",
        top("  - key: to-chuc\n", "  - key: phu-luc\n"),
        "plans/p.yaml:15:10: II. — body[phu-luc].key: khóa 'phu-luc' trùng tên một phần cố định của trang kế hoạch"
        " trên web Gợi ý: Đặt khóa khác cho mục này, ví dụ 'phu-luc-muc'; liên kết tới mục dùng khóa của nó.",
    ),
    # the same số/ký hiệu of the same body in the same year (issue #32): p is unchanged since the
    # last build, q is new: the incremental build compares q's number with p's as last recorded
    case(
        "duplicate-number",
        {"p": TOP, "q": TOP.replace("subject: Thông tin tuyên truyền CCHC", "subject: Một kế hoạch khác")},
        "plans/p.yaml:3:20: Phần đầu — document.number: số 05/KH-UBND năm 2025 của cùng cơ quan ban hành đã dùng ở"
        " plans/q.yaml:3 ('q') Gợi ý: Mỗi văn bản một số trong năm: kiểm tra lại số của một trong các kế hoạch này.",
        "plans/q.yaml:3:20: Phần đầu — document.number: số 05/KH-UBND năm 2025 của cùng cơ quan ban hành đã dùng ở"
        " plans/p.yaml:3 ('p') Gợi ý: Mỗi văn bản một số trong năm: kiểm tra lại số của một trong các kế hoạch này.",
    ),
    # kehoach.yml, the repository's configuration (issue #30): checked like a plan, before any plan
    case(
        "config-unknown-key",
        {"p": TOP, "kehoach.yml": "site_name: Kế hoạch\nplan_dir: ke-hoach\n"},
        "kehoach.yml:2:1: plan_dir: trường 'plan_dir' không được hỗ trợ Gợi ý: Có phải ý bạn là 'plans_dir'?",
    ),
    case(
        "config-province-unquoted",
        {"p": TOP, "kehoach.yml": "province: 01\n"},
        "kehoach.yml:1:11: province: mã viết không có dấu nháy nên được đọc thành số 1"
        ' Gợi ý: Viết mã 2 chữ số trong dấu nháy, ví dụ "01".',
    ),
    case(
        "config-province-by-name",
        {"p": TOP, "kehoach.yml": "province: Hải Phòng\n"},
        "kehoach.yml:1:11: province: không có tỉnh, thành phố mang mã 'Hải Phòng' trên bản đồ từ 01/7/2025"
        ' Gợi ý: Mã của Thành phố Hải Phòng là "31": ghi province: "31".',
    ),
    case(
        "config-several-mistakes",
        {
            "p": TOP,
            "kehoach.yml": "site_url: hanoi.gov.vn\nreport_cutoff_day: 31\ntemplate: mau/khong-co.docx\n"
            "signer: {title: CHỦ TỊCH, ten: Nguyễn Văn A}\n",
        },
        "kehoach.yml:1:11: site_url: 'hanoi.gov.vn' không đúng dạng địa chỉ bắt đầu bằng http:// hoặc https://"
        " Gợi ý: Ghi địa chỉ bắt đầu bằng http:// hoặc https://.",
        "kehoach.yml:2:20: report_cutoff_day: ngày chốt số liệu 31 không hợp lệ"
        " Gợi ý: Ghi một ngày từ 1 đến 28, hoặc 0 để chốt vào cuối tháng.",
        "kehoach.yml:3:11: template: không có tệp 'mau/khong-co.docx'"
        " Gợi ý: Đường dẫn tính từ thư mục chứa kehoach.yml; bỏ 'template' để dùng mặc định.",
        "kehoach.yml:4:27: signer.ten: trường 'ten' không được hỗ trợ Gợi ý: Các trường hợp lệ: title, name.",
    ),
    case(
        "config-not-a-mapping",
        {"p": TOP, "kehoach.yml": "- plans\n"},
        "kehoach.yml:1:1: kehoach.yml cần các cặp khóa: giá trị Gợi ý: Ví dụ: 'province: \"01\"'. Xem 'kehoach init'.",
    ),
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """Outputs of a good build, copied under every case."""
    root = tmp_path_factory.mktemp("baseline")
    good = PlansDir(root)
    good.write("p", TOP)
    code, out, err = good.run("-q")
    assert code == 0, err
    return root


def snapshot(root: Path) -> dict:
    """Every file outside plans/, with its bytes' hash and its modification time."""
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "plans" not in p.relative_to(root).parts and p.name != "kehoach.yml"
    }


@pytest.mark.parametrize("files, expected", CASES)
def test_catalogue(tmp_path, baseline, files, expected):
    plans = PlansDir(tmp_path)
    for name in OUTPUTS:
        shutil.copytree(baseline / name, tmp_path / name, copy_function=shutil.copy2)
    before = snapshot(tmp_path)
    assert any(k.startswith("site/") for k in before) and any(k.startswith("dist/") for k in before)
    for name, text in files.items():
        path = tmp_path / name if name == "kehoach.yml" else plans.plans / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    code, out, err = plans.run()

    assert code == 1
    *problems, summary = err.splitlines()
    assert problems == expected
    assert summary.endswith(SUMMARY)
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "kehoach.yml") == sorted(OUTPUTS + ("plans",))


def test_all_problems_of_a_run_are_reported_together(plans):
    plans.write("p", TOP.replace("year: 2025", "year: x").replace("closing: Trên", "closng: Trên"))
    plans.write("q", TOP.replace("date: 10/01/2025", "date: 31/02/2025"))
    code, out, err = plans.run("check")
    assert code == 1
    assert [line.split(":")[0] for line in err.splitlines()[:-1]] == ["plans/p.yaml", "plans/p.yaml", "plans/q.yaml"]
    assert err.splitlines()[-1] == f"Có 3 lỗi trong 2 tệp. {SUMMARY}"


def test_reported_problems_are_capped(plans):
    items = "".join(f"          - {{key: k{i}, txt: Mục {i}}}\n" for i in range(500))
    plans.write("p", TOP.replace("          - {key: a, text: Một}\n", items))
    code, out, err = plans.run("check")
    lines = err.splitlines()
    assert code == 1
    assert len(lines) == 202
    assert lines[-2] == "… và 300 lỗi khác."
    assert lines[-1] == f"Có 500 lỗi trong 1 tệp. {SUMMARY}"


@pytest.mark.parametrize("name", ["khong-co", "../x"])
def test_show_unknown_plan(plans, name):
    plans.write("p", TOP)
    code, out, err = plans.run("show", name)
    assert code == 2
    assert err.splitlines() == [
        f"show: không có kế hoạch '{name}' trong plans/. Gợi ý: Xem danh sách bằng 'kehoach list'."
    ]


def test_plan_option_unknown_id_suggests_the_nearest(plans):
    plans.write("thinh-liet-2024", TOP)
    code, out, err = plans.run("--plan", "thinh-liet-2042")
    assert code == 2
    assert err.splitlines() == [
        "--plan: không có kế hoạch 'thinh-liet-2042' trong plans/. Gợi ý: Có phải ý bạn là "
        "'thinh-liet-2024'? Xem danh sách bằng 'kehoach list'."
    ]
    assert not (plans.root / "dist").exists()
