"""Deadlines (thời hạn) of appendix tasks: structured, worded the usual Vietnamese way.

A clerk writes the deadline as it is said, e.g. "Chậm nhất ngày 20/02/2025", "Tháng 8/2025",
"Định kỳ hằng tháng", "Định kỳ quý I, 6 tháng, 9 tháng, năm", "Trong năm", "Thường xuyên".
It is parsed into a :class:`Deadline`, which renders back in canonical wording and yields
machine-readable due dates for the task table and the calendar.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .vietnamese import date_short, fold, month_str

_RECURRING_WORDS = {
    "weekly": "Định kỳ hằng tuần",
    "monthly": "Định kỳ hằng tháng",
    "quarterly": "Định kỳ hằng quý",
    "report_cycle": "Định kỳ quý I, 6 tháng, 9 tháng, năm",
    "year": "Trong năm",
    "ongoing": "Thường xuyên",
}

ACCEPTED_FORMS = (
    "'Chậm nhất ngày 20/02/2025', 'Tháng 8/2025', 'Định kỳ hằng tuần', 'Định kỳ hằng tháng', "
    "'Định kỳ hằng quý', 'Định kỳ quý I, 6 tháng, 9 tháng, năm', 'Trong năm', 'Thường xuyên'"
)


class DeadlineError(ValueError):
    """The text is not one of the deadline forms; the message says which forms are accepted."""


@dataclass(frozen=True)
class Deadline:
    """A structured deadline. ``date`` is set for 'by'; ``year``/``month`` for 'month'."""

    kind: str
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None

    def wording(self) -> str:
        if self.date is not None:  # 'by'
            return f"Chậm nhất ngày {date_short(self.date)}"
        if self.month is not None:  # 'month'
            return f"Tháng {month_str(self.month)}/{self.year}"
        return _RECURRING_WORDS[self.kind]

    def due_dates(self, plan_year: int) -> list[dt.date]:
        """Every date in the plan's year on which the task falls due (empty for 'ongoing')."""
        y = plan_year
        if self.date is not None:  # 'by'
            return [self.date]
        if self.year is not None and self.month is not None:  # 'month'
            return [dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])]
        if self.kind == "weekly":
            first = dt.date(y, 1, 1)
            first += dt.timedelta(days=(4 - first.weekday()) % 7)  # Fridays
            return [first + dt.timedelta(weeks=w) for w in range(53) if (first + dt.timedelta(weeks=w)).year == y]
        if self.kind == "monthly":
            return [dt.date(y, m, calendar.monthrange(y, m)[1]) for m in range(1, 13)]
        if self.kind in ("quarterly", "report_cycle"):
            return [dt.date(y, 3, 31), dt.date(y, 6, 30), dt.date(y, 9, 30), dt.date(y, 12, 31)]
        if self.kind == "year":
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
        if self.month is not None:  # 'month'
            return self.year != plan_year
        return False

    def as_dict(self) -> dict:
        out: dict = {"kind": self.kind, "text": self.wording()}
        if self.date:
            out["date"] = self.date.isoformat()
        if self.month:
            out["year"], out["month"] = self.year, self.month
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


def parse(text: str) -> Deadline:
    """Parse the Vietnamese wording of a deadline (case and diacritics do not matter)."""
    raw = " ".join(str(text).split())
    key = fold(raw).rstrip(".")
    key = re.sub(r"^thoi gian hoan thanh:?\s*", "", key)
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
    key = re.sub(r"^dinh ky\s*", "", key).strip()
    table = {
        "hang tuan": "weekly",
        "hang thang": "monthly",
        "hang quy": "quarterly",
        "quy i, 6 thang, 9 thang, nam": "report_cycle",
        "quy, 6 thang, 9 thang, nam": "report_cycle",
        "trong nam": "year",
        "thuong xuyen": "ongoing",
    }
    if key in table:
        return Deadline(table[key])
    raise DeadlineError(f"không hiểu thời hạn '{raw}'")
