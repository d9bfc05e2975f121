"""Quotas read from a task's words (issue #14): count, what, per period, compared per year."""

import pytest

from kehoach.text.quota import Target, lower, targets


@pytest.mark.parametrize(
    "text, deadline, found",
    [
        ("Có ít nhất 02 tin/bài về CCHC", "monthly", [Target(2, "tin/bài", "month")]),
        ("đảm bảo tối thiểu 06 tin/bài trong năm", "", [Target(6, "tin/bài", "year")]),
        ("định kỳ hằng tháng có ít nhất 02 tin/bài về CCHC", "", [Target(2, "tin/bài", "month")]),
        ("hằng quý có ít nhất 01 tin/bài gửi đăng", "", [Target(1, "tin/bài", "quarter")]),
        ("phát sóng đảm bảo 01 lần/1 tuần vào khung giờ", "", [Target(1, "lần", "week")]),
        ("06 tin/bài trên Trang A và 12 tin/bài trên Trang B", "", [Target(6, "tin/bài"), Target(12, "tin/bài")]),
        ("Báo cáo định kỳ quý, 6 tháng, 9 tháng, năm", "report_cycle", []),
        ("Nghị định số 30/2020/NĐ-CP", "", []),
    ],
)
def test_targets(text, deadline, found):
    assert list(targets(text, deadline)) == found


def test_lower_compares_per_year_and_in_order():
    month2, quarter6, month1 = (
        Target(2, "tin/bài", "month"),
        Target(6, "tin/bài", "quarter"),
        Target(1, "tin/bài", "month"),
    )
    assert lower((month2,), (quarter6,)) == []  # 24 a year either way
    assert lower((month2,), (month1,)) == [(month2, month1)]
    assert lower((month2,), (Target(1, "lần", "month"),)) == []  # not the same thing
    assert lower((month2,), ()) == []  # no figure in the child's words: not read as lowered
    assert month1.wording() == "01 tin/bài/tháng"
