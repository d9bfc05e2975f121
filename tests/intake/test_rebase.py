"""`python build.py rebase`: next year's plan of a unit, re-applied onto the parent's new plan."""

from __future__ import annotations

import shutil

from conftest import CHILD_HEAD, ROOT, TOP

OLD = TOP  # the province's 2025 plan
NEW = (
    TOP.replace("year: 2025", "year: 2026")
    .replace("date: 10/01/2025", "date: 12/01/2026")
    .replace("text: Một}", "text: Một (sửa năm 2026)}")  # a) changed in the parent too
    .replace("          - {key: c, text: Ba (Phụ lục)}\n", "")  # c) gone
    .replace("          - {key: b, text: Hai}\n", "          - {key: b2, text: Hai mới}\n")  # b) renamed
    .replace("Chậm nhất ngày 20/02/2025", "Chậm nhất ngày 20/02/2026")
)
CHILD = (
    "extends: tinh-2025\n"
    + CHILD_HEAD.replace("Thông tin tuyên truyền CCHC huyện B", "Thông tin tuyên truyền CCHC huyện B năm 2025")
    + """body:
  - key: muc-dich
    items:
      - key: mot
        items:
          - {key: a, text: Một của huyện}
          - {key: c, remove: Huyện không làm}
          - {key: b, text: Hai của huyện}
          - {key: moi, after: b, text: Việc riêng của huyện}
appendix:
  tasks:
    - {key: t1, deadline: Chậm nhất ngày 10/03/2025}
"""
)


def test_rebase_reports_every_kind_of_conflict(plans):
    plans.write("tinh-2025", OLD)
    plans.write("tinh-2026", NEW)
    plans.write("huyen-2025", CHILD)
    code, out, err = plans.run("rebase", "huyen-2025", "--onto", "tinh-2026", "--id", "huyen-2026")
    assert code == 0, err
    assert out.splitlines() == [
        "Đã ghi plans/huyen-2026.yaml: kế hoạch 'huyen-2026' thực hiện 'tinh-2026', 5 chỗ cần xem lại.",
        "  plans/huyen-2025.yaml:14:13: body[muc-dich].items[mot].items[a]: mục I.1.a) được sửa ở đây, và kế hoạch "
        "cấp trên mới cũng đã đổi nó. Trước: “Một”. Nay: “Một (sửa năm 2026)”. Phần sửa ở đây được giữ; xem lại.",
        "  plans/huyen-2025.yaml:15:13: body[muc-dich].items[mot].items[c]: mục 'c' đã bỏ ở đây, nhưng kế hoạch cấp "
        "trên mới 'tinh-2026' không còn mục này: không cần bỏ nữa (đã xóa dòng này)",
        "  plans/huyen-2025.yaml:16:13: body[muc-dich].items[mot].items[b]: mục 'b' được sửa ở đây, nhưng kế hoạch "
        "cấp trên mới 'tinh-2026' không còn mục này: phần sửa được giữ dưới dạng chú thích ở cuối tệp; chèn lại nếu cần",
        "  plans/huyen-2025.yaml:17:31: body[muc-dich].items[mot].items[moi].after: 'after: b' chỉ tới mục kế hoạch "
        "cấp trên mới không còn: đã chuyển mục về cuối danh sách (at: end)",
        "  plans/huyen-2025.yaml:20:27: appendix.tasks[t1].deadline: thời hạn 'Chậm nhất ngày 10/03/2025' ở năm cũ, "
        "ngoài năm 2026 của kế hoạch mới: đã đổi thành 'Chậm nhất ngày 10/03/2026'; xem lại",
        "Kiểm tra 'huyen-2026' cùng cả kho trước khi ghi: không có lỗi.",
    ]
    text = (plans.plans / "huyen-2026.yaml").read_text(encoding="utf-8")
    assert "extends: tinh-2026" in text and "năm 2026" in text and "number:" not in text
    assert "# body[muc-dich].items[mot].items[b]: {'key': 'b', 'text': 'Hai của huyện'}" in text
    assert "# XUNG ĐỘT plans/huyen-2025.yaml:14:13: body[muc-dich].items[mot].items[a]: mục I.1.a) được sửa" in text


def test_rebase_of_a_real_ward_plan_onto_a_new_district_plan(plans):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    hoang_mai = (plans.plans / "ha-noi" / "hoang-mai-2024.yaml").read_text(encoding="utf-8")
    plans.write(
        "ha-noi/hoang-mai-2025",
        hoang_mai.replace("2024", "2025").replace("number: 67", "number: 71").replace("19/02/2025", "20/02/2025"),
    )
    code, out, err = plans.run("rebase", "thinh-liet-2024", "--onto", "hoang-mai-2025", "--id", "thinh-liet-2025")
    assert code == 0, err
    assert out.startswith(
        "Đã ghi plans/ha-noi/thinh-liet-2025.yaml: kế hoạch 'thinh-liet-2025' thực hiện 'hoang-mai-2025'"
    )
    code, out, err = plans.run("show", "thinh-liet-2025")
    assert code == 0
    assert "của phường Thịnh Liệt năm 2025" in out and "Kế hoạch số 71/KH-UBND" in out
    assert plans.run("-q", "--plan", "thinh-liet-2025", "--no-site")[0] == 0


def test_an_added_row_whose_key_the_new_parent_now_has_is_reported(plans):
    plans.write("tinh-2025", OLD)
    plans.write(
        "tinh-2026",
        NEW.replace(
            "    - {key: t2,", "    - {key: t3, task: Mới ở tỉnh, lead: Các Sở, deadline: Trong năm}\n    - {key: t2,"
        ),
    )
    child = (
        "extends: tinh-2025\n"
        + CHILD_HEAD
        + (
            "appendix:\n  tasks:\n    - {key: t3, after: t2, task: Việc của huyện, lead: Phòng Nội vụ, deadline: Trong năm}\n"
        )
    )
    plans.write("huyen-2025", child)
    code, out, err = plans.run("rebase", "huyen-2025", "--onto", "tinh-2026", "--id", "huyen-2026")
    assert code == 0, err
    assert out.splitlines()[1] == (
        "  plans/huyen-2025.yaml:11:7: appendix.tasks[t3]: dòng nhiệm vụ 't3' được thêm ở đây, nay kế hoạch cấp trên "
        "mới cũng có khóa này: dòng này thành phần sửa mục của cấp trên; đổi khóa nếu đó là mục khác"
    )
