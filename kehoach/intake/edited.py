"""Reading a DOCX that people edited (in Word or LibreOffice) back, key by key.

Every paragraph and every appendix row comes with the ``kh…`` bookmarks that start in it (see
:mod:`kehoach.render.markers`), its text (tracked changes accepted: insertions kept, deletions
dropped) and the Word comments anchored in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .reading import W, markup_of, open_docx, run_pieces


@dataclass
class Piece:
    """A paragraph (``cells`` empty) or an appendix row (``cells``: each cell's text)."""

    text: str
    style: str = ""
    names: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # ids
    index: int = 0  # position in the document, for messages


@dataclass
class Comment:
    author: str
    text: str


def _names(element) -> list[str]:
    return [b.get(W + "name") for b in element.iter(W + "bookmarkStart") if (b.get(W + "name") or "").startswith("kh")]


def _comment_ids(element) -> list[str]:
    return [c.get(W + "id") for c in element.iter(W + "commentRangeStart")] + [
        c.get(W + "id") for c in element.iter(W + "commentReference")
    ]


def _style(p) -> str:
    ppr = p.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    return style.get(W + "val") if style is not None else ""


def read_edited(path: Path) -> tuple[list[Piece], dict[str, Comment]]:
    """The pieces of an edited DOCX in document order, and its comments by id."""
    document = open_docx(path)
    body = document.element.body
    pieces: list[Piece] = []
    index = 0

    def paragraph(p) -> None:
        nonlocal index
        index += 1
        text, _ = markup_of(run_pieces(p))
        pieces.append(Piece(text.strip(), _style(p), _names(p), [], _comment_ids(p), index))

    for element in body.iterchildren():
        if element.tag == W + "p":
            paragraph(element)
        elif element.tag == W + "tbl":
            rows = element.findall(W + "tr")
            columns = max((len(r.findall(W + "tc")) for r in rows), default=0)
            if columns >= 5:
                for row in rows:
                    index += 1
                    cells = []
                    for cell in row.findall(W + "tc"):
                        texts = [markup_of(run_pieces(p))[0].strip() for p in cell.findall(W + "p")]
                        cells.append("\n".join(t for t in texts if t))
                    pieces.append(Piece(" | ".join(cells), "", _names(row), cells, _comment_ids(row), index))
            else:
                for p in element.iter(W + "p"):
                    paragraph(p)
    comments: dict[str, Comment] = {}
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/comments")), None)
    if part is not None:
        from lxml import etree

        root = etree.fromstring(part.blob)
        for c in root.iter(W + "comment"):
            text = " ".join(markup_of(run_pieces(p))[0] for p in c.iter(W + "p")).strip()
            comments[c.get(W + "id")] = Comment(c.get(W + "author") or "", text)
    return pieces, comments
