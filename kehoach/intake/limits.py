"""Limits on every document that ``import`` reads: a file from anyone must be refused quickly,
with a message saying what was too large, before it can exhaust the machine.

A .docx or .odt is a zip: the sizes its directory declares are checked before anything is
inflated (a 4 MB file can hold a 1.5 GB ``document.xml``). A directory that lies does not get
further: Python's zipfile reads a part only up to its declared size and then checks its CRC. Word's own limits bound the rest: 63 columns
in a table, 9 numbering levels. A real plan is some twenty pages: every limit below is a
hundred times that or more.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import OutputError
from ..text.vietnamese import number

MAX_FILE_BYTES = 50 * 1024 * 1024  # the document as sent
MAX_PART_BYTES = 64 * 1024 * 1024  # one part of the zip, inflated (a 20-page plan's document.xml: ~0.3 MB)
MAX_PACKAGE_BYTES = 200 * 1024 * 1024  # all parts, inflated
MAX_PARTS = 2_000
MAX_COLUMNS = 63  # Word's own limit on a table's columns (w:gridCol, w:gridSpan)
MAX_LEVELS = 9  # Word's numbering levels, w:ilvl 0-8
MAX_NUMBER_START = 10_000  # where a Word numbering may start (w:start)
MAX_PARAGRAPHS = 20_000  # paragraphs and table rows (a 20-page plan: ~300)
MAX_LINES = 200_000  # lines of a text or a PDF's text layer (a 20-page plan: ~1,000)
MAX_TEXT_CHARS = 4_000_000  # characters of text (a 20-page plan: ~50,000)
MAX_PDF_PAGES = 500
TOOL_SECONDS = 120  # LibreOffice or pdftotext on one document
TOOL_MEMORY = 2 * 1024 * 1024 * 1024  # their address space (LibreOffice maps about 1 GB to start)


class TooLarge(OutputError):
    """A document over one of the limits: the message says which, and what to do."""

    def __init__(self, name: str, what: str):
        super().__init__(
            f"Không nhập '{name}': {what}. Một kế hoạch thật nhỏ hơn nhiều; tệp có thể bị hỏng hoặc cố ý "
            "làm lớn. Mở nó bằng Word, lưu lại thành tệp mới rồi nhập tệp đó."
        )


def _n(n: int) -> str:
    """A count as Vietnamese writes it: 4.000.000."""
    return number(n)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def check_file(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLarge(path.name, f"tệp nặng {_mb(size)}, tối đa {_mb(MAX_FILE_BYTES)}")


def check_package(path: Path) -> None:
    """A .docx/.odt's zip directory against the limits, before any part is inflated."""
    check_file(path)
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise NotADocument(path.name) from exc
    if len(parts) > MAX_PARTS:
        raise TooLarge(path.name, f"gói có {len(parts)} phần, tối đa {MAX_PARTS}")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_PART_BYTES:
            raise TooLarge(
                path.name, f"phần '{part.filename}' giải nén ra {_mb(part.file_size)}, tối đa {_mb(MAX_PART_BYTES)}"
            )
    if total > MAX_PACKAGE_BYTES:
        raise TooLarge(path.name, f"các phần giải nén ra {_mb(total)}, tối đa {_mb(MAX_PACKAGE_BYTES)}")


class Damaged(OutputError):
    """A document whose structure cannot be what Word writes (a numbering level 'x', a level 12)."""

    def __init__(self, name: str, what: str):
        super().__init__(
            f"Không nhập '{name}': {what}. Mở nó bằng Word hoặc LibreOffice, lưu lại thành tệp mới rồi nhập tệp đó."
        )


class NotADocument(OutputError):
    """A file named .docx (or .odt) that is not one: corrupt, cut short, or renamed."""

    def __init__(self, name: str, kind: str = "Word (.docx)"):
        super().__init__(
            f"Không đọc được '{name}': không phải tệp {kind} hợp lệ (hỏng, tải về chưa hết, hoặc là tệp "
            "khác được đổi tên). Mở bằng Word hoặc LibreOffice, lưu lại thành .docx rồi nhập lại."
        )


def check_text(name: str, chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise TooLarge(name, f"có {_n(chars)} ký tự, tối đa {_n(MAX_TEXT_CHARS)}")


def check_lines(name: str, text: str) -> None:
    check_text(name, len(text))
    lines = text.count("\n")
    if lines > MAX_LINES:
        raise TooLarge(name, f"có {_n(lines)} dòng, tối đa {_n(MAX_LINES)}")


def check_blocks(name: str, count: int) -> None:
    if count > MAX_PARAGRAPHS:
        raise TooLarge(name, f"có hơn {_n(MAX_PARAGRAPHS)} đoạn văn và dòng bảng")


def tool_limits() -> None:
    """For a converter's child process (``preexec_fn``): its address space bounded."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (TOOL_MEMORY, TOOL_MEMORY))
