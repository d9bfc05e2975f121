"""A task's state (Đạt, Đang thực hiện, Chậm, Chưa có số liệu) and a period's figures, on a small
plan with one task of each kind of deadline and quota (issue #15, pinned for #19)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TOP, resolve

from kehoach.plans.ledger import Ledger, Record
from kehoach.plans.progress import Period, expected_by, period, period_figures, progress, suggested_targets
from kehoach.text.quota import Target

TASKS = """\
    - {key: by, task: Ban hành kế hoạch, lead: Văn phòng, deadline: Chậm nhất ngày 20/02/2025}
    - {key: month, task: Tổ chức hội nghị, lead: Văn phòng, deadline: Tháng 3/2025}
    - {key: quarter, task: Sơ kết, lead: Văn phòng, deadline: Quý II/2025}
    - {key: year, task: Tổng kết, lead: Văn phòng, deadline: Trong năm}
    - {key: annual, task: Kiểm tra, lead: Văn phòng, deadline: Hằng năm}
    - {key: monthly, task: Báo cáo tháng, lead: Văn phòng, deadline: Định kỳ hằng tháng}
    - {key: tin, task: Đăng ít nhất 02 tin/bài mỗi tháng, lead: Văn phòng, deadline: Thường xuyên}
    - {key: tuan, task: Đăng ít nhất 01 tin/bài mỗi tuần, lead: Văn phòng, deadline: Thường xuyên}
    - {key: quy, task: Đối thoại, lead: Văn phòng, deadline: Thường xuyên, target: {count: 1, what: buổi, per: quarter}}
"""


@pytest.fixture
def plan(plans):
    text = TOP.split("  tasks:\n")[0] + "  tasks:\n" + TASKS
    text = text.replace("- {key: b, text: Hai}", "- {key: b, text: Đăng ít nhất 01 tin/bài mỗi tháng trên trang}")
    plans.write("tinh", text)
    return resolve(plans.plans).plans["tinh"]


def ledger(*entries: tuple[str, str, int]) -> Ledger:
    """Entries as (task, dd/mm, count), all in 2025."""
    records = []
    for n, (task, day, count) in enumerate(entries):
        d, m = map(int, day.split("/"))
        records.append(Record(f"e{n}", task, dt.date(2025, m, d), f"Việc {n}", count))
    return Ledger("tinh", "progress/tinh.yaml", tuple(sorted(records, key=lambda r: (r.date, r.key))))


def states(plan, book: Ledger | None, day: str, year: int = 2025) -> dict[str, tuple[str, str, int]]:
    d, m = map(int, day.split("/"))
    return {row.path: (row.state, row.why, row.done) for row in progress(plan, book, dt.date(year, m, d))}


def test_one_off_deadlines_are_late_the_day_after_with_nothing_done(plan):
    on_the_day = states(plan, None, "20/02")
    assert on_the_day["by"] == ("none", "", 0)
    after = states(plan, None, "21/02")
    assert after["by"] == ("late", "quá hạn (chậm nhất ngày 20/02/2025)", 0)
    assert states(plan, None, "31/03")["month"] == ("none", "", 0)
    assert states(plan, None, "01/04")["month"] == ("late", "quá hạn (tháng 3/2025)", 0)
    assert states(plan, None, "01/07")["quarter"] == ("late", "quá hạn (quý II/2025)", 0)
    assert states(plan, None, "31/12")["year"] == ("none", "", 0)
    next_year = states(plan, None, "01/01", year=2026)
    assert next_year["year"] == ("late", "quá hạn (trong năm)", 0)
    assert next_year["annual"] == ("late", "quá hạn (hằng năm)", 0)
    # a recurring deadline is never 'late' by its date alone
    assert next_year["monthly"] == ("none", "", 0)


def test_something_done_is_done_for_a_dated_task_and_on_track_otherwise(plan):
    book = ledger(
        ("by", "10/02", 1),
        ("month", "15/03", 1),
        ("quarter", "15/06", 1),
        ("year", "01/03", 1),
        ("monthly", "31/01", 1),
    )
    now = states(plan, book, "01/12")
    assert now["by"] == ("done", "", 1)
    assert now["month"] == ("done", "", 1)
    assert now["quarter"] == ("done", "", 1)
    assert now["year"] == ("on-track", "", 1)  # the year is not over
    assert now["monthly"] == ("on-track", "", 1)
    assert now["annual"] == ("none", "", 0)
    # an entry after the date asked for is not counted yet
    assert states(plan, book, "09/02")["by"] == ("none", "", 0)


def test_a_quota_is_late_when_a_period_ended_below_it(plan):
    book = ledger(("tin", "01/01", 2), ("tin", "01/02", 1), ("tin", "28/02", 0))
    assert states(plan, book, "28/02")["tin"] == ("on-track", "", 3)  # February has not ended
    assert states(plan, book, "01/03")["tin"] == ("late", "chậm tháng 2/2025 (cần 02 tin/bài/tháng)", 3)
    book = ledger(("tin", "31/01", 2), ("tin", "01/02", 1), ("tin", "28/02", 1))
    assert states(plan, book, "01/03")["tin"] == ("on-track", "", 4)  # both ends of a month count
    book = ledger(*[("tin", f"01/{m:02d}", 2) for m in range(1, 13)])
    assert states(plan, book, "31/12")["tin"] == ("done", "", 24)  # exactly the year's quota
    book = ledger(("quy", "31/03", 1))
    assert states(plan, book, "01/04")["quy"] == ("on-track", "", 1)
    assert states(plan, book, "01/07")["quy"] == ("late", "chậm quý II/2025 (cần 01 buổi/quý)", 1)
    # weeks start on 1 January: the first is 01/01–07/01
    book = ledger(("tuan", "07/01", 1))
    assert states(plan, book, "08/01")["tuan"] == ("on-track", "", 1)
    assert states(plan, book, "15/01")["tuan"] == ("late", "chậm tuần 08/01/2025 (cần 01 tin/bài/tuần)", 1)


def test_rows_are_named_as_the_document_shows_them(plan):
    rows = progress(plan, None, dt.date(2025, 1, 1))
    assert [(r.path, r.label, r.text) for r in rows][:2] == [
        ("by", "Phụ lục, dòng 1", "Ban hành kế hoạch"),
        ("month", "Phụ lục, dòng 2", "Tổ chức hội nghị"),
    ]
    body = [r for r in rows if "/" in r.path]  # only body items with a quota
    assert [(r.path, r.label, r.text, r.expected) for r in body] == [
        ("muc-dich/mot/b", "I.1.b)", "Đăng ít nhất 01 tin/bài mỗi tháng trên trang", 12)
    ]
    quy = next(r for r in rows if r.path == "quy")
    assert (quy.targets, quy.expected, quy.share) == ((Target(1, "buổi", "quarter"),), 4, 0.0)


def test_share_of_the_quota(plan):
    book = ledger(("tin", "01/01", 6), ("by", "01/02", 1), ("quy", "01/01", 9))
    rows = {r.path: r for r in progress(plan, book, dt.date(2025, 12, 31))}
    assert rows["tin"].share == 0.25
    assert rows["quy"].share == 1.0  # more than asked counts as all of it
    assert rows["by"].share == 1.0 and rows["month"].share == 0.0  # no quota: done or not


def test_what_a_quota_asks_by_the_end_of_a_period():
    month, quarter, week, year = (
        Target(2, "tin", "month"),
        Target(1, "buổi", "quarter"),
        Target(1, "tin", "week"),
        Target(3, "lần", "year"),
    )
    assert [expected_by((month,), m) for m in (3, 6, 9, 12)] == [6, 12, 18, 24]
    assert [expected_by((quarter,), m) for m in (3, 6, 9, 12)] == [1, 2, 3, 4]
    assert [expected_by((week,), m) for m in (3, 6, 9, 12)] == [13, 26, 39, 52]
    assert [expected_by((year,), m) for m in (3, 12)] == [3, 3]
    assert expected_by((year, month, quarter, week), 6) == 3 + 12 + 2 + 26
    assert expected_by((), 12) == 0


def test_reporting_periods_and_their_cut_off():
    assert period("quy-1", 2025) == Period("quy-1", "Quý I", dt.date(2024, 12, 15), dt.date(2025, 3, 14))
    assert period("6-thang", 2025) == Period("6-thang", "6 tháng", dt.date(2024, 12, 15), dt.date(2025, 6, 14))
    assert period("nam", 2025, cutoff_day=0) == Period("nam", "Năm", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period("9-thang", 2024, cutoff_day=0).end == dt.date(2024, 9, 30)
    assert period("quy-1", 2024, cutoff_day=0).end == dt.date(2024, 3, 31)
    assert period("quy-1", 2025, cutoff_day=20).start == dt.date(2024, 12, 21)
    q1 = period("quy-1", 2025)
    assert [q1.holds(dt.date(2024, 12, d)) for d in (14, 15)] == [False, True]
    assert [q1.holds(dt.date(2025, 3, d)) for d in (14, 15)] == [True, False]


def test_a_periods_figures_count_only_its_entries(plan):
    book = ledger(("tin", "01/01", 2), ("tin", "14/03", 3), ("tin", "15/03", 5), ("by", "10/02", 1))
    rows = {f.task.path: f for f in period_figures(plan, book, period("quy-1", 2025))}
    assert (rows["tin"].done, rows["tin"].expected, rows["tin"].state) == (5, 6, "late")  # February had none
    assert [r.key for r in rows["tin"].records] == ["e0", "e1"]
    assert (rows["by"].done, rows["by"].expected, rows["by"].state) == (1, 0, "done")
    book = ledger(("tin", "01/01", 2), ("tin", "01/02", 2), ("tin", "01/03", 2))
    rows = {f.task.path: f for f in period_figures(plan, book, period("quy-1", 2025, cutoff_day=0))}
    assert (rows["tin"].done, rows["tin"].expected, rows["tin"].state) == (6, 6, "done")  # the period's quota met
    rows = {f.task.path: f for f in period_figures(plan, None, period("quy-1", 2025))}
    assert (rows["tin"].done, rows["tin"].state) == (0, "late")  # January ended with none


def test_quotas_read_from_the_words_are_suggested_where_the_plan_wrote_them(plan):
    found = suggested_targets(plan)
    assert [(line, col, where, targets) for _, line, col, where, targets in found] == [
        (32, 7, "Phụ lục, dòng 7", (Target(2, "tin/bài", "month"),)),
        (33, 7, "Phụ lục, dòng 8", (Target(1, "tin/bài", "week"),)),
        (13, 13, "I.1.b)", (Target(1, "tin/bài", "month"),)),
    ]  # not 'quy': its target is written down
    assert {file for file, *_ in found} == {plan.file}


def test_an_inherited_quota_is_suggested_only_where_it_was_written(plan, plans):
    from conftest import CHILD_HEAD

    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD)
    child = resolve(plans.plans).plans["huyen"]
    assert suggested_targets(child) == []


def test_progress_is_reported_as_of_the_newest_entry_else_the_plans_date(plan, plans):
    from kehoach.plans.progress import as_of

    assert as_of(plan, None) == dt.date(2025, 1, 10)  # the plan's date
    assert as_of(plan, ledger(("by", "10/02", 1), ("tin", "03/03", 1))) == dt.date(2025, 3, 3)
    plans.write("nhap", TOP.replace(" date: 10/01/2025,", ""))  # a draft: no date yet
    draft = resolve(plans.plans).plans["nhap"]
    assert as_of(draft, None) == dt.date(2025, 1, 1)


def test_missed_periods_are_named_as_a_report_would():
    """Three or more periods in a row by their first and last; more than three weeks counted."""
    from kehoach.plans.progress import _period_names, _periods

    months, weeks = _periods("month", 2025), _periods("week", 2025)
    assert _period_names("month", [months[1], months[2]]) == "tháng 2, tháng 3/2025"
    assert (
        _period_names("month", [months[0], *months[3:6], months[8]]) == "tháng 1, từ tháng 4 đến tháng 6, tháng 9/2025"
    )
    assert _period_names("quarter", _periods("quarter", 2024)[1:3]) == "quý II, quý III/2024"
    assert _period_names("week", weeks[1:3]) == f"tuần {weeks[1][0]:%d/%m}, tuần {weeks[2][0]:%d/%m}/2025"
    assert _period_names("week", weeks[:47]) == f"47 tuần, gần nhất tuần {weeks[46][0]:%d/%m/%Y}"
