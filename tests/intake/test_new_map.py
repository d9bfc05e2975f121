"""The 2027 flow on the map of 1 July 2025 (issue #28), on a copy of the real plans: a commune's
draft from 'new --unit-code', a merged ward's plan from two old plans, the city's coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, PlansDir

from kehoach.plans import map as vn


@pytest.fixture
def repo(tmp_path) -> PlansDir:
    for folder in ("plans", "units"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    runner = PlansDir.__new__(PlansDir)
    runner.root, runner.plans = tmp_path, tmp_path / "plans"
    return runner


def _drop(repo: PlansDir, *plan_ids: str) -> None:
    for plan_id in plan_ids:
        next(repo.plans.rglob(f"{plan_id}.yaml")).unlink()


def test_a_communes_draft_carries_only_its_own_work_and_has_no_warning(repo: PlansDir):
    _drop(repo, "soc-son-2027")
    code, out, err = repo.run(
        "new", "hong-ha-2027", "--extends", "ha-noi-2027", "--unit-code", "00097", "--signer", "Lê Văn C"
    )
    assert code == 0, err
    text = (repo.plans / "ha-noi" / "hong-ha-2027.yaml").read_text(encoding="utf-8")
    official = vn.places()["00097"]
    header = official.header.replace("\n", "\\n")
    assert f'  name: "{header}"' in text
    assert f'  full: "{official.council}"' in text and '  code: "00097"' in text and "  level: xa" in text
    assert f'  place: "{official.place_name}"' in text and "parent_agency" not in text
    assert '- {key: so-noi-vu, remove: "Việc giao cho Sở Nội vụ, không phải cấp xã."}' in text
    code, out, err = repo.run("check", "--plan", "hong-ha-2027")
    assert code == 0 and "cảnh báo" not in err, err
    code, out, err = repo.run("show", "hong-ha-2027", "--for")
    assert code == 0


def test_new_finds_the_code_by_name_and_says_when_it_cannot(repo: PlansDir):
    _drop(repo, "soc-son-2027")
    code, _, err = repo.run(
        "new", "x-2027", "--extends", "ha-noi-2027", "--unit", "Phường Hoàng Maii", "--province", "Hà Nội"
    )
    assert (
        code == 2
        and "--unit: không có 'Phường Hoàng Maii' trong Thành phố Hà Nội. Có phải ý bạn là 'Phường Hoàng Mai'?" in err
    )
    code, _, err = repo.run("new", "x-2027", "--extends", "ha-noi-2027", "--unit-code", "123")
    assert code == 2 and err.startswith("--unit-code: không có đơn vị hành chính mang mã '123'.")


def test_two_old_ward_plans_merge_into_the_new_wards_plan(repo: PlansDir):
    _drop(repo, "hoang-mai-2027")
    code, out, err = repo.run(
        "rebase",
        "thinh-liet-2024",
        "yen-so-2024",
        "--onto",
        "ha-noi-2027",
        "--unit-code",
        "00319",
        "--id",
        "hoang-mai-2027",
    )
    assert code == 0, err
    text = (repo.plans / "ha-noi" / "hoang-mai-2027.yaml").read_text(encoding="utf-8")
    # the unit from the map, both old plans' items, the one they wrote differently reported with file:line
    assert '  full: "UBND phường Hoàng Mai"' in text or "  full: UBND phường Hoàng Mai" in text
    assert "bp-dia-chinh" in text and "bp-ke-toan" in text
    assert (
        "plans/ha-noi/yen-so-2024.yaml:38:19: body[to-chuc-thuc-hien].items[bp-van-hoa-thong-tin].items[tin-bai]: "
        "hai kế hoạch cũ sửa mục 'tin-bai' khác nhau (text): giữ bản của plans/ha-noi/thinh-liet-2024.yaml"
    ) in out
    assert "24 tin/bài" in text.split("# Phần sửa mục")[1]  # the other text, kept as a comment
    # old-year words and a list that was the ward's own
    assert "nội dung còn nhắc năm cũ 'năm 2024': sửa cho năm 2027" in out
    assert "danh sách mục con của kế hoạch này thay cả danh sách của cấp trên (replace:)" in out
    # the city's rows for departments are left out with the reason; the result checks with no error
    assert "remove: Việc giao cho" in text or 'remove: "Việc giao cho' in text
    code, _, err = repo.run("check", "--plan", "hoang-mai-2027")
    assert code == 0, err


def test_a_merger_needs_the_new_units_code(repo: PlansDir):
    code, _, err = repo.run("rebase", "thinh-liet-2024", "yen-so-2024", "--onto", "ha-noi-2027", "--id", "x-2027")
    assert code == 2 and "cần --onto và --unit-code của đơn vị mới" in err


def test_the_city_2027_coverage_counts_every_commune_by_official_name(repo: PlansDir):
    code, out, err = repo.run("conformance", "ha-noi-2027")
    assert code == 0, err
    listed = [line for line in out.splitlines() if line.startswith("  - UBND ") and ", xa)" in line]
    planned = {"00319", "00376"}  # Phường Hoàng Mai, Xã Sóc Sơn have plans in the repository
    assert sorted(listed) == sorted(
        f"  - {c.council} ({c.code}, xa)" for c in vn.communes("01") if c.code not in planned
    )
    assert len(listed) == 124
    assert out.splitlines()[-1].startswith("Độ phủ: 2/133 đơn vị có kế hoạch")


def test_the_2025_city_plan_keeps_the_old_map(repo: PlansDir):
    code, out, _ = repo.run("conformance", "ha-noi-2025")
    assert (
        code == 0
        and "UBND quận Hoàng Mai (hoang-mai, huyen)" in out
        and ", xa)" not in out.split("Đơn vị chưa")[1].split("UBND phường")[0]
    )


def test_a_top_plan_goes_into_the_next_year_with_what_to_review(repo: PlansDir):
    _drop(repo, "soc-son-2027", "hoang-mai-2027", "ha-noi-2027")
    code, out, err = repo.run("rebase", "ha-noi-2025", "--id", "ha-noi-2027")
    assert code == 0, err
    assert "thời hạn 'Chậm nhất ngày 20/02/2025' đã chuyển thành 'Chậm nhất ngày 20/02/2027', cần xem lại" in out
    assert "appendix.title: nội dung còn nhắc năm cũ 'NĂM 2025'" in out
    text = Path(repo.plans / "ha-noi" / "ha-noi-2027.yaml").read_text(encoding="utf-8")
    assert "year: 2027" in text and "number:" not in text.split("document:")[1].split("legal_basis")[0]
