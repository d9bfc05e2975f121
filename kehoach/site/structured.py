"""Structured data on each plan page: schema.org ``Legislation`` as JSON-LD, so that search
engines and other systems read what the page is (issue #32, part 3).

- ``legislationType`` "Kế hoạch" (the document's kind), ``name`` its title, ``inLanguage`` "vi";
- ``legislationIdentifier`` the số/ký hiệu and ``legislationDate`` the date, once issued;
- ``legislationPassedBy`` the issuing unit, ``legislationJurisdiction`` its province;
- ``isBasedOn`` the parent plan's page (or, for a parent only cited, its citation);
- ``encoding`` the DOCX and PDF offered for download.

Addresses are relative to the page (JSON-LD resolves them against it). The JSON sits in a
``<script type="application/ld+json">``, which no browser runs; ``<`` is written ``\\u003c`` so
that no text of a plan can close the element.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from ..plans.corpus import Corpus
from ..plans.model import Plan, plan_citation
from ..render.wording import citation

MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def legislation(plan: Plan, corpus: Corpus, downloads: dict[str, str], title: str, province: str) -> dict[str, Any]:
    doc = plan.document
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": "./",
        "name": title,
        "legislationType": doc.kind,
        "inLanguage": "vi",
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": plan.unit.known_as},
        "legislationJurisdiction": {"@type": "AdministrativeArea", "name": province},
    }
    if not doc.is_draft:
        data["legislationIdentifier"] = doc.number_symbol
        assert doc.date is not None
        data["legislationDate"] = doc.date.isoformat()
    parent = corpus.plans.get(plan.extends or "")
    if parent is not None:
        data["isBasedOn"] = (
            {"@type": "Legislation", "name": citation(plan_citation(parent))}
            if parent.reference_only
            else {"@id": f"../{parent.id}/"}
        )
    own = {f"{plan.id}{suffix}" for suffix in MEDIA}
    encodings = [
        {"@type": "MediaObject", "contentUrl": href, "encodingFormat": MEDIA[posixpath.splitext(href)[1]]}
        for href in downloads.values()
        if posixpath.basename(href) in own
    ]
    if encodings:
        data["encoding"] = encodings
    return data


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>\n'
