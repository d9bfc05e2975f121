"""Build kehoach/templates/ke-hoach.docx, the default Word template every plan is rendered with
(a repository of plans may override it with its own templates/ke-hoach.docx, see kehoach.yml).

The .docx is the source of truth: a clerk may restyle it in Word or LibreOffice (fonts,
spacing, the header layout). Run this script only to start again from the defaults:

    python scripts/make_template.py

Layout follows Decree 30/2020/NĐ-CP Phụ lục I and the official Mẫu 1.4 sample: A4, margins
25/20/35/20 mm, Times New Roman, page number centred in the header from page 2.
"""

from __future__ import annotations

import posixpath
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kehoach.render.styles import STYLES
from kehoach.text.nd30 import LANDSCAPE_MARGINS, MARGINS, MOTTO, NATIONAL_TITLE
from kehoach.text.typography import width_pt

FONT = "Times New Roman"
TEXT_WIDTH_TW = int((210 - 35 - 20) / 25.4 * 1440)
TIEU_NGU, QUOC_HIEU = MOTTO, NATIONAL_TITLE
HEADER_COLS = (3687, 5812)  # twips; official Mẫu 1.4 uses 3829 + 5670 with the table shifted left
SIGN_COLS = (3969, 5318)

ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}


def set_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(a), FONT)


def setup_defaults(doc) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(normal.element.get_or_add_rPr())
    for fonts in styles.iter(qn("w:rFonts")):  # no style may fall back to a theme font
        set_fonts(fonts.getparent())


def add_styles(doc) -> None:
    for style in STYLES:
        name, size, bold, italic, align = style.name, style.size, style.bold, style.italic, style.align
        indent, before, keep = style.indent_cm, style.before_pt, style.keep_with_next
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.element.set(qn("w:styleId"), style.id)
        st.base_style = doc.styles["Normal"]
        st.font.name = FONT
        set_fonts(st.element.get_or_add_rPr())
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.italic = italic
        st.font.color.rgb = RGBColor(0, 0, 0)
        pf = st.paragraph_format
        pf.alignment = ALIGN[align]
        pf.first_line_indent = Cm(indent) if indent else Cm(0)
        pf.space_before = Pt(before)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.0 if size != 14 or align == "center" else 1.15
        pf.keep_with_next = keep
        pf.widow_control = True
    rule = doc.styles["KH Đường kẻ"]
    ppr = rule.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    rule.paragraph_format.line_spacing = Pt(2)
    rule.paragraph_format.space_before = Pt(4)


def para(container, text: str, style: str):
    p = container.add_paragraph(text, style=style)
    return p


def rule(container, width_tw: int, column_tw: int):
    """A centred line of ``width_tw`` twips, drawn as the bottom border of an empty paragraph."""
    p = container.add_paragraph(style="KH Đường kẻ")
    side = max(0, (column_tw - width_tw) // 2)
    p.paragraph_format.left_indent = Twips(side)
    p.paragraph_format.right_indent = Twips(side)
    return p


def borderless(table) -> None:
    tbl = table._tbl
    tblPr = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblPr.append(borders)


def fixed_widths(table, widths, indent: int = 0) -> None:
    table.autofit = False
    tblPr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    if indent:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(indent))
        ind.set(qn("w:type"), "dxa")
        tblPr.append(ind)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Twips(w)


def page_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def build(path: Path) -> None:
    doc = Document()
    setup_defaults(doc)
    add_styles(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (
        Mm(MARGINS[side]) for side in ("top", "bottom", "left", "right")
    )
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    sec.different_first_page_header_footer = True
    header_p = sec.header.paragraphs[0]
    header_p.style = doc.styles["KH Số trang"]
    page_field(header_p)
    sec.first_page_header.paragraphs[0].style = doc.styles["KH Số trang"]

    body = doc.element.body
    for p in list(body.findall(qn("w:p"))):
        body.remove(p)

    # Ô 1–4: the header block, a borderless two-column table
    head = doc.add_table(rows=2, cols=2)
    borderless(head)
    fixed_widths(head, HEADER_COLS, indent=-199)
    left, right = head.rows[0].cells
    left.paragraphs[0].text = "{%p if parent_agency %}"
    para(left, "{{r parent_agency }}", "KH Cơ quan chủ quản")
    para(left, "{%p endif %}", "KH Cơ quan chủ quản")
    para(left, "{{r agency }}", "KH Cơ quan ban hành")
    rule(left, 1000, HEADER_COLS[0] - 216)  # width set per plan by the renderer
    right.paragraphs[0].text = QUOC_HIEU
    right.paragraphs[0].style = doc.styles["KH Quốc hiệu"]
    para(right, TIEU_NGU, "KH Tiêu ngữ")
    rule(right, int(width_pt(TIEU_NGU, 14, True) * 20), HEADER_COLS[1] - 216)
    left.paragraphs[0].style = doc.styles["KH Cơ quan chủ quản"]
    l2, r2 = head.rows[1].cells
    l2.paragraphs[0].text = "{{ number_line }}"
    l2.paragraphs[0].style = doc.styles["KH Số ký hiệu"]
    r2.paragraphs[0].text = "{{ place_date }}"
    r2.paragraphs[0].style = doc.styles["KH Địa danh"]

    # Ô 5a: tên loại and trích yếu
    para(doc, "{{ kind }}", "KH Tên loại")
    para(doc, "{{r subject }}", "KH Trích yếu")
    rule(doc, int(TEXT_WIDTH_TW * 0.3), TEXT_WIDTH_TW)

    # Ô 6: the body, produced by the renderer paragraph by paragraph (styles KH Mục, KH Khoản …)
    para(doc, "{{p body }}", "KH Nội dung")

    # Ô 7 and 9b: Nơi nhận beside the signature block
    sign = doc.add_table(rows=1, cols=2)
    borderless(sign)
    fixed_widths(sign, SIGN_COLS)
    nl, sr = sign.rows[0].cells
    nl.paragraphs[0].text = "Nơi nhận:"
    nl.paragraphs[0].style = doc.styles["KH Nhãn nơi nhận"]
    para(nl, "{{p recipients }}", "KH Nơi nhận")
    sr.paragraphs[0].text = "{{p authority }}"
    sr.paragraphs[0].style = doc.styles["KH Chữ ký"]
    for _ in range(4):
        para(sr, "", "KH Chữ ký")
    para(sr, "{{ signer }}", "KH Chữ ký")
    sign.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    # The appendix: its own landscape section, numbered from 1
    para(doc, "{%p if tasks %}", "KH Nội dung")
    doc.add_section(WD_SECTION.NEW_PAGE)
    app = doc.sections[1]
    app.orientation = WD_ORIENT.LANDSCAPE
    app.page_width, app.page_height = Mm(297), Mm(210)
    app.top_margin, app.bottom_margin, app.left_margin, app.right_margin = (
        Mm(LANDSCAPE_MARGINS[side]) for side in ("top", "bottom", "left", "right")
    )
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    app._sectPr.append(pg)
    app.different_first_page_header_footer = True
    app_width = int((297 - 30 - 15) / 25.4 * 1440)
    para(doc, "Phụ lục", "KH Phụ lục")
    para(doc, "{{ appendix_title }}", "KH Tên phụ lục")
    para(doc, "{{ attachment }}", "KH Kèm theo")
    rule(doc, int(app_width * 0.2), app_width)
    para(doc, "", "KH Nội dung")
    cols = (850, 5200, 3300, 2800, 2136)
    table = doc.add_table(rows=4, cols=5)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, cols)
    for cell, text in zip(
        table.rows[0].cells,
        ("TT", "Nhiệm vụ", "Cơ quan, đơn vị chủ trì", "Cơ quan, đơn vị phối hợp", "Thời gian hoàn thành"),
    ):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["KH Bảng tiêu đề"]
    trPr = table.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    trPr.append(hdr)
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for t in tasks %}"
    for cell, text in zip(
        table.rows[2].cells, ("{{ t.n }}", "{{r t.task }}", "{{r t.lead }}", "{{r t.support }}", "{{ t.deadline }}")
    ):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["KH Bảng"]
    table.rows[2].cells[0].paragraphs[0].style = doc.styles["KH Bảng tiêu đề"]
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    for row in table.rows:
        cant = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant)
    para(doc, "{%p endif %}", "KH Nội dung")
    # Word wants a paragraph after the last table of a section: one of exactly 1 pt, no spacing, so
    # that a table filling the page never pushes it onto an empty page of its own (issue #29).
    last = para(doc, "", "Normal")  # no border: "KH Đường kẻ" would draw a line under the signature
    ppr = last._p.get_or_add_pPr()
    spacing = OxmlElement("w:spacing")
    for name, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(name), value)
    ppr.append(spacing)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    ppr.append(mark)
    doc.core_properties.title = "Mẫu kế hoạch thông tin, tuyên truyền CCHC (Nghị định 30/2020/NĐ-CP)"
    doc.core_properties.author = "kehoach"
    doc.save(path)
    slim(path)


# What python-docx's blank document carries that no plan needs, about 60% of every DOCX's bytes
# (issue #31: 5,000 plans' downloads on one site): Word 2010's copy of the styles, a thumbnail,
# an empty custom XML part, and some 160 built-in styles nobody applies; and the theme (its fonts
# and colours: every style names Times New Roman and black itself) and the web settings (HTML
# export options), a tenth of what remained.
UNUSED_PARTS = (  # a name ending in '/' is a folder
    "word/stylesWithEffects.xml",
    "docProps/thumbnail.jpeg",
    "customXml/",
    "word/theme/theme1.xml",
    "word/webSettings.xml",
    "docProps/app.xml",  # optional: Word's page and word counts (all 0), and "Microsoft Macintosh Word"
)
# Settings Word writes for its own bookkeeping, none of which changes how a page is laid out: the
# revision ids of past edits, the maths defaults, the colour map of the theme (dropped above), the
# shape and picture defaults, the spelling state and a document id; each DOCX carried them (issue #31)
UNUSED_SETTINGS = (
    "w:rsids",
    "m:mathPr",
    "w:clrSchemeMapping",
    "w:themeFontLang",
    "w:shapeDefaults",
    "w:savePreviewPicture",
    "w:doNotAutoCompressPictures",
    "w:proofState",
    "w14:docId",
)
KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"} | {s.id for s in STYLES}
STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:basedOn", "w:next", "w:link")


def unused(part: str) -> bool:
    """Whether ``part`` (its name in the package) is one of :data:`UNUSED_PARTS`."""
    return any(part == name or (name.endswith("/") and part.startswith(name)) for name in UNUSED_PARTS)


def _without_unused(rels: str, text: str) -> str:
    """The relationships part ``rels`` (or the content types) without the entries of unused parts;
    a relationship's target is relative to the folder of the part it belongs to."""
    if rels == "[Content_Types].xml":
        text = re.sub(r'<Override PartName="/([^"]*)"[^>]*/>', lambda m: "" if unused(m.group(1)) else m.group(0), text)
        return text.replace('<Default Extension="jpeg" ContentType="image/jpeg"/>', "")
    base = posixpath.dirname(posixpath.dirname(rels))  # word/_rels/document.xml.rels → word
    return re.sub(
        r'<Relationship [^>]*Target="([^"]*)"/>',
        lambda m: "" if unused(posixpath.normpath(posixpath.join(base, m.group(1)))) else m.group(0),
        text,
    )


def _qualified(tag: str, nsmap: dict) -> str:
    """'w14:docId' → '{http://…}docId', by the part's own prefixes (python-docx's qn knows no w14)."""
    prefix, local = tag.split(":")
    return f"{{{nsmap[prefix]}}}{local}"


def _named_fonts(parts: dict[str, bytes]) -> bytes:
    """The font table with only the fonts the parts name (Times New Roman, and Symbol for bullets)."""
    named = {
        font
        for name, data in parts.items()
        if name.startswith("word/") and name.endswith(".xml")
        for fonts in etree.fromstring(data).iter(qn("w:rFonts"))
        for font in fonts.attrib.values()
    }
    table = etree.fromstring(parts["word/fontTable.xml"])
    for font in list(table.iter(qn("w:font"))):
        if font.get(qn("w:name")) not in named:
            table.remove(font)
    return etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _layout_settings(data: bytes) -> bytes:
    """The settings without :data:`UNUSED_SETTINGS`."""
    settings = etree.fromstring(data)
    for tag in UNUSED_SETTINGS:
        for element in list(settings.iter(_qualified(tag, settings.nsmap))):
            settings.remove(element)
    return etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)


def slim(path: Path) -> None:
    """Rewrite the template without :data:`UNUSED_PARTS` and with only the styles it, the
    renderer (:mod:`kehoach.render.styles`) or those styles refer to; the zip's dates are fixed,
    so the same script gives the same bytes."""
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist() if not unused(name)}
    styles = etree.fromstring(parts["word/styles.xml"])
    wanted = set(KEPT_STYLES)
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            wanted |= {e.get(qn("w:val")) for tag in STYLE_REFS for e in etree.fromstring(data).iter(qn(tag))}
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    todo = list(wanted)
    while todo:  # what the wanted styles are based on, followed by or linked to
        style = by_id.get(todo.pop())
        for tag in STYLE_REFS[3:]:
            ref = style.find(qn(tag)) if style is not None else None
            if ref is not None and ref.get(qn("w:val")) not in wanted:
                wanted.add(ref.get(qn("w:val")))
                todo.append(ref.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)
    for latent in styles.iter(qn("w:latentStyles")):  # Word's defaults for built-in styles suffice
        for exception in list(latent):
            latent.remove(exception)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/fontTable.xml"] = _named_fonts(parts)
    parts["word/settings.xml"] = _layout_settings(parts["word/settings.xml"])
    for rels in ("_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"):
        parts[rels] = _without_unused(rels, parts[rels].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "kehoach" / "templates" / "ke-hoach.docx"
    build(out)
    print(f"Đã ghi {out}")
