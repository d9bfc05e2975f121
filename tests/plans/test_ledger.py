"""The ledger (sổ theo dõi) as it is read: its records, their defaults and order, and every
mistake a clerk can make in it, each with its exact message (issue #15, pinned for #19)."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from conftest import TOP, resolve

from kehoach.errors import Problems
from kehoach.plans.ledger import Record, load_ledgers

PLAN = "ha-noi-ttpvhcc-2025"


@pytest.fixture
def progress(tmp_path):
    folder = tmp_path / "progress"
    folder.mkdir()
    return folder


def read(progress, text: str, name: str = PLAN, only: str | None = None, corpus=None):
    (progress / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    problems = Problems()
    ledgers = load_ledgers(progress, corpus, problems, only)
    # each problem as printed, without the file's name: 'line:col: field: message Gợi ý: hint'
    return ledgers, [p.format().split(":", 1)[1] for p in problems.items]


def test_records_with_their_defaults_in_date_order(progress, corpus):
    ledgers, errors = read(
        progress,
        """\
        proposals: Đề nghị bố trí kinh phí.
        entries:
          - {key: z, task: bao-cao-dinh-ky, date: 10/03/2025, title: Báo cáo quý I}
          - {key: b, task: tin-bai-trang-thanh-pho, date: 20/01/2025, title: Tin 1, count: 3, link: https://a.vn/1, evidence: Số 12}
          - {key: a, task: to-chuc-thuc-hien/tt-quan-tri-he-thong/a, date: 20/01/2025, title: Tin 2}
        """,
        corpus=corpus,
    )
    assert errors == []
    ledger = ledgers[PLAN]
    assert (ledger.plan, ledger.proposals) == (PLAN, "Đề nghị bố trí kinh phí.")
    assert ledger.file.endswith(f"progress/{PLAN}.yaml")
    assert ledger.records == (
        Record("a", "to-chuc-thuc-hien/tt-quan-tri-he-thong/a", dt.date(2025, 1, 20), "Tin 2", 1, "", ""),
        Record("b", "tin-bai-trang-thanh-pho", dt.date(2025, 1, 20), "Tin 1", 3, "https://a.vn/1", "Số 12"),
        Record("z", "bao-cao-dinh-ky", dt.date(2025, 3, 10), "Báo cáo quý I", 1, "", ""),
    )


def test_every_mistake_at_once_and_only_good_entries_counted(progress, corpus):
    ledgers, errors = read(
        progress,
        """\
        entries:
          - {key: ok, task: bao-cao-dinh-ky, date: 10/03/2025, title: Báo cáo quý I}
          - {key: khong, task: bao-cao-dinh-ky, date: 11/03/2025, title: Không có gì, count: 0}
          - {key: am, task: bao-cao-dinh-ky, date: 12/03/2025, title: Âm, count: -2}
          - {key: thieu, task: bao-cao-dinh-ky, date: 13/03/2025}
          - {key: hai-loi, task: khong-co, date: 01/01/2024, title: Hai lỗi}
          - {key: nam-truoc, task: bao-cao-dinh-ky, date: 31/12/2024, title: Năm trước}
          - {key: ftp, task: bao-cao-dinh-ky, date: 14/03/2025, title: Lưu, link: ftp://a.vn/b}
          - {key: sai-viec, task: khong-co-viec, date: 14/03/2025, title: T}
          - {key: mot, task: bao-cao-dinh-ky, date: 14/03/2025, title: Một việc, count: 1}
        """,
        corpus=corpus,
    )
    assert [(r.key, r.count) for r in ledgers[PLAN].records] == [("ok", 1), ("mot", 1)]
    assert errors == [
        "3:86: entries[khong].count: số lượng phải từ 1 trở lên Gợi ý: Bỏ 'count' khi là 1 việc.",
        "4:74: entries[am].count: số lượng phải từ 1 trở lên Gợi ý: Bỏ 'count' khi là 1 việc.",
        "5:5: entries[thieu]: thiếu trường bắt buộc 'title' Gợi ý: Thêm 'title:' (Việc đã làm, ví dụ tên tin/bài đã đăng.)",
        "6:26: entries[hai-loi].task: kế hoạch 'ha-noi-ttpvhcc-2025' không có việc 'khong-co' Gợi ý: Xem các khóa bằng "
        "'python build.py show ha-noi-ttpvhcc-2025'; mục trong nội dung ghi đường khóa nối bằng '/'.",
        "6:42: entries[hai-loi].date: ngày 01/01/2024 nằm ngoài năm 2025 của kế hoạch Gợi ý: Ghi việc vào sổ của kế hoạch năm đó.",
        "7:51: entries[nam-truoc].date: ngày 31/12/2024 nằm ngoài năm 2025 của kế hoạch Gợi ý: Ghi việc vào sổ của kế hoạch năm đó.",
        "8:75: entries[ftp].link: đường dẫn 'ftp://a.vn/b' không phải http:// hay https:// Gợi ý: Chép nguyên địa chỉ bài đã"
        " đăng, ví dụ https://hanoi.gov.vn/tin-tuc/…",
        "9:27: entries[sai-viec].task: kế hoạch 'ha-noi-ttpvhcc-2025' không có việc 'khong-co-viec' Gợi ý: Xem các khóa"
        " bằng 'python build.py show ha-noi-ttpvhcc-2025'; mục trong nội dung ghi đường khóa nối bằng '/'.",
    ]


@pytest.mark.parametrize(
    "text, error",
    [
        ("- a\n- b\n", "1:1: cần 'entries:' và danh sách các việc đã làm Gợi ý: Xem progress/ trong README."),
        (
            "proposals: Không có việc.\n",
            "1:1: thiếu trường bắt buộc 'entries' Gợi ý: Thêm 'entries:' (Các việc đã làm, mỗi việc một khóa.)",
        ),
    ],
)
def test_a_ledger_without_entries(progress, corpus, text, error):
    ledgers, errors = read(progress, text, corpus=corpus)
    assert errors == [error]
    assert ledgers.get(PLAN) is None or ledgers[PLAN].records == ()


def test_a_ledger_named_after_no_plan(progress, corpus):
    _, errors = read(progress, "entries: []\n", name="ha-noi-ttpvhcc-2024", corpus=corpus)
    assert errors == [
        "1:1: không có kế hoạch 'ha-noi-ttpvhcc-2024' cho sổ theo dõi này Gợi ý: Có phải ý bạn là 'ha-noi-ttpvhcc-2025'?"
    ]
    _, errors = read(progress, "entries: []\n", name="zzz", corpus=corpus)
    assert (
        errors[-1] == "1:1: không có kế hoạch 'zzz' cho sổ theo dõi này Gợi ý: Tên tệp sổ theo dõi là id của kế hoạch."
    )


def test_an_empty_ledger_and_only_one_plans_ledger(progress, corpus):
    ledgers, errors = read(progress, "entries: []\nproposals: Chưa có.\n", corpus=corpus)
    assert errors == [] and ledgers[PLAN].records == () and ledgers[PLAN].proposals == "Chưa có."
    (progress / "a-khac.yaml").write_text("entries: []\n", encoding="utf-8")  # read first, were it read
    problems = Problems()
    assert list(load_ledgers(progress, corpus, problems, PLAN)) == [PLAN]  # the other ledger is not read
    assert not problems
    assert load_ledgers(progress / "khong-co-thu-muc", corpus, problems) == {}


def test_what_an_entry_may_count_for(plans):
    """Every appendix row by its key, every body item by its key path joined with '/'."""
    from kehoach.plans.ledger import task_paths

    plans.write("tinh", TOP)
    plan = resolve(plans.plans).plans["tinh"]
    paths = task_paths(plan)
    assert list(paths) == [
        "t1",
        "t2",
        "muc-dich",
        "muc-dich/mot",
        "muc-dich/mot/a",
        "muc-dich/mot/b",
        "muc-dich/mot/c",
        "to-chuc",
        "to-chuc/so-noi-vu",
    ]
    assert paths["t1"] is plan.tasks[0] and paths["muc-dich/mot/b"].text == "Hai"


def test_a_ledger_without_proposals_and_one_that_is_not_yaml(progress, corpus):
    ledgers, errors = read(
        progress, "entries:\n  - {key: a, task: bao-cao-dinh-ky, date: 10/03/2025, title: T}\n", corpus=corpus
    )
    assert errors == [] and ledgers[PLAN].proposals == "" and len(ledgers[PLAN].records) == 1
    ledgers, errors = read(progress, "entries: [\n", corpus=corpus)
    assert PLAN not in ledgers and len(errors) == 1 and errors[0].startswith("2:1: ")
