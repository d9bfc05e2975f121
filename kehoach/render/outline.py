"""The resolved plan as plain text, in document order: for ``show`` and for comparisons."""

from __future__ import annotations

from typing import Any

from ..plans.model import ADDED, CHANGED, INHERITED, Plan
from ..plans.numbering import locations, walk
from ..text.markup import paragraphs, plain
from .wording import archive_line, legal_basis, recipient_line, title_lines, units

STATUS_WORDS = {INHERITED: "kế thừa", CHANGED: "sửa", ADDED: "thêm"}


def lines(plan: Plan, origins: bool = False, keys: bool = False) -> list[str]:
    """Body, signature and appendix as text lines; with ``origins``, each item is tagged.

    With ``keys``, each item starts with where it stands and its key, as a child plan names it
    (``II.1.c)  [c]``, ``Phụ lục 4  [tin-bai]``), and the citations are listed with theirs.
    """

    def tag(item: Any) -> str:
        if not origins or item.origin is None:
            return ""
        o = item.origin
        where = o.plan if o.status == INHERITED else "tại đây"
        return f"  [{STATUS_WORDS[o.status]}: {where}]"

    out = ["KẾ HOẠCH", *title_lines(plan.document), legal_basis(plan)]
    if keys:
        out.extend(f"Căn cứ {n}  [{c.key}]" + tag(c) for n, c in enumerate(plan.citations, 1))
    where = locations(plan) if keys else {}
    for entry in walk(plan.body):
        label = f"{where[entry.path]}  [{entry.node.key}]" if keys else entry.label
        out.append(" ".join(x for x in (label, plain(entry.head)) if x) + tag(entry.node))
        out.extend(plain(p) for p in entry.rest)
    out.extend(plain(p) for p in paragraphs(plan.closing))
    out.append("Nơi nhận:")
    out.extend(recipient_line(r) for r in plan.recipients)
    out.append(archive_line(plan))
    if plan.signature:
        out.extend(plan.signature.authority)
        out.append(plan.signature.title)
        out.append(plan.signature.name)
    if plan.tasks:
        out.append("Phụ lục")
        out.append(plan.appendix_title)
        for n, t in enumerate(plan.tasks, 1):
            cells = [
                f"Phụ lục {n}  [{t.key}]" if keys else f"{n}.",
                plain(t.task),
                " ".join(units(t.lead)),
                " ".join(units(t.support)),
                t.deadline.wording() if t.deadline else "",
            ]
            out.append(" | ".join(cells) + tag(t))
    return out
