"""Carrying a plan into next year: the same child's file, re-applied onto the parent's new plan.

The unit's own fields are carried over with the year moved on (number and date left out: the
new plan is a draft). Every entry the child wrote (an override, a removal, an added item) is
re-applied onto the new parent, key by key, and what no longer fits is reported, never dropped
silently:

- an override or a removal of a key the new parent no longer has (the override is kept in the
  file as a comment, for the clerk to move);
- an item the child changed whose text in the parent has changed since (both texts shown);
- an added item placed after or before a key the new parent no longer has (moved to the end);
- a deadline still in the old year.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

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


def rebase(source: Source, child: Plan, old_parent: Plan, new_parent: Plan) -> tuple[dict, list[Conflict], list[str]]:
    """The new plan data, the conflicts (positions in the old file) and the overrides kept as comments."""
    data = copy.deepcopy(source.data)
    assert isinstance(data, dict)
    work = _Rebase(source, child, old_parent, new_parent)
    old_year, new_year = child.year, new_parent.year
    data["extends"] = new_parent.id
    if "year" in data:
        data["year"] = new_year
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
    return data, sorted(work.conflicts, key=lambda c: (c.line, c.col)), work.commented
