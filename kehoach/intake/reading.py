"""Reading a document into blocks: paragraphs (with their style, emphasis and Word's automatic
numbering turned into typed labels) and table rows, whatever the source was.

- .docx: python-docx, plus numbering.xml read here: a paragraph numbered by Word (``w:numPr``,
  on the paragraph or its style) gets its label ("1.", "a)", "II.") in front of its text, exactly
  as if it had been typed, so the parser sees one kind of label;
- plain text (OCR output, ``pdftotext -layout``): wrapped lines are joined back into paragraphs,
  lines with tabs are table rows, Markdown-style ``**bold**`` marks are kept as bold.

The converters for .doc, .odt and PDF live in :mod:`kehoach.pipeline.importing`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..text.markup import escape
from ..text.vietnamese import roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Para:
    """One paragraph: its text (emphasis as ``**…**``/``*…*``), style name and where it was."""

    text: str
    style: str = ""
    bold: bool = False  # the whole paragraph is bold (a heading)
    line: int = 0  # line (text) or paragraph number (docx) in the source, for warnings


@dataclass
class Row:
    """One table row: each cell's paragraphs, joined by newlines."""

    cells: list[str] = field(default_factory=list)
    line: int = 0
    style = ""
    bold = False

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


Block = Para | Row

# --- Word's automatic numbering -------------------------------------------------------------


def _alpha(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "lowerLetter": _alpha,
    "upperLetter": lambda n: _alpha(n).upper(),
    "lowerRoman": lambda n: roman(n).lower(),
    "upperRoman": roman,
    "bullet": lambda n: "-",
    "none": lambda n: "",
}


class Numbering:
    """The labels Word would show for numbered paragraphs, counted in document order."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (numFmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}
        part = getattr(document.part, "numbering_part", None) if document is not None else None
        try:
            root = part.element if part is not None else None
        except (KeyError, AttributeError):
            root = None
        if root is None:
            return
        abstract = {}
        for a in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in a.iter(W + "lvl"):
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                levels[int(lvl.get(W + "ilvl", "0"))] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else "",
                    int(start.get(W + "val")) if start is not None else 1,
                )
            abstract[a.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                for ilvl, spec in abstract.get(ref.get(W + "val"), {}).items():
                    self.levels[(num.get(W + "numId"), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        spec = self.levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = spec

        def value(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            lfmt, _, lstart = self.levels.get((num_id, level), ("decimal", "", 1))
            return _FORMATS.get(lfmt, str)(max(counts[level], 1) + lstart - 1)

        return re.sub(r"%(\d)", value, text).strip()


def _num_pr(paragraph) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph numbered directly or through its style."""
    for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
        if ppr is None:
            continue
        num = ppr.find(W + "numPr")
        if num is not None:
            num_id = num.find(W + "numId")
            ilvl = num.find(W + "ilvl")
            if num_id is not None:
                return num_id.get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0
    return None


def _style_ppr(paragraph):
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    return style.element.pPr if style is not None else None


# --- .docx ----------------------------------------------------------------------------------


def _runs_text(paragraph) -> tuple[str, bool]:
    """The paragraph's text with emphasis markup, and whether all of its text is bold."""
    pieces: list[tuple[str, bool, bool]] = []
    for run in paragraph.runs:
        text = run.text
        if not text:
            continue
        pieces.append((text, bool(run.bold), bool(run.italic)))
    visible = [p for p in pieces if p[0].strip()]
    all_bold = bool(visible) and all(b for _, b, _ in visible)
    all_italic = bool(visible) and all(i for _, _, i in visible)
    out = []
    for text, bold, italic in pieces:
        text = escape(text)
        bold = bold and not all_bold
        italic = italic and not all_italic
        if (bold or italic) and text.strip():
            mark = "***" if bold and italic else "**" if bold else "*"
            lead = text[: len(text) - len(text.lstrip())]
            tail = text[len(text.rstrip()) :]
            text = f"{lead}{mark}{text.strip()}{mark}{tail}"
        out.append(text)
    return "".join(out).replace("****", "").replace("**  **", " "), all_bold


def read_docx(path: Path) -> list[Block]:
    """The blocks of a .docx in document order (tables of 5+ columns as rows, other tables'
    cells as paragraphs, left column first: the header and the signature are such tables)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    numbering = Numbering(document)
    blocks: list[Block] = []
    counter = 0

    def para(p: Paragraph) -> None:
        nonlocal counter
        counter += 1
        text, bold = _runs_text(p)
        num = _num_pr(p)
        if num is not None:
            label = numbering.label(*num)
            if label and not text.lstrip().startswith(label):
                text = f"{label} {text.lstrip()}"
        try:
            style = p.style.name if p.style is not None else ""
        except (KeyError, ValueError):
            style = ""
        if text.strip():
            blocks.append(Para(text.strip(), style, bold, counter))

    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            para(Paragraph(element, document))
        elif element.tag == W + "tbl":
            table = Table(element, document)
            columns = len(table.columns)
            if columns >= 5:
                for row in table.rows:
                    counter += 1
                    cells = []
                    for cell in row.cells:
                        cells.append("\n".join(_runs_text(p)[0].strip() for p in cell.paragraphs if p.text.strip()))
                    blocks.append(Row(cells, counter))
            else:
                for column in range(columns):
                    for row in table.rows:
                        cell = row.cells[column]
                        for p in cell.paragraphs:
                            para(p)
    return blocks


# --- plain text -----------------------------------------------------------------------------

LABEL = re.compile(r"^(?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[-–+•])\s")
_STARTS = ("KẾ HOẠCH", "Thực hiện", "Căn cứ", "Nơi nhận", "Trên đây", "Phụ lục", "(Kèm theo", "TM.", "KT.", "Số:")


def _is_heading_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def read_text(text: str) -> list[Block]:
    """Blocks of plain text: wrapped lines joined into paragraphs, tab-separated lines as rows.

    A line starts a new paragraph when it carries a label (I. 1. a) -), a known opening word,
    is all capitals, or the previous line ended a sentence (. ; :) or was a heading.
    """
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    bold = False

    def flush() -> None:
        nonlocal current, bold
        if current:
            blocks.append(Para(" ".join(current), "", bold, start))
        current, bold = [], False

    for number, raw in enumerate(text.splitlines(), 1):
        if "\t" in raw and raw.strip():
            flush()
            blocks.append(Row([c.strip() for c in raw.rstrip("\n").split("\t")], number))
            continue
        line = raw.strip()
        if not line:
            continue
        strong = line.startswith("**") and line.rstrip().endswith("**") and len(line) > 4
        line = line.strip("*").strip() if strong else line
        line = re.sub(r"</?i>", "", line)
        new = (
            not current
            or LABEL.match(line)
            or line.startswith(_STARTS)
            or _is_heading_line(line)
            or _is_heading_line(current[-1])
            or current[-1].endswith((".", ";", ":", "./."))
            or strong
            or bold
        )
        if new:
            flush()
            start = number
            bold = strong
        current.append(line)
    flush()
    return blocks
