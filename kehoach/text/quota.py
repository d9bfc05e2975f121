"""Quotas (chỉ tiêu) read from a task's wording: "ít nhất 02 tin/bài" a month, "tối thiểu 06 tin/bài
trong năm", "01 lần/1 tuần".

A :class:`Target` is a count of something per period. :func:`targets` finds them in a text; the
period comes from the words around the number ("trong năm", "hằng tháng", "/1 tuần"), else from
the task's recurring deadline ("Định kỳ hằng tháng"), else it is the year. The conformance
check compares a child's targets with its parent's by :meth:`Target.per_year`, so "06 tin/bài
mỗi quý" is not lower than "02 tin/bài hằng tháng".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .vietnamese import fold

PERIODS = ("week", "month", "quarter", "year")
PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1}
PERIOD_WORDS = {"week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm"}

# What is counted, folded, to its one name; longest first so "tin/bai" wins over "tin".
_THINGS = {
    "tin/bai": "tin/bài",
    "tin, bai": "tin/bài",
    "tin bai": "tin/bài",
    "bai viet": "tin/bài",
    "tin": "tin/bài",
    "bai": "tin/bài",
    "lan": "lần",
    "buoi": "buổi",
    "lop": "lớp",
    "cuoc": "cuộc",
    "chuyen muc": "chuyên mục",
    "phong su": "phóng sự",
    "so": "số",
}
_NUMBER = re.compile(
    r"(?<![\d/.,])(\d{1,4})\s+(" + "|".join(re.escape(t) for t in sorted(_THINGS, key=len, reverse=True)) + r")\b"
)
_PERIOD = (
    ("week", re.compile(r"(?:hang|moi|/\s*(?:1|01)?\s*)\s*tuan")),
    ("month", re.compile(r"(?:hang|moi|/\s*(?:1|01)?\s*)\s*thang")),
    ("quarter", re.compile(r"(?:hang|moi|/\s*(?:1|01)?\s*)\s*quy")),
    ("year", re.compile(r"(?:trong|hang|moi|/\s*(?:1|01)?\s*)\s*nam")),
)
_DEADLINE_PERIOD = {"weekly": "week", "monthly": "month", "quarterly": "quarter", "report_cycle": "quarter"}


@dataclass(frozen=True)
class Target:
    """``count`` of ``what`` per ``per`` (week, month, quarter or year)."""

    count: int
    what: str
    per: str = "year"

    def per_year(self) -> int:
        return self.count * PER_YEAR[self.per]

    def wording(self) -> str:
        return f"{self.count:02d} {self.what}/{PERIOD_WORDS[self.per]}"


def _clauses(folded: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a text (split at ';' and at sentence ends), where a period applies."""
    spans, start = [], 0
    for m in re.finditer(r";|\.(?=\s|$)", folded):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(folded)))
    return spans


@cache
def targets(text: str, deadline_kind: str = "") -> tuple[Target, ...]:
    """Every quota in ``text``, in order. The period of each is the nearest period phrase in its
    clause (after the number first), else the recurring deadline's, else the year. (Cached: an
    inherited text is the same string in every plan that inherits it.)"""
    folded = fold(text)
    out = []
    for start, end in _clauses(folded):
        clause = folded[start:end]
        for m in _NUMBER.finditer(clause):
            per = _period(clause[m.end() :][:40]) or _period_before(clause[: m.start()])
            per = per or _DEADLINE_PERIOD.get(deadline_kind, "year")
            out.append(Target(int(m[1]), _THINGS[m[2]], per))
    return tuple(out)


def _period(text: str) -> str:
    found = [(m.start(), per) for per, rx in _PERIOD for m in [rx.search(text)] if m]
    return min(found)[1] if found else ""


def _period_before(text: str) -> str:
    found = [(m.end(), per) for per, rx in _PERIOD for m in rx.finditer(text)]
    return max(found)[1] if found else ""


def lower(parent: tuple[Target, ...], child: tuple[Target, ...]) -> list[tuple[Target, Target]]:
    """The parent's quotas the child lowers: pairs (parent's, child's), matched by what is
    counted and in order (the n-th 'tin/bài' of the child against the n-th of the parent)."""
    out = []
    for what in dict.fromkeys(t.what for t in parent):
        mine = [t for t in child if t.what == what]
        for theirs, ours in zip([t for t in parent if t.what == what], mine, strict=False):
            if ours.per_year() < theirs.per_year():
                out.append((theirs, ours))
    return out
