"""Keys that travel inside the DOCX: every item the document shows carries an invisible bookmark
naming it, so that a copy edited in Word or LibreOffice can be read back key by key.

A bookmark's name is ``kh`` and 12 hex digits of the SHA-1 of the item's *key path* (Word allows
40 characters, letters, digits and '_'). The path says what the item is in the plan file:

- ``body/<key>/<key>…`` a mục, khoản or điểm (``#2``, ``#3`` … its further paragraphs);
- ``legal_basis`` the 'Thực hiện …' paragraph, ``documents/<key>`` each citation in it;
- ``closing`` (``#2`` …), ``recipients/<n>`` (from 1), ``archive``, ``tasks/<key>`` (a row);
- ``unit/name``, ``unit/parent_agency``, ``document/number``, ``document/date``, ``document/kind``,
  ``document/subject``, ``signature/authority/<n>``, ``signature/title``, ``signature/name``,
  ``appendix/title``, ``appendix/attachment``.

Names are derived from paths, so a reader that knows the plan maps each name back to its path
(:func:`names`); nothing else is stored in the file. Bookmarks are empty elements: nothing a
reader sees changes, and the same plan gives the same bytes. A bookmark's id is its path's place
in :func:`paths`.

Where the renderer makes whole paragraphs (the body, recipients, the signature's lines),
:class:`Bookmarks` writes their bookmarks into that text: walking the parsed document for them
afterwards was a third of a plan's rendering. The paragraphs the template holds (the header's
fields, the signer, the appendix's title and attachment, each task's row) are bookmarked in the
parsed document by :func:`add`.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from docx.oxml.ns import nsmap, qn
from lxml import etree

from ..plans.model import Plan
from ..plans.numbering import walk
from ..text.markup import paragraphs
from . import styles

_START, _END, _ID, _NAME = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id"), qn("w:name")


@functools.lru_cache(maxsize=1 << 16)
def marker(path: str) -> str:
    """The bookmark's name of a key path (plans that inherit an item share its path: named once)."""
    return "kh" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:12]


def paths(plan: Plan) -> list[str]:
    """Every key path the DOCX of ``plan`` marks, in document order: the template's header, what
    the renderer writes (:class:`Bookmarks`, in this order), and the template's tail."""
    out = _header(plan) + ["legal_basis"] + [f"documents/{c.key}" for c in plan.citations]
    for entry in walk(plan.body):
        base = item_path(entry.path)
        out += [nth(base, n) for n in range(1, len(entry.rest) + 2)]
    out += [nth("closing", n) for n in range(1, len(paragraphs(plan.closing)) + 1)]
    out += [f"recipients/{n}" for n in range(1, len(plan.recipients) + 1)] + ["archive"]
    if plan.signature:
        out += [f"signature/authority/{n}" for n in range(1, len(plan.signature.authority) + 1)]
        out += ["signature/title"]
    return out + _tail(plan)


def item_path(keys: tuple[str, ...]) -> str:
    """The key path of a body item (mục, khoản, điểm) from the keys of its ancestors and its own."""
    return "body/" + "/".join(keys)


def nth(path: str, n: int) -> str:
    """The path of an item's ``n``-th paragraph (from 1): the item's own, then ``#2``, ``#3`` …"""
    return path if n == 1 else f"{path}#{n}"


def _header(plan: Plan) -> list[str]:
    """The paths of the template's paragraphs before the body."""
    first = ["unit/parent_agency"] if plan.unit.parent_agency else []
    return first + ["unit/name", "document/number", "document/date", "document/kind", "document/subject"]


def _tail(plan: Plan) -> list[str]:
    """The paths of the template's paragraphs after the signature's lines."""
    out = ["signature/name"] if plan.signature else []
    if plan.tasks:
        out += ["appendix/title", "appendix/attachment"] + [f"tasks/{t.key}" for t in plan.tasks]
    return out


def names(plan: Plan) -> dict[str, str]:
    """Bookmark name → key path, for reading an edited copy of the plan's DOCX back."""
    return {marker(p): p for p in paths(plan)}


_PPR, _PSTYLE, _VAL, _T = (qn(t) for t in ("w:pPr", "w:pStyle", "w:val", "w:t"))


class Bookmarks:
    """The bookmarks of one plan's DOCX, written into the text the renderer makes.

    Ids follow :func:`paths`: the header's first, then each written path as it is written (the
    renderer writes them in that order), then the tail's (:meth:`held`)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.header = _header(plan)
        self.next = len(self.header)

    def pair(self, path: str) -> tuple[str, str]:
        """The start and end of the next bookmark, named after ``path``."""
        n = self.next
        self.next += 1
        return f'<w:bookmarkStart w:id="{n}" w:name="{marker(path)}"/>', f'<w:bookmarkEnd w:id="{n}"/>'

    def wrap(self, xml: str, path: str) -> str:
        """``xml`` (runs, or nothing) inside the next bookmark, named after ``path``."""
        start, end = self.pair(path)
        return start + xml + end

    def held(self) -> dict[str, int]:
        """The ids of the template's paragraphs, once the renderer has written its text."""
        ids = {path: n for n, path in enumerate(self.header)}
        ids.update((path, n) for n, path in enumerate(_tail(self.plan), self.next))
        return ids


def _paragraph(p: Any, n: int, path: str, prototypes: tuple[Any, Any]) -> None:
    """Bookmark what ``p`` holds after its properties (nothing: an empty bookmark at its end)."""
    start, end = (e.__copy__() for e in prototypes)  # cheaper than making each anew
    start.set(_ID, str(n))
    start.set(_NAME, marker(path))
    end.set(_ID, str(n))
    runs = [c for c in p if c.tag != _PPR]
    if runs:
        runs[0].addprevious(start)
        runs[-1].addnext(end)
    else:
        p.extend((start, end))


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_T))


# the template's paragraphs of the header and the appendix, by style: the first of each is bookmarked
_HELD = {
    styles.PARENT_AGENCY.id: "unit/parent_agency",
    styles.AGENCY.id: "unit/name",
    styles.NUMBER.id: "document/number",
    styles.PLACE_DATE.id: "document/date",
    styles.KIND.id: "document/kind",
    styles.SUBJECT.id: "document/subject",
    styles.APPENDIX_TITLE.id: "appendix/title",
    styles.ATTACHMENT.id: "appendix/attachment",
}


_FIRST_CELLS = etree.XPath("./w:tr[position() > 1]/w:tc[1]/w:p[1]", namespaces=nsmap)


def add(document: Any, plan: Plan, bookmarks: Bookmarks) -> None:
    """Bookmark, in the rendered ``document`` (python-docx), the paragraphs of ``plan`` that the
    template holds; the rest were written with their text (:class:`Bookmarks`)."""
    ids = bookmarks.held()
    body = document.element.body
    prototypes = (body.makeelement(_START, {_ID: "", _NAME: ""}), body.makeelement(_END, {_ID: ""}))
    found: dict[str, Any] = {}
    signature: list[Any] = []
    for style in body.iter(_PSTYLE):  # a walk in C: only the w:pStyle become Python objects
        value = style.get(_VAL)
        if value not in _HELD and value != styles.SIGNATURE.id:
            continue
        properties = style.getparent()
        if properties.tag != _PPR:
            continue
        p = properties.getparent()
        if value == styles.SIGNATURE.id:
            signature.append(p)
        elif _HELD[value] not in found:
            found[_HELD[value]] = p
    for path, p in found.items():
        if path in ids:
            _paragraph(p, ids[path], path, prototypes)
    if plan.signature:
        name = [p for p in signature if _text(p).strip() == plan.signature.name]
        if name:
            _paragraph(name[-1], ids["signature/name"], "signature/name", prototypes)
    if plan.tasks:  # the first cell of each row of the last table, after its heading row
        table = body.findall(qn("w:tbl"))[-1]
        for p, task in zip(_FIRST_CELLS(table), plan.tasks):
            path = f"tasks/{task.key}"
            _paragraph(p, ids[path], path, prototypes)


def read(document: Any) -> dict[str, str]:
    """Bookmark name → the text it spans, for every ``kh…`` bookmark of a (possibly edited) DOCX."""
    out: dict[str, str] = {}
    body = document.element.body
    open_: dict[str, tuple[str, list[str]]] = {}
    for element in body.iter():
        if element.tag == qn("w:bookmarkStart") and (element.get(qn("w:name")) or "").startswith("kh"):
            open_[element.get(qn("w:id"))] = (element.get(qn("w:name")), [])
        elif element.tag == qn("w:bookmarkEnd") and element.get(qn("w:id")) in open_:
            name, parts = open_.pop(element.get(qn("w:id")))
            out[name] = "".join(parts)
        elif element.tag == qn("w:t"):
            for _, parts in open_.values():
                parts.append(element.text or "")
    return out
