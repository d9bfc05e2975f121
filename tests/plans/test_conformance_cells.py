"""Each state of a cell of the conformance matrix, with its detail, and where its warning lands in
the child's file (issue #14, pinned for #19). Same city plan as tests/plans/test_conformance.py."""

from __future__ import annotations

import json

from conftest import PlansDir
from test_conformance import CITY, HEAD, district, write_registry


def cells(plans: PlansDir) -> dict[str, dict]:
    """huyen-b's cells by the assigned item's keys, '/'-joined."""
    code, out, err = plans.run("conformance", "tinh-a", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    keys = {str(i["ref"]): "/".join(i["keys"]) for i in data["items"]}
    row = next(c["cells"] for c in data["children"] if c["id"] == "huyen-b")
    return {keys[ref]: (cell["state"], cell.get("detail", "")) for ref, cell in row.items()}


def warnings(plans: PlansDir) -> list[str]:
    code, _, err = plans.run("check")
    assert code == 0, err
    return [line for line in err.splitlines() if line.startswith("plans/huyen-b.yaml")]


def test_a_replaced_list_loses_what_it_does_not_repeat(plans: PlansDir):
    plans.write("tinh-a", CITY)
    child = HEAD.format(upper="HUYỆN B", name="huyện B", level="huyen")
    child += "appendix:\n  tasks:\n    replace:\n      - {key: ke-hoach, task: Ban hành kế hoạch, lead: Phòng Nội vụ, deadline: Chậm nhất ngày 15/02/2025}\n"
    plans.write("huyen-b", child)
    assert cells(plans) == {
        "to-chuc/cac-huyen": ("inherited", ""),
        "ke-hoach": ("adapted", ""),  # repeated in the new list, earlier
        "truyen-thanh": ("missing", "mất khi thay cả danh sách ('replace:')"),
        "bao-cao": ("missing", "mất khi thay cả danh sách ('replace:')"),
    }
    lines = [line for line in warnings(plans) if "[thieu-viec-giao]" in line]
    assert [line.split(" — ")[0] for line in lines] == [
        "plans/huyen-b.yaml:11:5: Phụ lục, dòng 3 của kế hoạch cấp trên",
        "plans/huyen-b.yaml:11:5: Phụ lục, dòng 2 của kế hoạch cấp trên",
    ]  # both at the 'replace:' key, in the order of their fields' names


def test_a_block_removed_with_its_section(plans: PlansDir):
    plans.write("tinh-a", CITY)
    child = HEAD.format(upper="HUYỆN B", name="huyện B", level="huyen")
    child += "body:\n  - {key: to-chuc, remove: Huyện tự tổ chức.}\n"
    child += "  - {key: rieng, title: NHIỆM VỤ CỦA HUYỆN, text: Thực hiện theo Phụ lục., at: end}\n"
    child += (
        "appendix:\n  tasks:\n    - {key: tap-huan, remove: Việc của Sở Nội vụ.}\n    - {key: bao-cao, remove: true}\n"
    )
    plans.write("huyen-b", child)
    found = cells(plans)
    assert found["to-chuc/cac-huyen"] == ("removed", "Huyện tự tổ chức.")  # the section's reason covers it
    assert found["bao-cao"] == ("missing", "bỏ mà không ghi lý do")
    lines = warnings(plans)
    assert any(line.startswith("plans/huyen-b.yaml:15:30: Phụ lục, dòng 3 của kế hoạch cấp trên") for line in lines), (
        lines
    )


def test_late_and_lower_details(plans: PlansDir):
    plans.write(
        "tinh-a",
        CITY.replace(
            "deadline: Định kỳ hằng quý}",
            "deadline: Định kỳ hằng quý, target: [{count: 2, what: tin/bài, per: month}, {count: 1, what: buổi, per: quarter}]}",
        ),
    )
    tasks = (
        "    - {key: ke-hoach, deadline: Quý I/2025}\n"
        "    - {key: truyen-thanh, deadline: Định kỳ hằng tuần}\n"
        "    - {key: bao-cao, target: [{count: 1, what: tin/bài, per: month}, {count: 1, what: buổi, per: year}]}\n"
    )
    plans.write("huyen-b", district(tasks=tasks))
    assert cells(plans) == {
        "to-chuc/cac-huyen": ("inherited", ""),
        "ke-hoach": ("late", "'Quý I/2025' sau 'Chậm nhất ngày 20/02/2025'"),
        "truyen-thanh": ("adapted", ""),  # every week is sooner than every month
        "bao-cao": ("lower", "01 tin/bài/tháng < 02 tin/bài/tháng; 01 buổi/năm < 01 buổi/quý"),
    }


def test_an_adapted_block_and_an_earlier_deadline(plans: PlansDir):
    plans.write("tinh-a", CITY)
    tasks = "    - {key: ke-hoach, deadline: Chậm nhất ngày 10/02/2025}\n"
    child = district(tasks=tasks).replace(
        "      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n",
        "      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n      - {key: cac-huyen, text: Phòng Nội vụ tham mưu thực hiện (Phụ lục).}\n",
    )
    plans.write("huyen-b", child)
    found = cells(plans)
    assert found["to-chuc/cac-huyen"] == ("adapted", "") and found["ke-hoach"] == ("adapted", "")
    assert warnings(plans) == []


HINT_SAI_CAP = (
    " Gợi ý: Sửa 'lead' (hoặc 'unit') cho đơn vị mình, bỏ kèm lý do (remove: \"…\"), hoặc ghi 'for:' nếu việc này"
    " đúng là giao cho cấp xã."
)


def test_wrong_level_warnings_land_on_what_the_ward_wrote(plans: PlansDir):
    """A ward that made the district block and one row its own is not warned about them; the items
    it inherits unchanged are shown at the nearest list its file writes."""
    plans.write("tinh-a", CITY)
    ward = HEAD.format(upper="PHƯỜNG X", name="phường X", level="xa")
    ward += "body:\n  - key: to-chuc\n    items:\n      - {key: cac-huyen, text: Phường thực hiện (Phụ lục).}\n"
    ward += "appendix:\n  tasks:\n    - {key: bao-cao, deadline: Định kỳ hằng tháng}\n"
    plans.write("phuong-x", ward)
    code, _, err = plans.run("check")
    assert code == 0
    assert err.splitlines()[:-1] == [
        "plans/phuong-x.yaml:12:7: I.2. — body[to-chuc].items[so-noi-vu]: cảnh báo [sai-cap]: khối này giao cho Sở Nội vụ;"
        " kế hoạch cấp xã cần ghi trách nhiệm của đơn vị mình" + HINT_SAI_CAP,
        "plans/phuong-x.yaml:15:5: Phụ lục, dòng 1 — appendix.tasks[ke-hoach]: cảnh báo [sai-cap]: dòng này giao cho cấp huyện;"
        " kế hoạch cấp xã cần ghi đơn vị chủ trì của mình" + HINT_SAI_CAP,
        "plans/phuong-x.yaml:15:5: Phụ lục, dòng 4 — appendix.tasks[tap-huan]: cảnh báo [sai-cap]: dòng này giao cho Sở Nội vụ;"
        " kế hoạch cấp xã cần ghi đơn vị chủ trì của mình" + HINT_SAI_CAP,
        "plans/phuong-x.yaml:15:5: Phụ lục, dòng 2 — appendix.tasks[truyen-thanh]: cảnh báo [sai-cap]: dòng này giao cho cấp huyện;"
        " kế hoạch cấp xã cần ghi đơn vị chủ trì của mình" + HINT_SAI_CAP,
    ]


def test_the_message_of_a_row_lost_by_replace(plans: PlansDir):
    plans.write("tinh-a", CITY)
    child = HEAD.format(upper="HUYỆN B", name="huyện B", level="huyen")
    child += "body:\n  - key: to-chuc\n    items:\n      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n"
    child += "appendix:\n  tasks:\n    replace:\n      - {key: ke-hoach, task: Ban hành kế hoạch, lead: Phòng Nội vụ, deadline: Chậm nhất ngày 15/02/2025}\n"
    plans.write("huyen-b", child)
    assert warnings(plans)[0] == (
        "plans/huyen-b.yaml:15:5: Phụ lục, dòng 3 của kế hoạch cấp trên — appendix.tasks[bao-cao]: cảnh báo [thieu-viec-giao]:"
        " 'replace:' thay cả danh sách nên bỏ mất việc cấp trên 'tinh-a' giao (Phụ lục, dòng 3: “Báo cáo kết quả”)"
        " Gợi ý: Dùng danh sách có khóa thay cho 'replace:': sửa mục của cấp trên cho đơn vị mình, hoặc bỏ nó kèm lý do"
        ' (- {key: …, remove: "lý do"}).'
    )


def test_coverage_counts_a_plan_of_an_unregistered_unit(plans: PlansDir):
    plans.write("tinh-a", CITY)
    plans.write("huyen-b", district())
    plans.write("huyen-d", district("huyện D"))
    write_registry(plans)
    code, out, _ = plans.run("conformance", "tinh-a")
    assert code == 0
    # registered: B (with a plan) and C (without); D has a plan but no entry in the registry
    assert out.splitlines()[-1] == "Độ phủ: 2/3 đơn vị có kế hoạch (67%)."


def test_a_plan_without_children_has_an_empty_matrix(plans: PlansDir):
    plans.write("tinh-a", CITY)
    plans.write("huyen-b", district())
    code, out, err = plans.run("conformance", "huyen-b", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["children"] == [] and data["coverage"] == {"planned": 0, "expected": 0}


def test_a_block_with_points_is_inherited_only_if_every_point_is(plans: PlansDir):
    city = CITY.replace(
        '      - {key: cac-huyen, unit: "UBND các huyện, thị xã, thành phố", text: Thực hiện Kế hoạch (Phụ lục).}\n',
        '      - key: cac-huyen\n        unit: "UBND các huyện, thị xã, thành phố"\n        text: Thực hiện Kế hoạch (Phụ lục).\n'
        "        items:\n          - {key: a, text: Ban hành kế hoạch của huyện.}\n          - {key: b, text: Báo cáo hằng quý.}\n",
    )
    plans.write("tinh-a", city)
    plans.write("huyen-b", district())
    assert cells(plans)["to-chuc/cac-huyen"] == ("inherited", "")
    child = district().replace(
        "      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n",
        "      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n"
        "      - key: cac-huyen\n        items:\n          - {key: b, text: Báo cáo hằng tháng.}\n",
    )
    plans.write("huyen-b", child)
    assert cells(plans)["to-chuc/cac-huyen"] == ("adapted", "")


def test_a_department_known_by_its_two_line_header(plans: PlansDir):
    """Sở Nội vụ's plan names itself on the second line of its header only: the block and the row
    the city gave Sở Nội vụ are its own."""
    plans.write("tinh-a", CITY)
    so = HEAD.format(upper="X", name="X", level="so").replace(
        "unit: {name: ỦY BAN NHÂN DÂN X, full: UBND X, level: so}",
        'unit: {name: "UBND TỈNH A\\nSỞ NỘI VỤ TỈNH A", full: SNV, level: so}',
    )
    plans.write("so-noi-vu", so)
    code, out, err = plans.run("conformance", "tinh-a", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    keys = {str(i["ref"]): "/".join(i["keys"]) for i in data["items"]}
    row = next(c["cells"] for c in data["children"] if c["id"] == "so-noi-vu")
    assert sorted(keys[ref] for ref in row) == ["tap-huan", "to-chuc/so-noi-vu"]


def test_late_and_lower_warnings_land_on_the_field_even_in_nested_or_replaced_lists(plans: PlansDir):
    city = CITY.replace(
        "text: Thực hiện Kế hoạch (Phụ lục).}",
        "text: Thực hiện Kế hoạch (Phụ lục); đăng ít nhất 02 tin/bài mỗi tháng.}",
    )
    plans.write("tinh-a", city)
    child = HEAD.format(upper="HUYỆN B", name="huyện B", level="huyen")
    child += "body:\n  - key: to-chuc\n    items:\n      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n"
    child += "      - {key: cac-huyen, text: Thực hiện Kế hoạch (Phụ lục); đăng ít nhất 01 tin/bài mỗi tháng.}\n"
    child += "appendix:\n  tasks:\n    replace:\n"
    child += (
        "      - {key: ke-hoach, task: Ban hành kế hoạch, lead: Phòng Nội vụ, deadline: Chậm nhất ngày 15/03/2025}\n"
    )
    child += "      - {key: truyen-thanh, task: Có ít nhất 02 tin/bài về CCHC trên đài truyền thanh, lead: Đài, deadline: Định kỳ hằng tháng}\n"
    child += "      - {key: bao-cao, task: Báo cáo kết quả, lead: Văn phòng, deadline: Định kỳ hằng quý}\n"
    plans.write("huyen-b", child)
    found = warnings(plans)
    assert [line.split(": cảnh báo ")[0] for line in found] == [
        "plans/huyen-b.yaml:13:9: I.1. — body[to-chuc].items[cac-huyen]",
        "plans/huyen-b.yaml:17:80: Phụ lục, dòng 1 — appendix.tasks.replace[ke-hoach].deadline",
    ]
    assert "[giam-chi-tieu]: chỉ tiêu thấp hơn" in found[0] and "01 tin/bài/tháng < 02 tin/bài/tháng" in found[0]
    assert "[tre-han]: thời hạn muộn hơn" in found[1]


def test_review_of_some_plans_and_of_a_corpus_whose_top_sorts_first(plans: PlansDir):
    """The warnings of the children asked for, whatever the order of the ids; a block dropped
    without a reason is named by its label without the final dot."""
    from conftest import resolve

    from kehoach.plans.conformance import conformance_review as review

    city = CITY.replace("id: tinh-a", "id: a-tinh")
    plans.write("a-tinh", city)
    for name, upper in (("b-huyen", "HUYỆN B"), ("c-huyen", "HUYỆN C")):
        text = district(name=upper.title()).replace("extends: tinh-a", "extends: a-tinh")
        text = text.replace(
            "      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n",
            "      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n      - {key: cac-huyen, remove: true}\n",
        )
        plans.write(name, text)
    corpus = resolve(plans.plans)
    everyone = review(corpus)
    assert sorted({p.file.rsplit("/", 1)[-1] for p in everyone}) == ["b-huyen.yaml", "c-huyen.yaml"]
    only_c = review(corpus, {"c-huyen"})
    assert [p.file.rsplit("/", 1)[-1] for p in only_c] == ["c-huyen.yaml"]
    assert (
        only_c[0].message
        == "bỏ việc cấp trên 'a-tinh' giao (I.1: “UBND các huyện, thị xã, thành phố”) mà không ghi lý do"
    )


def test_a_reference_only_child_has_no_row(plans: PlansDir):
    """A unit's plan kept only as a reference (its header) is not judged; the children after it are."""
    plans.write("tinh-a", CITY)
    plans.write(
        "a-tham-khao",
        "extends: tinh-a\nreference_only: true\nunit: {name: X, full: UBND huyện X, level: huyen}\n"
        "document: {symbol: KH-UBND, subject: Y}\n",
    )
    plans.write("huyen-b", district())
    code, out, err = plans.run("conformance", "tinh-a", "--format", "json")
    assert code == 0, err
    assert [c["id"] for c in json.loads(out)["children"]] == ["huyen-b"]
