import datetime as dt

import pytest

from kehoach.text.deadline import Deadline, DeadlineError
from kehoach.text.deadline import parse_deadline as parse


@pytest.mark.parametrize(
    "text, kind, wording",
    [
        ("Chậm nhất ngày 20/02/2025", "by", "Chậm nhất ngày 20/02/2025"),
        ("chậm nhất ngày 15/3/2024", "by", "Chậm nhất ngày 15/3/2024"),
        ("20/02/2025", "by", "20/02/2025"),
        ("Tháng 8/2025", "month", "Tháng 8/2025"),
        ("Định kỳ hằng tuần", "weekly", "Định kỳ hằng tuần"),
        ("Định kỳ hàng tháng", "monthly", "Định kỳ hàng tháng"),
        ("dinh ky hang quy", "quarterly", "Dinh ky hang quy"),
        ("Định kỳ quý I, 6 tháng, 9 tháng, năm", "report_cycle", "Định kỳ quý I, 6 tháng, 9 tháng, năm"),
        ("Trong năm", "year", "Trong năm"),
        ("Thường xuyên", "ongoing", "Thường xuyên"),
        # the clerk's wording is kept; only the structured value is normalised (issue #14)
        ("Trước ngày 15/11/2025", "by", "Trước ngày 15/11/2025"),
        ("Trong tháng  8/2025", "month", "Trong tháng 8/2025"),
        ("Quý IV/2025", "quarter", "Quý IV/2025"),
        ("quý 2/2025", "quarter", "Quý 2/2025"),
        ("Hằng năm", "annual", "Hằng năm"),
        ("Thời gian hoàn thành: Trong năm", "year", "Trong năm"),
    ],
)
def test_parse_and_wording(text, kind, wording):
    d = parse(text)
    assert d.kind == kind
    assert d.wording() == wording


def test_impossible_date_is_refused():
    with pytest.raises(DeadlineError, match="ngày '31/02/2025' không có thật"):
        parse("Chậm nhất ngày 31/02/2025")


def test_unknown_wording_is_refused():
    with pytest.raises(DeadlineError, match="không hiểu thời hạn 'sớm nhất có thể'"):
        parse("sớm nhất có thể")


def test_due_dates_are_machine_readable():
    assert parse("Tháng 8/2025").due_dates(2025) == [dt.date(2025, 8, 31)]
    assert len(parse("Định kỳ hằng tháng").due_dates(2025)) == 12
    assert parse("Định kỳ hằng quý").months(2025) == [3, 6, 9, 12]
    assert parse("Thường xuyên").due_dates(2025) == []
    assert Deadline("by", date=dt.date(2026, 1, 5)).outside_year(2025)


def test_new_forms_have_the_same_structured_meaning():
    assert parse("Trước ngày 15/11/2025") == Deadline("by", date=dt.date(2025, 11, 15), text="Trước ngày 15/11/2025")
    assert parse("Trước ngày 15/11/2025").first_due(2025) == parse("Chậm nhất ngày 15/11/2025").first_due(2025)
    assert parse("Trong tháng 8/2025").first_due(2025) == parse("Tháng 8/2025").first_due(2025) == dt.date(2025, 8, 31)
    assert parse("Quý IV/2025").due_dates(2025) == [dt.date(2025, 12, 31)]
    assert parse("Quý I/2025").first_due(2025) == dt.date(2025, 3, 31)
    assert parse("Quý I/2026").outside_year(2025)
    assert parse("Hằng năm").first_due(2025) == dt.date(2025, 12, 31)
    assert parse("Thường xuyên").first_due(2025) is None
    assert parse("Quý IV/2025").as_dict() == {"kind": "quarter", "text": "Quý IV/2025", "year": 2025, "quarter": 4}


def test_quarter_that_does_not_exist():
    with pytest.raises(DeadlineError, match="quý 'V' không có thật"):
        parse("Quý V/2025")


# Behaviours pinned for issue #19: each assertion states what the clerk or the document sees.


def test_an_impossible_month_or_quarter_is_refused_with_its_number():
    with pytest.raises(DeadlineError, match=r"^tháng '13' không có thật$"):
        parse("Tháng 13/2025")
    with pytest.raises(DeadlineError, match=r"^tháng '0' không có thật$"):
        parse("Trong tháng 0/2025")
    with pytest.raises(DeadlineError, match=r"^quý 'V' không có thật \(chỉ có quý I, II, III, IV\)$"):
        parse("Quý V/2025")
    with pytest.raises(DeadlineError, match=r"^ngày '31/02/2025' không có thật$"):
        parse("Chậm nhất ngày 31/02/2025")
    with pytest.raises(DeadlineError, match=r"^không hiểu thời hạn 'Sớm nhất có thể'$"):
        parse("Sớm nhất có thể")


def test_iso_dates_and_the_printed_prefix():
    d = parse("2025-02-20")
    assert (d.kind, d.date, d.wording()) == ("by", dt.date(2025, 2, 20), "2025-02-20")
    d = parse("Thời gian hoàn thành: chậm nhất ngày 2025-03-05.")
    assert (d.kind, d.date, d.wording()) == ("by", dt.date(2025, 3, 5), "Chậm nhất ngày 2025-03-05.")
    d = parse("thời gian hoàn thành Tháng 8/2025")
    assert (d.kind, d.year, d.month, d.wording()) == ("month", 2025, 8, "Tháng 8/2025")


def test_a_deadline_outside_the_plans_year_is_flagged():
    assert parse("Tháng 8/2026").outside_year(2025) is True
    assert parse("Tháng 8/2025").outside_year(2025) is False
    assert parse("Quý I/2024").outside_year(2025) is True
    assert parse("Chậm nhất ngày 31/12/2024").outside_year(2025) is True
    assert parse("Chậm nhất ngày 01/01/2025").outside_year(2025) is False
    assert parse("Định kỳ hằng tháng").outside_year(2025) is False  # recurring: in whatever year


def test_due_dates_and_months_of_each_kind():
    assert parse("Trong năm").due_dates(2025) == [dt.date(2025, 12, 31)]
    assert parse("Hằng năm").due_dates(2024) == [dt.date(2024, 12, 31)]
    assert parse("Trong năm").months(2025) == [12]
    assert parse("Thường xuyên").due_dates(2025) == []
    assert parse("Thường xuyên").months(2025) == list(range(1, 13))
    assert parse("Thường xuyên").first_due(2025) is None
    assert parse("Tháng 2/2024").due_dates(2024) == [dt.date(2024, 2, 29)]  # the month's last day
    assert parse("Quý II/2025").due_dates(2025) == [dt.date(2025, 6, 30)]
    assert parse("Quý IV/2025").months(2025) == [12]
    assert parse("Định kỳ hằng quý").due_dates(2025) == [
        dt.date(2025, 3, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
    ]
    assert parse("Định kỳ quý I, 6 tháng, 9 tháng, năm").months(2025) == [3, 6, 9, 12]
    monthly = parse("Định kỳ hằng tháng").due_dates(2025)
    assert len(monthly) == 12 and monthly[1] == dt.date(2025, 2, 28) and monthly[-1] == dt.date(2025, 12, 31)
    weekly = parse("Định kỳ hằng tuần").due_dates(2025)
    assert weekly[0] == dt.date(2025, 1, 3) and weekly[-1] == dt.date(2025, 12, 26) and len(weekly) == 52
    assert all(d.weekday() == 4 for d in weekly)  # Fridays
    assert parse("Tháng 8/2026").months(2025) == []  # due in another year: no month of this one
    assert parse("Chậm nhất ngày 20/02/2025").first_due(2025) == dt.date(2025, 2, 20)


def test_canonical_wording_when_the_clerk_gave_none():
    assert Deadline("by", date=dt.date(2025, 2, 5)).wording() == "Chậm nhất ngày 05/02/2025"
    assert Deadline("month", year=2025, month=2).wording() == "Tháng 02/2025"
    assert Deadline("quarter", year=2025, quarter=3).wording() == "Quý III/2025"
    assert Deadline("ongoing").wording() == "Thường xuyên"
    assert parse("Quý 3/2025").as_dict() == {"kind": "quarter", "text": "Quý 3/2025", "year": 2025, "quarter": 3}


def test_weekly_tasks_fall_due_every_friday_of_the_year():
    fridays = parse("Định kỳ hằng tuần").due_dates(2027)  # 1/1/2027 is a Friday: 53 of them
    assert (fridays[0], fridays[-1], len(fridays)) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31), 53)
    fridays = parse("Định kỳ hằng tuần").due_dates(2028)  # 1/1/2028 is a Saturday
    assert (fridays[0], fridays[-1], len(fridays)) == (dt.date(2028, 1, 7), dt.date(2028, 12, 29), 52)
    assert all(b - a == dt.timedelta(weeks=1) for a, b in zip(fridays, fridays[1:]))
    assert parse("Định kỳ hằng tuần").months(2028) == list(range(1, 13))


def test_every_quarter_has_its_roman_numeral():
    words = [Deadline("quarter", year=2025, quarter=q).wording() for q in (1, 2, 3, 4)]
    assert words == ["Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025"]
    assert [parse(w).quarter for w in words] == [1, 2, 3, 4]


def test_the_structured_deadline_in_the_metadata():
    assert parse("Chậm nhất ngày 20/02/2025").as_dict() == {
        "kind": "by",
        "text": "Chậm nhất ngày 20/02/2025",
        "date": "2025-02-20",
    }
    assert parse("Trong tháng 8/2025").as_dict() == {
        "kind": "month",
        "text": "Trong tháng 8/2025",
        "year": 2025,
        "month": 8,
    }
    assert parse("Định kỳ hằng tháng").as_dict() == {"kind": "monthly", "text": "Định kỳ hằng tháng"}
    assert Deadline("month", year=2025, month=2).as_dict() == {
        "kind": "month",
        "text": "Tháng 02/2025",
        "year": 2025,
        "month": 2,
    }


def test_a_final_full_stop_does_not_change_the_deadline():
    assert parse("Trong năm.").kind == "year" and parse("Trong năm.").wording() == "Trong năm."
    assert parse("Tháng 8/2025.").month == 8


def test_december_and_the_short_report_cycle_wording():
    assert (parse("Tháng 12/2025").month, parse("Tháng 12/2025").due_dates(2025)) == (12, [dt.date(2025, 12, 31)])
    assert parse("Tháng 1/2025").month == 1
    assert parse("Định kỳ quý, 6 tháng, 9 tháng, năm").kind == "report_cycle"


def test_a_remembered_wording_gives_the_same_deadline_and_a_wrong_one_raises_every_time():
    """parse_deadline is remembered by its text (a Deadline is frozen): the same object back,
    and a wording that is wrong is reported at every plan that writes it."""
    assert parse("Chậm nhất ngày 20/02/2025") is parse("Chậm nhất ngày 20/02/2025")
    for _ in range(2):
        with pytest.raises(DeadlineError):
            parse("Trước ngày 31/02/2025")
