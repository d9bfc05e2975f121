import datetime as dt

import pytest

from kehoach.text.deadline import Deadline, DeadlineError, parse


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
