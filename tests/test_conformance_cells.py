"""Each state of a cell of the conformance matrix, with its detail, and where its warning lands in
the child's file (issue #14, pinned for #19). Same city plan as tests/test_conformance.py."""

from __future__ import annotations

import json

from conftest import PlansDir
from test_conformance import CITY, HEAD, district


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
