"""A plan's DOCX with every difference from another version written as Word tracked changes.

Both versions are rendered in the official format; their paragraphs and appendix rows are paired
by the keys they carry (see :mod:`kehoach.render.markers`). In the plan's document, a paired
paragraph gets its text again as a word-level diff (``w:del`` for the other side's words,
``w:ins`` for this side's); a paragraph only this side has is inserted whole; a paragraph only the
other side has is put back, deleted, after the nearest paragraph both have. Accepting every
change in Word or LibreOffice gives exactly this plan's text, rejecting every change gives the
other's. One author and a fixed date keep the bytes deterministic. Emphasis inside a changed
paragraph is not kept (the words are); a heading stays bold.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from . import styles
from .archive import deterministic_zip

APPENDIX = styles.APPENDIX.id

AUTHOR = "Kế hoạch – so sánh"
_MARK = "kh"


class _Changes:
    def __init__(self, date: str):
        self.date = date
        self.next_id = 5000

    def _stamp(self, element: Any) -> None:
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        self.next_id += 1

    def run(self, text: str, rpr: Any, deleted: bool = False) -> Any:
        """A run of ``text``; its line breaks as ``w:br``."""
        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        for n, part in enumerate(text.split("\n")):
            if n:
                r.append(OxmlElement("w:br"))
            if part:
                t = OxmlElement("w:delText" if deleted else "w:t")
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = part
                r.append(t)
        return r

    def wrap(self, tag: str, runs: list[Any]) -> Any:
        w = OxmlElement(tag)
        self._stamp(w)
        for r in runs:
            w.append(r)
        return w

    def mark_paragraph(self, p: Any, tag: str) -> None:
        """The paragraph mark itself inserted or deleted (so the whole paragraph comes or goes)."""
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        mark = OxmlElement(tag)
        self._stamp(mark)
        rpr.append(mark)

    def mark_row(self, row: Any, tag: str) -> None:
        trpr = row.find(qn("w:trPr"))
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            row.insert(0, trpr)
        mark = OxmlElement(tag)
        self._stamp(mark)
        trpr.append(mark)


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _text_with_breaks(p: Any) -> str:
    """The text of a paragraph with its line breaks, for diffing."""
    out = []
    for element in p.iter(qn("w:t"), qn("w:br")):
        out.append(element.text or "" if element.tag == qn("w:t") else "\n")
    return "".join(out)


def _names(element: Any) -> list[str]:
    return [
        b.get(qn("w:name"))
        for b in element.iter(qn("w:bookmarkStart"))
        if (b.get(qn("w:name")) or "").startswith(_MARK)
    ]


def _units(document: Any) -> list[tuple[str, Any]]:
    """(bookmark name, paragraph or row) for every marked paragraph and appendix row, in order."""
    out = []
    for element in document.element.body.iter(qn("w:p"), qn("w:tr")):
        if element.tag == qn("w:tr") and len(element.findall(qn("w:tc"))) < 5:
            continue  # the header's and the signature's layout rows: their paragraphs are the units
        if element.tag == qn("w:p") and element.getparent().tag == qn("w:tc"):
            row = element.getparent().getparent()
            if len(row.findall(qn("w:tc"))) >= 5:
                continue  # an appendix cell: its row is the unit
        names = (
            _names(element)
            if element.tag == qn("w:tr")
            else [
                b.get(qn("w:name"))
                for b in element.findall(qn("w:bookmarkStart"))
                if (b.get(qn("w:name")) or "").startswith(_MARK)
            ]
        )
        if names:
            out.append((names[0], element))
    return out


def _base_rpr(p: Any) -> Any:
    """The formatting most of the paragraph's text has (the run with the most text): a paragraph
    that ends in italics must not become italic throughout."""
    runs = p.findall(qn("w:r"))
    if not runs:
        return None
    longest = max(runs, key=lambda r: sum(len(t.text or "") for t in r.iter(qn("w:t"))))
    return longest.find(qn("w:rPr"))


def _tokens(text: str) -> list[str]:
    return re.findall(r"\n|[^\S\n]+|\S+", text)


REWRITTEN = 0.5  # below this share of common words a paragraph is replaced whole, not word by word


def _replace_runs(p: Any, old: str, new: str, changes: _Changes) -> None:
    """The paragraph's runs replaced by a word diff of ``old`` → ``new`` (bookmarks kept)."""
    if old == new:
        return
    rpr = _base_rpr(p)
    content = [c for c in p if c.tag in (qn("w:r"), qn("w:hyperlink"), qn("w:ins"), qn("w:del"))]
    anchor = content[0] if content else None
    if anchor is None:
        end = [c for c in p if c.tag == qn("w:bookmarkEnd")]
        anchor_parent_index = list(p).index(end[-1]) if end else len(p)
    else:
        anchor_parent_index = list(p).index(anchor)
    for c in content:
        p.remove(c)
    a, b = _tokens(old), _tokens(new)
    pieces = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops: list[tuple[str, int, int, int, int]] = [("replace", 0, len(a), 0, len(b))]
    if matcher.ratio() >= REWRITTEN:  # edited, not rewritten (which reads better as one deletion, one insertion)
        ops = list(matcher.get_opcodes())
    for op, i1, i2, j1, j2 in ops:
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            pieces.append(changes.run(gone, rpr))
            continue
        if gone:
            pieces.append(changes.wrap("w:del", [changes.run(gone, rpr, deleted=True)]))
        if came:
            pieces.append(changes.wrap("w:ins", [changes.run(came, rpr)]))
    for offset, piece in enumerate(pieces):
        p.insert(anchor_parent_index + offset, piece)


def _wrap_all(p: Any, tag: str, changes: _Changes) -> None:
    """Every run of ``p`` inside one ``w:ins``/``w:del`` (for a deletion, its text as delText)."""
    runs = [c for c in p if c.tag == qn("w:r")]
    if not runs:
        return
    at = list(p).index(runs[0])
    for r in runs:
        p.remove(r)
        if tag == "w:del":
            for t in r.findall(qn("w:t")):
                t.tag = qn("w:delText")
    p.insert(at, changes.wrap(tag, runs))


def _strip_marks(element: Any) -> None:
    for b in list(element.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        b.getparent().remove(b)


def _appendix(document: Any) -> list[Any]:
    """The body elements of the appendix, from its 'Phụ lục' heading to the end (none if absent)."""
    body = document.element.body
    children = [c for c in body if c.tag != qn("w:sectPr")]
    start = next((i for i, c in enumerate(children) if c.tag == qn("w:p") and _style(c) == APPENDIX), None)
    return children[start:] if start is not None else []


def _style(p: Any) -> str:
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def _within(element: Any, tops: list[Any]) -> bool:
    """Whether ``element`` lies inside one of the body's children ``tops``."""
    while element is not None:
        if any(element is top for top in tops):
            return True
        element = element.getparent()
    return False


def _mark_whole(elements: list[Any], tag: str, changes: _Changes) -> None:
    """Every paragraph and row of ``elements`` inserted (or deleted) whole."""
    for element in elements:
        for p in element.iter(qn("w:p")):
            _wrap_all(p, tag, changes)
            changes.mark_paragraph(p, tag)
        for row in element.iter(qn("w:tr")):
            changes.mark_row(row, tag)


def redline(mine: bytes, theirs: bytes, date: str) -> bytes:  # noqa: C901
    """``mine`` with tracked changes from ``theirs`` (both DOCX made by this renderer)."""
    changes = _Changes(date)
    ours = docx.Document(io.BytesIO(mine))
    other = docx.Document(io.BytesIO(theirs))
    our_appendix, their_appendix = _appendix(ours), _appendix(other)
    # an appendix only one side has comes or goes whole
    skip_ours = our_appendix if our_appendix and not their_appendix else []
    skip_theirs = their_appendix if their_appendix and not our_appendix else []
    a_units = [(n, e) for n, e in _units(ours) if not _within(e, skip_ours)]
    b_units = [(n, e) for n, e in _units(other) if not _within(e, skip_theirs)]
    a_by = {name: element for name, element in a_units}
    b_by = {name: element for name, element in b_units}
    for name, element in a_units:
        if name in b_by:
            _pair(element, b_by[name], changes)
        elif element.tag == qn("w:tr"):
            for p in element.iter(qn("w:p")):
                _wrap_all(p, "w:ins", changes)
            changes.mark_row(element, "w:ins")
        else:
            _wrap_all(element, "w:ins", changes)
            changes.mark_paragraph(element, "w:ins")
    # what only the other side has, back in place and deleted
    previous = None
    first = a_units[0][1] if a_units else None
    for name, element in b_units:
        if name in a_by:
            previous = a_by[name]
            continue
        copy_ = copy.deepcopy(element)
        _strip_marks(copy_)
        if element.tag == qn("w:tr"):
            for p in copy_.iter(qn("w:p")):
                _wrap_all(p, "w:del", changes)
            changes.mark_row(copy_, "w:del")
            if previous is not None and previous.tag == qn("w:tr"):
                previous.addnext(copy_)
                previous = copy_
            continue
        _wrap_all(copy_, "w:del", changes)
        changes.mark_paragraph(copy_, "w:del")
        if previous is not None and previous.tag == qn("w:p"):
            previous.addnext(copy_)
            previous = copy_
        elif previous is None and first is not None and first.tag == qn("w:p"):
            first.addprevious(copy_)
    if skip_ours:
        _mark_whole(our_appendix, "w:ins", changes)
    if skip_theirs:
        end = ours.element.body.find(qn("w:sectPr"))
        for element in their_appendix:
            copy_ = copy.deepcopy(element)
            _strip_marks(copy_)
            for ppr in copy_.iter(qn("w:pPr")):
                for sect in ppr.findall(qn("w:sectPr")):
                    ppr.remove(sect)  # this document's sections stay as they are
            _mark_whole([copy_], "w:del", changes)
            end.addprevious(copy_)
    out = io.BytesIO()
    ours.save(out)
    return deterministic_zip(out.getvalue())


def _pair(mine: Any, theirs: Any, changes: _Changes) -> None:
    if mine.tag == qn("w:tr"):
        for cell_a, cell_b in zip(mine.findall(qn("w:tc")), theirs.findall(qn("w:tc"))):
            pa, pb = cell_a.findall(qn("w:p")), cell_b.findall(qn("w:p"))
            for x, y in zip(pa, pb):
                _replace_runs(x, _text_with_breaks(y), _text_with_breaks(x), changes)
            for x in pa[len(pb) :]:
                _wrap_all(x, "w:ins", changes)
                changes.mark_paragraph(x, "w:ins")
            for y in pb[len(pa) :]:
                extra = copy.deepcopy(y)
                _wrap_all(extra, "w:del", changes)
                changes.mark_paragraph(extra, "w:del")
                pa[-1].addnext(extra)
        return
    _replace_runs(mine, _text_with_breaks(theirs), _text_with_breaks(mine), changes)


# --- what Word's 'Accept all' and 'Reject all' give, for tests and checks -------------------


def resolved_texts(data: bytes, accept: bool) -> list[str]:
    """The document's non-empty paragraph texts after accepting (or rejecting) every change."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    drop, keep = ("w:del", "w:ins") if accept else ("w:ins", "w:del")
    for element in list(body.iter(qn(drop))):
        parent = element.getparent()
        if parent is None or (parent.getparent() is None and parent is not body):
            continue  # inside something already removed
        if parent.tag == qn("w:rPr") and parent.getparent().tag == qn("w:pPr"):
            paragraph = parent.getparent().getparent()
            if paragraph.getparent() is not None:
                paragraph.getparent().remove(paragraph)  # a paragraph that comes (or goes) whole
        elif parent.tag == qn("w:trPr"):
            row = parent.getparent()
            if row.getparent() is not None:
                row.getparent().remove(row)
        elif element.getparent() is not None:
            parent.remove(element)
    for t in body.iter(qn("w:delText")):
        t.tag = qn("w:t")
    return [text for p in body.iter(qn("w:p")) if (text := _text(p).strip())]
