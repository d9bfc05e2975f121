"""The fixed Vietnamese phrases of a plan, shared by every renderer.

Renderers get words from here so the DOCX, the site and ``show`` never disagree.
"""

from __future__ import annotations

from typing import Any

from ..plans.model import Citation, DocumentInfo, Plan, Recipient
from ..text.vietnamese import date_long, date_short

DRAFT_GAP = "      "  # the blank a văn thư fills in by hand


def citation(c: Citation) -> str:
    """'Kế hoạch số 145/KH-UBND ngày 14/6/2021 của UBND Thành phố về …'."""
    parts = [f"{c.kind} số {c.number}"]
    if c.date:
        parts.append(f"ngày {date_short(c.date)}")
    parts.append(f"của {c.issuer}")
    if c.about:
        parts.append(f"về {c.about}")
    return " ".join(parts)


def legal_basis_parts(plan: Plan) -> tuple[str, list[tuple[Citation, str]], str]:
    """The opening paragraph in its parts, for the renderers that mark each citation (DOCX runs,
    the site's anchors, Akoma Ntoso): the lead ('' without citations), each citation with its
    text, and the opening sentence. Joined: :func:`legal_basis`."""
    if not plan.citations:
        return "", [], plan.opening
    return plan.lead, [(c, citation(c)) for c in plan.citations], plan.opening


def legal_basis(plan: Plan) -> str:
    """The opening paragraph: 'Thực hiện A, B, <closing>'."""
    lead, cited, opening = legal_basis_parts(plan)
    if not cited:
        return opening
    return f"{lead} {', '.join(text for _, text in cited)}, {opening}".strip()


def number_line(doc: DocumentInfo) -> str:
    """'Số: 25/KH-UBND', or 'Số:      /KH-UBND' for a draft."""
    if doc.number is None:
        return f"Số:{DRAFT_GAP}/{doc.symbol}"
    return f"Số: {doc.number_symbol}"


def place_date_line(doc: DocumentInfo, year: int) -> str:
    """'Hà Nội, ngày 24 tháng 01 năm 2025', or the blanks of a draft."""
    if doc.date is None:
        when = f"ngày{DRAFT_GAP}tháng{DRAFT_GAP}năm {year}"
    else:
        when = date_long(doc.date)
    return f"{doc.place}, {when}" if doc.place else when


def attachment_line(plan: Plan) -> str:
    """'(Kèm theo Kế hoạch số 25/KH-UBND ngày 24/01/2025 của UBND Thành phố)'."""
    doc = plan.document
    number = doc.number_symbol if doc.number is not None else f"{DRAFT_GAP}/{doc.symbol}"
    when = f"ngày {date_short(doc.date)}" if doc.date else f"ngày{DRAFT_GAP}tháng{DRAFT_GAP}năm {plan.year}"
    return f"(Kèm theo {doc.kind} số {number} {when} của {plan.unit.full})"


def recipient_line(r: Recipient) -> str:
    note = f" ({r.note})" if r.note else ""
    return f"- {r.text}{note};"


def archive_line(plan: Plan) -> str:
    return f"- Lưu: {plan.archive.rstrip('.')}."


def units(value: Any) -> list[str]:
    """A lead/support cell as lines: a string is one line, a list one line per unit."""
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    if len(value) == 1:
        return [value[0]]
    return [f"- {v}" for v in value]


def unit_names(value: Any) -> list[str]:
    """The unit names in a lead/support cell, for filtering: split on ';' and list items."""
    items = [value] if isinstance(value, str) else list(value or ())
    out: list[str] = []
    for item in items:
        out.extend(p.strip(" -;.") for p in item.split(";") if p.strip(" -;."))
    return out


def title_lines(doc: DocumentInfo) -> list[str]:
    return [line.strip() for line in doc.subject.split("\n") if line.strip()]
