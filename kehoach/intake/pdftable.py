"""The appendix table of a PDF, read back as rows from the words' positions.

``pdftotext -layout`` prints a table's cells side by side, each wrapped onto several lines, so
the text alone cannot tell where one cell ends. ``pdftotext -bbox-layout`` gives every word with
its box: the header row ('TT', 'Nhiệm vụ' …) gives the columns (each cell's words cover an x
range, separated by gaps), and a row starts at each number in the first column ('1.', '2.' …).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .reading import Row

_XHTML = "{http://www.w3.org/1999/xhtml}"
_FIRST = re.compile(r"^\d{1,3}\.?$")


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    text: str


def words(xhtml: str) -> list[Word]:
    root = ET.fromstring(xhtml)
    out = []
    for page_no, page in enumerate(root.iter(_XHTML + "page")):
        for w in page.iter(_XHTML + "word"):
            out.append(
                Word(page_no, float(w.get("xMin", 0)), float(w.get("yMin", 0)), float(w.get("xMax", 0)), w.text or "")
            )
    return out


def _columns(header: list[Word]) -> list[float]:
    """The x where each column starts, from the header cells' words (merged where they overlap)."""
    spans: list[list[float]] = []
    for w in sorted(header, key=lambda w: w.x0):
        if spans and w.x0 <= spans[-1][1] + 6:
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    return [s[0] for s in spans]


def table_rows(xhtml: str) -> list[Row] | None:
    """The rows of the table under 'TT | Nhiệm vụ | …' after the word 'Phụ lục', or None."""
    ws = words(xhtml)
    start = next((i for i, w in enumerate(ws) if w.text == "Phụ" and i + 1 < len(ws) and ws[i + 1].text == "lục"), None)
    if start is None:
        return None
    tt = next((i for i in range(start, len(ws)) if ws[i].text in ("TT", "STT")), None)
    if tt is None:
        return None
    first = ws[tt]
    below = [w for w in ws[tt:] if (w.page, w.y0) >= (first.page, first.y0 - 2)]
    numbers = [
        w
        for w in below
        if _FIRST.match(w.text) and abs(w.x0 - first.x0) < 12 and (w.page, w.y0) > (first.page, first.y0 + 2)
    ]
    if not numbers:
        return None
    top = numbers[0]
    header = [w for w in below if w.page == first.page and w.y0 < top.y0 - 2]
    starts = _columns(header)
    if len(starts) < 5:
        return None
    starts = starts[:5]
    rows: list[Row] = []
    cells: list[list[Word]] | None = None
    for w in sorted(below, key=lambda w: (w.page, round(w.y0), w.x0)):  # reading order, not pdftotext's flows
        if (w.page, w.y0) < (top.page, top.y0 - 2):
            continue
        column = max(i for i, x in enumerate(starts) if w.x0 >= x - 6) if w.x0 >= starts[0] - 6 else 0
        if column == 0 and _FIRST.match(w.text):
            if cells is not None:
                rows.append(_row(cells, len(rows)))
            cells = [[] for _ in starts]
        if cells is not None:
            cells[column].append(w)
    if cells is not None:
        rows.append(_row(cells, len(rows)))
    return rows


def _row(cells: list[list[Word]], n: int) -> Row:
    texts = []
    for cell in cells:
        lines: list[list[Word]] = []
        for w in sorted(cell, key=lambda w: (w.page, round(w.y0), w.x0)):
            if lines and lines[-1][-1].page == w.page and abs(lines[-1][-1].y0 - w.y0) < 3:
                lines[-1].append(w)
            else:
                lines.append([w])
        joined = [" ".join(x.text for x in line) for line in lines]
        # a cell's lines are one text, unless they are a list of units ('- Sở A' / '- Sở B')
        if len(joined) > 1 and sum(1 for x in joined if x.startswith(("-", "–"))) > 1:
            merged: list[str] = []
            for x in joined:
                if x.startswith(("-", "–")) or not merged:
                    merged.append(x)
                else:
                    merged[-1] += " " + x
            texts.append("\n".join(merged))
        else:
            texts.append(_join(joined))
    return Row(texts, 10_000 + n)


def _join(lines: list[str]) -> str:
    """A cell's wrapped lines as one text; a line broken after a hyphen inside a word ('NĐ-' / 'CP')
    joins without a space."""
    out = ""
    for line in lines:
        out = out + line if re.search(r"\w-$", out) else f"{out} {line}" if out else line
    return out
