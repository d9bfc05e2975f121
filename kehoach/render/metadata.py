"""Plain-data views of a resolved plan: JSON for ``show --json`` and Phụ lục VI metadata."""

from __future__ import annotations

import json
from typing import Any

from ..plans.model import Plan
from ..plans.numbering import walk
from ..text.markup import plain
from .wording import citation, legal_basis


def _origin(item: Any) -> dict[str, Any]:
    o = item.origin
    return {"status": o.status, "plan": o.plan, "introduced_in": o.introduced_in}


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The resolved plan with every item's label and origin."""
    doc = plan.document
    return {
        "id": plan.id,
        "extends": plan.extends,
        "lineage": list(plan.lineage),
        "year": plan.year,
        "unit": {"name": plan.unit.name, "full": plan.unit.full, "parent_agency": plan.unit.parent_agency},
        "document": {
            "kind": doc.kind,
            "number": doc.number,
            "symbol": doc.symbol,
            "place": doc.place,
            "date": doc.date.isoformat() if doc.date else None,
            "subject": doc.subject,
        },
        "legal_basis": legal_basis(plan),
        "citations": [{"key": c.key, "text": citation(c), "origin": _origin(c)} for c in plan.citations],
        "body": [
            {
                "path": "/".join(e.path),
                "label": e.label,
                "depth": e.depth,
                "heading": e.node.heading,
                "text": plain(e.node.text),
                "origin": _origin(e.node),
            }
            for e in walk(plan.body)
        ],
        "tasks": [
            {
                "key": t.key,
                "task": plain(t.task),
                "lead": t.lead,
                "support": t.support,
                "deadline": t.deadline.as_dict() if t.deadline else None,
                "origin": _origin(t),
            }
            for t in plan.tasks
        ],
        "removed": [
            {"where": r.where, "path": "/".join(r.path + (r.item.key,)), "reason": r.reason} for r in plan.removed
        ],
    }


def metadata(plan: Plan, pages: int | None = None) -> dict[str, Any]:
    """Phụ lục VI (Decree 30/2020) metadata fields, for registering the plan in an e-office system.

    ``pages``: the real page count (``PageAmount``), known from the PDF (``--pdf``); without it the
    field is left out, never guessed. ``To`` lists the Nơi nhận; ``OrganId`` is the unit's mã định
    danh when the plan gives it (``unit.organ_id``).
    """
    doc, sig = plan.document, plan.signature
    extra: dict[str, Any] = {}
    if pages is not None:
        extra["PageAmount"] = pages
    if plan.unit.organ_id:
        extra["OrganId"] = plan.unit.organ_id
    return extra | {
        "CodeNumber": f"{doc.number:02d}" if doc.number is not None else None,
        "CodeNotation": doc.symbol,
        "IssuedDate": doc.date.isoformat() if doc.date else None,
        "OrganName": plan.unit.full,
        "TypeName": doc.kind,
        "Subject": doc.subject_line,
        "Place": doc.place,
        "SignerInfo": {
            "Competence": " / ".join(sig.authority) if sig else None,
            "Position": sig.title if sig else None,
            "FullName": sig.name if sig else None,
        },
        "To": [{"OrganName": r.text} for r in plan.recipients],
        "Language": "vi",
        "PlanId": plan.id,
        "Extends": plan.extends,
        "Draft": doc.is_draft,
    }


def encode(meta: dict[str, Any]) -> bytes:
    """The metadata file's bytes (dist/<id>.json): one form wherever it is written."""
    return (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
