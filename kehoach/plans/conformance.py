"""Conformance (thực hiện việc cấp trên giao): does each child carry out what its parent assigns?

A parent *assigns* its appendix tasks (to their ``lead``) and the responsibility blocks of
'Tổ chức thực hiện' (to their ``unit``); :mod:`kehoach.plans.addressee` says to which kinds of
unit. For every child of a kind an item is addressed to, the item's state in the child is:

- ``inherited`` ✓ unchanged; ``adapted`` ✎ overridden; ``removed`` ✗ removed with a reason;
- ``missing`` ! removed without a reason, or dropped by a ``replace:`` of its list;
- ``late`` » the child's deadline falls due after the parent's (:meth:`Deadline.first_due`);
- ``lower`` ↓ a quota lower than the parent's (:mod:`kehoach.text.quota`).

The last three, and a child inheriting unchanged an item addressed to another level
(``sai-cap``), are warnings on the child's file (rules in :mod:`kehoach.plans.rules`).
:func:`matrix` gives a parent's whole picture, with the registered units that have no plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import PathT, Problem, Problems
from ..text.markup import opening, plain
from ..text.quota import Target, lower, targets
from .addressee import KINDS, Addressees, kind_of, of_item
from .corpus import Corpus
from .locate import place
from .memo import per_plan
from .model import INHERITED, Node, Plan, Task
from .numbering import anchor, locations, task_anchor, walk
from .registry import Registry, Unit, plan_day

STATES = {
    "inherited": ("✓", "kế thừa nguyên văn"),
    "adapted": ("✎", "đã điều chỉnh"),
    "removed": ("✗", "bỏ, có lý do"),
    "missing": ("!", "thiếu"),
    "late": ("»", "thời hạn muộn hơn"),  # in every text font; an alarm clock (emoji) was an empty box
    "lower": ("↓", "chỉ tiêu thấp hơn"),
}
RULE_OF = {"missing": "thieu-viec-giao", "late": "tre-han", "lower": "giam-chi-tieu"}
PLAN_OF_KIND = {
    "tinh": "cấp tỉnh",
    "so": "của sở, ban, ngành",
    "huyen": "cấp huyện",
    "xa": "cấp xã",
    "su-nghiep": "của đơn vị sự nghiệp",
    "nganh-doc": "của cơ quan ngành dọc",
    "trung-tam": "của trung tâm",
    "don-vi": "của đơn vị",
}


@dataclass(frozen=True)
class Assigned:
    """An item of a parent that assigns work: a task (``keys`` = its key) or a block (its key path)."""

    kind: str  # 'tasks' or 'body'
    keys: tuple[str, ...]
    label: str  # as the parent's document shows it: 'Phụ lục, dòng 1', 'IV.1'
    item: Task | Node
    to: Addressees

    @property
    def summary(self) -> str:
        return opening(self.full_text)

    @property
    def full_text(self) -> str:
        return plain(self.item.task if isinstance(self.item, Task) else self.item.heading)

    @property
    def anchor(self) -> str:
        """The item's id on the parent's page (see :mod:`kehoach.site.pages`)."""
        return task_anchor(self.keys[0]) if self.kind == "tasks" else anchor(self.keys)

    @property
    def field(self) -> str:
        if self.kind == "tasks":
            return f"appendix.tasks[{self.keys[0]}]"
        return "body" + ".items".join(f"[{k}]" for k in self.keys)


@dataclass(frozen=True)
class Cell:
    state: str
    detail: str = ""

    @property
    def mark(self) -> str:
        return STATES[self.state][0]


@dataclass
class Row:
    child: Plan
    kind: str
    cells: dict[tuple[str, tuple[str, ...]], Any] = field(
        default_factory=dict
    )  # Assigned.keys+kind → Cell, only for items addressed to it


@dataclass
class Matrix:
    parent: Plan
    items: list[Assigned]
    rows: list[Row]
    unplanned: list[Unit]  # registered units under the parent's unit with no plan for the year
    expected: int  # units expected to have a plan (registered, or children when not registered)
    planned: int

    @property
    def coverage(self) -> float:
        return self.planned / self.expected if self.expected else 1.0


@per_plan
def assigned(plan: Plan) -> list[Assigned]:
    """The items of ``plan`` that assign work, in document order (blocks, then tasks);
    remembered per plan (every child, the matrix and the pages ask)."""
    where = locations(plan)
    out = []
    for entry in walk(plan.body):
        if entry.node.unit:
            to = of_item(entry.node)
            if to is not None:
                out.append(Assigned("body", entry.path, where.get(entry.path, ""), entry.node, to))
    for n, task in enumerate(plan.tasks, 1):
        to = of_item(task)
        if to is not None:
            out.append(Assigned("tasks", (task.key,), f"Phụ lục, dòng {n}", task, to))
    return out


def _names(plan: Plan) -> tuple[str, ...]:
    return (plan.unit.full, plan.unit.short, plan.unit.name)  # compared with spaces and lines folded


def addressed_to(item: Assigned, child: Plan) -> bool:
    kind = kind_of(child.unit)
    return bool(kind) and item.to.includes(kind, _names(child))


def _find(child: Plan, item: Assigned) -> Any:
    if item.kind == "tasks":
        return next((t for t in child.tasks if t.key == item.keys[0]), None)
    nodes, found = child.body, None
    for key in item.keys:
        found = next((n for n in nodes if n.key == key), None)
        if found is None:
            return None
        nodes = found.items
    return found


def _removal(child: Plan, item: Assigned) -> Any:
    """How the child dropped the item: its :class:`Removed` entry, or that of an ancestor block."""
    for r in child.removed:
        keys = r.path + (r.item.key,)
        if r.where == item.kind and item.keys[: len(keys)] == keys:
            return r
    return None


def unchanged(item: Any) -> bool:
    """Inherited as it is: the item and everything under it."""
    if item.origin is None or item.origin.status != INHERITED:
        return False
    return all(unchanged(c) for c in getattr(item, "items", ()))


def own_quotas(item: Task | Node) -> tuple[Target, ...]:
    """The quotas of one task or item: as written (``target:``), else read from its own words
    (a task's recurring deadline gives their period when the words do not)."""
    if item.target:
        return item.target
    if isinstance(item, Task):
        return targets(item.task, item.deadline.kind if item.deadline else "")
    return targets(item.text)


def quotas(item: Task | Node) -> tuple[Target, ...]:
    """What an assigned item asks: a task's quotas, or those of a block and everything in it."""
    if isinstance(item, Task):
        return own_quotas(item)
    return tuple(t for node in [item] + [e.node for e in walk(item.items)] for t in own_quotas(node))


def cell(item: Assigned, child: Plan, parent: Plan) -> Cell:
    mine = _find(child, item)
    if mine is None:
        r = _removal(child, item)
        if r is None:
            return Cell("missing", "không còn trong kế hoạch")
        if r.replaced:
            return Cell("missing", "mất khi thay cả danh sách ('replace:')")
        if not r.reason:
            return Cell("missing", "bỏ mà không ghi lý do")
        return Cell("removed", r.reason)
    if unchanged(mine):
        return Cell("inherited")
    theirs = item.item
    if isinstance(mine, Task) and isinstance(theirs, Task) and mine.deadline and theirs.deadline:
        due, parent_due = mine.deadline.first_due(child.year), theirs.deadline.first_due(parent.year)
        if due and parent_due and due > parent_due:
            return Cell("late", f"'{mine.deadline.wording()}' sau '{theirs.deadline.wording()}'")
    lowered = lower(quotas(theirs), quotas(mine))
    if lowered:
        detail = "; ".join(f"{ours.wording()} < {theirs_.wording()}" for theirs_, ours in lowered)
        return Cell("lower", detail)
    return Cell("adapted")


def matrix(corpus: Corpus, parent_id: str, registry: Registry, planned: dict[int, set[str]] | None = None) -> Matrix:
    """The parent's picture. ``planned``: the registered units with a plan
    (:meth:`Registry.planned`), when the caller has them already."""
    parent = corpus.plans[parent_id]
    items = assigned(parent)
    rows = []
    for child_id in corpus.children.get(parent_id, []):
        child = corpus.plans[child_id]
        if child.reference_only:
            continue
        row = Row(child, kind_of(child.unit))
        for item in items:
            if addressed_to(item, child):
                row.cells[(item.kind, item.keys)] = cell(item, child, parent)
        rows.append(row)
    if planned is None:
        planned = registry.planned(corpus.plans.values())
    unplanned, expected, count = _coverage(corpus, parent, registry, planned.get(parent.year, set()))
    return Matrix(parent, items, rows, unplanned, expected, count)


def _coverage(corpus: Corpus, parent: Plan, registry: Registry, have: set[str]) -> tuple[list[Unit], int, int]:
    unit = registry.unit_of(parent)
    children = [corpus.plans[c] for c in corpus.children.get(parent.id, [])]
    if unit is None:
        return [], len(children), len(children)
    expected = registry.children(unit.id, on=plan_day(parent))  # the map as it stood for the plan
    unplanned = [u for u in expected if u.id not in have]
    registered = {u.id for u in expected}
    extra = [c for c in children if (u := registry.unit_of(c)) is None or u.id not in registered]
    return unplanned, len(expected) + len(extra), len(expected) - len(unplanned) + len(extra)


def assignments(corpus: Corpus, child: Plan) -> list[tuple[Assigned, Cell]]:
    """'Việc cấp trên giao': every item the parent addresses to ``child``, with its state."""
    parent = corpus.plans.get(child.extends or "")
    if parent is None or parent.reference_only:
        return []
    return [(item, cell(item, child, parent)) for item in assigned(parent) if addressed_to(item, child)]


def conformance_review(corpus: Corpus, plan_ids: Any = None) -> list[Problem]:
    """The conformance warnings of the children (or of ``plan_ids``), on their own files."""
    problems = Problems()
    for child in corpus.real():
        if plan_ids is not None and child.id not in plan_ids:
            continue
        parent = corpus.plans.get(child.extends or "")
        if parent is None or parent.reference_only or not kind_of(child.unit):
            continue
        for item in assigned(parent):
            if addressed_to(item, child):
                found = cell(item, child, parent)
                if found.state in RULE_OF:
                    _warn(problems, corpus, child, parent, item, found)
            else:
                mine = _find(child, item)
                if mine is not None and unchanged(mine):
                    _wrong_level(problems, corpus, child, item)
    silenced = {p.file: set(p.lint_ignore) for p in corpus.plans.values() if p.lint_ignore}
    kept = [p for p in problems.items if p.rule not in silenced.get(p.file, ())]
    return place(kept, corpus.plans)


def entry_path(data: Any, item: Assigned) -> tuple[Any, ...]:
    """Where the child's file writes the item (or the closest part of the file that exists)."""
    data = data if isinstance(data, dict) else {}
    base: PathT
    entries: Any
    if item.kind == "tasks":
        base, entries = ("appendix", "tasks"), (data.get("appendix") or {}).get("tasks")
    else:
        base, entries = ("body",), data.get("body")
    keys = item.keys
    for n, key in enumerate(keys):
        if isinstance(entries, dict) and "replace" in entries:
            entries, base = entries["replace"], base + ("replace",)
        index = next((i for i, e in enumerate(entries or []) if isinstance(e, dict) and e.get("key") == key), None)
        if index is None:
            return base
        base += (index,)
        if n < len(keys) - 1:
            entries, base = entries[index].get("items"), base + ("items",)
    return base


def _warn(problems: Problems, corpus: Corpus, child: Plan, parent: Plan, item: Assigned, found: Cell) -> None:
    source = corpus.sources[child.id]
    rule = RULE_OF[found.state]
    what = f"việc cấp trên '{parent.id}' giao ({item.label.rstrip('.')}: “{item.summary}”)"
    ref = (item.kind, item.keys)
    if found.state == "missing":
        removal = _removal(child, item)
        pos = (removal.line, removal.col) if removal and removal.line else source.at(entry_path(source.data, item))
        if removal and removal.replaced:
            message = f"'replace:' thay cả danh sách nên bỏ mất {what}"
            hint = (
                "Dùng danh sách có khóa thay cho 'replace:': sửa mục của cấp trên cho đơn vị mình, "
                'hoặc bỏ nó kèm lý do (- {key: …, remove: "lý do"}).'
            )
        else:
            message = f"bỏ {what} mà không ghi lý do"
            hint = 'Ghi lý do thay cho true: remove: "…" (ví dụ đơn vị không có đài truyền thanh).'
        problems.add(source.file, pos, item.field, message, hint, ref=ref, rule=rule)
        return
    path = entry_path(source.data, item)
    if found.state == "late":
        path += ("deadline",)
        message = f"thời hạn muộn hơn {what}: {found.detail}"
        hint = "Đặt thời hạn bằng hoặc sớm hơn thời hạn cấp trên giao."
    else:
        path += ("task",) if item.kind == "tasks" else ()
        message = f"chỉ tiêu thấp hơn {what}: {found.detail}"
        hint = "Giữ chỉ tiêu ít nhất bằng cấp trên giao; nếu câu chữ bị hiểu sai, ghi 'target:'."
    source.report(problems, path, message, hint, rule=rule)


def _wrong_level(problems: Problems, corpus: Corpus, child: Plan, item: Assigned) -> None:
    source = corpus.sources[child.id]
    kind = kind_of(child.unit)
    noun = "dòng này" if item.kind == "tasks" else "khối này"
    own = "đơn vị chủ trì của mình" if item.kind == "tasks" else "trách nhiệm của đơn vị mình"
    path = entry_path(source.data, item)
    written = isinstance(source.data, dict) and path[0] in source.data
    pos = source.at(path) if written else source.at(("extends",))
    problems.add(
        source.file,
        pos,
        item.field,
        f"{noun} giao cho {item.to.describe()}; kế hoạch {PLAN_OF_KIND.get(kind, 'này')} cần ghi {own}",
        "Sửa 'lead' (hoặc 'unit') cho đơn vị mình, bỏ kèm lý do (remove: \"…\"), hoặc ghi 'for:' nếu việc này "
        f"đúng là giao cho {KINDS.get(kind, kind)}.",
        ref=(item.kind, item.keys),
        rule="sai-cap",
    )
