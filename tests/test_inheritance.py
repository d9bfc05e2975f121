"""Each merge operation, through three levels: province → district → commune."""

from conftest import CHILD_HEAD, TOP, resolve

from kehoach.plans.numbering import walk
from kehoach.render.outline import lines


def three_levels(plans, district_body: str, commune_body: str):
    plans.write("tinh", TOP)
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD + district_body)
    head = CHILD_HEAD.replace("huyện B", "xã C")
    if commune_body.startswith("legal_basis:"):
        head = head.replace('legal_basis: {closing: "UBND xã C ban hành Kế hoạch như sau:"}\n', "")
        commune_body += '  closing: "UBND xã C ban hành Kế hoạch như sau:"\n'
    plans.write("xa", "extends: huyen\n" + head + commune_body)
    code, out, err = plans.run("check")
    assert code == 0, err
    return resolve(plans.plans)


def items(plan, path=("muc-dich", "mot")):
    node = next(n for n in plan.body if n.key == path[0])
    for key in path[1:]:
        node = next(n for n in node.items if n.key == key)
    return node.items


def test_child_inherits_everything_it_does_not_mention(plans):
    c = three_levels(plans, "", "")
    xa = c.plans["xa"]
    assert [n.text for n in items(xa)] == ["Một", "Hai", "Ba (Phụ lục)"]
    assert {n.origin.status for n in items(xa)} == {"inherited"}
    assert {n.origin.plan for n in items(xa)} == {"tinh"}
    assert [t.key for t in xa.tasks] == ["t1", "t2"]


def test_override_at_depth_three_keeps_parent_version(plans):
    body = (
        "body:\n  - key: muc-dich\n    items:\n      - key: mot\n        items:\n          - {key: b, text: Hai sửa}\n"
    )
    c = three_levels(plans, body, "")
    b_huyen = items(c.plans["huyen"])[1]
    assert b_huyen.text == "Hai sửa"
    assert b_huyen.origin.status == "changed"
    assert b_huyen.origin.previous.text == "Hai"
    b_xa = items(c.plans["xa"])[1]
    assert (b_xa.text, b_xa.origin.status, b_xa.origin.plan) == ("Hai sửa", "inherited", "huyen")


def test_remove_with_reason(plans):
    body = "body:\n  - key: muc-dich\n    items:\n      - key: mot\n        items:\n          - {key: a, remove: Không áp dụng ở xã}\n"
    c = three_levels(plans, "", body)
    xa = c.plans["xa"]
    assert [n.key for n in items(xa)] == ["b", "c"]
    assert [(r.item.key, r.reason, r.path) for r in xa.removed] == [("a", "Không áp dụng ở xã", ("muc-dich", "mot"))]
    labels = [e.label for e in walk(xa.body) if e.depth == 3]
    assert labels[:2] == ["a)", "b)"]  # labels follow position after inheritance


def test_insert_before_after_and_at_end(plans):
    body = (
        "body:\n  - key: muc-dich\n    items:\n      - key: mot\n        items:\n"
        "          - {key: moi-1, before: a, text: Đầu}\n"
        "          - {key: moi-2, after: b, text: Giữa}\n"
        "          - {key: moi-3, at: end, text: Cuối}\n"
    )
    c = three_levels(plans, "", body)
    xa = c.plans["xa"]
    assert [n.text for n in items(xa)] == ["Đầu", "Một", "Hai", "Giữa", "Ba (Phụ lục)", "Cuối"]
    assert [n.origin.status for n in items(xa)] == ["added", "inherited", "inherited", "added", "inherited", "added"]
    labels = [e.label for e in walk(xa.body) if e.depth == 3]
    assert labels == ["a)", "b)", "c)", "d)", "đ)", "e)"]


def test_move_is_a_change(plans):
    body = "body:\n  - key: muc-dich\n    items:\n      - key: mot\n        items:\n          - {key: a, at: end}\n"
    c = three_levels(plans, body, "")
    assert [n.key for n in items(c.plans["xa"])] == ["b", "c", "a"]
    assert items(c.plans["huyen"])[2].origin.status == "changed"


def test_replace_whole_list(plans):
    body = (
        "appendix:\n  tasks:\n    replace:\n"
        "      - {key: x1, task: Riêng của huyện, lead: Phòng Nội vụ, deadline: Tháng 3/2025}\n"
    )
    c = three_levels(plans, body, "")
    assert [t.key for t in c.plans["xa"].tasks] == ["x1"]
    assert {r.item.key for r in c.plans["huyen"].removed} == {"t1", "t2"}


def test_task_field_override_keeps_other_fields(plans):
    body = "appendix:\n  tasks:\n    - {key: t1, lead: Phòng Văn hóa}\n"
    c = three_levels(plans, "", body)
    t1 = c.plans["xa"].tasks[0]
    assert (t1.task, t1.lead, t1.deadline.wording()) == (
        "Ban hành kế hoạch",
        "Phòng Văn hóa",
        "Chậm nhất ngày 20/02/2025",
    )


def test_parent_citation_is_automatic_and_overridable(plans):
    c = three_levels(plans, "", "legal_basis:\n  documents:\n    - {key: huyen, about: kế hoạch của huyện}\n")
    xa = c.plans["xa"]
    assert [x.key for x in xa.citations] == ["tinh", "huyen"]
    text = lines(xa)[2]
    assert "Kế hoạch số /KH-UBND của UBND huyện B về kế hoạch của huyện" in text
    assert text.startswith(
        "Thực hiện Kế hoạch số 05/KH-UBND ngày 10/01/2025 của UBND Tỉnh về thông tin tuyên truyền CCHC"
    )


def test_numbered_items_nest_as_4_1(plans):
    plans.write(
        "p",
        TOP.replace(
            "      - key: mot\n        title: Mục đích\n",
            "      - key: mot\n        title: Mục đích\n        style: number\n",
        ),
    )
    c = resolve(plans.plans)
    assert [e.label for e in walk(c.plans["p"].body)][:5] == ["I.", "1.", "1.1.", "1.2.", "1.3."]
