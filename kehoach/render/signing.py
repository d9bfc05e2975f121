"""Where the signatures go on a plan's PDF, as Decree 30 places them, found from the PDF's own
text boxes (never from guessed coordinates).

- the signer's field (ô 7c): between the title line (chức vụ) and the printed name of the
  signature block, across the block (NĐ 30/2020, Phụ lục I, II.7.d: the signature image is
  centred between chức vụ and họ tên);
- the organisation's field (ô 8): as wide and high as the signer's, covering the left third of
  it (Phụ lục I, II.8.a: the seal covers about 1/3 of the signature, on its left);
- an appendix in the same file: the organisation's signing information at the top right of the
  appendix's first page (Phụ lục I, III.1.d), right-aligned with the text, above its heading.

The text boxes are poppler's (``pdftotext -bbox-layout``): one line per <line>, in points, with
y growing downwards. Fields are given in PDF coordinates (y growing upwards), as pyHanko wants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from ..plans.model import Plan

SIGNER, ORGANISATION, APPENDIX = "ChuKyNguoiKy", "ChuKyCoQuan", "ChuKyCoQuanPhuLuc"
MIN_WIDTH = 150.0  # points: room for a signature image even under a short title
APPENDIX_BOX = (170.0, 34.0)  # points: số/ký hiệu and a time in 10 pt, two lines


@dataclass(frozen=True)
class Line:
    """One line of text on a page: its words joined, its box in points from the top left."""

    page: int  # from 0
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    page_width: float
    page_height: float


@dataclass(frozen=True)
class Field:
    """An empty signature field: its name, page (from 0) and box (x0, y0, x1, y1) in PDF points."""

    name: str
    page: int
    box: tuple[float, float, float, float]


class NotFound(Exception):
    """The PDF does not show a line a field is placed by (its text says which)."""


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>", re.S)


def lines_of(bbox_layout: str) -> list[Line]:
    """The lines of ``pdftotext -bbox-layout`` output (XHTML), page by page, in reading order."""
    out = []
    for n, (width, height, body) in enumerate(_PAGE.findall(bbox_layout)):
        for x0, y0, x1, y1, words in _LINE.findall(body):
            text = " ".join(unescape(w) for w in _WORD.findall(words))
            out.append(Line(n, text, float(x0), float(y0), float(x1), float(y1), float(width), float(height)))
    return out


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _pdf_box(line: Line, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    """A box given from the top of the page, in PDF coordinates."""
    return (round(x0, 2), round(line.page_height - bottom, 2), round(x1, 2), round(line.page_height - top, 2))


def fields(lines: list[Line], plan: Plan) -> list[Field]:
    """The signature fields of ``plan``'s PDF; NotFound when its signature block is not there."""
    if plan.signature is None:
        raise NotFound("kế hoạch chưa có khối chữ ký ('signature')")
    names = [i for i, line in enumerate(lines) if _same(line.text, plan.signature.name)]
    if not names:
        raise NotFound(f"không thấy dòng họ tên người ký '{plan.signature.name}'")
    at = names[0]  # the block of the plan itself, before any appendix
    name = lines[at]
    titles = [
        line
        for line in lines[:at]
        if line.page == name.page and line.y1 <= name.y0 and _same(line.text, plan.signature.title)
    ]
    if not titles:
        raise NotFound(f"không thấy dòng chức vụ '{plan.signature.title}' phía trên họ tên người ký")
    title = titles[-1]
    middle = (min(title.x0, name.x0) + max(title.x1, name.x1)) / 2
    width = max(MIN_WIDTH, max(title.x1, name.x1) - min(title.x0, name.x0))
    top, bottom = title.y1 + 2, name.y0 - 2
    signer = Field(SIGNER, name.page, _pdf_box(name, middle - width / 2, top, middle + width / 2, bottom))
    left = middle - width / 2
    seal = Field(ORGANISATION, name.page, _pdf_box(name, left - width * 2 / 3, top, left + width / 3, bottom))
    out = [signer, seal]
    if plan.tasks:
        heading = next(
            (line for line in lines if line.page > name.page and line.text.casefold().startswith("phụ lục")), None
        )
        if heading is None:
            raise NotFound("không thấy tiêu đề 'Phụ lục' sau khối chữ ký")
        right = max(line.x1 for line in lines if line.page == heading.page)
        w, h = APPENDIX_BOX
        top = max(2.0, heading.y0 - 4 - h)
        out.append(Field(APPENDIX, heading.page, _pdf_box(heading, right - w, top, right, top + h)))
    return out
