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
reader sees changes, and the same plan gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from docx.oxml.ns import qn

from ..plans.model import Plan
from ..plans.numbering import walk
from ..text.markup import paragraphs
from . import styles
from .wording import citation

_START, _END, _ID, _NAME = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id"), qn("w:name")


@functools.lru_cache(maxsize=1 << 16)
def marker(path: str) -> str:
    """The bookmark's name of a key path (plans that inherit an item share its path: named once)."""
    return "kh" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:12]


def paths(plan: Plan) -> list[str]:
    """Every key path the DOCX of ``plan`` marks, in document order."""
    out = ["unit/parent_agency"] if plan.unit.parent_agency else []
    out += ["unit/name", "document/number", "document/date", "document/kind", "document/subject", "legal_basis"]
    out += [f"documents/{c.key}" for c in plan.citations]
    for entry in walk(plan.body):
        base = "body/" + "/".join(entry.path)
        out += [base] + [f"{base}#{n}" for n in range(2, len(entry.rest) + 2)]
    out += ["closing"] + [f"closing#{n}" for n in range(2, len(paragraphs(plan.closing)) + 1)]
    out += [f"recipients/{n}" for n in range(1, len(plan.recipients) + 1)] + ["archive"]
    if plan.signature:
        out += [f"signature/authority/{n}" for n in range(1, len(plan.signature.authority) + 1)]
        out += ["signature/title", "signature/name"]
    if plan.tasks:
        out += ["appendix/title", "appendix/attachment"] + [f"tasks/{t.key}" for t in plan.tasks]
    return out


def names(plan: Plan) -> dict[str, str]:
    """Bookmark name → key path, for reading an edited copy of the plan's DOCX back."""
    return {marker(p): p for p in paths(plan)}


_P, _PPR, _PSTYLE, _VAL, _T, _R = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:val", "w:t", "w:r"))


class _Marks:
    def __init__(self, factory: Any) -> None:
        self.next_id = 0
        # made from any element of the document, so that they are of its kind
        self.start, self.end = factory.makeelement(_START, {_ID: "", _NAME: ""}), factory.makeelement(_END, {_ID: ""})

    def _pair(self, path: str) -> Any:
        number = str(self.next_id)
        self.next_id += 1
        start, end = self.start.__copy__(), self.end.__copy__()  # cheaper than making each anew
        start.set(_ID, number)
        start.set(_NAME, marker(path))
        end.set(_ID, number)
        return start, end

    def around(self, first: Any, last: Any, path: str) -> None:
        """Bookmark the siblings from ``first`` to ``last`` (inclusive)."""
        start, end = self._pair(path)
        first.addprevious(start)
        last.addnext(end)

    def paragraph(self, p: Any, path: str) -> None:
        runs = [c for c in p if c.tag != _PPR]
        if runs:
            self.around(runs[0], runs[-1], path)
        else:
            p.extend(self._pair(path))


def _styled(body: Any) -> list[tuple[Any, str]]:
    """Every paragraph under ``body``, in document order, with its style id ('' for none): one
    pass over the paragraphs and their w:pStyle (the first child of a paragraph's w:pPr)."""
    out: list[tuple[Any, str]] = []
    for element in body.iter(_P, _PSTYLE):
        if element.tag == _P:
            out.append((element, ""))
        elif out and element.getparent().getparent() is out[-1][0] and element.getparent().tag == _PPR:
            out[-1] = (out[-1][0], element.get(_VAL) or "")
    return out


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_T))


def add(document: Any, plan: Plan) -> None:  # noqa: C901
    """Bookmark every item of ``plan`` in its rendered ``document`` (python-docx), in place."""
    body = document.element.body
    marks = _Marks(body)
    styled = _styled(body)
    by_style: dict[str, list[Any]] = {}
    for p, style in styled:
        by_style.setdefault(style, []).append(p)

    def first(style: styles.Style, path: str) -> None:
        found = by_style.get(style.id, [])
        if found:
            marks.paragraph(found[0], path)

    if plan.unit.parent_agency:
        first(styles.PARENT_AGENCY, "unit/parent_agency")
    first(styles.AGENCY, "unit/name")
    first(styles.NUMBER, "document/number")
    first(styles.PLACE_DATE, "document/date")
    first(styles.KIND, "document/kind")
    first(styles.SUBJECT, "document/subject")

    # the body: the paragraphs of the body styles, in order, are exactly the ones body_paragraphs made
    body_ids = {styles.BODY.id, styles.SECTION.id, styles.CLAUSE.id, styles.ITEM.id}
    flow = [p for p, style in styled if style in body_ids and p.getparent() is body]
    order = ["legal_basis"]
    for entry in walk(plan.body):
        base = "body/" + "/".join(entry.path)
        order += [base] + [f"{base}#{n}" for n in range(2, len(entry.rest) + 2)]
    order += ["closing"] + [f"closing#{n}" for n in range(2, len(paragraphs(plan.closing)) + 1)]
    for p, path in zip(flow, order):
        marks.paragraph(p, path)
        if path == "legal_basis":
            _citations(marks, p, plan)

    recipients = by_style.get(styles.RECIPIENT.id, [])
    for n, p in enumerate(recipients[: len(plan.recipients)], 1):
        marks.paragraph(p, f"recipients/{n}")
    if len(recipients) > len(plan.recipients):
        marks.paragraph(recipients[len(plan.recipients)], "archive")
    if plan.signature:
        signature = by_style.get(styles.SIGNATURE.id, [])
        lines = [f"signature/authority/{n}" for n in range(1, len(plan.signature.authority) + 1)]
        for p, path in zip(signature, lines + ["signature/title"]):
            marks.paragraph(p, path)
        name = [p for p in signature if _text(p).strip() == plan.signature.name]
        if name:
            marks.paragraph(name[-1], "signature/name")
    if plan.tasks:
        first(styles.APPENDIX_TITLE, "appendix/title")
        first(styles.ATTACHMENT, "appendix/attachment")
        table = body.findall(qn("w:tbl"))[-1]
        rows = table.findall(qn("w:tr"))[1:]
        for row, task in zip(rows, plan.tasks):
            cell = row.find(qn("w:tc"))
            p = cell.find(qn("w:p")) if cell is not None else None
            if p is not None:
                marks.paragraph(p, f"tasks/{task.key}")


def _citations(marks: _Marks, p: Any, plan: Plan) -> None:
    """Each citation of the 'Thực hiện …' paragraph: the runs :func:`docx.body_paragraphs` gave it."""
    runs = [r for r in p if r.tag == _R]
    for c in plan.citations:
        wanted = citation(c)
        for r in runs:
            if _text(r) == wanted:
                marks.around(r, r, f"documents/{c.key}")
                break


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
