"""The DOCX follows Decree 30/2020 (Phụ lục I) and the Mẫu 1.4 sample."""

import re
import subprocess

import pytest
from conftest import ARTIFACTS, require_tool
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kehoach.render.docx import render
from kehoach.render.outline import lines
from kehoach.text.markup import plain


def effective(paragraph, attr):
    """A run property resolved through the paragraph's style chain."""
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attr)
        if value is not None:
            return value
        style = style.base_style
    return None


@pytest.fixture(scope="module")
def city(built):
    return Document(str(built / "ha-noi-2025.docx"))


def find(doc, text):
    for p in doc.paragraphs:
        if p.text.startswith(text):
            return p
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.startswith(text):
                        return p
    raise AssertionError(text)


def test_page_setup_a4_portrait_and_sample_margins(city):
    s = city.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [25, 20, 35, 20]


def test_appendix_is_a_landscape_section_numbered_from_one(city):
    app = city.sections[1]
    assert app.orientation == WD_ORIENT.LANDSCAPE
    assert app._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_times_new_roman_everywhere(built):
    import zipfile

    with zipfile.ZipFile(built / "ha-noi-2025.docx") as z:
        styles = z.read("word/styles.xml").decode()
        document = z.read("word/document.xml").decode()
    fonts = set(re.findall(r'<w:rFonts [^>]*?w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', styles + document))
    assert fonts == {"Times New Roman"}
    assert "asciiTheme" not in styles


def test_header_components(city):
    agency = find(city, "ỦY BAN NHÂN DÂN")
    assert effective(agency, "size") == Pt(13) and effective(agency, "bold") is True
    assert agency.alignment is None and agency.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    number = find(city, "Số: 25/KH-UBND")
    assert effective(number, "size") == Pt(13) and not effective(number, "bold")
    qh = find(city, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert effective(qh, "size") == Pt(13) and effective(qh, "bold") is True
    tn = find(city, "Độc lập - Tự do - Hạnh phúc")
    assert effective(tn, "size") == Pt(14) and effective(tn, "bold") is True
    date = find(city, "Hà Nội, ngày 24 tháng 01 năm 2025")
    assert effective(date, "size") == Pt(14) and effective(date, "italic") is True
    # Số and the date are on the same row of the header table
    row = city.tables[0].rows[1]
    assert row.cells[0].text.startswith("Số:") and row.cells[1].text.startswith("Hà Nội")


def test_parent_agency_is_not_bold(built):
    doc = Document(str(built / "ha-noi-ttpvhcc-2025.docx"))
    p = find(doc, "UBND THÀNH PHỐ HÀ NỘI")
    assert effective(p, "size") == Pt(13) and not effective(p, "bold")


def test_title_body_and_headings(city):
    kh = find(city, "KẾ HOẠCH")
    assert effective(kh, "bold") and effective(kh, "size") == Pt(14)
    assert kh.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = find(city, "Thực hiện Kế hoạch số 145/KH-UBND")
    pf = body.style.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Mm(10) <= pf.first_line_indent <= Mm(12.7)
    assert pf.space_before >= Pt(6)
    assert 1.0 <= pf.line_spacing <= 1.5
    assert effective(body, "size") == Pt(14)
    muc = find(city, "I. MỤC ĐÍCH, YÊU CẦU")
    assert effective(muc, "bold") and muc.style.name == "KH Mục"
    khoan = find(city, "1. Mục đích")
    assert effective(khoan, "bold") and khoan.style.name == "KH Khoản"
    diem = find(city, "đ) Tình hình thực hiện kỷ luật")
    assert not effective(diem, "bold")


def test_inline_emphasis_becomes_runs(city):
    p = find(city, "a) Căn cứ Kế hoạch này")
    bold_italic = [r.text for r in p.runs if r.bold and r.italic]
    italic = [r.text for r in p.runs if r.italic and not r.bold]
    assert "".join(bold_italic).strip() == "Chậm nhất ngày 20/02/2025."
    assert "có thể chia từng quý, từng tháng" in "".join(italic)


def test_recipients_and_signature(city):
    label = find(city, "Nơi nhận:")
    assert effective(label, "size") == Pt(12) and effective(label, "bold") and effective(label, "italic")
    first = find(city, "- Bộ Nội vụ (để b/c);")
    assert effective(first, "size") == Pt(11)
    assert find(city, "- Lưu: VT, KSTTHC, SNV (M.Phương).")
    for text in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hà Minh Hải"):
        p = find(city, text)
        assert effective(p, "bold") and effective(p, "size") == Pt(14)
        assert p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_page_number_field_in_header_and_none_on_page_one(city):
    s = city.sections[0]
    assert s.different_first_page_header_footer
    xml = s.header._element.xml
    assert "PAGE" in xml and "fldChar" in xml
    assert "PAGE" not in s.first_page_header._element.xml
    p = s.header.paragraphs[0]
    assert effective(p, "size") == Pt(14) and p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_appendix_heading_and_table(city):
    assert effective(find(city, "Phụ lục"), "bold")
    assert find(city, "MỘT SỐ NHIỆM VỤ CỤ THỂ")
    att = find(city, "(Kèm theo Kế hoạch số 25/KH-UBND ngày 24/01/2025 của UBND Thành phố)")
    assert effective(att, "italic")
    table = city.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan, đơn vị chủ trì",
        "Cơ quan, đơn vị phối hợp",
        "Thời gian hoàn thành",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(table.rows) == 1 + 19
    assert table.rows[1].cells[4].text == "Chậm nhất ngày 20/02/2025"
    assert table.rows[9].cells[4].text == "Tháng 8/2025"


def test_draft_shows_blanks(built):
    doc = Document(str(built / "ha-noi-ttpvhcc-2025.docx"))
    assert find(doc, "Số:      /KH-TTPVHCC")
    assert find(doc, "Hà Nội, ngày      tháng      năm 2025")
    assert find(doc, "(Kèm theo Kế hoạch số       /KH-TTPVHCC ngày      tháng      năm 2025 của Trung tâm")


def test_plan_without_appendix_is_one_portrait_section(built):
    doc = Document(str(built / "thinh-liet-2024.docx"))
    assert len(doc.sections) == 1
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert not any(p.text == "Phụ lục" for p in doc.paragraphs)


def test_no_stray_rule_after_the_last_table(built):
    """The rule's style draws a line (under the agency, the subject, the appendix title): the
    closing 1 pt paragraph once took it, and a plan without an appendix (thinh-liet-2024) printed
    a line under the signer's name."""
    for path in sorted(built.glob("*.docx")):
        body = Document(str(path)).element.body
        last = body.xpath("./w:p")[-1]
        assert not last.xpath("w:pPr/w:pStyle[@w:val='KHDuongKe'] | w:pPr/w:pBdr"), path.name


def test_core_properties_from_plan(city):
    props = city.core_properties
    assert props.subject.startswith("Thông tin, tuyên truyền về cải cách hành chính nhà nước")
    assert props.author == "UBND Thành phố"
    assert props.created.year == 2025 and props.created.month == 1 and props.created.day == 24


def test_a_plan_carries_only_the_parts_and_settings_that_shape_its_pages(built):
    """The template drops what Word keeps for itself (issue #31: each DOCX 1.3 kB lighter, every
    page of the real plans pixel-identical through LibreOffice): no app.xml, a font table of the
    fonts the document names, no revision ids, maths or theme colour settings. The settings that
    lay pages out stay: Word 2010 compatibility, the tab stop."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(built / "ha-noi-2025.docx") as docx:
        names = set(docx.namelist())
        fonts = etree.fromstring(docx.read("word/fontTable.xml"))
        settings = docx.read("word/settings.xml").decode("utf-8")
        rels = docx.read("_rels/.rels").decode("utf-8") + docx.read("[Content_Types].xml").decode("utf-8")
    assert "docProps/app.xml" not in names and "app.xml" not in rels and "docProps/core.xml" in names
    assert [f.get(qn("w:name")) for f in fonts.iter(qn("w:font"))] == ["Symbol", "Times New Roman"]
    assert not [
        t for t in ("w:rsids", "m:mathPr", "w:clrSchemeMapping", "w14:docId", "w:proofState") if f"<{t}" in settings
    ]
    assert (
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"/>'
        in settings
    )
    assert '<w:defaultTabStop w:val="720"/>' in settings


def test_deterministic_bytes(corpus):
    plan = corpus.plans["ha-noi-2025"]
    assert render(plan) == render(plan)


def test_special_characters_give_a_valid_document(corpus, tmp_path):
    from dataclasses import replace

    plan = corpus.plans["thinh-liet-2024"]
    nasty = "A & B < C > D \"q\" 's' <script>alert(1)</script>"
    plan = replace(plan, closing=nasty, unit=replace(plan.unit, name="X & Y <Z>"))
    path = tmp_path / "x.docx"
    path.write_bytes(render(plan))
    doc = Document(str(path))
    assert any(p.text == nasty for p in doc.paragraphs)


def pdf_text(pdf, first=None, last=None):
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last)]
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdfs(built, tmp_path_factory):
    soffice = require_tool("soffice")
    require_tool("pdftotext")
    out = tmp_path_factory.mktemp("pdf")
    docs = sorted(built.glob("*.docx"))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
        ]
        + [str(d) for d in docs],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def words(text):
    return re.findall(r"\w+", text.lower())


@pytest.mark.parametrize("plan_id", ["ha-noi-2025", "ha-noi-ttpvhcc-2025", "thinh-liet-2024", "kim-thanh-2025"])
def test_pdf_contains_every_item_and_row(pdfs, corpus, plan_id):
    pdf = pdfs / f"{plan_id}.pdf"
    assert pdf.exists()
    text = " ".join(words(pdf_text(pdf)))
    plan = corpus.plans[plan_id]
    for line in lines(plan):
        for cell in line.split(" | ")[1:2] if " | " in line else [line]:
            w = words(cell)
            if w:
                assert " ".join(w[:6]) in text, cell[:80]
    for t in plan.tasks:
        assert " ".join(words(plain(t.task))[:5]) in text


def test_pdf_page_numbers(pdfs):
    pdf = pdfs / "ha-noi-2025.pdf"
    first = pdf_text(pdf, 1, 1).strip().splitlines()
    assert not re.fullmatch(r"\s*1\s*", first[0])
    second = pdf_text(pdf, 2, 2).strip().splitlines()
    assert second[0].strip() == "2"


def test_quoc_hieu_on_one_line(pdfs):
    first = pdf_text(pdfs / "ha-noi-2025.pdf", 1, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first


def test_page_one_png_artifact(pdfs):
    require_tool("pdftoppm")
    ARTIFACTS.mkdir(exist_ok=True)
    for plan_id in ("ha-noi-2025", "ha-noi-ttpvhcc-2025"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdfs / f"{plan_id}.pdf"),
                str(ARTIFACTS / f"{plan_id}-trang-1"),
            ],
            check=True,
        )
        assert (ARTIFACTS / f"{plan_id}-trang-1.png").stat().st_size > 10_000


def test_broken_template_names_the_template_and_tag(corpus, tmp_path):
    import zipfile

    from kehoach.render.docx import TEMPLATE, TemplateProblem

    broken = tmp_path / "hong.docx"
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ number_line }}", b"{{ number_line }", 1)
            dst.writestr(item, data)
    with pytest.raises(TemplateProblem, match=r"mẫu hong.docx: thẻ Jinja hỏng"):
        render(corpus.plans["ha-noi-2025"], template=broken)


def test_no_real_plan_ends_on_an_empty_page(pdfs, corpus):
    """Issue #29: the paragraph after the appendix table is 1 pt exactly, so a table that fills the
    landscape page never pushes it onto a page of its own (soc-son-2027 did, with a taller one)."""
    for plan in corpus.real():
        pdf = pdfs / f"{plan.id}.pdf"
        pages = int(
            re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[
                1
            ]
        )
        last = subprocess.run(
            ["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        assert len("".join(last.split())) > 20, f"{plan.id}: page {pages} is empty"
