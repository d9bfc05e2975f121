"""schema.org JSON-LD on every plan page (issue #32, part 3), read back as JSON-LD by pyld: the
page is a Legislation with its type, identifier, date, issuing unit, province, parent, files."""

from __future__ import annotations

import json
import re

from pyld import jsonld

from kehoach.site.generate import dist_files, downloads
from kehoach.site.pages import plan_page, province_of

S = "https://schema.org/"
SITE = "https://ke-hoach.example.org/"


def loader(url, options=None):
    """schema.org's context, as far as these pages need it (no network in the tests)."""
    assert url.rstrip("/") == "https://schema.org", url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": S}}}


def expanded(page: str, plan_id: str) -> dict:
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert "<" not in script  # no text of the plan can close the element
    data = json.loads(script)
    (node,) = jsonld.expand(data, {"documentLoader": loader, "base": f"{SITE}ke-hoach/{plan_id}/"})
    return node


def value(node: dict, name: str):
    (item,) = node[S + name]
    return item.get("@value", item.get("@id", item))


def test_every_real_plan_page_describes_its_plan(corpus, tmp_path):
    (tmp_path / "ha-noi-2025.docx").write_bytes(b"x")
    (tmp_path / "ha-noi-2025.pdf").write_bytes(b"x")
    for plan in corpus.real():
        node = expanded(plan_page(plan, corpus, downloads(plan, dist_files(tmp_path))), plan.id)
        assert node["@type"] == [S + "Legislation"] and node["@id"] == f"{SITE}ke-hoach/{plan.id}/"
        assert value(node, "legislationType") == "Kế hoạch" and value(node, "inLanguage") == "vi"
        assert value(node, "legislationPassedBy")[S + "name"][0]["@value"] == plan.unit.known_as
        assert value(node, "legislationJurisdiction")[S + "name"][0]["@value"] == province_of(plan)
        if plan.document.is_draft:
            assert S + "legislationIdentifier" not in node and S + "legislationDate" not in node
        else:
            assert value(node, "legislationIdentifier") == plan.document.number_symbol
            assert value(node, "legislationDate") == plan.document.date.isoformat()
        parent = corpus.plans.get(plan.extends or "")
        if parent is not None and not parent.reference_only:
            assert value(node, "isBasedOn") == f"{SITE}ke-hoach/{parent.id}/"
        elif parent is not None:
            assert value(node, "isBasedOn")[S + "name"][0]["@value"]
        else:
            assert S + "isBasedOn" not in node


def test_the_files_offered_are_its_encodings(corpus, tmp_path):
    for name in ("ha-noi-2025.docx", "ha-noi-2025.pdf", "ha-noi-2025-so-sanh.docx"):
        (tmp_path / name).write_bytes(b"x")
    plan = corpus.plans["ha-noi-2025"]
    node = expanded(plan_page(plan, corpus, downloads(plan, dist_files(tmp_path))), plan.id)
    files = {e[S + "contentUrl"][0]["@value"]: e[S + "encodingFormat"][0]["@value"] for e in node[S + "encoding"]}
    assert files == {
        "../../tai-ve/ha-noi-2025.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "../../tai-ve/ha-noi-2025.pdf": "application/pdf",
    }
