"""The resolved plan: frozen values that renderers read and never change.

Vocabulary:
- *kế hoạch* (plan): one unit's plan for a year, :class:`Plan`.
- *mục* (section, I. II.), *khoản* (clause, 1. 2.) and *điểm* (item, a) b)): all are
  :class:`Node` at depth 1, 2 and 3+; labels are computed from position, never stored.
- *phụ lục* (appendix): the table of :class:`Task` rows.
- *căn cứ* / *Thực hiện …*: the documents a plan implements, :class:`Citation`.
- *cơ quan chủ quản* / *cơ quan ban hành*: the parent agency and the issuing body, :class:`Unit`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeVar

from ..text.deadline import Deadline
from ..text.nd30 import MARGINS
from ..text.quota import Target
from ..text.vietnamese import lower_first
from .packed import Packed, packed

T = TypeVar("T")

# Where an item of a resolved plan stands relative to the plan's own file (see Origin).
Status = Literal["inherited", "changed", "added"]
INHERITED: Final = "inherited"
CHANGED: Final = "changed"
ADDED: Final = "added"
# The list a removed item was in: the body, the appendix rows, the documents cited.
Where = Literal["body", "tasks", "documents"]


def copy_with(item: T, **changes: Any) -> T:
    """``dataclasses.replace`` for the items of this module, without going through ``__init__``:
    they are plain frozen dataclasses (no ``__post_init__``, every field set by ``__init__``;
    ``tests/plans/test_inheritance.py`` holds them to it), and resolving a national corpus makes
    some 135,000 such copies, of which ``dataclasses.replace`` was a sixth."""
    unknown = changes.keys() - item.__dataclass_fields__.keys()  # type: ignore[attr-defined]
    if unknown:
        raise TypeError(f"{type(item).__name__} has no field {sorted(unknown)}")
    new = object.__new__(type(item))
    new.__dict__.update(item.__dict__, **changes)
    return new


@dataclass(frozen=True)
class Origin:
    """Where an item of a resolved plan comes from.

    ``status`` is relative to the plan's own file: inherited unchanged, changed here, or added
    here. ``plan`` is the plan whose file wrote the current version; ``introduced_in`` the plan
    that first had the key; ``previous`` the parent's version when changed here.
    """

    status: Status
    plan: str
    introduced_in: str
    previous: Node | Task | Citation | None = None
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Node:
    key: str
    title: str = ""
    unit: str = ""
    request: bool = False
    text: str = ""
    style: str = ""
    items: tuple[Node, ...] = ()
    for_: tuple[str, ...] = ()  # kinds of unit it is addressed to, when written (see addressee)
    target: tuple[Target, ...] = ()  # quotas, when written (see text.quota); else read from the text
    origin: Origin | None = None

    @property
    def heading(self) -> str:
        return heading_of(self.title, self.unit, self.request)


def heading_of(title: str | None, unit: str | None, request: bool | None) -> str:
    """An item's heading as printed: the title, or the unit ('Đề nghị …' when it is only asked)."""
    base = title or unit or ""
    if request and base and not base.startswith("Đề nghị"):
        return f"Đề nghị {base}"
    return base


@dataclass(frozen=True)
class Citation:
    key: str
    kind: str = ""
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    about: str = ""
    origin: Origin | None = None


def plan_citation(plan: Plan, origin: Origin | None = None) -> Citation:
    """How another document cites ``plan``: from its own header, keyed by its id."""
    subject = plan.document.subject_line
    return Citation(
        key=plan.id,
        kind=plan.document.kind,
        number=plan.document.number_symbol,
        date=plan.document.date,
        issuer=plan.unit.full,
        about=lower_first(subject),
        origin=origin,
    )


@dataclass(frozen=True)
class Task:
    key: str
    task: str = ""
    lead: str | tuple[str, ...] = ""  # a tuple is shown one unit per line
    support: str | tuple[str, ...] = ""
    deadline: Deadline | None = None
    cross_year: bool = False
    for_: tuple[str, ...] = ()
    target: tuple[Target, ...] = ()
    origin: Origin | None = None


@dataclass(frozen=True)
class Removed:
    """An item of the parent plan that this plan removed, with the reason given, and where in
    the plan's file (the ``remove:``, or the ``replace:`` that dropped it with its whole list)."""

    where: Where
    path: tuple[str, ...]  # keys of the ancestors, for body nodes
    item: Node | Task | Citation
    reason: str = ""
    replaced: bool = False
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Unit:
    name: str
    full: str
    parent_agency: str = ""
    short: str = ""
    level: str = ""
    province: str = ""
    kind: str = ""
    id: str = ""
    code: str = ""  # the official code of the map since 1/7/2025 (see plans.map)
    organ_id: str = ""  # mã định danh of QCVN 102:2016 (e-office systems), e.g. '000.00.00.H26'

    @property
    def known_as(self) -> str:
        """The unit's name as a reader anywhere knows it: ``full``, with the province added when
        ``full`` names only the kind of unit, as a plan says of its own unit ('UBND Thành phố'
        → 'UBND thành phố Hà Nội', 'Ủy ban nhân dân thành phố' → '… thành phố Hải Phòng')."""
        if not self.province or self.province.casefold() in self.full.casefold():
            return self.full
        words = self.full.split()
        generic = {"thành phố", "tỉnh"}
        tail = " ".join(words[-2:]).casefold() if len(words) >= 2 else ""
        if tail in generic or (words and words[-1].casefold() in generic):
            keep = len(words) - (2 if tail in generic else 1)
            return " ".join(words[:keep] + [w.lower() for w in words[keep:]] + [self.province])
        return self.full


@dataclass(frozen=True)
class DocumentInfo:
    symbol: str
    subject: str
    kind: str = "Kế hoạch"
    number: int | None = None
    place: str = ""
    date: dt.date | None = None
    to: str = ""  # 'Kính gửi' (ô 9a, NĐ 30/2020 PL1 II.9.b): a báo cáo sent upward; a plan has none

    @property
    def is_draft(self) -> bool:
        return self.number is None or self.date is None

    @property
    def subject_line(self) -> str:
        """The subject on one line (its line breaks are for the header only)."""
        return " ".join(self.subject.split())

    @property
    def number_symbol(self) -> str:
        """'25/KH-UBND', or '/KH-UBND' for a draft."""
        if self.number is None:
            return f"/{self.symbol}"
        return f"{self.number:02d}/{self.symbol}"


@dataclass(frozen=True)
class Signature:
    title: str
    name: str
    authority: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recipient:
    text: str
    note: str = ""


@dataclass(frozen=True)
class Margins:
    """Page margins in mm; each within :data:`kehoach.text.nd30.MARGIN_RANGES`."""

    top: int = MARGINS["top"]
    bottom: int = MARGINS["bottom"]
    left: int = MARGINS["left"]
    right: int = MARGINS["right"]


# The reporting periods' data cut-off: the 14th of a period's last month (Nghị định 09/2019/NĐ-CP,
# Điều 12); see :mod:`kehoach.plans.progress`.
DEFAULT_CUTOFF_DAY = 14


@packed("citations", "opening", "body", "closing", "signature", "recipients", "removed", apart=("tasks",))
@dataclass(frozen=True)
class Plan(Packed):
    """A resolved plan. Pickled (the snapshot of the corpus) with its text packed, and its tasks
    apart (:mod:`kehoach.plans.packed`): what a build asks of a plan it does not write again
    (unit, year, number, parent) is read back at once, the rest when first asked for."""

    id: str
    file: str
    unit: Unit
    document: DocumentInfo
    year: int
    extends: str | None = None
    reference_only: bool = False
    lead: str = "Thực hiện"
    citations: tuple[Citation, ...] = ()
    opening: str = ""
    body: tuple[Node, ...] = ()
    closing: str = ""
    signature: Signature | None = None
    recipients: tuple[Recipient, ...] = ()
    archive: str = ""
    appendix_title: str = ""
    tasks: tuple[Task, ...] = ()
    margins: Margins = field(default_factory=Margins)
    removed: tuple[Removed, ...] = ()
    lineage: tuple[str, ...] = ()  # ids from the top-most ancestor down to this plan's parent
    cross_year: str = ""  # why the year differs from the parent's
    lint_ignore: tuple[str, ...] = ()  # review rules silenced on purpose (see rules)
    cutoff_day: int = DEFAULT_CUTOFF_DAY
