"""Progress (tiến độ): a plan's tasks against its ledger, and the reporting periods.

Each task of the appendix, and each body item that has a quota or an entry in the ledger, gets its target (written with
``target:``, or read from its words by :mod:`kehoach.text.quota`), what was done (the ledger's
counts) and a state: ``done`` (Đạt), ``on-track`` (Đang thực hiện), ``late`` (Chậm: the deadline
passed with nothing done, or a period ended below its quota) or ``none`` (Chưa có số liệu).

Reporting periods (kỳ báo cáo) are cumulative from the start of the year: quý I, 6 tháng,
9 tháng, năm. Their data cut-off follows the national rule (Nghị định 09/2019/NĐ-CP, Điều 12,
as practice reads it): from the 15th of December of the previous year to the 14th of the
period's last month; a plan may move the day with ``reporting: {cutoff_day: N}`` (0: the last
day of the month, calendar periods).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..text.quota import Target
from ..text.vietnamese import lower_first
from .conformance import own_quotas
from .ledger import Ledger, Record, task_paths
from .model import DEFAULT_CUTOFF_DAY, Node, Plan, Task
from .numbering import locations

PERIODS = {"quy-1": ("Quý I", 3), "6-thang": ("6 tháng", 6), "9-thang": ("9 tháng", 9), "nam": ("Năm", 12)}
# How a report names its period in a sentence ("báo cáo kết quả thực hiện quý I năm 2025").
PHRASES = {
    "quy-1": "quý I năm {year}",
    "6-thang": "6 tháng đầu năm {year}",
    "9-thang": "9 tháng năm {year}",
    "nam": "năm {year}",
}
STATES = {"done": "Đạt", "on-track": "Đang thực hiện", "late": "Chậm", "none": "Chưa có số liệu"}


@dataclass(frozen=True)
class Period:
    """A reporting period: its id, its name and its data cut-off (both days included)."""

    id: str
    name: str
    start: dt.date
    end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def phrase(self, year: int) -> str:
        """'quý I năm 2025', '6 tháng đầu năm 2025', '9 tháng năm 2025', 'năm 2025'."""
        return PHRASES[self.id].format(year=year)

    def cutoff(self) -> str:
        """'Số liệu tính từ ngày 15/12/2024 đến ngày 14/3/2025' (Nghị định 09/2019/NĐ-CP, Điều 12)."""
        return f"Số liệu tính từ ngày {_day(self.start)} đến ngày {_day(self.end)}"


def _day(day: dt.date) -> str:
    """A date as a sentence writes it: the day in two digits, the month as it is ('14/3/2025')."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def period(period_id: str, year: int, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> Period:
    name, last_month = PERIODS[period_id]
    if cutoff_day == 0:  # calendar periods
        return Period(
            period_id, name, dt.date(year, 1, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        )
    start = dt.date(year - 1, 12, cutoff_day + 1)
    return Period(period_id, name, start, dt.date(year, last_month, cutoff_day))


@dataclass(frozen=True)
class TaskProgress:
    path: str  # the ledger's name for it: a task key or a '/'-joined key path
    label: str  # as the document shows it
    text: str
    item: Task | Node
    targets: tuple[Target, ...]
    done: int
    records: tuple[Record, ...]
    state: str
    why: str = ""  # for 'late': which deadline or which period

    @property
    def expected(self) -> int:
        """The year's quota, when it has one: the sum over its targets, per year."""
        return sum(t.per_year() for t in self.targets)

    @property
    def share(self) -> float:
        if self.expected:
            return min(1.0, self.done / self.expected)
        return 1.0 if self.done else 0.0


def progress(plan: Plan, ledger: Ledger | None, as_of: dt.date) -> list[TaskProgress]:
    """Every appendix task, and every body item with a quota, as of ``as_of`` (entries after it
    are not counted)."""
    return _progress(plan, ledger.records if ledger else (), as_of)


def _progress(plan: Plan, entries: tuple[Record, ...], as_of: dt.date) -> list[TaskProgress]:
    records = [r for r in entries if r.date <= as_of]
    where = locations(plan)
    out = []
    rows = {t.key: n for n, t in enumerate(plan.tasks, 1)}
    for path, item in task_paths(plan).items():
        mine = tuple(r for r in records if r.task == path)
        targets = own_quotas(item)
        if isinstance(item, Task):
            label, text = f"Phụ lục, dòng {rows[item.key]}", item.task
        elif targets or mine:  # a body item counts when it has a quota or work was logged against it
            label, text = where[tuple(path.split("/"))], item.text or item.heading
        else:
            continue
        state, why = _state(plan, item, targets, mine, as_of)
        out.append(TaskProgress(path, label, text, item, targets, sum(r.count for r in mine), mine, state, why))
    return out


def _state(
    plan: Plan, item: Any, targets: tuple[Target, ...], records: tuple[Record, ...], as_of: dt.date
) -> tuple[str, str]:
    done = sum(r.count for r in records)
    for target in targets:
        missed = [
            (start, end)
            for start, end in _periods(target.per, plan.year)
            if end < as_of and sum(r.count for r in records if start <= r.date <= end) < target.count
        ]
        if missed:  # every period that ended below its quota, named as a report says it
            return "late", f"chậm {_period_names(target.per, missed)} (cần {target.wording()})"
    deadline = getattr(item, "deadline", None)
    due = deadline.first_due(plan.year) if deadline else None
    if (
        deadline is not None
        and deadline.kind in ("by", "month", "quarter", "year", "annual")
        and due
        and due < as_of
        and not done
    ):
        return "late", f"quá hạn ({lower_first(deadline.wording())})"  # the cell's wording, inside a sentence
    if targets and done >= sum(t.per_year() for t in targets):
        return "done", ""
    if not targets and done and deadline is not None and deadline.kind in ("by", "month", "quarter"):
        return "done", ""
    return ("on-track", "") if done else ("none", "")


_ROMAN = ("I", "II", "III", "IV")


def _period_names(per: str, periods: list[tuple[dt.date, dt.date]]) -> str:
    """The periods missed as a report names them: 'tháng 2, tháng 3/2025', 'từ tháng 7 đến
    tháng 11/2025' (three or more in a row), 'quý I, quý II/2024', 'tuần 06/01, tuần 13/01/2025',
    '12 tuần, gần nhất tuần 17/12/2025' (more than three weeks: a list of forty weeks is not read),
    'năm 2025'."""
    year = periods[-1][1].year
    if per == "week":
        if len(periods) > _WEEKS_LISTED:
            return f"{len(periods)} tuần, gần nhất tuần {periods[-1][0]:%d/%m/%Y}"
        return ", ".join(f"tuần {start:%d/%m}" for start, _ in periods) + f"/{year}"
    if per == "month":
        numbers, name = [start.month for start, _ in periods], lambda n: f"tháng {n}"
    elif per == "quarter":
        numbers, name = [(start.month - 1) // 3 + 1 for start, _ in periods], lambda n: f"quý {_ROMAN[n - 1]}"
    else:
        return f"năm {year}"
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [
        f"từ {name(run[0])} đến {name(run[-1])}" if len(run) >= _RUN else ", ".join(map(name, run)) for run in runs
    ]
    return ", ".join(parts) + f"/{year}"


_WEEKS_LISTED = 3  # more missed weeks than this are counted, not listed
_RUN = 3  # this many periods in a row are named by their first and last


@cache
def _periods(per: str, year: int) -> list[tuple[dt.date, dt.date]]:
    """The calendar periods of a quota in the year: months, quarters, weeks or the year."""
    if per == "month":
        return [(dt.date(year, m, 1), dt.date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, 13)]
    if per == "quarter":
        return [
            (dt.date(year, 3 * q - 2, 1), dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]))
            for q in range(1, 5)
        ]
    if per == "week":
        first = dt.date(year, 1, 1)
        return [(first + dt.timedelta(weeks=w), first + dt.timedelta(weeks=w, days=6)) for w in range(52)]
    return [(dt.date(year, 1, 1), dt.date(year, 12, 31))]


@dataclass(frozen=True)
class PeriodFigures:
    """A task's figures for a reporting period: done within the cut-off, what the target asks by
    the period's end, and the state at the end."""

    task: TaskProgress
    done: int
    expected: int
    records: tuple[Record, ...]

    @property
    def state(self) -> str:
        if self.expected and self.done >= self.expected:
            return "done"
        return self.task.state


def expected_by(targets: tuple[Target, ...], last_month: int) -> int:
    """What the targets ask from January to the end of ``last_month`` (a year target: all of it)."""
    total = 0
    for t in targets:
        if t.per == "month":
            total += t.count * last_month
        elif t.per == "quarter":
            total += t.count * (last_month // 3)
        elif t.per == "week":
            total += t.count * round(52 * last_month / 12)
        else:
            total += t.count
    return total


def period_figures(plan: Plan, ledger: Ledger | None, which: Period) -> list[PeriodFigures]:
    """Every task's figures for a reporting period (entries within its cut-off, both days included)."""
    records = tuple(r for r in (ledger.records if ledger else ()) if which.holds(r.date))
    last_month = PERIODS[which.id][1]
    return [
        PeriodFigures(task, task.done, expected_by(task.targets, last_month), task.records)
        for task in _progress(plan, records, which.end)
    ]


def suggested_targets(plan: Plan) -> list[tuple[str, int, int, str, tuple[Target, ...]]]:
    """Quotas read from the words of the items this plan writes, with no ``target:`` of their own:
    (file, line, col, where, targets), for ``check -v`` to suggest writing them down."""
    out = []
    for row in _progress(plan, (), dt.date.min):  # only the targets are read, not the states
        o = row.item.origin
        if row.targets and not row.item.target and o is not None and o.plan == plan.id and o.line:
            out.append((plan.file, o.line, o.col, row.label, row.targets))
    return out


def as_of(plan: Plan, ledger: Ledger | None) -> dt.date:
    """The date progress is reported at, from the inputs only (so pages are the same bytes for the
    same files): the newest entry's date, else the plan's date, else 1 January of its year."""
    dates = [r.date for r in ledger.records] if ledger else []
    return max(dates, default=plan.document.date or dt.date(plan.year, 1, 1))
