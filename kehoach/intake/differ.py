"""An imported plan as a child of a parent plan: only what differs, item by item.

Every list (citations, mục/khoản/điểm at every depth, appendix rows) of the imported plan is
aligned in order with the resolved parent's list by word similarity (diacritics folded). A
matched item takes the parent's key and is written only if it differs (an override with the
fields that changed); a parent item with no match becomes ``remove: true`` (the clerk writes
the reason); an imported item with no match is new, placed with ``after:``. A list that shares
too little with the parent's replaces it wholly (``replace:``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..plans.model import Citation, Node, Plan, Task, heading_of, plan_citation
from ..text.deadline import parse_date, parse_deadline
from ..text.markup import plain
from ..text.vietnamese import fold

MATCH = 0.55  # below this word similarity two items are different items
REPLACE = 0.3  # a list with fewer matches than this share replaces the parent's list


@dataclass
class Summary:
    """How many items of the imported plan are inherited unchanged, changed, removed and added."""

    inherited: int = 0
    changed: int = 0
    removed: int = 0
    added: int = 0
    replaced: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = (
            f"so với kế hoạch cấp trên: {self.inherited} mục kế thừa nguyên văn, {self.changed} mục sửa, "
            f"{self.removed} mục bỏ (cần ghi lý do), {self.added} mục thêm"
        )
        if self.replaced:
            text += f"; thay cả danh sách: {'; '.join(self.replaced)}"
        return text


def _words(text: str) -> list[str]:
    return fold(plain(text)).split()


def similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def align(parent: list[str], child: list[str]) -> list[tuple[int | None, int | None]]:
    """An in-order alignment of two lists of texts: pairs (i, j), (i, None) or (None, j),
    maximising the summed similarity of the matched pairs (each at least :data:`MATCH`)."""
    n, m = len(parent), len(child)
    sim = [[similarity(parent[i], child[j]) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= MATCH else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= MATCH and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    out += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return out


def _pair_left_over(pairs, parent: list, child: list[dict], parent_texts: list[str], child_texts: list[str]):
    """The alignment as (parent index, child index, moved), with the items it left unmatched paired
    where a clerk would see one item: the same text elsewhere in the list (a move), or the same key
    in the same place (point 'b' rewritten: an edit of the parent's 'b', not a removal and a 'b-2')."""
    first = [(a, b, False) for a, b in pairs]  # the alignment's own gaps, before any pairing here
    out = list(first)
    gone = {a for a, b, _ in out if b is None}
    for n, (a, b, _) in enumerate(out):
        if a is not None or b is None:
            continue
        moved = [i for i in gone if similarity(parent_texts[i], child_texts[b]) >= MATCH]
        same = [i for i in gone if parent[i].key == child[b].get("key") and _same_gap(first, i, n)]
        if moved:
            best = max(moved, key=lambda i: similarity(parent_texts[i], child_texts[b]))
            out[n] = (best, b, not _same_gap(first, best, n))
        elif same:
            out[n] = (same[0], b, False)
        else:
            continue
        gone.discard(out[n][0])
    return [(a, b, m) for a, b, m in out if not (b is None and a is not None and a not in gone)]


def _same_gap(pairs, parent_index: int, at: int) -> bool:
    """Whether the parent's unmatched item ``parent_index`` stands between the same matched items as
    the entry at ``at`` (so pairing them keeps the list's order)."""
    where = next(n for n, (a, b, _) in enumerate(pairs) if a == parent_index and b is None)
    low, high = sorted((where, at))
    return all(not (a is not None and b is not None) for a, b, _ in pairs[low + 1 : high])


def _joined(*parts: str | None) -> str:
    """What an item is matched by, a parent's and an imported one alike: its heading and its text,
    or a citation's kind, number and subject."""
    return " ".join(x for x in parts if x)


def _node_text(node: Node) -> str:
    return _joined(node.heading, node.text)


def _heading(entry: dict) -> str:
    """An imported item's heading as printed (the rule of :attr:`Node.heading`)."""
    return heading_of(entry.get("title"), entry.get("unit"), entry.get("request"))


def _entry_text(entry: dict) -> str:
    return _joined(_heading(entry), entry.get("text"))


class Differ:
    def __init__(self) -> None:
        self.summary = Summary()

    def _merge_list(
        self, where: str, parent: list, child: list[dict], text_of_parent, text_of_child, diff_item, count
    ) -> list[dict] | dict | None:
        """The entries of a child list against the parent's list; None when nothing differs."""
        parent_texts, child_texts = [text_of_parent(p) for p in parent], [text_of_child(c) for c in child]
        aligned = align(parent_texts, child_texts)
        matched = sum(1 for a, b in aligned if a is not None and b is not None)
        if parent and child and matched < REPLACE * max(len(parent), len(child)):
            self.summary.replaced.append(f"{where} (bỏ {', '.join(p.key for p in parent)})")
            self.summary.added += len(child)
            return {"replace": child}
        out: list[dict] = []
        taken = {p.key for p in parent}
        previous: str | None = None
        for a, b, moved in _pair_left_over(aligned, parent, child, parent_texts, child_texts):
            if a is not None and b is not None:
                entry = diff_item(parent[a], child[b])
                if moved:  # the same item elsewhere in the list: a move, not a removal and an addition
                    entry = {
                        **(entry or {"key": parent[a].key}),
                        **({"after": previous} if previous else {"at": "start"}),
                    }
                    if len(entry) == 2:  # moved, not edited: the differ counted it inherited
                        self.summary.inherited -= 1
                        self.summary.changed += 1
                if entry:
                    out.append(entry)
                previous = parent[a].key
            elif a is not None:
                out.append({"key": parent[a].key, "remove": True})
                self.summary.removed += 1
            else:
                assert b is not None
                new = child[b]
                key, n = new["key"], 2
                while key in taken:
                    key, n = f"{new['key']}-{n}", n + 1
                taken.add(key)
                position = {"after": previous} if previous else {"at": "start"}
                out.append({"key": key, **position, **{k: v for k, v in new.items() if k != "key"}})
                self.summary.added += 1
                previous = key
        return out or None

    # nodes (mục, khoản, điểm) ---------------------------------------------------------------

    def node(self, parent: Node, child: dict) -> dict | None:
        entry: dict = {"key": parent.key}
        head = child.get("title") or child.get("unit")
        request = bool(child.get("request"))
        if head and _heading(child) != parent.heading:  # a heading the document lacks stays the parent's
            if parent.unit and not parent.title:
                entry["unit"] = head
                if request != parent.request:
                    entry["request"] = request
            else:
                entry["title"] = head
        if child.get("text") and child["text"] != parent.text:  # nor can a text be emptied
            entry["text"] = child["text"]
        if not parent.items and not child.get("items"):
            pass
        else:
            items = self.nodes(parent.items, child.get("items", []), f"{parent.key}.items")
            if items is not None:
                entry["items"] = items
        if len(entry) == 1:
            self.summary.inherited += 1
            return None
        if set(entry) - {"key", "items"}:
            self.summary.changed += 1
        else:
            self.summary.inherited += 1
        return entry

    def nodes(self, parent: tuple[Node, ...], child: list[dict], where: str) -> list[dict] | dict | None:
        return self._merge_list(where, list(parent), child, _node_text, _entry_text, self.node, _count_node)

    # appendix rows and citations --------------------------------------------------------

    # A field the document leaves blank stays the parent's: a plan's field cannot be emptied (the
    # check refuses an empty value), and the clerk sees the parent's text in the resolved plan.

    def task(self, parent: Task, child: dict) -> dict | None:
        """A row as the parser reads it: 'task', 'lead' and 'deadline' always, 'support' when given."""
        entry: dict = {"key": parent.key}
        if child["task"] and child["task"] != parent.task:
            entry["task"] = child["task"]
        for f in ("lead", "support"):
            mine = child.get(f)
            theirs = getattr(parent, f)
            if mine and (tuple(mine) if isinstance(mine, list) else mine) != theirs:
                entry[f] = mine
        wording = child["deadline"]
        if parse_deadline(wording) != parent.deadline:
            entry["deadline"] = wording
        return self._counted(entry)

    def citation(self, parent: Citation, child: dict) -> dict | None:
        entry: dict = {"key": parent.key}
        for f in ("kind", "number", "issuer", "about"):
            if child.get(f) and child[f] != getattr(parent, f):
                entry[f] = child[f]
        if child.get("date") and parse_date(child["date"]) != parent.date:
            entry["date"] = child["date"]
        return self._counted(entry)

    def _counted(self, entry: dict) -> dict | None:
        if len(entry) == 1:
            self.summary.inherited += 1
            return None
        self.summary.changed += 1
        return entry


def _count_node(node: Node) -> int:
    return 1 + sum(_count_node(c) for c in node.items)


def as_child(data: dict, parent: Plan, parent_id: str) -> tuple[dict, Summary]:
    """The plan data of an imported document written as a child of ``parent``."""
    differ = Differ()
    out: dict = {"extends": parent_id}
    if data.get("year") and data["year"] != parent.year:
        out["year"] = data["year"]
    for own in ("unit", "document"):
        out[own] = data[own]
    legal = dict(data.get("legal_basis", {}))
    expected = list(parent.citations) + [plan_citation(parent)]
    documents = differ._merge_list(
        "legal_basis.documents",
        expected,
        legal.get("documents", []),
        lambda c: _joined(c.kind, c.number, c.about),
        lambda c: _joined(c["kind"], c["number"], c.get("about")),  # the parser gives kind and number
        differ.citation,
        lambda c: 1,
    )
    legal.pop("documents", None)
    if documents is not None:
        legal["documents"] = documents
    if legal.get("lead") == parent.lead:
        legal.pop("lead")
    out["legal_basis"] = {k: legal[k] for k in ("lead", "documents", "closing") if k in legal}
    body = differ.nodes(parent.body, data.get("body", []), "body")
    if body is not None:
        out["body"] = body
    for own in ("closing", "signature", "recipients", "archive"):
        if own in data:
            out[own] = data[own]
    appendix = data.get("appendix", {})
    child_appendix: dict = {}
    if appendix.get("title") and appendix["title"] != parent.appendix_title:
        child_appendix["title"] = appendix["title"]
    tasks = differ._merge_list(
        "appendix.tasks",
        list(parent.tasks),
        appendix.get("tasks", []),
        lambda t: t.task,
        lambda t: t["task"],
        differ.task,
        lambda t: 1,
    )
    if tasks is not None:
        child_appendix["tasks"] = tasks
    if child_appendix:
        out["appendix"] = child_appendix
    return out, differ.summary
