"""``conformance ID``: how the children of a plan carry out what it assigns, as a table, JSON or
GitHub annotations (see :mod:`kehoach.plans.conformance`)."""

from __future__ import annotations

import json

from ..annotations import RENDER
from ..plans.conformance import STATES, Matrix, conformance_review, matrix
from ..plans.corpus import Corpus
from ..plans.registry import Registry


def conformance(corpus: Corpus, registry: Registry, plan_id: str, format: str) -> int:
    m = matrix(corpus, plan_id, registry)
    if format == "json":
        print(json.dumps(as_dict(m), ensure_ascii=False, indent=2))
    elif format in RENDER:
        kids = {row.child.id for row in m.rows}
        print(RENDER[format](conformance_review(corpus, kids)), end="")
    else:
        print("\n".join(table(m)))
    return 0


def _columns(m: Matrix) -> list:
    """The assigning items that reach at least one child, in document order."""
    return [item for item in m.items if any((item.kind, item.keys) in row.cells for row in m.rows)]


def table(m: Matrix) -> list[str]:
    p = m.parent
    out = [f"Thực hiện ở cấp dưới: {p.id} ({p.unit.full}, năm {p.year})", ""]
    columns = _columns(m)
    if not m.rows:
        out.append("Chưa có kế hoạch cấp dưới nào kế thừa kế hoạch này.")
    elif not columns:
        out.append("Kế hoạch này không giao việc nào cho loại đơn vị của các kế hoạch cấp dưới.")
    else:
        out.append("Việc giao:")
        for n, item in enumerate(columns, 1):
            out.append(f"  [{n}] {item.label} {item.keys[-1]}: {item.summary} → {item.to.codes()}")
        out.append("")
        width = max(len(f"{row.child.id} ({row.kind or '?'})") for row in m.rows)
        out.append(" " * width + "  " + " ".join(f"{n:>3}" for n in range(1, len(columns) + 1)))
        for row in m.rows:
            marks = [row.cells[(i.kind, i.keys)].mark if (i.kind, i.keys) in row.cells else "·" for i in columns]
            out.append(
                f"{row.child.id + ' (' + (row.kind or '?') + ')':<{width}}  " + " ".join(f"{x:>3}" for x in marks)
            )
        out.append("")
        out.append("Chú thích: " + "; ".join(f"{mark} {word}" for mark, word in STATES.values()) + "; · không giao.")
        details = [
            f"  {row.child.id} [{n}] {cell.mark} {STATES[cell.state][1]}: {cell.detail}"
            for row in m.rows
            for n, item in enumerate(columns, 1)
            if (cell := row.cells.get((item.kind, item.keys))) and cell.detail
        ]
        if details:
            out += ["", "Chi tiết:"] + details
    out.append("")
    if m.unplanned:
        out.append(f"Đơn vị chưa có kế hoạch năm {p.year} ({len(m.unplanned)}):")
        out += [f"  - {u.name} ({u.id}, {u.kind})" for u in m.unplanned]
    out.append(f"Độ phủ: {m.planned}/{m.expected} đơn vị có kế hoạch ({100 * m.coverage:.0f}%).")
    return out


def as_dict(m: Matrix) -> dict:
    columns = m.items
    return {
        "parent": m.parent.id,
        "year": m.parent.year,
        "items": [
            {
                "ref": n,
                "where": "appendix" if item.kind == "tasks" else "body",
                "keys": list(item.keys),
                "label": item.label,
                "summary": item.summary,
                "for": sorted(item.to.kinds),
                "names": list(item.to.names),
                "explicit": item.to.explicit,
            }
            for n, item in enumerate(columns, 1)
        ],
        "children": [
            {
                "id": row.child.id,
                "unit": row.child.unit.full,
                "kind": row.kind,
                "cells": {
                    str(n): {"state": cell.state, "mark": cell.mark, "detail": cell.detail}
                    for n, item in enumerate(columns, 1)
                    if (cell := row.cells.get((item.kind, item.keys)))
                },
            }
            for row in m.rows
        ],
        "unplanned": [{"id": u.id, "name": u.name, "kind": u.kind} for u in m.unplanned],
        "coverage": {"planned": m.planned, "expected": m.expected},
    }
