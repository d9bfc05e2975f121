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
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..text.markup import MarkupError, escape, parse_markup
from ..text.nd30 import ANY_LABEL, AUTHORITY, LABEL_PREFIX, LETTER, NATIONAL_LINES, ROMAN, TYPED_LABEL
from ..text.vietnamese import roman
from . import limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


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


def _number(value: str | None, default: int, name: str, what: str, top: int) -> int:
    """A number of numbering.xml (a level, a start) within 0..``top``; Damaged or TooLarge otherwise."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise limits.Damaged(name, f"đánh số tự động có {what} '{value[:20]}' không phải là số") from None
    if number < 0:
        raise limits.Damaged(name, f"đánh số tự động có {what} âm ({number})")
    if number > top:
        raise limits.TooLarge(name, f"đánh số tự động có {what} {number}, tối đa {top}")
    return number


class Numbering:
    """The labels Word would show for numbered paragraphs, counted in document order."""

    def __init__(self, document, name: str = "tài liệu"):
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
                level = _number(lvl.get(W + "ilvl"), 0, name, "cấp", limits.MAX_LEVELS - 1)
                levels[level] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else "",
                    _number(
                        start.get(W + "val") if start is not None else None,
                        1,
                        name,
                        "số bắt đầu",
                        limits.MAX_NUMBER_START,
                    ),
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
        if fmt == "bullet" and not TYPED_LABEL.match(f"{text.strip()} "):
            # a glyph of the bullet's font, not a character (Symbol's U+F0B7, Wingdings' U+F0A7 …):
            # the bullet Word shows, which the label grammar reads as a dash (điểm)
            return "•"

        def value(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            lfmt, _, lstart = self.levels.get((num_id, level), ("decimal", "", 1))
            return _FORMATS.get(lfmt, str)(max(counts[level], 1) + lstart - 1)

        return re.sub(r"%(\d)", value, text).strip()


def _num_pr(paragraph, name: str = "tài liệu") -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph numbered directly or through its style."""
    for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
        if ppr is None:
            continue
        num = ppr.find(W + "numPr")
        if num is not None:
            num_id = num.find(W + "numId")
            ilvl = num.find(W + "ilvl")
            if num_id is not None:
                level = _number(
                    ilvl.get(W + "val") if ilvl is not None else None, 0, name, "cấp", limits.MAX_LEVELS - 1
                )
                return num_id.get(W + "val"), level
    return None


def _style_ppr(paragraph):
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    return style.element.pPr if style is not None else None


# --- .docx ----------------------------------------------------------------------------------


def _on(rpr, tag: str) -> bool:
    element = rpr.find(W + tag) if rpr is not None else None
    return element is not None and element.get(W + "val") not in ("0", "false", "none")


def run_pieces(p) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) of a paragraph element's runs, with tracked changes accepted:
    insertions kept, deletions dropped."""
    pieces = []
    for run in p.iter(W + "r"):
        ancestor, deleted = run.getparent(), False
        while ancestor is not None and ancestor is not p:
            # a deletion; a text box's own paragraphs (read as blocks of their own, see text_boxes);
            # the copy of a drawing Word keeps for old readers
            if ancestor.tag in (W + "del", W + "txbxContent", MC_FALLBACK):
                deleted = True
                break
            ancestor = ancestor.getparent()
        if deleted:
            continue
        text = "".join(
            (t.text or "") if t.tag == W + "t" else "\t" if t.tag == W + "tab" else "\n"
            for t in run
            if t.tag in (W + "t", W + "tab", W + "br")
        )
        if text:
            rpr = run.find(W + "rPr")
            pieces.append((text, _on(rpr, "b"), _on(rpr, "i")))
    return pieces


def text_boxes(p) -> list:
    """The paragraph elements of the text boxes anchored in paragraph element ``p`` (``w:txbxContent``),
    in order; Word writes each box twice (DrawingML and a VML fallback): the fallback is skipped."""
    out = []
    for box in p.iter(W + "txbxContent"):
        ancestor, fallback = box.getparent(), False
        while ancestor is not None and ancestor is not p:
            if ancestor.tag in (MC_FALLBACK, W + "txbxContent"):
                fallback = True
                break
            ancestor = ancestor.getparent()
        if not fallback:
            out.extend(box.iterchildren(W + "p"))
    return out


def markup_of(pieces: list[tuple[str, bool, bool]]) -> tuple[str, bool]:
    """Text with emphasis markup from runs, and whether all of it is bold."""
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


def _runs_text(paragraph) -> tuple[str, bool]:
    """The paragraph's text with emphasis markup, and whether all of its text is bold."""
    return markup_of(run_pieces(paragraph._p))


def read_docx(path: Path) -> list[Block]:  # noqa: C901
    """The blocks of a .docx in document order (tables of 5+ columns as rows, other tables'
    cells as paragraphs, left column first: the header and the signature are such tables)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = open_docx(path)
    plain_styles = {"Normal", "Default Paragraph Style", "Text Body", "Body Text", "Preformatted Text", "Default"}
    paragraphs = document.paragraphs
    looks_like_text = (
        not document.tables
        and paragraphs
        and all(p.style is not None and p.style.name in plain_styles for p in paragraphs)
        and not any(r.bold for p in paragraphs for r in p.runs)
        and _num_pr(paragraphs[0]) is None
        and next(document.element.body.iter(W + "txbxContent"), None) is None
    )
    if looks_like_text:  # text saved as .docx: one paragraph a line
        return read_text("\n".join(p.text for p in paragraphs))
    numbering = Numbering(document, path.name)
    blocks: list[Block] = []
    counter = 0

    def para(p: Paragraph) -> None:
        nonlocal counter
        for inner in text_boxes(p._p):  # a text box's lines come before its anchor paragraph's own text
            para(Paragraph(inner, document))
        counter += 1
        text, bold = _runs_text(p)
        num = _num_pr(p, path.name)
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


def open_docx(path: Path):
    """python-docx's Document of ``path``, once its package and layout are within :mod:`limits`;
    NotADocument for a file that is no .docx (corrupt, cut short, renamed)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    limits.check_package(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise limits.NotADocument(path.name) from exc
    _check_layout(document.element.body, path.name)
    return document


def _check_layout(body, name: str) -> None:
    """Paragraph count and table widths within :mod:`limits`, before python-docx lays out any
    table (it makes a cell object per grid column a merged cell spans)."""
    limits.check_blocks(name, sum(1 for _ in body.iter(W + "p")) + sum(1 for _ in body.iter(W + "tr")))
    for grid in body.iter(W + "tblGrid"):
        if len(grid) > limits.MAX_COLUMNS:
            raise limits.TooLarge(name, f"có bảng {len(grid)} cột, tối đa {limits.MAX_COLUMNS}")
    for span in body.iter(W + "gridSpan", W + "gridBefore", W + "gridAfter"):
        _number(span.get(W + "val"), 1, name, "số cột gộp của một ô", limits.MAX_COLUMNS)
    limits.check_text(name, sum(len(t.text or "") for t in body.iter(W + "t")))


# --- plain text -----------------------------------------------------------------------------

_LABEL_GAP = re.compile(rf"^((?:{ANY_LABEL}))\s{{2,}}")  # a label set off by a tab or spaces
_STARTS = ("KẾ HOẠCH", "Thực hiện", "Căn cứ", "Nơi nhận", "Trên đây", "Phụ lục", "(Kèm theo", *AUTHORITY, "Số:")
# Markdown a converter may leave: '## II. …', '- a) …' (a list marker before the label)
_MARKDOWN = re.compile(rf"^(?:#{{1,6}}\s+|[-*]\s+(?=(?:\*\*)?(?:{ROMAN}|\d{{1,2}}\.|{LETTER})\s))")
# two columns of a layout are 8 spaces apart or more (a draft's blanks are narrower)
_COLUMN_GAP = re.compile(r"\S\s{8,}\S")
_COLUMN_PART = re.compile(r"\S.*?(?=\s{8,}|$)")


def all_capitals(line: str) -> bool:
    """Whether every letter of ``line`` is a capital (a mục heading, a signer's title), and it has one."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _columns(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Lines laid out in two columns (a PDF's header): the left column's lines and the right
    column's, each column's wrapped lines kept in order."""
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    for number, raw in lines:
        parts = [(m.start(), " ".join(m.group().split())) for m in re.finditer(_COLUMN_PART, raw)]
        for start, part in parts:
            (right if start >= 30 else left).append((number, part))
    return left, right


def _national_parts(text: str) -> list[str]:
    """The right column of a header split into its known lines: Quốc hiệu, Tiêu ngữ, place and date."""
    for phrase in NATIONAL_LINES:
        text = text.replace(phrase, "\n")
    return [" ".join(part.split()) for part in text.split("\n") if part.strip()]


def _valid_markup(text: str) -> str:
    """A paragraph of plain text whose '**bold**' marks pair up, as typed; a lone '*' ('(*) Ghi
    chú') or an unpaired mark is text, escaped, not emphasis."""
    try:
        parse_markup(text)
    except MarkupError:
        return escape(text)
    return text


def read_text(text: str) -> list[Block]:
    """Blocks of plain text: wrapped lines joined into paragraphs, tab-separated lines as rows.

    A line starts a new paragraph when it carries a label (I. 1. a) -), a known opening word,
    is all capitals, follows a blank line (unless the whole text is double-spaced, as OCR
    output often is), or the line before it ended a sentence (. ; :) or was short. Text laid
    out in columns (``pdftotext -layout``: the header, the signature block) is read column by
    column.
    """
    raw_lines = text.splitlines()
    numbered = [(n, line.rstrip()) for n, line in enumerate(raw_lines, 1)]
    filled = [line for _, line in numbered if line.strip()]
    gaps = sum(1 for i, (_, line) in enumerate(numbered[:-1]) if line.strip() and not numbered[i + 1][1].strip())
    double_spaced = bool(filled) and gaps >= 0.8 * len(filled)
    lengths = sorted(len(line.strip()) for line in filled) or [80]
    width = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]

    return _paragraphs(_laid_out_lines(numbered), double_spaced, width)


def _laid_out_lines(numbered: list[tuple[int, str]]) -> list[tuple[int, str, bool]]:
    """The lines in reading order, each with its number and whether a blank line came before:
    the header (before 'KẾ HOẠCH') and the lines after 'Nơi nhận' may be in two columns, read
    left column first; the signature beside Nơi nhận comes after it."""
    title = next((i for i, (_, line) in enumerate(numbered) if line.strip().strip("*").strip() == "KẾ HOẠCH"), None)
    sign = next(
        (i for i, (_, line) in enumerate(numbered) if line.strip().startswith(("Nơi nhận", "**Nơi nhận"))), None
    )
    lines: list[tuple[int, str, bool]] = []  # (line number, text, blank before)
    header = numbered[:title] if title is not None else []
    laid_out = any(_COLUMN_GAP.search(line) for _, line in header + numbered[sign or len(numbered) :])
    if title is not None and laid_out:
        left, right = _columns([(n, line) for n, line in header if line.strip()])
        lines += [(n, part, True) for n, part in left]
        lines += [(right[0][0] if right else 0, part, True) for part in _national_parts(" ".join(p for _, p in right))]
        rest = numbered[title:]
    else:
        rest = numbered
    blank = True
    column: int | None = None  # the x where a PDF lays the signature beside Nơi nhận
    signature: list[tuple[int, str, bool]] = []  # its lines, read after Nơi nhận's (left column first)
    for i, (number, line) in enumerate(rest):
        if not line.strip():
            blank = True
            continue
        if signature and sign is not None and (title or 0) + i > sign and line.strip() in ("Phụ lục", "PHỤ LỤC"):
            lines.extend(signature)
            signature = []
        if sign is not None and laid_out and (title or 0) + i >= sign:
            if column is None:  # where the signature's column starts: after Nơi nhận on its line
                found = re.search(r"\S\s{3,}(?=\S)", line)
                column = found.end() if found and line.lstrip().startswith(("Nơi nhận", "**Nơi nhận")) else 0
            if column and len(line) > column and line[column - 1] == " " and line[column:].strip():
                beside, far = line[:column].strip(), line[column:].strip()
                if beside:
                    lines.append((number, beside, False))
                signature.append((number, far, True))
            elif column and len(line) - len(line.lstrip()) >= column - 1:
                signature.append((number, line.strip(), True))
            else:
                lines.append((number, line, blank))
            blank = False
            continue
        lines.append((number, line, blank))
        blank = False

    lines.extend(signature)
    return lines


def _paragraphs(lines: list[tuple[int, str, bool]], double_spaced: bool, width: int) -> list[Block]:
    """Wrapped lines joined into paragraphs (see :func:`read_text`), tab-separated lines as rows."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    bold = False
    previous = ""

    def flush() -> None:
        nonlocal current, bold
        if current:
            blocks.append(Para(_valid_markup(" ".join(current)), "", bold, start))
        current, bold = [], False

    for number, raw, blank_before in lines:
        if "\t" in raw and raw.strip():
            flush()
            blocks.append(Row([c.strip() for c in raw.split("\t")], number))
            previous = ""
            continue
        line = _LABEL_GAP.sub(r"\1 ", _MARKDOWN.sub("", raw.strip()))
        if re.fullmatch(r"\d{1,3}", line):  # a page number
            continue
        strong = line.startswith("**") and line.endswith("**") and len(line) > 4 and line.count("**") == 2
        line = line.strip("*").strip() if strong else line
        line = re.sub(r"</?i>", "", line)
        wrapped_dash = (  # '… chính quyền\n- người dân': a dash the wrapping put first, not a label
            line.startswith("- ")
            and line[2:3].islower()
            and len(previous) >= 0.7 * width
            and not previous.endswith((".", ";", ":"))
        )
        new = (
            not current
            or (blank_before and not double_spaced)
            or (LABEL_PREFIX.match(line) and not wrapped_dash)
            or line.startswith(_STARTS)
            or all_capitals(line)
            or all_capitals(previous)
            or previous.endswith((".", ";", ":"))
            or len(previous) < 0.7 * width
            or strong
            or bold
        )
        if new:
            flush()
            start = number
            bold = strong
        current.append(line)
        previous = line
    flush()
    return blocks
