"""Edits made in Word, written back into the plan's own YAML file, key by key.

The edited DOCX is compared with the plan's resolved text through the keys it carries (see
:mod:`kehoach.render.markers`): an edited text becomes the new text (for an inherited item, an
override in this plan; the parent's file is never touched), an item whose paragraph is gone is
removed (``remove: true`` and a TODO for the reason, or deleted when this plan added it), a new
paragraph with a label becomes a new item placed ``after:`` the one before it, a new paragraph
without one becomes another paragraph of the item before it, and an edited appendix cell
becomes that field. The file is changed with ruamel.yaml, so comments, key order, quoting and
folded texts stay as they were wherever nothing changed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..plans.model import ADDED, Plan
from ..plans.numbering import locations, walk
from ..render.markers import item_path, names, nth
from ..render.wording import units
from ..text.deadline import DeadlineError, parse_deadline
from ..text.markup import paragraphs, plain
from ..text.nd30 import LABEL_PREFIX
from ..text.vietnamese import slug
from .edited import Comment, Piece
from .emit import yaml_round_trip


@dataclass
class Change:
    """One difference: ``kind`` is text, remove or add; ``keys`` the item's keys from its list's
    root (``body`` or ``tasks``); ``fields`` the new values."""

    kind: str
    root: str
    keys: tuple[str, ...]
    fields: dict = field(default_factory=dict)
    after: str | None = None  # for 'add': the key before it; written only when the list inherits items
    where: str = ""
    positioned: bool = True  # False: the whole list is this plan's own, its order is the file's
    at: str | None = None  # 'start': first in its list (a new first sub-item of an item)


@dataclass
class Found:
    changes: list[Change]
    comments: list[tuple[str, Comment]]  # (where the comment is anchored, the comment)
    warnings: list[str]


def _depth(label: str) -> int:
    """How deep a label's kind nests: I. < 1. < 4.1. < a) < - < + (0 for no label)."""
    if not label:
        return 0
    if re.fullmatch(r"[IVX]+\.", label):
        return 1
    if re.fullmatch(r"\d+\.", label):
        return 2
    if re.fullmatch(r"\d+(\.\d+)+\.", label):
        return 3
    if re.fullmatch(r"[a-zđ]+\)", label):
        return 4
    return 5 if label.startswith(("-", "–")) else 6


def _strip_label(text: str, label: str) -> str:
    if label and text.startswith(label):
        return text[len(label) :].lstrip()
    return text


def _new_key(text: str, taken: set[str]) -> str:
    base = "-".join(slug(plain(text)).split("-")[:4])[:40].strip("-") or "muc-moi"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def compare(plan: Plan, pieces: list[Piece], comments: dict[str, Comment]) -> Found:
    """What the edited DOCX changes in ``plan``: each item's words, items removed and added, the
    closing, the appendix rows; and the comments, by where they are anchored."""
    c = _Comparison(plan, pieces)
    c.body()
    c.closing()
    c.appendix()
    return Found(c.out, c.comments(comments), c.warnings)


class _Comparison:
    """The edited paragraphs, found by the bookmarks that carry each item's key path."""

    def __init__(self, plan: Plan, pieces: list[Piece]):
        self.plan, self.pieces = plan, pieces
        self.paths_of = names(plan)  # bookmark name → key path, computed once
        self.by_path = {path: i for i, p in enumerate(pieces) for name in p.names if (path := self.paths_of.get(name))}
        self.where = locations(plan)
        self.out: list[Change] = []
        self.warnings: list[str] = []

    def body(self) -> None:
        removed: set[tuple[str, ...]] = set()
        for entry in walk(self.plan.body):
            keys = entry.path
            if any(keys[:n] in removed for n in range(1, len(keys))):
                continue
            base = item_path(keys)
            if base not in self.by_path:
                removed.add(keys)
                self.out.append(Change("remove", "body", keys, where=self.where[keys]))
                continue
            self.item(entry, base)

    def item(self, entry, base: str) -> None:
        """One item still in the document: its words, then the new items typed after it."""
        pieces, by_path, keys, node = self.pieces, self.by_path, entry.path, entry.node
        head = _strip_label(pieces[by_path[base]].text, entry.label)
        own = {by_path[nth(base, n)] for n in range(2, len(entry.rest) + 2) if nth(base, n) in by_path}
        following = _followers(pieces, by_path[base], own)  # own paragraphs and new ones, in order
        own_index = {pieces[i].index for i in own}
        rest = [p.text for p in following if p.index in own_index or not LABEL_PREFIX.match(p.text)]
        fields: dict = {}
        if node.heading:
            if head != node.heading:
                fields["unit" if node.unit and not node.title else "title"] = head.removeprefix("Đề nghị ")
            if rest != list(entry.rest):
                fields["text"] = "\n\n".join(rest)
        elif [head, *rest] != [entry.head, *entry.rest]:
            fields["text"] = "\n\n".join([head, *rest])
        if fields:
            self.out.append(Change("text", "body", keys, fields, where=self.where[keys]))
        self.added(entry, [p for p in following if p.index not in own_index])

    def added(self, entry, extra: list[Piece]) -> None:
        """New items: labelled paragraphs without keys right after an item's own paragraphs; a label
        of a deeper kind than the item's (a) after 1.) makes a first sub-item, any other a sibling."""
        keys, where = entry.path, self.where[entry.path]
        siblings = _siblings(self.plan, keys)
        taken = {n.key for n in siblings}
        own_list = all(n.origin is not None and n.origin.status == ADDED for n in siblings)
        children = entry.node.items
        child_taken = {n.key for n in children}
        child_own = all(n.origin is not None and n.origin.status == ADDED for n in children)
        previous, previous_child = keys[-1], None
        for p in extra:
            label = LABEL_PREFIX.match(p.text)
            if not label:
                continue
            text = p.text[label.end() :]
            if _depth(label.group().strip()) > _depth(entry.label):
                key = _new_key(text, child_taken)
                change = Change("add", "body", keys + (key,), {"text": text}, previous_child, f"trong {where}")
                change.positioned = bool(children) and not child_own
                change.at = "start" if previous_child is None and change.positioned else None
                self.out.append(change)
                previous_child = key
                continue
            key = _new_key(text, taken)
            self.out.append(
                Change("add", "body", keys[:-1] + (key,), {"text": text}, previous, f"sau {where}", not own_list)
            )
            previous = key

    def closing(self) -> None:
        paths = [nth("closing", n) for n in range(1, len(paragraphs(self.plan.closing)) + 1)]  # the ones bookmarked
        closing = [self.pieces[self.by_path[p]].text for p in paths if p in self.by_path]
        if closing and closing != paragraphs(self.plan.closing):
            self.out.append(Change("text", "closing", (), {"closing": "\n\n".join(closing)}, where="Đoạn kết"))

    def appendix(self) -> None:
        for n, task in enumerate(self.plan.tasks, 1):
            path = f"tasks/{task.key}"
            if path not in self.by_path:
                self.out.append(Change("remove", "tasks", (task.key,), where=f"Phụ lục, dòng {n}"))
                continue
            fields = self.row(n, task, self.pieces[self.by_path[path]].cells + [""] * 5)
            if fields:
                self.out.append(Change("text", "tasks", (task.key,), fields, where=f"Phụ lục, dòng {n}"))

    def row(self, n: int, task, cells: list[str]) -> dict:
        """The changed fields of one appendix row (a deadline not understood is kept, with a warning)."""
        fields: dict = {}
        if cells[1] != task.task:
            fields["task"] = cells[1]
        for column, name in ((2, "lead"), (3, "support")):
            shown = "\n".join(units(getattr(task, name)))
            if cells[column] != shown:
                lines = [line.strip().removeprefix("- ") for line in cells[column].split("\n") if line.strip()]
                fields[name] = lines if len(lines) > 1 else (lines[0] if lines else "")
        wording = " ".join(plain(cells[4]).split())
        if task.deadline is None or wording != task.deadline.wording():
            try:
                parse_deadline(wording)
                fields["deadline"] = wording
            except DeadlineError:
                self.warnings.append(f"Phụ lục, dòng {n}: không hiểu thời hạn '{wording}'; giữ thời hạn cũ.")
        return fields

    def comments(self, comments: dict[str, Comment]) -> list[tuple[str, Comment]]:
        """Each comment once, with where it is anchored (an item's key path, or the paragraph)."""
        seen: set[tuple[str, str, str]] = set()
        unique = []
        for piece in self.pieces:
            for cid in piece.comments:
                if cid not in comments:
                    continue
                place = next((self.paths_of[n] for n in piece.names if n in self.paths_of), "") or f"đoạn {piece.index}"
                c = comments[cid]
                if (place, c.author, c.text) not in seen:
                    seen.add((place, c.author, c.text))
                    unique.append((place, c))
        return unique


def _followers(pieces: list[Piece], head: int, own: set[int]) -> list[Piece]:
    """An item's further paragraphs (at ``own``) and the paragraphs with no key among and right after
    them, in order, up to the next paragraph of another item (its head is at ``head``)."""
    out = []
    i = head + 1
    while i < len(pieces) and not pieces[i].cells and (i in own or not pieces[i].names):
        if pieces[i].text:
            out.append(pieces[i])
        i += 1
    return out


def _siblings(plan: Plan, keys: tuple[str, ...]):
    nodes = plan.body
    for key in keys[:-1]:
        nodes = next(n for n in nodes if n.key == key).items
    return nodes


# --- writing the changes into the plan's own file ------------------------------------------


def _list(container, name: str, create: bool):
    value = container.get(name)
    if value is None:
        if not create:
            return None
        value = CommentedSeq()
        container[name] = value
    if isinstance(value, dict) and "replace" in value:
        value = value["replace"]
    return value


def _entry(items, key: str, create: bool):
    for entry in items:
        if isinstance(entry, dict) and entry.get("key") == key:
            return entry
    if not create:
        return None
    entry = CommentedMap([("key", key)])
    items.append(entry)
    return entry


def apply(text: str, plan: Plan, changes: list[Change]) -> str:
    """The plan file's text with the changes made in place."""
    yaml = yaml_round_trip()
    data = yaml.load(text)
    added_here = {e.path for e in walk(plan.body) if e.node.origin and e.node.origin.status == ADDED}
    tasks_here = {t.key for t in plan.tasks if t.origin and t.origin.status == ADDED}
    for change in changes:
        if change.root == "closing":
            data["closing"] = change.fields["closing"]
            continue
        if change.root == "tasks":
            appendix = data.get("appendix")
            if appendix is None:
                appendix = data["appendix"] = CommentedMap()
            items = _list(appendix, "tasks", True)
            here = change.keys[0] in tasks_here
        else:
            items = _list(data, "body", True)
            for key in change.keys[:-1]:
                items = _list(_entry(items, key, True), "items", True)
            here = change.keys in added_here
        key = change.keys[-1]
        if change.kind == "remove":
            entry = _entry(items, key, False)
            if here and entry is not None:
                items.remove(entry)
                continue
            entry = _entry(items, key, True)
            for name in [k for k in entry if k != "key"]:
                del entry[name]
            entry["remove"] = True
            entry.yaml_add_eol_comment("TODO lý do", "remove")
        elif change.kind == "add":
            position = [("at", change.at)] if change.at else [("after", change.after)] if change.positioned else []
            entry = CommentedMap([("key", key), *position, *change.fields.items()])
            at = next((i for i, e in enumerate(items) if isinstance(e, dict) and e.get("key") == change.after), None)
            if change.after is None:  # a first sub-item: first in the list
                items.insert(0, entry)
            elif at is None:
                items.append(entry)
            else:
                items.insert(at + 1, entry)
        else:
            entry = _entry(items, key, True)
            for name, value in change.fields.items():
                entry[name] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
