"""``import --extends``: an imported plan written as its parent's child, item by item (issue #12).

The parent is a small resolved plan; the imported document is given as the plan data the
parser makes of it, edited the ways a unit edits its parent's plan."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
import yaml
from conftest import resolve

from kehoach.intake.differ import MATCH, align, as_child, similarity
from kehoach.plans.model import Citation

PARENT = """\
year: 2025
unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh}
document: {number: 5, symbol: KH-UBND, place: A, date: 10/01/2025, subject: Thông tin tuyên truyền CCHC}
legal_basis:
  closing: "UBND Tỉnh ban hành Kế hoạch như sau:"
  documents:
    - {key: nd30, kind: Nghị định, number: 30/2020/NĐ-CP, issuer: Chính phủ, date: 05/03/2020, about: về công tác văn thư}
body:
  - key: muc-dich
    title: MỤC ĐÍCH, YÊU CẦU
    items:
      - key: mot
        title: Mục đích
        items:
          - {key: a, text: Tuyên truyền kết quả cải cách hành chính của tỉnh đến mọi người dân}
          - {key: b, text: Nâng cao nhận thức của cán bộ công chức về cải cách thủ tục hành chính}
          - {key: c, text: Khuyến khích người dân sử dụng dịch vụ công trực tuyến mức độ toàn trình}
  - key: to-chuc
    title: TỔ CHỨC THỰC HIỆN
    items:
      - {key: so-noi-vu, unit: Sở Nội vụ, text: "Theo dõi, đôn đốc việc thực hiện Kế hoạch này."}
      - {key: cong-an, unit: Công an tỉnh, request: true, text: Phối hợp tuyên truyền về định danh điện tử.}
closing: Trên đây là Kế hoạch./.
signature: {title: CHỦ TỊCH, name: Nguyễn Văn A}
recipients: [Bộ Nội vụ]
archive: VT
appendix:
  title: NHIỆM VỤ
  tasks:
    - {key: t1, task: Ban hành kế hoạch tuyên truyền cải cách hành chính, lead: Các Sở, support: [Sở Nội vụ, Sở Tư pháp], deadline: Chậm nhất ngày 20/02/2025}
    - {key: t2, task: Báo cáo kết quả tuyên truyền định kỳ, lead: Các Sở, deadline: Định kỳ hằng quý}
"""

# How the imported child cites its parent's plan (the parser reads it from 'Thực hiện …').
PARENT_CITATION = {
    "key": "kh-tinh",
    "kind": "Kế hoạch",
    "number": "05/KH-UBND",
    "date": "10/01/2025",
    "issuer": "UBND Tỉnh",
    "about": "thông tin tuyên truyền CCHC",
}


# Rows of a unit's own appendix: only the last shares its words with one of the parent's.
OWN_ROWS = [
    {
        "key": "r1",
        "task": "Tổ chức hội nghị đối thoại với doanh nghiệp",
        "lead": "Văn phòng",
        "deadline": "Quý II/2025",
    },
    {"key": "r2", "task": "Xây dựng chuyên mục trên đài truyền thanh", "lead": "Đài", "deadline": "Trong năm"},
    {"key": "r3", "task": "In tờ rơi hướng dẫn nộp hồ sơ", "lead": "Văn phòng", "deadline": "Quý I/2025"},
    {"key": "r4", "task": "Báo cáo kết quả tuyên truyền định kỳ", "lead": "Các Sở", "deadline": "Định kỳ hằng quý"},
]


@pytest.fixture
def parent(plans):
    plans.write("tinh", PARENT)
    return resolve(plans.plans).plans["tinh"]


def imported() -> dict:
    """The parent's own text as an imported document: what a unit that changed nothing sends."""
    data = yaml.safe_load(PARENT)
    data["unit"] = {"name": "ỦY BAN NHÂN DÂN HUYỆN B", "full": "UBND huyện B"}
    data["document"] = {"symbol": "KH-UBND", "place": "B", "subject": "Thông tin tuyên truyền CCHC huyện B"}
    data["legal_basis"]["documents"].append(dict(PARENT_CITATION))
    data["legal_basis"]["documents"][0]["date"] = "05/03/2020"
    return data


def node(data: dict, *path: str) -> dict:
    items = data["body"]
    for key in path[:-1]:
        items = next(n for n in items if n["key"] == key)["items"]
    return next(n for n in items if n["key"] == path[-1])


def test_an_unchanged_plan_writes_only_what_is_its_own(parent):
    out, summary = as_child(imported(), parent, "tinh")
    assert list(out) == ["extends", "unit", "document", "legal_basis", "closing", "signature", "recipients", "archive"]
    assert out["extends"] == "tinh" and out["legal_basis"] == {"closing": "UBND Tỉnh ban hành Kế hoạch như sau:"}
    assert (summary.inherited, summary.changed, summary.removed, summary.added, summary.replaced) == (12, 0, 0, 0, [])
    assert summary.line() == (
        "so với kế hoạch cấp trên: 12 mục kế thừa nguyên văn, 0 mục sửa, 0 mục bỏ (cần ghi lý do), 0 mục thêm"
    )


def test_edited_removed_and_added_items_at_every_depth(parent):
    data = imported()
    node(data, "muc-dich", "mot")["title"] = "Mục đích cụ thể"
    node(data, "muc-dich", "mot", "b")["text"] = (
        "Nâng cao nhận thức của cán bộ, công chức, viên chức về cải cách thủ tục hành chính"
    )
    mot = node(data, "muc-dich", "mot")["items"]
    mot.remove(node(data, "muc-dich", "mot", "c"))
    mot.insert(0, {"key": "a", "text": "Quán triệt chủ trương của Trung ương và của tỉnh về công tác thông tin"})
    mot.append({"key": "moi", "text": "Phát huy vai trò của báo chí địa phương trong việc đưa tin"})
    out, summary = as_child(data, parent, "tinh")
    assert out["body"] == [
        {
            "key": "muc-dich",
            "items": [
                {
                    "key": "mot",
                    "title": "Mục đích cụ thể",
                    "items": [
                        # a new first item takes 'at: start'; its key 'a' is the parent's, so it becomes 'a-2'
                        {
                            "key": "a-2",
                            "at": "start",
                            "text": "Quán triệt chủ trương của Trung ương và của tỉnh về công tác thông tin",
                        },
                        {
                            "key": "b",
                            "text": "Nâng cao nhận thức của cán bộ, công chức, viên chức về cải cách thủ tục hành chính",
                        },
                        {"key": "c", "remove": True},
                        {
                            "key": "moi",
                            "after": "b",
                            "text": "Phát huy vai trò của báo chí địa phương trong việc đưa tin",
                        },
                    ],
                }
            ],
        }
    ]
    # changed: mot (its title) and b; removed: c; added: a-2 and moi; inherited: muc-dich (only its
    # items differ), a, to-chuc, so-noi-vu, cong-an, both citations and both rows
    assert (summary.inherited, summary.changed, summary.removed, summary.added) == (9, 2, 1, 2)
    assert "appendix" not in out


def test_responsibility_blocks_compare_their_unit_and_request(parent):
    data = imported()
    node(data, "to-chuc", "so-noi-vu")["unit"] = "Sở Nội vụ tỉnh A"
    node(data, "to-chuc", "cong-an")["request"] = False  # the child directs it instead of asking
    out, summary = as_child(data, parent, "tinh")
    assert out["body"] == [
        {
            "key": "to-chuc",
            "items": [
                {"key": "so-noi-vu", "unit": "Sở Nội vụ tỉnh A"},
                {"key": "cong-an", "unit": "Công an tỉnh", "request": False},
            ],
        }
    ]
    assert (summary.changed, summary.inherited) == (2, 10)
    # 'Đề nghị' written into the heading by the document is the same request
    data = imported()
    block = node(data, "to-chuc", "cong-an")
    block.pop("request")
    block["unit"] = "Đề nghị Công an tỉnh"
    block["request"] = True
    out, _ = as_child(data, parent, "tinh")
    assert "body" not in out
    # a block whose text is edited keeps its unit
    data = imported()
    node(data, "to-chuc", "so-noi-vu")["text"] = "Theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này."
    out, _ = as_child(data, parent, "tinh")
    assert out["body"] == [
        {
            "key": "to-chuc",
            "items": [{"key": "so-noi-vu", "text": "Theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này."}],
        }
    ]


def test_a_changed_heading_and_a_lost_one(parent):
    data = imported()
    node(data, "muc-dich")["title"] = "MỤC ĐÍCH, YÊU CẦU CHUNG"
    out, summary = as_child(data, parent, "tinh")
    assert out["body"] == [{"key": "muc-dich", "title": "MỤC ĐÍCH, YÊU CẦU CHUNG"}]
    assert (summary.changed, summary.inherited) == (1, 11)
    # a heading the document lacks is kept from the parent: a plan's field cannot be emptied
    data = imported()
    node(data, "to-chuc", "so-noi-vu").pop("unit")  # matched by its text
    out, summary = as_child(data, parent, "tinh")
    assert "body" not in out and summary.changed == 0


def test_appendix_rows_differ_by_field(parent):
    data = imported()
    t1, t2 = data["appendix"]["tasks"]
    t1["lead"] = "Sở Nội vụ"
    t1["support"] = ["Sở Tư pháp"]
    t2["deadline"] = "Định kỳ hằng tháng"
    out, summary = as_child(data, parent, "tinh")
    assert out["appendix"] == {
        "tasks": [
            {"key": "t1", "lead": "Sở Nội vụ", "support": ["Sở Tư pháp"]},
            {"key": "t2", "deadline": "Định kỳ hằng tháng"},
        ]
    }
    assert (summary.changed, summary.inherited) == (2, 10)
    data = imported()
    data["appendix"]["tasks"][0]["task"] = "Ban hành kế hoạch tuyên truyền cải cách hành chính năm 2025"
    data["appendix"]["tasks"][1]["deadline"] = "Định kỳ hằng quý"  # the same words: unchanged
    data["appendix"]["title"] = "NHIỆM VỤ CỤ THỂ"
    out, _ = as_child(data, parent, "tinh")
    assert out["appendix"] == {
        "title": "NHIỆM VỤ CỤ THỂ",
        "tasks": [{"key": "t1", "task": "Ban hành kế hoạch tuyên truyền cải cách hành chính năm 2025"}],
    }


def test_a_list_sharing_too_little_with_the_parents_replaces_it(parent):
    data = imported()
    data["appendix"]["tasks"] = copy.deepcopy(OWN_ROWS)
    out, summary = as_child(data, parent, "tinh")
    assert out["appendix"] == {"tasks": {"replace": data["appendix"]["tasks"]}}  # 1 of 4 matched: below 0.3
    # the summary counts the entries the file shows: a replaced list names the parent's items it drops
    assert summary.replaced == ["appendix.tasks (bỏ t1, t2)"] and (summary.removed, summary.added) == (0, 4)
    assert summary.line().endswith("; thay cả danh sách: appendix.tasks (bỏ t1, t2)")
    data = imported()
    data["body"] = [{"key": "khac", "title": "NỘI DUNG KHÁC HẲN", "items": [{"key": "x", "text": "Một việc khác"}]}]
    out, summary = as_child(data, parent, "tinh")
    assert out["body"] == {"replace": data["body"]}
    assert summary.replaced == ["body (bỏ muc-dich, to-chuc)"] and (summary.removed, summary.added) == (0, 1)
    # two of four rows matched is enough to keep the list, row by row
    data = imported()
    data["appendix"]["tasks"] += copy.deepcopy(OWN_ROWS[:2])
    out, _ = as_child(data, parent, "tinh")
    assert [(e["key"], e.get("after")) for e in out["appendix"]["tasks"]] == [("r1", "t2"), ("r2", "r1")]


def test_citations_differ_by_field_and_the_parents_plan_is_expected(parent):
    data = imported()
    data["legal_basis"]["documents"][0]["about"] = "về công tác văn thư, lưu trữ"
    data["legal_basis"]["documents"][0]["date"] = "06/03/2020"
    data["legal_basis"]["lead"] = "Căn cứ"
    out, summary = as_child(data, parent, "tinh")
    assert out["legal_basis"] == {
        "lead": "Căn cứ",
        "documents": [{"key": "nd30", "about": "về công tác văn thư, lưu trữ", "date": "06/03/2020"}],
        "closing": "UBND Tỉnh ban hành Kế hoạch như sau:",
    }
    assert summary.changed == 1
    data = imported()
    data["legal_basis"]["lead"] = "Thực hiện"  # the parent's own word: not written
    data["legal_basis"]["documents"][1]["number"] = "5/KH-UBND"
    data["year"] = 2026
    out, _ = as_child(data, parent, "tinh")
    assert out["year"] == 2026
    assert out["legal_basis"] == {
        "documents": [{"key": "tinh", "number": "5/KH-UBND"}],
        "closing": "UBND Tỉnh ban hành Kế hoạch như sau:",
    }
    data = imported()
    data["year"] = 2025
    data["legal_basis"]["documents"].pop(0)
    out, summary = as_child(data, parent, "tinh")
    assert "year" not in out and out["legal_basis"]["documents"] == [{"key": "nd30", "remove": True}]
    assert summary.removed == 1


def test_the_input_is_not_changed(parent):
    data = imported()
    node(data, "muc-dich", "mot", "b")["text"] = (
        "Nâng cao nhận thức của cán bộ, công chức về cải cách thủ tục hành chính"
    )
    data["appendix"]["tasks"].append(
        {"key": "t1", "task": "Một việc hoàn toàn mới của huyện", "lead": "Văn phòng", "deadline": "Trong năm"}
    )
    before = copy.deepcopy(data)
    out, _ = as_child(data, parent, "tinh")
    assert data == before
    assert out["appendix"]["tasks"][-1]["key"] == "t1-2"


def test_similarity_folds_diacritics_and_markup():
    assert similarity("Tuyên truyền **cải cách**", "tuyen truyen cai cach") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("a b c d", "a b x y") == 0.5
    assert similarity("", "một") == 0.0


def test_align_keeps_order_and_pairs_only_similar_texts():
    parent = ["tuyên truyền cải cách hành chính", "hội nghị đối thoại doanh nghiệp", "báo cáo kết quả định kỳ"]
    child = ["tuyên truyền cải cách hành chính năm nay", "in tờ rơi", "báo cáo kết quả định kỳ"]
    assert align(parent, child) == [(0, 0), (1, None), (None, 1), (2, 2)]
    assert align(parent, []) == [(0, None), (1, None), (2, None)]
    assert align([], child) == [(None, 0), (None, 1), (None, 2)]
    # a swap cannot be kept in order: the better pair wins, the other is removed and added
    assert align(["a b c d e", "f g h i k"], ["f g h i k", "a b c d x"]) == [(0, None), (1, 0), (None, 1)]
    # at exactly the threshold (0.55 is not reached by 1 word of 2 and 1 of 3: 0.4) nothing pairs
    assert align(["a b"], ["a c d"]) == [(0, None), (None, 0)]


def test_a_document_without_an_appendix_citations_or_body_removes_the_parents(parent):
    data = imported()
    del data["appendix"], data["legal_basis"]["documents"], data["body"]
    out, summary = as_child(data, parent, "tinh")
    assert out["appendix"] == {"tasks": [{"key": "t1", "remove": True}, {"key": "t2", "remove": True}]}
    assert out["legal_basis"]["documents"] == [{"key": "nd30", "remove": True}, {"key": "tinh", "remove": True}]
    assert out["body"] == [{"key": "muc-dich", "remove": True}, {"key": "to-chuc", "remove": True}]
    assert (summary.removed, summary.inherited, summary.added) == (2 + 2 + 2, 0, 0)  # the six 'remove:' entries
    data = imported()
    del data["legal_basis"]
    out, _ = as_child(data, parent, "tinh")
    assert out["legal_basis"] == {"documents": [{"key": "nd30", "remove": True}, {"key": "tinh", "remove": True}]}


def test_citations_that_share_too_little_are_replaced(parent):
    data = imported()
    data["legal_basis"]["documents"] = [
        {"key": "qd1", "kind": "Quyết định", "number": "12/QĐ-UBND", "about": "về việc giao chỉ tiêu riêng của huyện"},
        {"key": "qd2", "kind": "Quyết định", "number": "13/QĐ-UBND", "about": "về việc thành lập tổ công tác"},
        {"key": "cv3", "kind": "Công văn", "number": "14/UBND-VP", "about": "về việc đôn đốc thực hiện"},
        {"key": "cv4", "kind": "Công văn", "number": "15/UBND-VP", "about": "về việc báo cáo kết quả"},
    ]
    out, summary = as_child(data, parent, "tinh")
    assert out["legal_basis"]["documents"] == {"replace": data["legal_basis"]["documents"]}
    assert summary.replaced == ["legal_basis.documents (bỏ nd30, tinh)"] and (summary.removed, summary.added) == (0, 4)


def test_an_item_with_only_new_children_and_a_child_item_without_text(parent):
    data = imported()
    b = node(data, "muc-dich", "mot", "b")
    b["items"] = [{"key": "b1", "text": "Một ý con mới thêm vào điểm này của huyện"}]
    out, summary = as_child(data, parent, "tinh")
    assert out["body"] == [
        {
            "key": "muc-dich",
            "items": [
                {
                    "key": "mot",
                    "items": [
                        {
                            "key": "b",
                            "items": [
                                {"key": "b1", "at": "start", "text": "Một ý con mới thêm vào điểm này của huyện"}
                            ],
                        }
                    ],
                }
            ],
        }
    ]
    assert (summary.changed, summary.added) == (0, 1)  # b itself is unchanged
    data = imported()
    del node(data, "muc-dich", "mot", "b")["text"]  # the document shows it as a heading
    node(data, "muc-dich", "mot", "b")["title"] = (
        "Nâng cao nhận thức của cán bộ công chức về cải cách thủ tục hành chính"
    )
    out, _ = as_child(data, parent, "tinh")
    assert out["body"][0]["items"][0]["items"] == [
        {"key": "b", "title": "Nâng cao nhận thức của cán bộ công chức về cải cách thủ tục hành chính"}
    ]  # its text stays the parent's: a plan's field cannot be emptied


def test_a_field_the_document_leaves_blank_stays_the_parents(parent):
    data = imported()
    nd30 = data["legal_basis"]["documents"][0]
    del nd30["date"], nd30["issuer"]
    del data["appendix"]["tasks"][0]["support"]
    data["appendix"]["tasks"][1]["lead"] = ""
    out, summary = as_child(data, parent, "tinh")
    assert list(out) == ["extends", "unit", "document", "legal_basis", "closing", "signature", "recipients", "archive"]
    assert summary.changed == 0
    # several units in a cell: a list, compared with the parent's
    data = imported()
    data["appendix"]["tasks"][0]["support"] = ["Sở Nội vụ", "Sở Tư pháp"]
    data["appendix"]["tasks"][1]["lead"] = ["Các Sở", "UBND cấp huyện"]
    out, _ = as_child(data, parent, "tinh")
    assert out["appendix"] == {"tasks": [{"key": "t2", "lead": ["Các Sở", "UBND cấp huyện"]}]}


WORDS = [f"từ{n}" for n in range(20)]


def test_texts_exactly_at_the_matching_threshold_are_the_same_item(parent):
    """0.55 of their words in common (11 of 20 each) is enough; one word less is not."""
    at = " ".join(WORDS)
    child = " ".join(WORDS[:11] + [f"khác{n}" for n in range(9)])
    assert similarity(at, child) == MATCH
    assert align([at], [child]) == [(0, 0)]
    shorter = " ".join(WORDS[:10] + [f"khác{n}" for n in range(10)])
    assert align([at], [shorter]) == [(0, None), (None, 0)]
    # the same for imported items written without a heading
    data = imported()
    node(data, "muc-dich", "mot", "a")["text"] = child
    out, _ = as_child(data, _with_text(parent, at), "tinh")
    assert out["body"][0]["items"][0]["items"] == [{"key": "a", "text": child}]


def _with_text(plan, text):
    """The parent plan with its first điểm's text replaced (the resolved plan is immutable)."""
    muc = plan.body[0]
    mot = muc.items[0]
    a = replace(mot.items[0], text=text)
    mot = replace(mot, items=(a,) + mot.items[1:])
    return replace(plan, body=(replace(muc, items=(mot,)),) + plan.body[1:])


def test_a_heading_and_a_text_are_matched_together(parent):
    """A block with the parent's unit but other words (3 of 7 words) is not matched by its words;
    standing in the parent's block's place under the same key, it is that block rewritten (#26: never a
    removal and a '-2' addition)."""
    data = imported()
    node(data, "to-chuc", "so-noi-vu")["text"] = "Kiểm tra báo cáo"
    out, _ = as_child(data, _with_block_text(parent, "Theo dõi kết quả"), "tinh")
    assert out["body"][0]["items"] == [{"key": "so-noi-vu", "text": "Kiểm tra báo cáo"}]


def _with_block_text(plan, text):
    """The parent plan with Sở Nội vụ's block saying ``text``."""
    to_chuc = plan.body[1]
    block = replace(to_chuc.items[0], text=text)
    return replace(plan, body=(plan.body[0], replace(to_chuc, items=(block,) + to_chuc.items[1:])))


def test_similarity_edge_cases():
    assert similarity("một", "") == 0.0
    # a long text of few distinct words: difflib's automatic junk heuristic would drop them all
    words = [("tuyên", "truyền", "cải")[n % 3] for n in range(300)]
    edited = words[:150] + ["cách"] + words[151:]
    assert similarity(" ".join(words), " ".join(edited)) > 0.99


def test_counts_add_up_across_lists_and_new_keys_never_collide(parent):
    data = imported()
    mot = node(data, "muc-dich", "mot")["items"]
    mot.remove(node(data, "muc-dich", "mot", "c"))
    mot.append({"key": "a", "text": "Một việc hoàn toàn mới thứ nhất của huyện về truyền thông"})
    mot.append({"key": "a", "text": "Một việc hoàn toàn mới thứ hai khác hẳn, về đối thoại"})
    data["appendix"]["tasks"] = copy.deepcopy(OWN_ROWS[:2])
    out, summary = as_child(data, parent, "tinh")
    new = out["body"][0]["items"][0]["items"][-2:]
    assert [(e["key"], e["after"]) for e in new] == [("a-2", "b"), ("a-3", "a-2")]
    assert (summary.removed, summary.added) == (1, 2 + 2)  # c; two điểm, two rows
    assert summary.replaced == ["appendix.tasks (bỏ t1, t2)"]


def test_a_list_with_exactly_three_tenths_in_common_is_kept(parent):
    """A, b and c kept and seven points added: 3 of 10 matched is not fewer than 0.3 of them, so
    the list is merged point by point; with one of the three changed beyond recognition, it is replaced."""
    data = imported()
    extra = [{"key": f"moi-{n}", "text": f"Việc riêng số {n} của huyện về chủ đề thứ {n}"} for n in range(7)]
    node(data, "muc-dich", "mot")["items"] += extra
    out, summary = as_child(data, parent, "tinh")
    assert summary.replaced == []
    assert [(e["key"], e["after"]) for e in out["body"][0]["items"][0]["items"]][:2] == [
        ("moi-0", "c"),
        ("moi-1", "moi-0"),
    ]
    node(data, "muc-dich", "mot", "c")["text"] = "Một việc khác hẳn"
    out, summary = as_child(data, parent, "tinh")
    assert summary.replaced == ["mot.items (bỏ a, b, c)"]


def test_a_block_that_becomes_a_request_and_a_khoan_that_lost_its_points(parent):
    data = imported()
    node(data, "to-chuc", "so-noi-vu")["request"] = True
    node(data, "muc-dich", "mot").pop("items")
    data["legal_basis"]["documents"][0]["kind"] = "Nghị định của Chính phủ"
    out, _ = as_child(data, parent, "tinh")
    assert out["body"] == [
        {"key": "muc-dich", "items": [{"key": "mot", "items": [{"key": k, "remove": True} for k in ("a", "b", "c")]}]},
        {"key": "to-chuc", "items": [{"key": "so-noi-vu", "unit": "Sở Nội vụ", "request": True}]},
    ]
    assert out["legal_basis"]["documents"] == [{"key": "nd30", "kind": "Nghị định của Chính phủ"}]


def test_the_summary_names_every_replaced_list(parent):
    data = imported()
    data["body"] = [{"key": "khac", "title": "NỘI DUNG KHÁC HẲN", "items": [{"key": "x", "text": "Một việc khác"}]}]
    data["appendix"]["tasks"] = [
        {"key": "r1", "task": "Một việc khác hẳn", "lead": "Văn phòng", "deadline": "Trong năm"}
    ]
    _, summary = as_child(data, parent, "tinh")
    assert summary.line() == (
        "so với kế hoạch cấp trên: 2 mục kế thừa nguyên văn, 0 mục sửa, 0 mục bỏ (cần ghi lý do), 2 mục thêm;"
        " thay cả danh sách: body (bỏ muc-dich, to-chuc); appendix.tasks (bỏ t1, t2)"
    )


def test_a_block_that_gains_a_text_is_the_same_block(parent):
    """The parent's block is its unit alone; the imported one adds two words under it."""
    data = imported()
    node(data, "to-chuc", "so-noi-vu")["text"] = "Theo dõi"
    out, _ = as_child(data, _with_block_text(parent, ""), "tinh")
    assert out["body"] == [{"key": "to-chuc", "items": [{"key": "so-noi-vu", "text": "Theo dõi"}]}]


def test_citations_of_one_kind_are_told_apart_by_their_number(parent):
    """The parent cites two decisions; the imported plan only the second: the first is removed."""
    two = (Citation("qd12", "Quyết định", "12/QĐ-UBND"), Citation("qd13", "Quyết định", "13/QĐ-UBND"))
    data = imported()
    data["legal_basis"]["documents"][0] = {"key": "qd", "kind": "Quyết định", "number": "13/QĐ-UBND"}
    out, _ = as_child(data, replace(parent, citations=two), "tinh")
    assert out["legal_basis"]["documents"] == [{"key": "qd12", "remove": True}]


def test_a_moved_item_is_a_move_and_a_rewritten_point_keeps_its_letter(parent):
    """#26: an item the document puts elsewhere is moved (its key, a position), not removed and added
    again as '-2'; a point 'b' rewritten in b's place is the parent's 'b' edited."""
    data = imported()
    mot = node(data, "muc-dich", "mot")["items"]
    a = mot.pop(0)
    mot.append(a)  # a) now last: b, c, a
    out, summary = as_child(data, parent, "tinh")
    assert out["body"][0]["items"][0]["items"] == [{"key": "a", "after": "c"}]
    assert (summary.removed, summary.added) == (0, 0)
    data = imported()
    node(data, "muc-dich", "mot", "b")["text"] = "Một nội dung viết lại hoàn toàn của huyện"
    out, summary = as_child(data, parent, "tinh")
    assert out["body"][0]["items"][0]["items"] == [{"key": "b", "text": "Một nội dung viết lại hoàn toàn của huyện"}]
    assert (summary.removed, summary.added, summary.changed) == (0, 0, 1)
