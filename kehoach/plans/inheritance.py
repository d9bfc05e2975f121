"""Resolving a plan against its parent: keyed, explicit, item-by-item inheritance.

A child plan inherits everything it does not mention. Every list item has a ``key``; an
entry in a child's list that names a parent key *overrides* that item (or removes it with
``remove:``, or moves it with ``after:``/``before:``/``at:``); an entry with a new key is
*inserted* and must say where. A new key without a position is an error, never a silent
append. ``{replace: [...]}`` replaces a whole list. Scalars: the child wins; ``null`` never
deletes. Every resolved item carries an :class:`~kehoach.plans.model.Origin`.

Fields that name the issuing unit (unit, document, signature, recipients, archive, the
opening and closing sentences) belong to each plan and are never inherited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import PathT, Problems
from ..text.vietnamese import did_you_mean
from .checker import Entry, Keyed
from .model import (
    ADDED,
    CHANGED,
    DEFAULT_CUTOFF_DAY,
    INHERITED,
    Citation,
    DocumentInfo,
    Margins,
    Node,
    Origin,
    Plan,
    Recipient,
    Removed,
    Signature,
    Status,
    Task,
    Unit,
    Where,
    copy_with,
    plan_citation,
)
from .schema import CITATION, NODE, TASK, content_fields, needed_fields
from .source import Source

SCHEMAS = {"node": NODE, "task": TASK, "citation": CITATION}
FIELDS = {kind: content_fields(schema) for kind, schema in SCHEMAS.items()}  # what an override may change
POSITION_OPS = ("after", "before", "at")


class _Context:
    """What a merge needs to know about the plan being resolved."""

    def __init__(self, plan_id: str, parent_id: str | None, source: Source, problems: Problems, memo: dict[int, Any]):
        self.memo = memo
        self.plan_id = plan_id
        self.parent_id = parent_id
        self.source = source
        self.problems = problems
        self.removed: list[Removed] = []

    def err(self, path: PathT, message: str, hint: str) -> None:
        self.source.report(self.problems, path, message, hint)

    def already_reported(self, path: PathT) -> bool:
        return self.problems.reported(self.source.file, self.source.field(path))

    def origin(
        self,
        status: Status,
        entry: Entry,
        introduced_in: str | None = None,
        previous: Node | Task | Citation | None = None,
    ) -> Origin:
        line, col = self.source.at(entry.at)
        return Origin(status, self.plan_id, introduced_in or self.plan_id, previous, line, col)


def _inherit(item: Any, memo: dict[int, Any]) -> Any:
    """The same item as seen from a child: unchanged, from the plan that wrote it.

    Items are immutable, so the inherited copy of an item is made once and shared by every
    child (``memo`` maps id(item) to the item and its copy, keeping the item alive so the id
    stays unique): siblings share their inherited trees in memory.
    """
    hit = memo.get(id(item))
    if hit is not None:
        return hit[1]
    o = item.origin
    if (
        o.status == INHERITED
        and o.previous is None
        and (not isinstance(item, Node) or all(_inherit(c, memo) is c for c in item.items))
    ):
        result = item  # already exactly what a child sees
    else:
        origin = Origin(INHERITED, o.plan, o.introduced_in, None, o.line, o.col)
        if isinstance(item, Node):
            result = copy_with(item, origin=origin, items=tuple(_inherit(c, memo) for c in item.items))
        else:
            result = copy_with(item, origin=origin)
    memo[id(item)] = (item, result)
    return result


# Builders: one per kind of keyed item -------------------------------------------------------


def _fields(entry: Entry, kind: str) -> dict[str, Any]:
    """The content fields an entry writes, by attribute of the resolved item (lists as tuples)."""
    out = {}
    for name, attr in FIELDS[kind]:
        if name in entry:
            value = entry[name]
            out[attr] = tuple(value) if isinstance(value, list) else value
    return out


def _build_node(entry: Entry, ctx: _Context, origin: Origin) -> Node:
    items = ()
    if "items" in entry:
        items = _merge((), entry["items"], ctx, "node")  # all new: nothing to remove or override
    node = Node(key=entry.key, items=items, origin=origin, **_fields(entry, "node"))
    _check_node(node, entry, ctx)
    return node


def _build_task(entry: Entry, ctx: _Context, origin: Origin) -> Task:
    task = Task(key=entry.key, origin=origin, **_fields(entry, "task"))
    _check_task(task, entry, ctx)
    return task


def _build_citation(entry: Entry, ctx: _Context, origin: Origin) -> Citation:
    cit = Citation(key=entry.key, origin=origin, **_fields(entry, "citation"))
    _check_citation(cit, entry, ctx)
    return cit


# Checks: an item, new or overridden, must still say what the document prints. A child that
# blanks a field of an inherited item ("lead: ''") is told at that field, else at the entry.


def _at(entry: Entry, name: str) -> tuple[Any, ...]:
    return entry.at + (name,) if name in entry else entry.at


def _check_node(node: Node, entry: Entry, ctx: _Context) -> None:
    if not (node.title or node.unit or node.text or node.items) and not any(
        ctx.already_reported(entry.at + (f,)) for f in ("text", "title")
    ):
        ctx.err(
            next((entry.at + (f,) for f in ("text", "title", "unit") if f in entry), entry.at),  # the field blanked
            f"mục '{node.key}' không có nội dung",
            "Thêm 'text:' (nội dung) hoặc 'title:' (tiêu đề) cho mục mới."
            if node.origin is None or node.origin.status == ADDED
            else "Mục kế thừa phải còn 'text:' hoặc 'title:'; muốn bỏ mục thì ghi 'remove: <lý do>'.",
        )


def _check_task(task: Task, entry: Entry, ctx: _Context) -> None:
    for (required,), spec in needed_fields(TASK):
        if not getattr(task, required) and not ctx.already_reported(entry.at + (required,)):
            ctx.err(
                _at(entry, required),
                f"dòng nhiệm vụ '{task.key}' thiếu {spec.needed}",
                "Mỗi dòng phụ lục cần 'task' (nhiệm vụ), 'lead' (chủ trì) và 'deadline' (thời hạn).",
            )


def _check_citation(cit: Citation, entry: Entry, ctx: _Context) -> None:
    """A citation (a căn cứ line, NĐ 30/2020, PL1 II.6.a) names its document's kind, number and issuer."""
    for (required,), spec in needed_fields(CITATION):
        if not getattr(cit, required) and not ctx.already_reported(entry.at + (required,)):
            ctx.err(
                _at(entry, required),
                f"văn bản '{cit.key}' thiếu {spec.needed}",
                "Trích dẫn cần 'kind' (loại văn bản), 'number' (số, ký hiệu) và 'issuer' (cơ quan ban hành).",
            )


_BUILDERS = {"node": _build_node, "task": _build_task, "citation": _build_citation}
_CHECKS: dict[str, Callable[[Any, Entry, _Context], None]] = {
    "node": _check_node,
    "task": _check_task,
    "citation": _check_citation,
}
_WHERE: dict[str, Where] = {"node": "body", "task": "tasks", "citation": "documents"}
_NOUN = {"node": "mục", "task": "dòng nhiệm vụ", "citation": "văn bản"}


def _override(item: Any, entry: Entry, ctx: _Context, kind: str, ancestors: tuple[str, ...]) -> Any:
    """Apply an override entry to an inherited item."""
    changes = _fields(entry, kind)
    own_change = any(getattr(item, f) != v for f, v in changes.items())
    moved = any(op in entry for op in POSITION_OPS)
    updated = copy_with(item, **changes)
    if kind == "node" and "items" in entry:
        updated = copy_with(updated, items=_merge(item.items, entry["items"], ctx, "node", ancestors + (item.key,)))
    if own_change or moved:
        origin = ctx.origin(CHANGED, entry, item.origin.introduced_in, previous=item)
        updated = copy_with(updated, origin=origin)
    _CHECKS[kind](updated, entry, ctx)
    return updated


def _merge(  # noqa: C901
    parent_items: tuple[Any, ...],
    patch: Keyed | None,
    ctx: _Context,
    kind: str,
    ancestors: tuple[str, ...] = (),
    generated: tuple[Any, ...] = (),
) -> tuple[Any, ...]:
    """Merge one keyed list of a child against the parent's resolved list.

    ``generated`` items are made for this plan (the parent's citation): they follow the
    inherited ones and can be overridden like them, but were never inherited.
    """
    inherited: list[Any] = [_inherit(i, ctx.memo) for i in parent_items] + list(generated)
    if not patch:
        return tuple(inherited)
    build = _BUILDERS[kind]
    entries = patch.entries
    if patch.replace or not inherited:
        line, col = ctx.source.key_at(patch.at)
        for item in inherited:
            ctx.removed.append(Removed(_WHERE[kind], ancestors, item, "thay cả danh sách", True, line, col))
        result: list[Any] = []
        for entry in entries:
            for op in ("remove",) + POSITION_OPS:
                if op in entry:
                    hint = (
                        "Kế hoạch cấp trên không có danh sách này, nên mọi mục đều là mục mới theo thứ tự viết."
                        if not patch.replace and ctx.parent_id
                        else "Trong danh sách đầy đủ, thứ tự các mục là thứ tự viết; bỏ trường này."
                    )
                    ctx.err(entry.at + (op,), f"'{op}' không dùng được ở đây", hint)
            result.append(build(entry, ctx, ctx.origin(ADDED, entry)))
        return tuple(result)

    result = list(inherited)
    parent_keys = [i.key for i in inherited]
    for entry in entries:
        key = entry.key
        path = entry.at
        index = next((n for n, i in enumerate(result) if i.key == key), None)
        positions = [op for op in POSITION_OPS if op in entry]
        if len(positions) > 1:
            ctx.err(
                path,
                f"chỉ dùng một trong {', '.join(POSITION_OPS)} cho mỗi mục",
                "Chọn một vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'.",
            )
            continue
        if "remove" in entry:
            if index is None:
                ctx.err(
                    path + ("key",),
                    f"không thể xóa: {_NOUN[kind]} '{key}' không có trong kế hoạch cấp trên '{ctx.parent_id}'",
                    did_you_mean(key, parent_keys) or "Các khóa hiện có: " + ", ".join(parent_keys) + ".",
                )
                continue
            extra = [f for f in entry if f not in ("key", "remove")]
            if extra:
                ctx.err(
                    path + (extra[0],),
                    f"mục bị xóa không cần trường '{extra[0]}'",
                    "Bỏ các trường khác, chỉ giữ 'key' và 'remove'.",
                )
            item = result.pop(index)
            reason = entry["remove"] if isinstance(entry["remove"], str) else ""
            line, col = ctx.source.at(path + ("remove",))
            ctx.removed.append(Removed(_WHERE[kind], ancestors, item, reason, False, line, col))
            continue
        if index is None:
            if not positions:
                hint = did_you_mean(key, parent_keys)
                hint = (
                    hint + " " if hint else ""
                ) + "Để thêm mục mới, ghi vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'."
                ctx.err(
                    path + ("key",), f"{_NOUN[kind]} '{key}' không có trong kế hoạch cấp trên '{ctx.parent_id}'", hint
                )
                continue
            item = build(entry, ctx, ctx.origin(ADDED, entry))
        else:
            item = _override(result.pop(index), entry, ctx, kind, ancestors)
            if not positions:
                result.insert(index, item)
                continue
        op = positions[0]
        target = entry[op]
        if op == "at":
            result.insert(0 if target == "start" else len(result), item)
            continue
        at = next((n for n, i in enumerate(result) if i.key == target), None)
        if at is None:
            keys = [i.key for i in result]
            ctx.err(
                path + (op,),
                f"không có {_NOUN[kind]} với khóa '{target}' để đặt '{key}' {'sau' if op == 'after' else 'trước'}",
                did_you_mean(target, keys) or "Các khóa hiện có: " + ", ".join(keys) + ".",
            )
            result.insert(len(result) if index is None else index, item)
            continue
        result.insert(at + 1 if op == "after" else at, item)
    return tuple(result)


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _signature(sig: dict[str, Any] | None) -> Signature | None:
    if not sig or "title" not in sig or "name" not in sig:
        return None  # the schema reported what is missing
    authority = sig.get("authority", ())
    return Signature(
        title=sig["title"], name=sig["name"], authority=(authority,) if isinstance(authority, str) else tuple(authority)
    )


def resolve_one(
    plan_id: str, source: Source, data: dict[str, Any], parent: Plan | None, problems: Problems, memo: dict[int, Any]
) -> Plan:
    """Build the resolved :class:`Plan` for one file, given its resolved parent.

    ``memo`` is shared by the plans of one corpus so that inherited items are copied once.
    """
    ctx = _Context(plan_id, parent.id if parent else None, source, problems, memo)
    # missing required fields were reported by the schema; resolve with blanks to find more problems
    unit_data = {"name": "", "full": "", **data.get("unit", {})}
    if not unit_data.get("province") and parent is not None and parent.unit.province:
        unit_data["province"] = parent.unit.province  # a unit lies in its parent's province
    unit = Unit(**unit_data)
    document = DocumentInfo(**{"symbol": "", "subject": "", **data.get("document", {})})

    lint = data.get("lint", {})
    year = data.get("year") or (parent.year if parent else None) or (document.date.year if document.date else 0)
    lb = data.get("legal_basis", {})
    generated = (plan_citation(parent, Origin(ADDED, plan_id, plan_id)),) if parent else ()
    citations = _merge(parent.citations if parent else (), lb.get("documents"), ctx, "citation", generated=generated)

    appendix = data.get("appendix", {})
    margins = data.get("margins_mm")
    return Plan(
        id=plan_id,
        file=source.file,
        unit=unit,
        document=document,
        year=year,
        extends=data.get("extends"),
        reference_only=data.get("reference_only", False),
        lead=lb.get("lead") or (parent.lead if parent else "Thực hiện"),
        citations=citations,
        opening=lb.get("closing", ""),
        body=_merge(parent.body if parent else (), data.get("body"), ctx, "node"),
        closing=data.get("closing", ""),
        signature=_signature(data.get("signature")),
        recipients=tuple(Recipient(**r) for r in data.get("recipients", ())),
        archive=data.get("archive", ""),
        appendix_title=appendix.get("title") or (parent.appendix_title if parent else ""),
        tasks=_merge(parent.tasks if parent else (), appendix.get("tasks"), ctx, "task"),
        margins=Margins(**margins) if margins else (parent.margins if parent else Margins()),
        removed=tuple(ctx.removed),
        cross_year=data.get("cross_year", ""),
        lint_ignore=_as_tuple(lint.get("ignore", ())),
        cutoff_day=data.get("reporting", {}).get("cutoff_day", parent.cutoff_day if parent else DEFAULT_CUTOFF_DAY),
        lineage=(parent.lineage + (parent.id,)) if parent else (),
    )
