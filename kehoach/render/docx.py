"""Rendering a resolved plan as an official DOCX (Decree 30/2020/NĐ-CP, Mẫu 1.4).

The layout lives in ``templates/ke-hoach.docx``; this module only fills it. Text enters the
document as escaped runs (docxtpl ``autoescape=True``), inline emphasis as bold/italic runs.
Afterwards a few properties that Word keeps outside the text are set through python-docx:
page margins, the width of the rule under the issuing body, and the document properties.
The bytes are made deterministic: fixed zip timestamps, properties taken from the plan.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocumentObject
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import element_class_lookup
from docx.shared import Mm, Twips
from docxtpl import DocxTemplate, RichText, RichTextParagraph
from lxml import etree
from markupsafe import Markup, escape

from ..paths import TEMPLATE
from ..plans.model import Plan
from ..plans.numbering import walk
from ..text import markup
from ..text.typography import width_pt
from ..text.vietnamese import upper
from . import markers, styles
from .archive import deterministic_zip, zip_entries, zip_entry
from .wording import (
    archive_line,
    attachment_line,
    legal_basis_parts,
    number_line,
    place_date_line,
    recipient_line,
    title_lines,
    units,
)


class TemplateProblem(Exception):
    """The Word template is broken (e.g. a {{ }} tag split or left open by Word)."""


def split_lines(text: str) -> list[str]:
    """Lines of a header field: a real newline or a typed '\\n' both break the line."""
    return [part.strip() for part in text.replace("\\n", "\n").split("\n") if part.strip()]


_PROPERTIES = {
    (False, False): "",
    (True, False): "<w:rPr><w:b/></w:rPr>",
    (False, True): "<w:rPr><w:i/></w:rPr>",
    (True, True): "<w:rPr><w:b/><w:i/></w:rPr>",
}


def _run(text: str, bold: bool = False, italic: bool = False) -> str:
    """One run of text, as docxtpl's ``RichText.add`` writes it (the same string, made directly:
    a plan has hundreds of runs), its braces kept (:func:`_braces_kept`)."""
    if _ESCAPED.search(text):
        text = html.escape(text)
    if "{" in text or "}" in text:
        text = _braces(text)
    return f'<w:r>{_PROPERTIES[bold, italic]}<w:t xml:space="preserve">{text}</w:t></w:r>'


_ESCAPED = re.compile("[&<>\"']")  # what html.escape changes: most text has none of it


def _text(xml: str) -> RichText:
    rt = RichText()
    rt.xml = xml
    return rt


def _rich(text: str, bold: bool = False, italic: bool = False) -> RichText:
    return _text("".join(_run(s.text, s.bold or bold, s.italic or italic) for s in markup.parse_markup(text)))


def _lines_rich(lines: list[str]) -> RichText:
    return _text("<w:r><w:br/></w:r>".join(_run(line) for line in lines))


def _cell(value: Any) -> RichText:
    return _lines_rich(units(value))


def _marked(rt: RichText, path: str, bookmarks: markers.Bookmarks) -> RichText:
    """``rt`` inside the bookmark of its key path (see :mod:`kehoach.render.markers`)."""
    rt.xml = bookmarks.wrap(rt.xml, path)
    return rt


def _legal_basis(plan: Plan, bookmarks: markers.Bookmarks) -> RichText:
    """The 'Thực hiện …' paragraph (as :func:`wording.legal_basis`), each citation its own run,
    bookmarked with its key."""
    lead, cited, opening = legal_basis_parts(plan)
    if not cited:
        return _marked(_rich(opening), "legal_basis", bookmarks)
    start, end = bookmarks.pair("legal_basis")  # its id comes before its citations'
    xml = [start, _run(f"{lead} ")]
    for n, (c, text) in enumerate(cited):
        if n:
            xml.append(_run(", "))
        xml.append(bookmarks.wrap(_run(text), f"documents/{c.key}"))
    xml += [_run(", "), _rich(opening).xml, end]
    return _text("".join(xml))


def body_paragraphs(plan: Plan, bookmarks: markers.Bookmarks) -> RichTextParagraph:
    """The legal basis, every mục/khoản/điểm with its computed label, and the closing."""
    rp = RichTextParagraph()
    if plan.document.to:  # ô 9a under the subject: centred, upright, 14 (NĐ 30/2020, PL1 II.9.b)
        rp.add(_text(_run(f"Kính gửi: {plan.document.to}.")), parastyle=styles.ADDRESSEE.id)
    rp.add(_legal_basis(plan, bookmarks), parastyle=styles.BODY.id)
    for entry in walk(plan.body):
        base = markers.item_path(entry.path)
        bold = entry.is_heading and entry.depth <= 2
        style = (
            {1: styles.SECTION, 2: styles.CLAUSE}.get(entry.depth, styles.ITEM)
            if entry.is_heading
            else (styles.ITEM if entry.depth > 2 else styles.BODY)
        )
        rt = _rich(entry.head, bold=bold)
        if entry.label:
            rt.xml = _run(entry.label + " ", bold=bold) + rt.xml
        rp.add(_marked(rt, base, bookmarks), parastyle=style.id)
        for n, p in enumerate(entry.rest, 2):
            rp.add(_marked(_rich(p), markers.nth(base, n), bookmarks), parastyle=styles.BODY.id)
    for n, p in enumerate(markup.paragraphs(plan.closing), 1):
        rp.add(_marked(_rich(p), markers.nth("closing", n), bookmarks), parastyle=styles.BODY.id)
    return rp


def context(plan: Plan, bookmarks: markers.Bookmarks | None = None) -> dict[str, Any]:
    """Everything the template shows, as escaped rich text or plain strings; the rich text
    carries its bookmarks (``bookmarks``: the plan's, made here when not given)."""
    marks = bookmarks or markers.Bookmarks(plan)
    doc = plan.document
    body = body_paragraphs(plan, marks)  # before the recipients: bookmarks are numbered as written
    recipients = RichTextParagraph()
    for n, r in enumerate(plan.recipients, 1):
        recipients.add(_marked(_text(_run(recipient_line(r))), f"recipients/{n}", marks), parastyle=styles.RECIPIENT.id)
    recipients.add(_marked(_text(_run(archive_line(plan))), "archive", marks), parastyle=styles.RECIPIENT.id)
    authority = RichTextParagraph()
    sig = plan.signature
    lines = [(line, f"signature/authority/{n}") for n, line in enumerate(sig.authority, 1)] if sig else []
    for line, path in lines + ([(sig.title, "signature/title")] if sig else []):
        authority.add(_marked(_text(_run(upper(line))), path, marks), parastyle=styles.SIGNATURE.id)
    tasks = []
    for n, t in enumerate(plan.tasks, 1):
        tasks.append(
            _Row(
                n=f"{n}.",
                task=_rich(t.task),
                lead=_cell(t.lead),
                support=_cell(t.support),
                deadline=t.deadline.wording() if t.deadline else "",
            )
        )
    ctx = {
        "parent_agency": _lines_rich([upper(x) for x in split_lines(plan.unit.parent_agency)])
        if plan.unit.parent_agency
        else "",
        "agency": _lines_rich([upper(x) for x in split_lines(plan.unit.name)]),
        "number_line": number_line(doc),
        "place_date": place_date_line(doc, plan.year),
        "kind": upper(doc.kind),
        "subject": _lines_rich(title_lines(doc)),
        "body": body,
        "recipients": recipients,
        "authority": authority,
        "signer": sig.name if sig else "",
        "tasks": tasks,
        "appendix_title": upper(plan.appendix_title or "Nhiệm vụ cụ thể"),
        "attachment": attachment_line(plan),
    }
    return _braces_kept(ctx)


class _Row(dict[str, Any]):
    """A row of the appendix: a dict whose keys are also attributes, so that the template's
    ``t.n`` is found at Jinja's first try (on a plain dict it fails, raising, then looks up the key)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _braces(xml: str) -> str:
    return xml.replace("{", "&#123;").replace("}", "&#125;")


def _braces_kept(value: Any) -> Any:
    """The context with every brace of the plan's text written as a character reference.

    After rendering, docxtpl turns ``{_{ }_} {_% %_}`` into ``{{ }} {% %}`` (its escape for
    tags printed literally), everywhere in the XML: a clerk's ``{_%`` lost its ``_``. A brace
    written ``&#123;`` is no longer one to that replacement, and is a brace again once the XML
    is parsed. Strings become escaped markup (as Jinja's autoescape would make them); rich text
    has its braces kept already, run by run, by :func:`_run`, the only maker of its text."""
    if isinstance(value, dict):
        return type(value)((k, _braces_kept(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_braces_kept(v) for v in value]
    if isinstance(value, str):
        return Markup(_braces(str(escape(value))))
    return value


def render(plan: Plan, template: Path = TEMPLATE) -> bytes:
    """The DOCX bytes of one plan. Deterministic for the same plan and template.

    The template is compiled once per process (:class:`Compiled`); the bytes are those of
    :func:`render_with_docxtpl`, the reference (``tests/render/test_docx_fast.py`` compares them).
    """
    return compiled(template).render(plan)


def render_with_docxtpl(plan: Plan, template: Path = TEMPLATE) -> bytes:
    """The reference renderer: stock docxtpl and python-docx, everything again for every plan."""
    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    body_sectpr = copy.deepcopy(tpl.docx.element.body.find(qn("w:sectPr")))
    first_sectpr = tpl.docx.element.body.xpath("./w:p/w:pPr/w:sectPr")
    first_sectpr = copy.deepcopy(first_sectpr[0]) if first_sectpr else body_sectpr
    bookmarks = markers.Bookmarks(plan)
    try:
        tpl.render(context(plan, bookmarks), jinja_env=jinja2.Environment(autoescape=True), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"mẫu {template.name}: thẻ Jinja hỏng gần '{_near(exc)}' ({exc.message})") from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"mẫu {template.name}: {exc}") from None
    document = tpl.docx
    _finish(document, plan, first_sectpr, bookmarks)
    raw = io.BytesIO()
    document.save(raw)
    return deterministic_zip(raw.getvalue())


def _finish(document: Any, plan: Plan, first_sectpr: Any, bookmarks: markers.Bookmarks) -> None:
    """What every rendered plan gets after the template: its sections, the rule, properties, and
    the keys of the fields the template holds."""
    if not plan.tasks:  # the appendix section was left out: the document is one portrait section
        body = document.element.body
        body.replace(body.find(qn("w:sectPr")), copy.deepcopy(first_sectpr))
    _page_setup(document, plan)
    _agency_rule(document, plan)
    _properties(document, plan)
    markers.add(document, plan, bookmarks)


class Compiled:
    """The template made ready once, then used for every plan of the process.

    Stock docxtpl, for every document, opens the template, parses every part, patches the XML,
    compiles the Jinja template and serialises every part again. Here the template's body is
    patched and compiled once, one python-docx document is kept and only its body and core
    properties are replaced per plan, and only ``word/document.xml`` and ``docProps/core.xml``
    are serialised: every other part's bytes are taken from a reference render
    (:func:`render_with_docxtpl`) of the first plan, which they do not depend on. The zip is
    written once, directly, as :func:`deterministic_zip` would re-pack it.
    """

    PLAN_PARTS = ("word/document.xml", "docProps/core.xml")

    def __init__(self, template: Path = TEMPLATE):
        self.template = template
        self.tpl = DocxTemplate(str(template))
        self.tpl.init_docx()
        self.env = jinja2.Environment(autoescape=True)
        body = self.tpl.docx.element.body
        sectprs = body.xpath("./w:p/w:pPr/w:sectPr")
        self.first_sectpr = copy.deepcopy(sectprs[0] if sectprs else body.find(qn("w:sectPr")))
        self.core = copy.deepcopy(self.tpl.docx.part.package._core_properties_part._element)
        core = self.tpl.docx.core_properties
        # the properties docxtpl renders with Jinja, when none of them has a tag (else None: render them)
        names = ("author", "comments", "identifier", "language", "subject", "title")
        values = {name: getattr(core, name) for name in names}
        self.properties = None if any("{" in v or v.endswith("\n") for v in values.values()) else values
        source = self.body_source = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.tpl.patch_xml(self.tpl.get_xml()))
        try:
            self.body = self.whole_body = self.env.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"mẫu {template.name}: thẻ Jinja hỏng gần '{_near(exc)}' ({exc.message})") from None
        # Each plan's body is parsed inside its own w:document (the template's root, as text),
        # with python-docx's element classes: moving a parsed body into the kept document
        # would walk every node again (a fifth of a plan's time).
        whole = serialize_part_xml(self.tpl.docx.element).decode("utf-8")
        whole = whole[whole.index("?>") + 2 :].lstrip()
        self.prefix, self.suffix = whole[: whole.index("<w:body")], whole[whole.index("</w:body>") + len("</w:body>") :]
        # The body's text repeats the root's namespace declarations (lxml writes them on the
        # element it serialises); moved into the document, lxml drops them: drop them here.
        start = re.match(r"\s*<w:body( [^>]*)?>", self.body_source)
        declared = start is not None and all(
            f" {d}" in self.prefix for d in re.findall(r'xmlns:\w+="[^"]*"', start.group(0))
        )
        self.in_place = declared and start is not None and "{" not in start.group(0)
        if self.in_place and start is not None:
            self.body = self.env.from_string("<w:body>" + self.body_source[start.end() :])
        self.parser = etree.XMLParser(recover=True)  # as docxtpl's fix_tables parses
        self.parser.set_element_class_lookup(element_class_lookup)
        # the zip's entries, in order: compressed once, or None for the parts made per plan
        self.static: list[tuple[str, tuple[zipfile.ZipInfo, bytes] | None]] | None = None

    def render(self, plan: Plan) -> bytes:
        if self.static is None:
            return self._first(plan)
        tpl, document = self.tpl, self.tpl.docx
        bookmarks = markers.Bookmarks(plan)
        ctx = context(plan, bookmarks)
        xml = self._xml(self.body, ctx)
        tpl.docx_ids_index = 1000
        root = etree.fromstring(self.prefix + xml + self.suffix, self.parser) if self.in_place else None
        if root is not None and _regular_tables(root):
            for element in root.xpath("//wp:docPr"):  # docxtpl's fix_docpr_ids (python-docx's xpath knows 'wp')
                tpl.docx_ids_index += 1
                element.attrib["id"] = str(tpl.docx_ids_index)
            document = DocumentObject(root, document.part)
        else:  # docxtpl's fix_tables mends the grid; its tree goes into the kept document
            tree = tpl.fix_tables(self._xml(self.whole_body, ctx) if self.in_place else xml)
            tpl.fix_docpr_ids(tree)
            root = document.element
            root.replace(root.body, tree)
            del tree  # its proxy is a plain lxml element; python-docx's (CT_Body …) is made on next access
            document._Document__body = None  # python-docx caches the body it saw first
        core_part = document.part.package._core_properties_part
        core_part._element = copy.deepcopy(self.core)  # what the template says, before this plan's
        if self.properties is None:
            tpl.render_properties(ctx, self.env)
        else:  # the template's properties have no Jinja tags: rendering them gives them back
            core = document.core_properties
            for name, value in self.properties.items():
                setattr(core, name, value)
        _finish(document, plan, self.first_sectpr, bookmarks)
        fresh = {
            "word/document.xml": serialize_part_xml(root),
            "docProps/core.xml": serialize_part_xml(core_part._element),
        }
        return zip_entries([entry or zip_entry(name, fresh[name]) for name, entry in self.static])

    def _xml(self, body: jinja2.Template, ctx: dict[str, Any]) -> str:
        """The body rendered for one plan, as docxtpl's ``render`` finishes it before parsing."""
        try:
            xml = body.render(ctx)
        except jinja2.TemplateError as exc:
            raise TemplateProblem(f"mẫu {self.template.name}: {exc}") from None
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # the line breaks put in before compiling
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(c in xml for c in "\t\a\n\f"):  # else docxtpl's 'listing' pass returns the text unchanged
            xml = self.tpl.resolve_listing(xml)
        return xml

    def _first(self, plan: Plan) -> bytes:
        """The first plan by the reference renderer, keeping the bytes of the parts that do not
        depend on the plan; the compiled path must then give the same bytes for it."""
        reference = render_with_docxtpl(plan, self.template)
        with zipfile.ZipFile(io.BytesIO(reference)) as z:
            self.static = [
                (name, None if name in self.PLAN_PARTS else zip_entry(name, z.read(name))) for name in z.namelist()
            ]
        return reference


_TBL, _TBLGRID, _GRIDCOL, _GRIDSPAN, _TR, _TC, _P = (
    qn(t) for t in ("w:tbl", "w:tblGrid", "w:gridCol", "w:gridSpan", "w:tr", "w:tc", "w:p")
)


def _regular_tables(root: Any) -> bool:
    """Whether docxtpl's ``fix_tables`` would leave the document as it is: every row of every
    table has exactly its grid's cells, and no cell spans columns. (It mends the column grid
    of tables whose rows a loop made wider or narrower than the grid.)"""
    for table in root.iter(_TBL):
        grid = table.find(_TBLGRID)
        columns = len(grid.findall(_GRIDCOL)) if grid is not None else -1
        if next(table.iter(_GRIDSPAN), None) is not None or _ROWS_NOT_OF(table, columns=columns):
            return False
    return True


# the rows, at any depth, whose count of cells is not $columns (in C: no row becomes a Python object)
_ROWS_NOT_OF = etree.XPath(".//w:tr[count(w:tc) != $columns]", namespaces=nsmap)
# the section properties in document order, as python-docx's document.sections finds them
_SECTIONS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces=nsmap)


_COMPILED: dict[tuple[str, str], Compiled] = {}


def compiled(template: Path = TEMPLATE) -> Compiled:
    """The process's compiled template (again when the file changed, e.g. in ``serve``)."""
    stat = template.stat()
    key = (str(template), f"{stat.st_mtime_ns}:{stat.st_size}")
    if key not in _COMPILED:
        _COMPILED.clear()
        _COMPILED[key] = Compiled(template)
    return _COMPILED[key]


def _near(exc: jinja2.TemplateSyntaxError) -> str:
    source = exc.source or ""
    lines = source.splitlines()
    if exc.lineno and 0 < exc.lineno <= len(lines):
        line = lines[exc.lineno - 1]
        at = max(line.find("{{"), line.find("{%"))
        import re

        text = re.sub(r"<[^>]+>", "", line[max(0, at - 200) : at + 200] if at >= 0 else line)
        return text.strip()[:80]
    return ""


def _page_setup(document: Any, plan: Plan) -> None:
    m = plan.margins
    sect_pr = _SECTIONS(document.element)[0]  # document.sections[0]'s, its XPath compiled once
    sect_pr.top_margin, sect_pr.bottom_margin = Mm(m.top), Mm(m.bottom)
    sect_pr.left_margin, sect_pr.right_margin = Mm(m.left), Mm(m.right)


def _agency_rule(document: Any, plan: Plan) -> None:
    """The rule under the issuing body: 40% of its longest line, centred (Phụ lục I II.2.b)."""
    # the header table's first cell, found directly (python-docx's table.rows[0].cells works out
    # the whole row's grid for it)
    cell = document.element.body.find(_TBL).find(_TR).find(_TC)
    rules = [p for p in cell.findall(_P) if p.style == styles.RULE.id]  # the id: no lookup of the style by name
    if not rules:
        return
    longest = max((width_pt(upper(x), 13, bold=True) for x in split_lines(plan.unit.name)), default=0)
    width = int(longest * 20 * 0.4)
    column = cell.width or Twips(3600)
    side = max(0, (column.twips - 216 - width) // 2)
    p_pr = rules[0].get_or_add_pPr()  # as python-docx's paragraph_format sets the indents
    p_pr.ind_left, p_pr.ind_right = Twips(side), Twips(side)


def _fit(text: str, limit: int = 255) -> str:
    """A core property value within the 255 characters Word allows, cut at a word with '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"


def _properties(document: Any, plan: Plan) -> None:
    props = document.core_properties
    subject = plan.document.subject_line
    when = plan.document.date or dt.date(plan.year, 1, 1)
    stamp = dt.datetime(when.year, when.month, when.day)
    props.title = _fit(f"{plan.document.kind} {subject}")
    props.subject = _fit(subject)
    props.author = _fit(plan.unit.full)
    props.last_modified_by = _fit(plan.unit.full)
    props.keywords = _fit(f"kế hoạch; cải cách hành chính; {plan.year}; {plan.id}")
    props.category = _fit(plan.document.kind)
    props.comments = _fit(f"{plan.document.number_symbol}; id: {plan.id}")
    props.language = "vi-VN"
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
