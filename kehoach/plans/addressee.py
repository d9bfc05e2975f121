"""Who an item of a plan is addressed to (đối tượng được giao): kinds of unit, and named units.

Appendix tasks (by their ``lead``, chủ trì) and responsibility blocks of 'Tổ chức thực hiện'
(by their ``unit``) assign work. A plan may say to whom with ``for: [huyen, xa]``; otherwise
it is inferred from the wording with the phrase table ``kehoach/data/addressees.yaml``
(reviewable; ``python build.py show ID --for`` prints what was inferred).

Kinds of unit (``unit.kind`` of a plan, defaulting from its ``level``): :data:`KINDS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from ..paths import PACKAGE
from ..text.vietnamese import fold

PHRASES = PACKAGE / "data" / "addressees.yaml"

KINDS = {
    "tinh": "cấp tỉnh",
    "so": "các sở, ban, ngành",
    "huyen": "cấp huyện",
    "xa": "cấp xã",
    "su-nghiep": "các đơn vị sự nghiệp công lập",
    "nganh-doc": "các cơ quan ngành dọc",
    "trung-tam": "các trung tâm",
    "don-vi": "đơn vị được nêu tên",
}
ALL = "all"
LEVEL_KIND = {"tinh": "tinh", "so": "so", "huyen": "huyen", "xa": "xa", "don-vi": "don-vi"}


@dataclass(frozen=True)
class Addressees:
    """The kinds of unit an item is for, the units it names, and whether it was written (``for:``)."""

    kinds: frozenset[Any] = frozenset()
    names: tuple[str, ...] = ()
    explicit: bool = False

    def includes(self, kind: str, unit_names: tuple[str, ...]) -> bool:
        """Whether a unit of ``kind``, called any of ``unit_names``, is among the addressees."""
        if kind in self.kinds:
            return True
        return any(_same_unit(name, own) for name in self.names for own in unit_names if own)

    def describe(self) -> str:
        """'cấp huyện, các sở, ban, ngành' or the named units, for messages."""
        parts = [KINDS[k] for k in KINDS if k in self.kinds and k != "don-vi"]
        parts += list(self.names)
        return "; ".join(parts) if parts else "không rõ"

    def codes(self) -> str:
        """'huyen, xa' or 'don-vi + Sở Nội vụ', for listings."""
        kinds = ", ".join(k for k in KINDS if k in self.kinds)
        return " + ".join(x for x in (kinds, "; ".join(self.names)) if x)


def _same_unit(named: str, own: str) -> bool:
    a, b = _bare(named), _bare(own)
    return len(a) >= 8 and len(b) >= 8 and (a in b or b in a)


@cache
def _bare(name: str) -> str:
    name = re.sub(r"\(.*?\)", " ", fold(name))
    name = re.sub(r"^(ubnd|uy ban nhan dan)\s+", "", " ".join(name.split()))
    return name.strip(" .,;")


@cache
def _table() -> tuple[tuple[str, frozenset[Any]], ...]:
    rows = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    table = []
    for row in rows:
        kinds = frozenset(KINDS) if ALL in row["for"] else frozenset(row["for"])
        table.append((fold(row["phrase"]), kinds))
    return tuple(sorted(table, key=lambda r: -len(r[0])))


def segments(value: Any) -> list[str]:
    """The parts of a lead/unit: one per line of a list, split at ';'."""
    lines = list(value) if isinstance(value, tuple | list) else [value or ""]
    return [s.strip() for line in lines for s in str(line).split(";") if s.strip()]


@cache
def infer(value: Any) -> Addressees:
    """Addressees from the wording of a lead or a block's unit (``value``: str or tuple of str)."""
    kinds: set[str] = set()
    names = []
    for segment in segments(value):
        text = fold(segment)
        matched = False
        for phrase, found in _table():
            if phrase in text:
                kinds |= found
                text = text.replace(phrase, " ")
                matched = True
        if not matched:
            names.append(re.sub(r"\s*\(.*?\)\s*", " ", segment).strip())
    if names:
        kinds.add("don-vi")
    return Addressees(frozenset(kinds), tuple(names))


def of_item(item: Any) -> Addressees | None:
    """Whom a task or a responsibility block is for; None for items that assign nothing."""
    written = getattr(item, "for_", ())
    if written:
        kinds = frozenset(KINDS) if ALL in written else frozenset(written)
        return Addressees(kinds, (), explicit=True)
    value = wording(item)
    if not value:
        return None
    return infer(value)


def wording(item: Any) -> Any:
    """The words that say whom an item is for: a task's lead, a block's unit."""
    return item.lead if hasattr(item, "lead") else getattr(item, "unit", "")


def kind_of(unit: Any) -> str:
    """A plan's unit kind: ``unit.kind``, else from ``unit.level``, else '' (unknown)."""
    return unit.kind or LEVEL_KIND.get(unit.level, "")
