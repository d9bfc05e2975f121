"""The cross-field checks at their limits: what is just allowed passes, with no message (the
refusals, with their exact messages, are in tests/plans/test_catalogue.py)."""

from __future__ import annotations

import pytest
from conftest import CHILD_HEAD, TOP


def check(plans, **files: str) -> tuple[int, str]:
    for name, text in files.items():
        plans.write(name, text)
    code, _, err = plans.run("check")
    return code, err


@pytest.mark.parametrize(
    "old, new",
    [
        ("2025", "2000"),  # the year, and every date of the plan with it
        ("2025", "2100"),
        ("number: 5", "number: 1"),
        ("number: 5", "number: 99999"),
        ("symbol: KH-UBND", "symbol: KH-ĐU"),
        ("symbol: KH-UBND", "symbol: KH-UBND-VP"),
        ("symbol: KH-UBND", "symbol: KH-BCĐ389"),
        ("archive: VT", "archive: VT\nreporting: {cutoff_day: 0}"),
        ("archive: VT", "archive: VT\nreporting: {cutoff_day: 28}"),
        ("archive: VT", "archive: VT\nreporting: {cutoff_day: 1}"),
    ],
)
def test_values_at_the_limits_are_accepted(plans, old, new):
    code, err = check(plans, p=TOP.replace(old, new))
    assert code == 0, err
    assert "không hợp lệ" not in err and "không đúng dạng" not in err


def test_a_child_may_be_issued_the_same_day_as_its_parent_and_cite_that_day(plans):
    child = "extends: tinh\n" + CHILD_HEAD.replace("symbol: KH-UBND,", "symbol: KH-UBND, number: 3, date: 10/01/2025,")
    child = child.replace(
        "legal_basis: {closing:",
        "legal_basis: {documents: [{key: qd, at: end, kind: Quyết định, number: 1/QĐ-UBND, issuer: UBND Tỉnh,"
        " date: 10/01/2025, about: về việc X}], closing:",
    )
    code, err = check(plans, tinh=TOP, huyen=child)
    assert code == 0, err


def test_two_thousand_items_are_allowed(plans):
    many = "".join(f"          - {{key: x{n}, text: Mục {n}}}\n" for n in range(1992))
    code, err = check(plans, p=TOP.replace("          - {key: c, text: Ba (Phụ lục)}\n", many))
    assert code == 0, err  # 4 + 1,992 + 2 in the body, 2 rows: exactly 2,000


def test_an_inherited_task_outside_the_childs_year_is_shown_in_the_parents_file(plans):
    """The child's year moved on; the row it inherits says 2025: the message points at the row
    where it is written, in the parent's file, and names the child's year."""
    child = "extends: tinh\nyear: 2026\n" + CHILD_HEAD
    child += "lint: {ignore: [nam-cap-tren]}\n"
    code, err = check(plans, tinh=TOP, huyen=child)
    assert code == 1
    assert err.splitlines()[0] == (
        "plans/tinh.yaml:26:7: Phụ lục, dòng 1 — appendix.tasks[t1]: thời hạn 'Chậm nhất ngày 20/02/2025' của nhiệm vụ 't1' nằm ngoài"
        " năm 2026 của kế hoạch Gợi ý: Sửa thời hạn, hoặc thêm 'cross_year: true' nếu cố ý."
    )
