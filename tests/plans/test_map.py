"""The map since 1 July 2025 (issue #28): the official list, what became of the old communes, and
the checks of a plan's unit against them."""

from __future__ import annotations

import collections

from conftest import TOP, PlansDir

from kehoach.plans import map as vn


def test_the_official_list_has_34_provinces_and_3321_communes():
    places = vn.places().values()
    provinces = [p for p in places if not p.province]
    communes = [p for p in places if p.province]
    assert len(provinces) == 34 and len(communes) == 3321
    assert collections.Counter(c.division for c in communes) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert len(vn.communes("01")) == 126


def test_a_commune_by_code_and_by_name():
    ward = vn.places()["00319"]
    assert (ward.name, ward.kind, ward.province) == ("Phường Hoàng Mai", "xa", "01")
    assert (ward.council, ward.header, ward.place_name) == (
        "UBND phường Hoàng Mai",
        "ỦY BAN NHÂN DÂN\nPHƯỜNG HOÀNG MAI",
        "Hoàng Mai",
    )
    assert vn.find("UBND phường Hoàng Mai", "Hà Nội") == [ward]
    assert vn.find("Phường Hoàng Mai", "01") == [ward]
    assert vn.find("Hà Nội")[0].code == "01"


def test_the_old_communes_and_their_successors():
    thinh_liet = vn.successor_of("UBND phường Thịnh Liệt")
    assert [(m.district, m.successor) for m in thinh_liet] == [("Quận Hoàng Mai", "00319")]
    assert {m.name for m in vn.merged_into("00319")} >= {"Phường Thịnh Liệt", "Phường Yên Sở"}
    assert vn.places()[vn.successor_of("Phường Mỗ Lao", "Quận Hà Đông")[0].successor].name == "Phường Hà Đông"


UNIT = "unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh}"


def _plan(plans: PlansDir, unit: str, year: int = 2027) -> tuple[int, str]:
    text = TOP.replace(UNIT, unit).replace("year: 2025", f"year: {year}").replace(", date: 10/01/2025", "")
    plans.write("p", text.replace("Chậm nhất ngày 20/02/2025", f"Chậm nhất ngày 20/02/{year}"))
    code, _, err = plans.run("check")
    return code, err


def test_a_code_that_does_not_exist_is_an_error(plans: PlansDir):
    code, err = _plan(
        plans, 'unit: {name: "ỦY BAN NHÂN DÂN\\nPHƯỜNG HOÀNG MAI", full: UBND phường Hoàng Mai, code: "99999"}'
    )
    assert code == 1
    assert "unit.code: không có đơn vị hành chính mang mã '99999' Gợi ý: Mã của Phường Hoàng Mai là \"00319\"." in err


def test_a_name_that_does_not_match_its_code_is_an_error(plans: PlansDir):
    code, err = _plan(
        plans, 'unit: {name: "ỦY BAN NHÂN DÂN\\nPHƯỜNG HOÀNG MAI", full: UBND phường Hoàng Mai, code: "00070"}'
    )
    assert code == 1
    assert (
        "unit.full: tên đơn vị 'UBND phường Hoàng Mai' không khớp mã '00070', là mã của Phường Hoàn Kiếm "
        "Gợi ý: Sửa 'full' thành 'UBND phường Hoàn Kiếm', hoặc sửa mã (mã của 'UBND phường Hoàng Mai' là \"00319\")."
    ) in err


def test_a_kind_that_does_not_match_its_code_is_an_error(plans: PlansDir):
    code, err = _plan(
        plans,
        'unit: {name: "ỦY BAN NHÂN DÂN\\nPHƯỜNG HOÀNG MAI", full: UBND phường Hoàng Mai, code: "00319", level: huyen}',
    )
    assert code == 1
    assert (
        "unit.level: loại đơn vị 'huyen' không khớp mã '00319' (Phường Hoàng Mai là cấp xã) Gợi ý: Ghi level: xa" in err
    )


def test_a_code_written_without_quotes_is_an_error_not_a_number(plans: PlansDir):
    code, err = _plan(plans, "unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh, code: 00070}")
    assert code == 1
    assert "unit.code: mã viết không có dấu nháy nên được đọc thành số 56" in err


def test_a_unit_that_no_longer_exists_in_a_2027_plan_is_named_with_its_successor(plans: PlansDir):
    unit = 'unit: {name: "ỦY BAN NHÂN DÂN\\nPHƯỜNG THỊNH LIỆT", full: UBND phường Thịnh Liệt, level: xa}'
    code, err = _plan(plans, unit)
    assert code == 0
    assert (
        "unit.full: cảnh báo [don-vi-cu]: đơn vị 'UBND phường Thịnh Liệt' không còn từ 01/7/2025 (sắp xếp đơn vị "
        "hành chính), mà kế hoạch này lập cho năm 2027 Gợi ý: Phường Thịnh Liệt (Quận Hoàng Mai) nay thuộc Phường "
        "Hoàng Mai: ghi unit.code: \"00319\" và tên 'UBND phường Hoàng Mai'"
    ) in err
    code, err = _plan(plans, unit, year=2024)  # the old map: no warning
    assert code == 0 and "don-vi-cu" not in err


def test_a_district_in_a_2027_plan_is_warned(plans: PlansDir):
    code, err = _plan(
        plans, 'unit: {name: "ỦY BAN NHÂN DÂN\\nQUẬN HOÀNG MAI", full: UBND quận Hoàng Mai, level: huyen}'
    )
    assert code == 0 and "[don-vi-cu]" in err and "không còn cấp huyện" in err


def test_work_given_to_districts_in_a_2027_plan_is_warned(plans: PlansDir):
    code, err = _plan(plans, UNIT)
    assert "giao-cap-huyen" not in err
    plans.write(
        "p",
        plans.plans.joinpath("p.yaml")
        .read_text(encoding="utf-8")
        .replace("lead: Các Sở", 'lead: "UBND các quận, huyện"', 1),
    )
    code, _, err = plans.run("check")
    assert code == 0
    assert "Phụ lục, dòng 1 — appendix.tasks[t1]: cảnh báo [giao-cap-huyen]: giao việc cho cấp huyện (cấp huyện)" in err
