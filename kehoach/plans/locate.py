"""Where a problem stands, as the clerk's document shows it: 'II.1.c)', 'Phụ lục, dòng 4'.

A problem is found in a file at a path of fields and list indices. :func:`item_of` turns that
path into an *item reference*: which part of the document (body, appendix, citations,
recipients, header …) and, for keyed lists, the chain of keys. :func:`label` then names the
item the way the rendered document numbers it, from the resolved plan (or, for an item the
plan removes or misnames, from its parent's).
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import PathT
from .model import Citation, Plan, Task
from .numbering import locations

# The parts of a plan outside the keyed lists, by their first field.
_PARTS = {
    "unit": "Phần đầu",
    "document": "Phần đầu",
    "signature": "Khối chữ ký",
    "closing": "Đoạn kết",
    "archive": "Nơi nhận, dòng Lưu",
}


def key_at_index(items: Any, index: int) -> str:
    """The key of the list item at ``index``, if it has one and no earlier item has the same."""
    if not isinstance(items, list) or not 0 <= index < len(items) or not isinstance(items[index], dict):
        return ""
    key = items[index].get("key")
    if not isinstance(key, str) or not key:
        return ""
    earlier = (i.get("key") for i in items[:index] if isinstance(i, dict))
    return "" if key in earlier else key


def item_of(path: PathT, data: Any) -> tuple[Any, ...]:
    """The item reference of a field path in a file's values, or () when there is none.

    ``("body", ("muc-dich", "mot", "a"))``, ``("tasks", ("t1",))``, ``("documents", ("qd-1",))``,
    ``("recipients", 2)`` (an index: recipients have no key), or ``("part", label)``.
    """
    parts = [p for p in path if p != "replace"]
    if not parts:
        return ()
    head = str(parts[0])
    if head == "recipients":
        return ("recipients", parts[1]) if len(parts) > 1 and isinstance(parts[1], int) else ()
    if head in _PARTS:
        return ("part", _PARTS[head])
    if head == "legal_basis" and len(parts) > 1 and parts[1] in ("lead", "closing"):
        return ("part", "Đoạn mở đầu ('Thực hiện …')")
    kind = {"body": "body", "appendix": "tasks", "legal_basis": "documents"}.get(head)
    if kind is None:
        return ()
    keys: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int):
            key = key_at_index(node, part)
            if not key:
                return ()  # an item without a key (or with a repeated one) cannot be placed
            keys.append(key)
            node = node[part]
        else:
            node = node.get(part) if isinstance(node, dict) else None
    return (kind, tuple(keys)) if keys else ()


def label(ref: tuple[Any, ...], plan: Plan | None, parent: Plan | None = None) -> str:
    """The item of ``ref`` as the document shows it; '' when it cannot be placed."""
    if not ref or plan is None:
        return ""
    kind, what = ref
    if kind == "part":
        return what
    if kind == "recipients":
        return f"Nơi nhận, dòng {what + 1}"
    for candidate, suffix in ((plan, ""), (parent, " của kế hoạch cấp trên")):
        found = _find(kind, what, candidate) if candidate is not None else ""
        if found:
            return found + suffix
    return ""


def _find(kind: str, keys: tuple[str, ...], plan: Plan) -> str:
    if kind == "body":
        return locations(plan).get(keys, "")  # remembered per plan (see numbering.locations)
    items: tuple[Task | Citation, ...] = plan.tasks if kind == "tasks" else plan.citations
    for n, item in enumerate(items, 1):
        if item.key == keys[0]:
            return f"Phụ lục, dòng {n}" if kind == "tasks" else f"Căn cứ, văn bản {n}"
    return ""


def place(problems: list[Any], plans: dict[str, Plan]) -> list[Any]:
    """The problems with ``where`` filled in from the resolved plans (by id) of their files."""
    by_file: dict[str, Plan] | None = None  # every plan by its file, made only when a file's name is not its id
    out = []
    for problem in problems:
        if problem.ref:
            # a plan's id is its file's name: found at once (the reviews of a province's plans
            # asked about each plan's problems, and listed 5,000 plans each time, issue #31)
            plan = plans.get(os.path.splitext(os.path.basename(problem.file))[0])
            if plan is None or plan.file != problem.file:
                by_file = by_file if by_file is not None else {p.file: p for p in plans.values()}
                plan = by_file.get(problem.file)
            if plan is not None:
                problem = problem.placed(label(problem.ref, plan, plans.get(plan.extends or "")))
        out.append(problem)
    return out
