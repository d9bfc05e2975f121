"""Deadlines (thời hạn) of appendix tasks: structured, worded the usual Vietnamese way.

A clerk writes the deadline as it is said, e.g. "Chậm nhất ngày 20/02/2025", "Trước ngày
15/11/2025", "Tháng 8/2025", "Trong tháng 8/2025", "Quý IV/2025", "Định kỳ hằng tháng",
"Định kỳ quý I, 6 tháng, 9 tháng, năm", "Trong năm", "Hằng năm", "Thường xuyên". It is parsed
into a :class:`Deadline`: the document keeps the clerk's wording, and the structured value
gives machine-readable due dates for the task table, the calendar and the conformance check
(which compares a child's deadline with its parent's by :meth:`Deadline.first_due`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from .vietnamese import date_short, fold, month_str

_RECURRING_WORDS = {
    "weekly": "Định kỳ hằng tuần",
    "monthly": "Định kỳ hằng tháng",
    "quarterly": "Định kỳ hằng quý",
    "report_cycle": "Định kỳ quý I, 6 tháng, 9 tháng, năm",
    "year": "Trong năm",
    "annual": "Hằng năm",
    "ongoing": "Thường xuyên",
}

ACCEPTED_FORMS = (
    "'Chậm nhất ngày 20/02/2025', 'Trước ngày 15/11/2025', 'Tháng 8/2025', 'Trong tháng 8/2025', "
    "'Quý IV/2025', 'Định kỳ hằng tuần', 'Định kỳ hằng tháng', 'Định kỳ hằng quý', "
    "'Định kỳ quý I, 6 tháng, 9 tháng, năm', 'Trong năm', 'Hằng năm', 'Thường xuyên'"
)
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class DeadlineError(ValueError):
    """The text is not one of the deadline forms; the message says which forms are accepted."""


@dataclass(frozen=True)
class Deadline:
    """A structured deadline. ``date`` is set for 'by'; ``year``/``month`` for 'month';
    ``year``/``quarter`` for 'quarter'. ``text`` is the clerk's wording, kept as written."""

    kind: str
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    text: str = ""

    def wording(self) -> str:
        """The wording the document prints: the clerk's, or the canonical one."""
        if self.text:
            return self.text
        if self.date is not None:  # 'by'
            return f"Chậm nhất ngày {date_short(self.date)}"
        if self.month is not None:  # 'month'
            return f"Tháng {month_str(self.month)}/{self.year}"
        if self.quarter is not None:
            return f"Quý {('I', 'II', 'III', 'IV')[self.quarter - 1]}/{self.year}"
        return _RECURRING_WORDS[self.kind]

    def first_due(self, plan_year: int) -> dt.date | None:
        """The first date the task falls due (None for 'ongoing'): a later one is a later deadline."""
        dates = self.due_dates(plan_year)
        return dates[0] if dates else None

    def due_dates(self, plan_year: int) -> list[dt.date]:
        """Every date in the plan's year on which the task falls due (empty for 'ongoing')."""
        y = plan_year
        if self.date is not None:  # 'by'
            return [self.date]
        if self.year is not None and self.month is not None:  # 'month'
            return [dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])]
        if self.year is not None and self.quarter is not None:
            end = 3 * self.quarter
            return [dt.date(self.year, end, calendar.monthrange(self.year, end)[1])]
        if self.kind == "weekly":
            friday = dt.date(y, 1, 1)
            friday += dt.timedelta(days=(4 - friday.weekday()) % 7)
            fridays = []
            while friday.year == y:
                fridays.append(friday)
                friday += dt.timedelta(weeks=1)
            return fridays
        if self.kind == "monthly":
            return [dt.date(y, m, calendar.monthrange(y, m)[1]) for m in range(1, 13)]
        if self.kind in ("quarterly", "report_cycle"):
            return [dt.date(y, 3, 31), dt.date(y, 6, 30), dt.date(y, 9, 30), dt.date(y, 12, 31)]
        if self.kind in ("year", "annual"):
            return [dt.date(y, 12, 31)]
        return []

    def months(self, plan_year: int) -> list[int]:
        """Months (1–12) of the plan's year in which the task falls due."""
        if self.kind == "ongoing":
            return list(range(1, 13))
        return sorted({d.month for d in self.due_dates(plan_year) if d.year == plan_year})

    def outside_year(self, plan_year: int) -> bool:
        if self.date is not None:  # 'by'
            return self.date.year != plan_year
        if self.year is not None:  # 'month', 'quarter'
            return self.year != plan_year
        return False

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.wording()}
        if self.date:
            out["date"] = self.date.isoformat()
        if self.month:
            out["year"], out["month"] = self.year, self.month
        if self.quarter:
            out["year"], out["quarter"] = self.year, self.quarter
        return out


def parse_date(text: str) -> dt.date:
    """Parse 20/02/2025, 1/8/2025 or 2025-02-20. Raises ValueError for impossible dates."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(text)


@functools.lru_cache(maxsize=8192)
def parse_deadline(text: str) -> Deadline:
    """Parse the Vietnamese wording of a deadline (case and diacritics do not matter).

    The result keeps the clerk's wording (spaces tidied, a leading 'Thời gian hoàn thành:'
    dropped, the first letter capitalised) so that "Trước ngày 15/11/2025" stays as written.
    Remembered by its text (a :class:`Deadline` is frozen): a national corpus checks the same
    few hundred wordings 28,000 times per build. A wording that is wrong raises every time.
    """
    raw = " ".join(str(text).split())
    raw = re.sub(r"^(?i:thời gian hoàn thành)\s*:?\s*", "", raw)
    wording = raw[:1].upper() + raw[1:]
    deadline = _structure(raw)
    return Deadline(deadline.kind, deadline.date, deadline.year, deadline.month, deadline.quarter, wording)


def _structure(raw: str) -> Deadline:
    key = fold(raw).rstrip(".")
    m = re.fullmatch(r"(?:cham nhat|truoc)?\s*(?:ngay)?\s*([\d/-]+)", key)
    if m and re.search(r"\d+/\d+/\d{4}|\d{4}-\d\d-\d\d", m[1]):
        try:
            return Deadline("by", date=parse_date(m[1]))
        except ValueError:
            raise DeadlineError(f"ngày '{m[1]}' không có thật") from None
    m = re.fullmatch(r"(?:trong )?thang (\d{1,2})/(\d{4})", key)
    if m:
        month, year = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise DeadlineError(f"tháng '{m[1]}' không có thật")
        return Deadline("month", year=year, month=month)
    m = re.fullmatch(r"(?:trong )?quy ([ivx]+|\d)\s*/\s*(\d{4})", key)
    if m:
        if m[1] not in _QUARTERS:
            raise DeadlineError(f"quý '{m[1].upper()}' không có thật (chỉ có quý I, II, III, IV)")
        return Deadline("quarter", year=int(m[2]), quarter=_QUARTERS[m[1]])
    key = re.sub(r"^dinh ky\s*", "", key).strip()
    table = {
        "hang tuan": "weekly",
        "hang thang": "monthly",
        "hang quy": "quarterly",
        "quy i, 6 thang, 9 thang, nam": "report_cycle",
        "quy, 6 thang, 9 thang, nam": "report_cycle",
        "trong nam": "year",
        "hang nam": "annual",
        "thuong xuyen": "ongoing",
    }
    if key in table:
        return Deadline(table[key])
    raise DeadlineError(f"không hiểu thời hạn '{raw}'")
