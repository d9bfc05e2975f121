"""Carrying a plan into next year: the same child's file, re-applied onto the parent's new plan.

The unit's own fields are carried over with the year moved on (number and date left out: the
new plan is a draft). Every entry the child wrote (an override, a removal, an added item) is
re-applied onto the new parent, key by key, and what no longer fits is reported, never dropped
silently:

- an override or a removal of a key the new parent no longer has (the override is kept in the
  file as a comment, for the clerk to move);
- an item the child changed whose text in the parent has changed since (both texts shown);
- an added item placed after or before a key the new parent no longer has (moved to the end);
- a deadline still in the old year;
- words of the old year in the body or the appendix ("năm 2024", "quý IV/2024").

A plan with no parent (a province's) is carried into the next year by :func:`next_year`; a
commune's plan is moved onto the map of 1/7/2025 by :func:`onto_unit` (names and code from it).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from ..plans.model import Node, Plan
from ..plans.numbering import locations
from ..plans.source import Source
from ..text.deadline import DeadlineError, parse_deadline
from ..text.markup import plain

_POSITIONS = ("after", "before", "at")


@dataclass(frozen=True)
class Conflict:
    line: int
    col: int
    where: str  # the field path in the old file, list items by key
    message: str

    def format(self, file: str) -> str:
        return f"{file}:{self.line}:{self.col}: {self.where}: {self.message}"


def _short(text: str, width: int = 90) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _Rebase:
    def __init__(self, source: Source, child: Plan, old: Plan, new: Plan):
        self.source, self.child, self.old, self.new = source, child, old, new
        self.conflicts: list[Conflict] = []
        self.commented: list[str] = []
        self.old_places = locations(old)
        self.new_places = locations(new)

    def conflict(self, path: tuple, message: str) -> None:
        line, col = self.source.at(path)
        self.conflicts.append(Conflict(line, col, self.source.field(path), message))

    def nodes(self, entries: list, path: tuple, old: tuple[Node, ...], new: tuple[Node, ...], keys: tuple) -> list:
        """The entries of one keyed list of the body, re-applied onto the new parent's list."""
        old_by_key = {n.key: n for n in old}
        new_by_key = {n.key: n for n in new}
        kept_keys = set(new_by_key)
        out = []
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or "key" not in entry:
                out.append(entry)
                continue
            here = path + (index,)
            key = entry["key"]
            added = key not in old_by_key
            if added and key in new_by_key and isinstance(entry.get("items"), list):
                # the old parent had no such item: its list was wholly this plan's; the new parent's
                # items must not be merged into it by accident, so it replaces them
                self.conflict(
                    here,
                    f"mục '{key}' là của riêng kế hoạch này, nay kế hoạch cấp trên mới '{self.new.id}' cũng có "
                    "mục cùng khóa: danh sách mục con của kế hoạch này thay cả danh sách của cấp trên (replace:); "
                    "xem lại những việc cấp trên giao trong đó",
                )
                entry = {k: v for k, v in entry.items() if k not in _POSITIONS}
                entry["items"] = {"replace": entry["items"]}
                kept_keys.add(key)
                out.append(entry)
                continue
            if added:
                out.append(self._added(entry, here, kept_keys, set(new_by_key), "mục"))
                continue
            if key not in new_by_key:
                if "remove" in entry:
                    self.conflict(
                        here,
                        f"mục '{key}' đã bỏ ở đây, nhưng kế hoạch cấp trên mới '{self.new.id}' không còn "
                        "mục này: không cần bỏ nữa (đã xóa dòng này)",
                    )
                else:
                    self.conflict(
                        here,
                        f"mục '{key}' được sửa ở đây, nhưng kế hoạch cấp trên mới '{self.new.id}' không "
                        "còn mục này: phần sửa được giữ dưới dạng chú thích ở cuối tệp; chèn lại nếu cần",
                    )
                    self.commented.append(f"{self.source.field(here)}: {entry}")
                continue
            before, after = old_by_key[key], new_by_key[key]
            own = {f for f in ("title", "unit", "text") if f in entry}
            if own and any(getattr(before, f) != getattr(after, f) for f in own):
                field = next(
                    f for f in ("text", "title", "unit") if f in own and getattr(before, f) != getattr(after, f)
                )
                place = self.new_places.get(keys + (key,), key)
                self.conflict(
                    here,
                    f"mục {place} được sửa ở đây, và kế hoạch cấp trên mới cũng đã đổi nó. Trước: "
                    f"“{_short(getattr(before, field))}”. Nay: “{_short(getattr(after, field))}”. "
                    "Phần sửa ở đây được giữ; xem lại.",
                )
            if isinstance(entry.get("items"), list):
                entry = dict(entry)
                entry["items"] = self.nodes(entry["items"], here + ("items",), before.items, after.items, keys + (key,))
            out.append(entry)
        return out

    def flat(self, entries: list, path: tuple, old_keys: set[str], new_keys: set[str], noun: str) -> list:
        """Tasks and citations: one level, the same rules."""
        out = []
        kept = set(new_keys)
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or "key" not in entry:
                out.append(entry)
                continue
            here = path + (index,)
            key = entry["key"]
            if key not in old_keys:
                entry = self._added(entry, here, kept, new_keys, noun)
            elif key not in new_keys:
                if "remove" not in entry:
                    self.commented.append(f"{self.source.field(here)}: {entry}")
                self.conflict(
                    here,
                    f"{noun} '{key}' không còn trong kế hoạch cấp trên mới '{self.new.id}'"
                    + ("" if "remove" in entry else ": phần sửa được giữ dưới dạng chú thích ở cuối tệp"),
                )
                continue
            if noun == "dòng nhiệm vụ" and "deadline" in entry and not entry.get("cross_year"):
                try:
                    deadline = parse_deadline(str(entry["deadline"]))
                except DeadlineError:
                    deadline = None
                if deadline is not None and deadline.outside_year(self.new.year):
                    moved = _move_year(str(entry["deadline"]), self.child.year, self.new.year)
                    entry = {**entry, "deadline": moved}
                    self.conflict(
                        here + ("deadline",),
                        f"thời hạn '{deadline.wording()}' ở năm cũ, ngoài năm "
                        f"{self.new.year} của kế hoạch mới: đã đổi thành '{moved}'; xem lại",
                    )
            out.append(entry)
        return out

    def _added(self, entry: dict, here: tuple, kept: set[str], new_keys: set[str], noun: str) -> dict:
        """An item the old plan added: if the new parent has its key now, the entry turns into an
        override of the parent's item, which the clerk must know; its position must still exist."""
        key = entry["key"]
        if key in new_keys:
            self.conflict(
                here,
                f"{noun} '{key}' được thêm ở đây, nay kế hoạch cấp trên mới cũng có khóa này: "
                "dòng này thành phần sửa mục của cấp trên; đổi khóa nếu đó là mục khác",
            )
        entry = self._placed(entry, here, kept, bool(new_keys))
        kept.add(key)
        return entry

    def _placed(self, entry: dict, here: tuple, keys: set[str], parent_has_list: bool) -> dict:
        """An added item: its position must name a key that still exists."""
        for op in ("after", "before"):
            if op in entry and entry[op] not in keys:
                self.conflict(
                    here + (op,),
                    f"'{op}: {entry[op]}' chỉ tới mục kế hoạch cấp trên mới không còn: "
                    "đã chuyển mục về cuối danh sách (at: end)",
                )
                entry = {k: v for k, v in entry.items() if k != op}
                entry["at"] = "end"
        if parent_has_list and not any(op in entry for op in _POSITIONS):
            entry = {**entry, "at": "end"}  # a new item in a list the parent now has: it must say where
        return entry


def _move_year(text: str, old: int, new: int) -> str:
    return re.sub(rf"\b{old}\b", str(new), text)


_OLD_YEAR = re.compile(r"\b(?:năm|quý\s+[IVX]+\s*/|tháng\s+\d{1,2}\s*/)\s*(\d{4})\b", re.IGNORECASE)


def _old_years(source: Source, data: Any, path: tuple, year: int, out: list[Conflict]) -> None:
    """Words of a year before ``year`` in the texts of the body and appendix the file writes."""
    if isinstance(data, dict):
        for key, value in data.items():
            _old_years(source, value, path + (key,), year, out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _old_years(source, value, path + (i,), year, out)
    elif isinstance(data, str) and path[-1] in ("text", "title", "task"):
        old = [m for m in _OLD_YEAR.finditer(data) if int(m[1]) < year]
        if old:
            line, col = source.at(path)
            message = f"nội dung còn nhắc năm cũ '{old[0][0]}': sửa cho năm {year} nếu là việc của năm nay"
            out.append(Conflict(line, col, source.field(path), message))


def next_year(source: Source, plan: Plan, year: int) -> tuple[dict, list[Conflict]]:
    """A plan with no parent carried into ``year``: its own file, as a draft, the year moved on in
    its subject and closings and in its deadlines (each reported), old-year words reported."""
    data = copy.deepcopy(source.data)
    assert isinstance(data, dict)
    conflicts: list[Conflict] = []
    data["year"] = year
    _draft(data, plan.year, year)
    for i, task in enumerate(data.get("appendix", {}).get("tasks") or []):
        if isinstance(task, dict) and isinstance(task.get("deadline"), str) and str(plan.year) in task["deadline"]:
            moved = _move_year(task["deadline"], plan.year, year)
            line, col = source.at(("appendix", "tasks", i, "deadline"))
            where = source.field(("appendix", "tasks", i, "deadline"))
            conflicts.append(
                Conflict(line, col, where, f"thời hạn '{task['deadline']}' đã chuyển thành '{moved}', cần xem lại")
            )
            task["deadline"] = moved
    for part in ("body", "appendix"):
        _old_years(source, data.get(part), (part,), year, conflicts)
    return data, sorted(conflicts, key=lambda c: (c.line, c.col))


def onto_unit(data: dict, official: Any) -> None:
    """Write the unit of the map (:class:`kehoach.plans.map.Place`) into a plan's data: header,
    names, kind, code and place; the old parent agency goes (a commune has none in its header)."""
    old = data.get("unit", {}).get("full", "")
    unit = data.setdefault("unit", {})
    for gone in ("parent_agency", "id", "short"):
        unit.pop(gone, None)
    unit.update({"name": official.header, "full": official.council, "level": official.kind, "code": official.code})
    unit.pop("kind", None)
    data.setdefault("document", {})["place"] = official.place_name
    for holder, key in (
        (data.get("document", {}), "subject"),
        (data.get("legal_basis", {}), "closing"),
        (data, "closing"),
    ):
        if old and isinstance(holder.get(key), str):
            holder[key] = (
                holder[key]
                .replace(old, official.council)
                .replace(old.removeprefix("UBND "), official.council.removeprefix("UBND "))
            )


def _draft(data: dict, old_year: int, new_year: int) -> None:
    """A next year's draft: no number, no date; the year moved on where the plan names itself."""
    document = data.get("document", {})
    document.pop("number", None)
    document.pop("date", None)
    if "subject" in document:
        document["subject"] = _move_year(document["subject"], old_year, new_year)
    legal = data.get("legal_basis", {})
    if isinstance(legal.get("closing"), str):
        legal["closing"] = _move_year(legal["closing"], old_year, new_year)
    if isinstance(data.get("closing"), str):
        data["closing"] = _move_year(data["closing"], old_year, new_year)


def rebase(source: Source, child: Plan, old_parent: Plan, new_parent: Plan) -> tuple[dict, list[Conflict], list[str]]:
    """The new plan data, the conflicts (positions in the old file) and the overrides kept as comments."""
    data = copy.deepcopy(source.data)
    assert isinstance(data, dict)
    work = _Rebase(source, child, old_parent, new_parent)
    old_year, new_year = child.year, new_parent.year
    data["extends"] = new_parent.id
    if "year" in data:
        data["year"] = new_year
    _draft(data, old_year, new_year)
    legal = data.get("legal_basis", {})
    if isinstance(legal.get("documents"), list):
        for entry in legal["documents"]:
            if isinstance(entry, dict) and entry.get("key") == old_parent.id:
                entry["key"] = new_parent.id  # the citation of the parent follows the new parent
                for f in ("number", "date", "about"):
                    entry.pop(f, None)
        old_keys = {c.key for c in old_parent.citations} | {new_parent.id}
        new_keys = {c.key for c in new_parent.citations} | {new_parent.id}
        legal["documents"] = work.flat(legal["documents"], ("legal_basis", "documents"), old_keys, new_keys, "văn bản")
    if isinstance(data.get("body"), list):
        data["body"] = work.nodes(data["body"], ("body",), old_parent.body, new_parent.body, ())
    tasks = data.get("appendix", {}).get("tasks")
    if isinstance(tasks, list):
        data["appendix"]["tasks"] = work.flat(
            tasks,
            ("appendix", "tasks"),
            {t.key for t in old_parent.tasks},
            {t.key for t in new_parent.tasks},
            "dòng nhiệm vụ",
        )
    old_file = source.data if isinstance(source.data, dict) else {}
    for part in ("body", "appendix"):  # positions in the old file, as every conflict's
        _old_years(source, old_file.get(part), (part,), new_year, work.conflicts)
    return data, sorted(work.conflicts, key=lambda c: (c.line, c.col)), work.commented


def leave_out_others(data: dict, parent: Plan, kind: str, names: tuple[str, ...]) -> int:
    """Write ``remove:`` (with the reason) for each item of ``parent`` that assigns work to other
    kinds of unit than ``kind``, where the plan's file does not already write that item; returns
    how many. Items in a list the file replaces wholly are gone already."""
    from ..plans.addressee import KINDS
    from ..plans.conformance import assigned

    count = 0
    for item in assigned(parent):
        if item.to.includes(kind, names):
            continue
        reason = f"Việc giao cho {item.to.describe()}, không phải {KINDS.get(kind, kind)}."
        if item.kind == "tasks":
            holder = data.setdefault("appendix", {})
            entries = holder.get("tasks")
            if entries is None:
                entries = holder["tasks"] = []
        else:
            entries = data.get("body")
            if entries is None:
                entries = data["body"] = []
            for key in item.keys[:-1]:
                if not isinstance(entries, list):
                    break
                entry = next((e for e in entries if isinstance(e, dict) and e.get("key") == key), None)
                if entry is None:
                    entry = {"key": key}
                    entries.append(entry)
                entries = entry.setdefault("items", [])
        if not isinstance(entries, list) or any(isinstance(e, dict) and e.get("key") == item.keys[-1] for e in entries):
            continue  # a replaced list, or an item the plan writes itself
        entries.append({"key": item.keys[-1], "remove": reason})
        count += 1
    return count


_TEXT_FIELDS = ("title", "unit", "text", "task", "lead", "support", "deadline")


def merge(first: dict, other: dict, other_source: Source, first_file: str) -> tuple[list[Conflict], list[str]]:
    """Fold ``other`` (a rebased old plan of a unit that merged into the same new one) into
    ``first``, item by item: an item only ``other`` writes is added; an item both write the same
    way is written once; an item both change differently keeps ``first``'s text, and ``other``'s is
    kept as a comment and reported (its position in ``other``'s old file). Returns the conflicts
    and the comment lines."""
    conflicts: list[Conflict] = []
    commented: list[str] = []

    def lists(mine: Any, theirs: Any, path: tuple) -> Any:
        if isinstance(mine, dict) and "replace" in mine and isinstance(theirs, dict) and "replace" in theirs:
            return {
                "replace": lists(mine["replace"], theirs["replace"], path)
            }  # the wrapper is the rebase's, not the file's
        if isinstance(mine, dict) and "replace" in mine and isinstance(theirs, list):
            return {"replace": lists(mine["replace"], theirs, path)}
        if not isinstance(mine, list) or not isinstance(theirs, list):
            return mine if mine is not None else theirs
        by_key = {e["key"]: e for e in mine if isinstance(e, dict) and "key" in e}
        out = list(mine)
        for index, entry in enumerate(theirs):
            if not isinstance(entry, dict) or "key" not in entry:
                continue
            here = path + (index,)
            found = by_key.get(entry["key"])
            if found is None:
                out.append(entry)
                continue
            differs = [f for f in _TEXT_FIELDS if f in entry and f in found and entry[f] != found[f]]
            if "remove" in entry and "remove" not in found and any(f in found for f in _TEXT_FIELDS):
                differs.append("remove")
            if differs:
                field = differs[0]
                line, col = other_source.at(here + ((field,) if field != "remove" else ()))
                conflicts.append(
                    Conflict(
                        line,
                        col,
                        other_source.field(here),
                        f"hai kế hoạch cũ sửa mục '{entry['key']}' khác nhau ({field}): giữ bản của {first_file}, "
                        f"bản này ghi ở chú thích cuối tệp: “{_short(str(entry.get(field, 'bỏ')))}”",
                    )
                )
                commented.append(f"{other_source.field(here)} ({other_source.file}): {entry}")
            if isinstance(found.get("items"), list | dict) and "items" in entry:
                index_in_out = out.index(found)
                out[index_in_out] = {**found, "items": lists(found["items"], entry["items"], here + ("items",))}
        return out

    if "body" in other:
        first["body"] = lists(first.get("body"), other["body"], ("body",))
    tasks = other.get("appendix", {}).get("tasks")
    if tasks is not None:
        holder = first.setdefault("appendix", {})
        holder["tasks"] = lists(holder.get("tasks"), tasks, ("appendix", "tasks"))
    documents = other.get("legal_basis", {}).get("documents")
    if documents is not None:
        holder = first.setdefault("legal_basis", {})
        holder["documents"] = lists(holder.get("documents"), documents, ("legal_basis", "documents"))
    return conflicts, commented
