"""Labels of mục, khoản and điểm, computed from position after inheritance.

- depth 1 (mục): I. II. III.
- depth 2 (khoản): 1. 2. 3.
- deeper: by the parent's ``style``: ``letter`` a) b) … đ) e) g) (the default under a khoản),
  ``number`` 1. 2. (4.1. 4.2. under a numbered parent), ``dash`` - (the default under a
  điểm), or ``plain`` (no label).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..text.markup import paragraphs
from ..text.vietnamese import letter, roman, upper
from .memo import per_plan
from .model import Node, Plan

# Anchors: how a page names each item, declared once. An item's anchor is its key path joined by
# SEPARATOR, a character no key may hold (schema.KEY_PATTERN), so two paths never give one anchor and
# renumbering or renaming leaves it as it was. Appendix rows and citations get theirs under a prefix.
# The ids a plan page gives its own parts (PAGE_IDS) are refused as top-level keys (validation).
SEPARATOR = "/"
TASK_PREFIX, CITATION_PREFIX = "phu-luc", "can-cu"
PROGRESS, PROGRESS_ENTRIES = "tien-do", "viec-da-lam"  # the "Tiến độ thực hiện" section and its list of entries
PAGE_IDS = frozenset(
    {
        TASK_PREFIX,
        CITATION_PREFIX,
        "so-sanh",
        "so-sanh-da-bo",
        "so-sanh-da-sua",
        "so-sanh-bo-sung",
        "so-voi-cap-tren",
        "tom-tat",
        "viec-den-han",
        "bang-nhiem-vu-ke-hoach",
        "viec-cap-tren-giao",
        "thuc-hien-o-cap-duoi",
        "theo-cap",
        "tien-do-cap-duoi",
        PROGRESS,
        PROGRESS_ENTRIES,
        "chua-co-ke-hoach",
        "kiem-tra-noi-dung",
    }
)


def anchor(path: tuple[str, ...]) -> str:
    """The permanent anchor of the item at ``path``: 'noi-dung-hinh-thuc/noi-dung/c'."""
    return SEPARATOR.join(path)


def task_anchor(key: str) -> str:
    return f"{TASK_PREFIX}{SEPARATOR}{key}"


def citation_anchor(key: str) -> str:
    return f"{CITATION_PREFIX}{SEPARATOR}{key}"


def comparison_anchor(item_anchor: str) -> str:
    """The item's line in the list of changes against the parent."""
    return f"so-sanh{SEPARATOR}{item_anchor}"


# What a reader cites, as a link: '#II.1.c' (điểm c khoản 1 mục II), '#phu-luc-3', '#can-cu-2'.
_CITED = re.compile(r"^([IVXLC]+)((?:\.\d+)*)(?:\.([a-zđ]))?$", re.IGNORECASE)


def cited_form(location: str) -> str:
    """The form a reader cites an item by, from where it stands ('II.1.c)' → 'II.1.c'), or '' when
    the place is not a mục, khoản or điểm (a paragraph, a dash item)."""
    text = location.rstrip(").").strip()
    match = _CITED.match(text)
    if not match:
        return ""
    roman_part, numbers, point = match.groups()
    return roman_part.upper() + numbers + (f".{point.lower()}" if point else "")


def task_label(n: int) -> str:
    return f"{TASK_PREFIX}-{n}"


def citation_label(n: int) -> str:
    return f"{CITATION_PREFIX}-{n}"


@dataclass(frozen=True)
class Labelled:
    """A node with its computed label, depth (1 = mục) and ancestry of keys."""

    node: Node
    depth: int
    label: str
    path: tuple[str, ...]  # keys from the mục down to this node

    @property
    def anchor(self) -> str:
        return anchor(self.path)

    @property
    def is_heading(self) -> bool:
        """A mục or khoản title (bold), as opposed to an item whose text follows the label."""
        return bool(self.node.heading)

    @property
    def head(self) -> str:
        """What follows the label on its line: the heading (capitals for a mục), else the first paragraph."""
        if self.node.heading:
            return upper(self.node.heading) if self.depth == 1 else self.node.heading
        first = paragraphs(self.node.text)
        return first[0] if first else ""

    @property
    def rest(self) -> list[str]:
        """The paragraphs printed after the labelled line."""
        texts = paragraphs(self.node.text)
        return texts if self.node.heading else texts[1:]


def default_style(depth: int) -> str:
    """How children of a node at ``depth`` are labelled when it does not say."""
    return {0: "roman", 1: "number"}.get(depth, "letter" if depth == 2 else "dash")


def _label(style: str, index: int, parent_label: str) -> str:
    if style == "roman":
        return f"{roman(index + 1)}."
    if style == "letter":
        return f"{letter(index)})"
    if style == "number":
        base = parent_label.rstrip(".")
        if base and base.replace(".", "").isdigit():
            return f"{base}.{index + 1}."
        return f"{index + 1}."
    if style == "dash":
        return "-"
    return ""


def walk(
    nodes: tuple[Node, ...], depth: int = 0, parent_label: str = "", style: str = "", path: tuple[str, ...] = ()
) -> Iterator[Labelled]:
    """Every node in document order with its label."""
    style = style or default_style(depth)
    for i, node in enumerate(nodes):
        label = _label(style, i, parent_label)
        here = Labelled(node, depth + 1, label, path + (node.key,))
        yield here
        yield from walk(node.items, depth + 1, label, node.style, here.path)


@per_plan
def locations(plan: Plan) -> dict[tuple[Any, ...], str]:
    """Where each body item stands, as a reader cites it: 'II.2.e)', 'III.1 (đoạn 2)'.
    Remembered per plan (review, pages, progress and search all ask)."""
    out: dict[tuple[Any, ...], str] = {}
    siblings: dict[tuple[Any, ...], int] = defaultdict(int)
    for entry in walk(plan.body):
        up = entry.path[:-1]
        siblings[up] += 1
        parent = out.get(up, "")
        if entry.label in ("-", ""):
            out[entry.path] = f"{parent.rstrip('.)')} (đoạn {siblings[up]})"
        else:
            out[entry.path] = parent + entry.label
    return out
