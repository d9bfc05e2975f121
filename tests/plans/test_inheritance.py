"""Each merge operation, through three levels: province → district → commune."""

import pytest
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


# Behaviours pinned for issue #19: exact messages, exact places, exact provenance.

MOT = "body:\n  - key: muc-dich\n    items:\n      - key: mot\n        items:\n"


def child_problems(plans, body: str) -> tuple[int, str]:
    plans.write("tinh", TOP)
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD + body)
    code, _, err = plans.run("check")
    return code, err


def test_an_entry_with_two_positions_is_refused(plans):
    code, err = child_problems(
        plans, MOT + "          - {key: x, text: Mới, after: a, before: c}\n          - {key: y, text: Mới}\n"
    )
    assert code == 1
    assert err.splitlines()[:2] == [
        "plans/huyen.yaml:14:13: body[muc-dich].items[mot].items[x]: chỉ dùng một trong after, before, at cho mỗi mục"
        " Gợi ý: Chọn một vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'.",
        # the next entry is still read: every mistake at once
        "plans/huyen.yaml:15:19: body[muc-dich].items[mot].items[y].key: mục 'y' không có trong kế hoạch cấp trên 'tinh'"
        " Gợi ý: Để thêm mục mới, ghi vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'.",
    ]


def test_a_removed_item_must_not_keep_other_fields(plans):
    code, err = child_problems(plans, MOT + "          - {key: b, remove: true, text: Hai}\n")
    assert code == 1
    assert "mục bị xóa không cần trường 'text'" in err and "chỉ giữ 'key' và 'remove'" in err


def test_removing_an_unknown_key_suggests_the_near_one(plans):
    code, err = child_problems(plans, "body:\n  - {key: muc-dicj, remove: true}\n")
    assert code == 1
    assert "không thể xóa: mục 'muc-dicj' không có trong kế hoạch cấp trên 'tinh'" in err
    assert "muc-dich" in err


def test_at_start_puts_an_item_first(plans):
    c = three_levels(plans, MOT + "          - {key: z, text: Đầu tiên, at: start}\n", "")
    assert [n.key for n in items(c.plans["huyen"])] == ["z", "a", "b", "c"]
    assert [n.key for n in items(c.plans["xa"])] == ["z", "a", "b", "c"]
    c = three_levels(plans, MOT + "          - {key: z, text: Cuối cùng, at: end}\n", "")
    assert [n.key for n in items(c.plans["huyen"])] == ["a", "b", "c", "z"]


def test_the_reasons_of_removals_are_kept(plans):
    body = (
        MOT + "          - {key: b, remove: Không phù hợp với cấp huyện}\n          - {key: c, remove: true}\n"
        "appendix:\n  tasks:\n    replace:\n      - {key: r1, task: Riêng, lead: Văn phòng, deadline: Trong năm}\n"
    )
    c = three_levels(plans, body, "")
    removed = {(r.where, r.item.key): (r.reason, r.replaced) for r in c.plans["huyen"].removed}
    assert removed[("body", "b")] == ("Không phù hợp với cấp huyện", False)
    assert removed[("body", "c")] == ("", False)
    assert removed[("tasks", "t1")] == ("thay cả danh sách", True)
    assert removed[("tasks", "t2")] == ("thay cả danh sách", True)
    assert [r.path for r in c.plans["huyen"].removed if r.item.key == "b"] == [("muc-dich", "mot")]


def test_the_comparison_gives_a_replaced_list_one_line(plans):
    """Items removed one by one are listed with their text and reason; the items a 'replace:'
    dropped with their whole list are one line, the list's range linking to it on the parent's
    page (issue #31: one line each repeated the parent's text)."""
    from kehoach.site.pages import comparison

    body = (
        MOT + "          - {key: b, remove: Không phù hợp với cấp huyện}\n"
        "appendix:\n  tasks:\n    replace:\n      - {key: r1, task: Riêng, lead: Văn phòng, deadline: Trong năm}\n"
    )
    c = three_levels(plans, body, "")
    html = comparison(c.plans["huyen"], c)
    removed = html[html.index("Đã bỏ") : html.index("Đã sửa")]
    assert removed.count("<li>") == 2 and "Đã bỏ (3)" in removed  # the count is of items
    assert "<del>Hai</del> <small>(I.1.b))</small> <em>Lý do: Không phù hợp với cấp huyện</em>" in removed
    assert (
        "<li>Thay cả danh sách Phụ lục, dòng 1–2 của cấp trên (2 mục) bằng danh sách riêng "
        '<small>(<a href="../tinh/#phu-luc">xem ở kế hoạch cấp trên</a>)</small></li>'
    ) in removed


def test_provenance_and_shared_inherited_items(plans):
    c = three_levels(plans, MOT + "          - {key: b, text: Hai sửa}\n", "")
    huyen, xa = c.plans["huyen"], c.plans["xa"]
    b_h = items(huyen)[1]
    a_x, b_x = items(xa)[0], items(xa)[1]
    assert (b_h.origin.status, b_h.origin.plan, b_h.origin.introduced_in) == ("changed", "huyen", "tinh")
    assert (b_x.origin.status, b_x.origin.plan, b_x.origin.introduced_in) == ("inherited", "huyen", "tinh")
    assert b_h.origin.previous.text == "Hai"
    # where each item was written: the line and column of its entry in that plan's file
    assert (b_h.origin.line, b_h.origin.col) == (14, 13)
    assert (b_x.origin.line, b_x.origin.col) == (14, 13) and b_x.origin.previous is None
    assert (a_x.origin.plan, a_x.origin.introduced_in) == ("tinh", "tinh")
    # an item inherited unchanged by two sibling plans is one object in memory (national scale)
    plans.write("huyen2", "extends: tinh\n" + CHILD_HEAD.replace("huyện B", "huyện D"))
    c = resolve(plans.plans)
    first, second = items(c.plans["huyen"])[0], items(c.plans["huyen2"])[0]
    assert first.origin.status == second.origin.status == "inherited"
    assert first is second


def test_cross_year_allows_a_deadline_outside_the_plans_year(plans):
    task = (
        "appendix:\n  tasks:\n    - {key: t9, task: Tổng kết, lead: Văn phòng, deadline: Tháng 1/2026%s, after: t2}\n"
    )
    code, err = child_problems(plans, task % "")
    assert code == 1
    assert "thời hạn 'Tháng 1/2026' của nhiệm vụ 't9' nằm ngoài năm 2025 của kế hoạch" in err
    assert "thêm 'cross_year: true' nếu cố ý" in err
    code, err = child_problems(plans, task % ", cross_year: true")
    assert code == 0, err


def test_mistaken_keys_are_named_with_their_kind_and_the_near_key(plans):
    code, err = child_problems(plans, "body:\n  - {key: muc-dicj, text: Sửa}\n")
    assert code == 1
    assert "mục 'muc-dicj' không có trong kế hoạch cấp trên 'tinh'" in err
    assert "Có phải ý bạn là 'muc-dich'?" in err
    assert "Để thêm mục mới, ghi vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'." in err
    code, err = child_problems(plans, "appendix:\n  tasks:\n    - {key: t3, remove: true}\n")
    assert code == 1
    assert "không thể xóa: dòng nhiệm vụ 't3' không có trong kế hoạch cấp trên 'tinh'" in err
    code, err = child_problems(plans, MOT + "          - {key: x, text: Mới, after: khong-co}\n")
    assert code == 1
    assert "không có mục với khóa 'khong-co' để đặt 'x' sau" in err and "Các khóa hiện có: a, b, c." in err


ND30 = "{key: nd30, kind: Nghị định, number: 30/2020/NĐ-CP, issuer: Chính phủ, date: 05/03/2020, about: về công tác văn thư}"


def citing(plans, child_documents: str) -> tuple[int, str]:
    """A province citing Decree 30 and a district whose legal basis lists ``child_documents``."""
    plans.write("tinh", TOP.replace("legal_basis: {", "legal_basis: {documents: [" + ND30 + "], "))
    head = CHILD_HEAD.replace("legal_basis: {", "legal_basis: {documents: [" + child_documents + "], ")
    plans.write("huyen", "extends: tinh\n" + head)
    code, _, err = plans.run("check")
    return code, err


def test_a_citation_must_name_its_kind_number_and_issuer(plans):
    code, err = citing(plans, "{key: qd, at: end, kind: Quyết định, about: về việc khác}")
    assert code == 1
    hint = "Gợi ý: Trích dẫn cần 'kind' (loại văn bản), 'number' (số, ký hiệu) và 'issuer' (cơ quan ban hành)."
    assert (
        f"plans/huyen.yaml:4:27: Căn cứ, văn bản 3 — legal_basis.documents[qd]: văn bản 'qd' thiếu 'issuer' {hint}"
        in err
    )
    assert (
        f"plans/huyen.yaml:4:27: Căn cứ, văn bản 3 — legal_basis.documents[qd]: văn bản 'qd' thiếu 'number' {hint}"
        in err
    )
    assert "thiếu 'kind'" not in err and "Có 2 lỗi trong 1 tệp." in err
    # blanking a field of an inherited citation is the same mistake, shown at that field
    code, err = citing(plans, "{key: nd30, number: ''}")
    assert code == 1
    assert (
        f"plans/huyen.yaml:4:47: Căn cứ, văn bản 1 — legal_basis.documents[nd30].number: văn bản 'nd30' thiếu 'number' {hint}"
        in err
    )
    # a type mistake in the field is reported once, by the schema
    code, err = citing(plans, "{key: nd30, number: [30]}")
    assert code == 1 and "thiếu 'number'" not in err and "Có 1 lỗi trong 1 tệp." in err


def test_citations_are_removed_replaced_and_overridden_by_key(plans):
    code, err = citing(plans, "{key: nd30, remove: Đã hết hiệu lực}")
    assert code == 0, err
    c = resolve(plans.plans)
    huyen = c.plans["huyen"]
    assert [x.key for x in huyen.citations] == ["tinh"]  # the parent's plan is always cited
    assert [(r.where, r.item.key, r.reason, r.replaced) for r in huyen.removed] == [
        ("documents", "nd30", "Đã hết hiệu lực", False)
    ]
    code, err = citing(plans, "{key: nd30, issuer: Chính phủ nước CHXHCN Việt Nam}")
    assert code == 0, err
    nd30 = resolve(plans.plans).plans["huyen"].citations[0]
    assert (nd30.key, nd30.number, nd30.issuer, nd30.origin.status) == (
        "nd30",
        "30/2020/NĐ-CP",
        "Chính phủ nước CHXHCN Việt Nam",
        "changed",
    )
    plans.write("tinh", TOP.replace("legal_basis: {", "legal_basis: {documents: [" + ND30 + "], "))
    replacing = "legal_basis:\n  closing: 'UBND huyện B ban hành Kế hoạch như sau:'\n  documents:\n    replace:\n"
    replacing += (
        "      - {key: qd1, kind: Quyết định, number: 12/QĐ-UBND, issuer: UBND huyện B, about: về việc riêng}\n"
    )
    plans.write(
        "huyen",
        "extends: tinh\n"
        + CHILD_HEAD.replace('legal_basis: {closing: "UBND huyện B ban hành Kế hoạch như sau:"}\n', "")
        + replacing,
    )
    code, _, err = plans.run("check")
    assert code == 0, err
    huyen = resolve(plans.plans).plans["huyen"]
    assert [x.key for x in huyen.citations] == ["qd1"]
    assert {(r.where, r.item.key, r.reason, r.replaced) for r in huyen.removed} == {
        ("documents", "nd30", "thay cả danh sách", True),
        ("documents", "tinh", "thay cả danh sách", True),
    }


def test_an_inherited_item_cannot_be_blanked(plans):
    """Emptying a field the document prints is refused at that field; removing is the way."""
    body = "appendix:\n  tasks:\n    - {key: t1, lead: ''}\n" + MOT + "          - {key: a, text: ''}\n"
    code, err = child_problems(plans, body)
    assert code == 1
    assert (
        "plans/huyen.yaml:11:23: Phụ lục, dòng 1 — appendix.tasks[t1].lead: dòng nhiệm vụ 't1' thiếu 'lead'"
        " Gợi ý: Mỗi dòng phụ lục cần 'task' (nhiệm vụ), 'lead' (chủ trì) và 'deadline' (thời hạn)." in err
    )
    assert (
        "plans/huyen.yaml:17:28: I.1.a) — body[muc-dich].items[mot].items[a].text: mục 'a' không có nội dung"
        " Gợi ý: Mục kế thừa phải còn 'text:' hoặc 'title:'; muốn bỏ mục thì ghi 'remove: <lý do>'." in err
    )
    assert "Có 2 lỗi trong 1 tệp." in err


def test_every_mistake_of_a_list_is_reported_with_its_exact_hint(plans):
    code, err = child_problems(
        plans,
        MOT
        + "          - {key: muc, text: Mới}\n          - {key: y, text: Mới, before: khong-co}\n          - {key: zz, remove: true}\n",
    )
    assert code == 1
    assert err.splitlines()[:3] == [
        "plans/huyen.yaml:14:19: body[muc-dich].items[mot].items[muc].key: mục 'muc' không có trong kế hoạch cấp trên 'tinh'"
        " Gợi ý: Để thêm mục mới, ghi vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'.",
        "plans/huyen.yaml:15:41: I.1.d) — body[muc-dich].items[mot].items[y].before: không có mục với khóa 'khong-co'"
        " để đặt 'y' trước Gợi ý: Các khóa hiện có: a, b, c.",
        "plans/huyen.yaml:16:19: body[muc-dich].items[mot].items[zz].key: không thể xóa: mục 'zz' không có trong kế hoạch"
        " cấp trên 'tinh' Gợi ý: Các khóa hiện có: a, b, c.",
    ]
    code, err = child_problems(plans, MOT + "          - {key: bb, text: Mới}\n")
    assert err.splitlines()[0].endswith(
        "Gợi ý: Có phải ý bạn là 'b'? Để thêm mục mới, ghi vị trí: 'after: <khóa>', 'before: <khóa>' hoặc 'at: end'."
    )


def test_positions_and_removals_mean_nothing_in_a_list_written_whole(plans):
    code, err = child_problems(
        plans,
        "appendix:\n  tasks:\n    replace:\n      - {key: r1, task: Riêng, lead: VP, deadline: Trong năm, after: t1}\n",
    )
    assert code == 1
    assert err.splitlines()[0] == (
        "plans/huyen.yaml:12:70: Phụ lục, dòng 1 — appendix.tasks.replace[r1].after: 'after' không dùng được ở đây"
        " Gợi ý: Trong danh sách đầy đủ, thứ tự các mục là thứ tự viết; bỏ trường này."
    )
    code, err = child_problems(
        plans, MOT + "          - key: a\n            items:\n              - {key: a1, text: Con, remove: true}\n"
    )
    assert code == 1
    assert err.splitlines()[0] == (
        "plans/huyen.yaml:16:46: I.1.a (đoạn 1) — body[muc-dich].items[mot].items[a].items[a1].remove: 'remove' không"
        " dùng được ở đây Gợi ý: Kế hoạch cấp trên không có danh sách này, nên mọi mục đều là mục mới theo thứ tự viết."
    )


def test_what_a_new_item_needs(plans):
    # a block with only its unit is a heading: accepted
    code, err = child_problems(
        plans, "body:\n  - key: to-chuc\n    items:\n      - {key: vp, unit: Văn phòng, at: end}\n"
    )
    assert code == 0, err
    # a title of the wrong type is one mistake, not also 'no content'
    code, err = child_problems(plans, MOT + "          - {key: x, title: [1], at: end}\n")
    assert code == 1
    assert err.splitlines() == [
        "plans/huyen.yaml:14:29: I.1.d) — body[muc-dich].items[mot].items[x].title: cần văn bản, nhưng gặp một danh sách",
        "Có 1 lỗi trong 1 tệp. Chưa ghi gì vào dist/ và site/; sửa các lỗi trên rồi chạy lại.",
    ]


def test_plan_wide_settings_are_inherited_or_the_childs_own(plans):
    top = (
        TOP.replace("legal_basis: {", "legal_basis: {lead: Căn cứ, ")
        + "margins_mm: {top: 20, bottom: 20, left: 30, right: 15}\nreporting: {cutoff_day: 0}\n"
    )
    plans.write("tinh", top)
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD)
    plans.write(
        "xa",
        "extends: huyen\n"
        + CHILD_HEAD.replace("huyện B", "xã C").replace("legal_basis: {", "legal_basis: {lead: Thực hiện, ")
        + "margins_mm: {top: 25, bottom: 20, left: 35, right: 20}\nreporting: {cutoff_day: 10}\nappendix: {title: NHIỆM VỤ CỦA XÃ}\n",
    )
    c = resolve(plans.plans)
    tinh, huyen, xa = c.plans["tinh"], c.plans["huyen"], c.plans["xa"]
    assert (huyen.lead, huyen.margins, huyen.cutoff_day, huyen.appendix_title) == (
        tinh.lead,
        tinh.margins,
        0,
        "NHIỆM VỤ",
    )
    assert (tinh.lead, (tinh.margins.top, tinh.margins.left)) == ("Căn cứ", (20, 30))
    assert (xa.lead, (xa.margins.top, xa.margins.left), xa.cutoff_day, xa.appendix_title) == (
        "Thực hiện",
        (25, 35),
        10,
        "NHIỆM VỤ CỦA XÃ",
    )
    # the citation of the parent's plan is made for the child, by the child
    cited = huyen.citations[-1]
    assert (cited.key, cited.origin.status, cited.origin.plan, cited.origin.introduced_in) == (
        "tinh",
        "added",
        "huyen",
        "huyen",
    )
    # a top plan with neither: the defaults
    plans.write("p", TOP.replace("  title: NHIỆM VỤ\n", "").replace("number: 5,", "number: 6,"))
    p = resolve(plans.plans).plans["p"]
    assert (p.lead, p.cutoff_day, p.appendix_title, p.margins.left) == ("Thực hiện", 14, "", 35)


def test_the_year_comes_from_the_date_and_one_name_may_stand_for_a_list(plans):
    plans.write(
        "p",
        TOP.replace("year: 2025\n", "").replace(
            "signature: {title: CHỦ TỊCH,", "signature: {authority: KT. CHỦ TỊCH, title: PHÓ CHỦ TỊCH,"
        ),
    )
    p = resolve(plans.plans).plans["p"]
    assert p.year == 2025 and p.signature.authority == ("KT. CHỦ TỊCH",)
    plans.write("p", TOP.replace("archive: VT", "archive: NV, VT\nlint: {ignore: luu-vt}"))
    code, _, err = plans.run("check")
    assert code == 0 and "luu-vt" not in err  # one rule, written without a list
    plans.write("p", TOP.replace("year: 2025\n", "").replace(" date: 10/01/2025,", ""))
    code, _, err = plans.run("check")
    assert err.splitlines() == [
        "plans/p.yaml:1:1: year: thiếu năm của kế hoạch Gợi ý: Thêm 'year: 2025' hoặc ngày ban hành.",
        "Có 1 lỗi trong 1 tệp. Chưa ghi gì vào dist/ và site/; sửa các lỗi trên rồi chạy lại.",
    ]  # and not also 'outside the year 0' for every row


def test_blanking_the_only_heading_is_shown_at_that_field(plans):
    top = TOP.replace(
        "      - {key: so-noi-vu, unit: Sở Nội vụ, text: Theo dõi.}\n",
        "      - {key: so-noi-vu, unit: Sở Nội vụ, text: Theo dõi.}\n      - {key: vp, unit: Văn phòng}\n"
        "      - {key: gc, title: Ghi chú}\n",
    )
    plans.write("tinh", top)
    hint = " Gợi ý: Mục kế thừa phải còn 'text:' hoặc 'title:'; muốn bỏ mục thì ghi 'remove: <lý do>'."
    body = "body:\n  - key: to-chuc\n    items:\n      - {key: vp, unit: ''}\n      - {key: gc, title: ''}\n"
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD + body)
    code, _, err = plans.run("check")
    assert code == 1
    assert err.splitlines()[:2] == [
        "plans/huyen.yaml:12:25: II.2. — body[to-chuc].items[vp].unit: mục 'vp' không có nội dung" + hint,
        "plans/huyen.yaml:13:26: II.3. — body[to-chuc].items[gc].title: mục 'gc' không có nội dung" + hint,
    ]


def test_an_item_whose_target_is_missing_keeps_its_place(plans):
    """After an unknown 'after:' target the item stays where it was, so it and the items after it
    keep their labels in the messages, and the next mistakes are still reported."""
    body = (
        MOT
        + "          - {key: a, after: khong-co}\n          - {key: zz, remove: true}\n          - {key: b, before: khong-co}\n"
    )
    code, err = child_problems(plans, body)
    assert code == 1
    assert [line.split(": ", 1)[1].split(" — ")[0] for line in err.splitlines()[:3]] == [
        "I.1.a)",
        "body[muc-dich].items[mot].items[zz].key: không thể xóa: mục 'zz' không có trong kế hoạch cấp trên 'tinh' Gợi ý:"
        " Các khóa hiện có: a, b, c.",
        "I.1.b)",
    ]


def test_the_fast_copy_of_an_item_is_dataclasses_replace():
    import dataclasses
    import inspect

    from kehoach.plans import model
    from kehoach.plans.model import INHERITED, Node, Origin, Task, copy_with

    # what copy_with relies on, for every class of the model
    for cls in (c for _, c in inspect.getmembers(model, inspect.isclass) if c.__module__ == model.__name__):
        if dataclasses.is_dataclass(cls):
            assert cls.__dataclass_params__.frozen and not hasattr(cls, "__post_init__"), cls
            assert all(f.init for f in dataclasses.fields(cls)) and "__slots__" not in cls.__dict__, cls
    origin = Origin(INHERITED, "a", "a", None, 3, 5)
    task = Task("k", task="Việc", lead=("Sở Nội vụ",))
    node = Node("n", text="Chữ", items=(Node("m", text="Con"),))
    for item, changes in ((task, {"origin": origin}), (node, {"origin": origin, "items": ()})):
        copy = copy_with(item, **changes)
        assert copy == dataclasses.replace(item, **changes) and type(copy) is type(item)
        assert item.origin is None  # the original is left as it was
    with pytest.raises(TypeError):
        copy_with(task, nothing=1)
