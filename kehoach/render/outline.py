"""The resolved plan as plain text, in document order: for ``show`` and for comparisons."""

from __future__ import annotations

from ..plans.model import ADDED, CHANGED, INHERITED, Plan
from ..plans.numbering import walk
from ..text.markup import paragraphs, plain
from .wording import archive_line, legal_basis, recipient_line, title_lines, units

STATUS_WORDS = {INHERITED: "kế thừa", CHANGED: "sửa", ADDED: "thêm"}


def lines(plan: Plan, origins: bool = False) -> list[str]:
    """Body, signature and appendix as text lines; with ``origins``, each item is tagged."""

    def tag(item) -> str:
        if not origins or item.origin is None:
            return ""
        o = item.origin
        where = o.plan if o.status == INHERITED else "tại đây"
        return f"  [{STATUS_WORDS[o.status]}: {where}]"

    out = ["KẾ HOẠCH", *title_lines(plan.document), legal_basis(plan)]
    for entry in walk(plan.body):
        out.append(" ".join(x for x in (entry.label, plain(entry.head)) if x) + tag(entry.node))
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
                f"{n}.",
                plain(t.task),
                " ".join(units(t.lead)),
                " ".join(units(t.support)),
                t.deadline.wording() if t.deadline else "",
            ]
            out.append(" | ".join(cells) + tag(t))
    return out
