"""Every expected fault has a message (#25, point 8): a clerk's ordinary mistake or the machine's
fault gives a Vietnamese message saying what to do, exit 1, 2 or 3, never "Lỗi nội bộ" (kept for
real bugs). The catalogue of issue #25's cases: broken Word files, a lone '*' in imported text, a
broken ledger, serve's address, a full disk and read-only folders here; margins in test_catalogue.py
(with every other plan value); oversized documents in tests/intake/test_import_limits.py."""

from __future__ import annotations

import errno
import os
import sys

import pytest
from conftest import FIXTURES, TOP

sys.path.insert(0, str(FIXTURES))


NOT_A_DOCX = (
    "không phải tệp Word (.docx) hợp lệ (hỏng, tải về chưa hết, hoặc là tệp khác được đổi tên). "
    "Mở bằng Word hoặc LibreOffice, lưu lại thành .docx rồi nhập lại."
)


@pytest.mark.parametrize(
    "maker, message",
    [
        ("truncated", f"Không đọc được 'dang-do.docx': {NOT_A_DOCX}"),
        ("renamed", f"Không đọc được 'doi-ten.docx': {NOT_A_DOCX}"),
        (
            "numbering_level",
            "Không nhập 'cap-so.docx': đánh số tự động có cấp 'x' không phải là số. Mở nó bằng Word "
            "hoặc LibreOffice, lưu lại thành tệp mới rồi nhập tệp đó.",
        ),
    ],
)
def test_a_broken_word_file_is_named_as_such(plans, tmp_path, maker, message):
    """A corrupt, cut-short or renamed .docx, or one with a numbering level that is not a number."""
    import hostile

    document = getattr(hostile, maker)(tmp_path)
    code, out, err = plans.run("import", str(document), "--id", "x-2025")
    assert (code, err.strip()) == (3, message)
    assert not list(plans.plans.iterdir())


def test_a_lone_star_in_imported_text_is_text(plans, tmp_path):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(
        "KẾ HOẠCH\nThông tin tuyên truyền năm 2025\n\nI. MỤC ĐÍCH\n1. Mục đích\na) Một (*) Ghi chú;\n", encoding="utf-8"
    )
    code, out, err = plans.run("import", str(source), "--id", "x-2025")
    assert code == 0, err
    assert "text: Một (\\*) Ghi chú;" in (plans.plans / "x-2025.yaml").read_text(encoding="utf-8")


def test_log_into_a_broken_ledger_says_where(plans):
    plans.write("p", TOP)
    (plans.root / "progress").mkdir()
    (plans.root / "progress" / "p.yaml").write_text("entries:\n  - {key: a, task: t1\n", encoding="utf-8")
    code, out, err = plans.run("log", "p", "t1", "--title", "Đăng tin", "--date", "12/02/2025")
    assert code == 1
    assert err.splitlines()[0] == (
        "progress/p.yaml:3:1: mục viết gọn trong '{…}' chưa đóng, hoặc có dấu ':' trong nội dung"
        " Gợi ý: Thêm '}' ở cuối; nếu nội dung có dấu ':' hoặc ',', đặt nội dung trong dấu nháy kép \"...\"."
    )
    assert "Lỗi nội bộ" not in err


@pytest.mark.parametrize(
    "args, message",
    [
        (("--port", "99999"), "--port: cổng 99999 không hợp lệ; ghi một số từ 1 đến 65535, ví dụ --port 8001."),
        (
            ("--host", "999.1.1.1"),
            "--host: '999.1.1.1' không phải địa chỉ IP hay tên máy; ví dụ --host 127.0.0.1 "
            "(chỉ máy này) hoặc --host 0.0.0.0 (cả mạng nội bộ).",
        ),
    ],
)
def test_serve_with_an_impossible_address(plans, args, message):
    plans.write("p", TOP)
    code, out, err = plans.run("serve", *args)
    assert (code, err.strip()) == (2, message)


@pytest.mark.parametrize(
    "fault, message",
    [
        (errno.ENOSPC, "Đĩa đã đầy, không ghi được"),
        (errno.EACCES, "Không có quyền ghi"),
        (errno.EROFS, "Không có quyền ghi"),
    ],
)
def test_a_full_disk_or_a_read_only_folder_keeps_the_outputs(plans, monkeypatch, fault, message):
    plans.write("p", TOP)
    assert plans.run("-q", "--no-site")[0] == 0
    docx = plans.root / "dist" / "p.docx"
    before = docx.read_bytes()
    plans.write("p", TOP.replace("Theo dõi.", "Theo dõi thường xuyên."))
    real_open = os.open

    def failing_open(path, flags, *args):
        if flags & os.O_CREAT and "dist" in str(path) and str(path).endswith(".tmp"):  # an output being written
            raise OSError(fault, os.strerror(fault), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr("kehoach.outputs.os.open", failing_open)
    code, out, err = plans.run("-q", "--no-site")
    assert code == 3
    assert err.startswith(message) and "Lỗi nội bộ" not in err, err
    assert docx.read_bytes() == before


def test_unplaced_lines_are_listed_up_to_fifty(plans, tmp_path):
    """A text of several plans pasted together printed thousands of warning lines."""
    source = tmp_path / "ghep.txt"
    one = (FIXTURES / "foreign" / "thinh-liet-2024.txt").read_text(encoding="utf-8")
    source.write_text(one * 5, encoding="utf-8")
    code, out, err = plans.run("import", str(source), "--id", "x-2024")
    warnings = [x for x in out.splitlines() if x.startswith("  Cảnh báo:")]
    assert len(warnings) == 50
    assert out.splitlines()[-2].startswith("  … và ") and "dòng khác chưa xếp được" in out
