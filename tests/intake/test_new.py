"""`python build.py new ID --extends PARENT`: a child plan that checks and builds at once."""

from __future__ import annotations

import zipfile

from conftest import ROOT


def test_new_plan_from_the_city_plan_builds_a_draft(plans):
    import shutil

    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    code, out, err = plans.run(
        "new",
        "dinh-cong-2025",
        "--extends",
        "ha-noi-2025",
        "--unit",
        "UBND phường Định Công",
        "--signer",
        "Nguyễn Văn Bình",
    )
    assert code == 0, err
    path = plans.plans / "ha-noi" / "dinh-cong-2025.yaml"
    text = path.read_text(encoding="utf-8")
    assert out.startswith("Đã tạo plans/ha-noi/dinh-cong-2025.yaml: kế hoạch nháp kế thừa mọi mục của 'ha-noi-2025'.")
    assert 'name: "ỦY BAN NHÂN DÂN\\nPHƯỜNG ĐỊNH CÔNG"' in text and "level: xa" in text
    assert "number:" not in text and "date:" not in text  # a draft
    assert "#          - key: c  # I.1.c) Tăng cường trách nhiệm" in text  # every parent key, commented, with its place
    assert "#     - key: ban-hanh-ke-hoach  # Phụ lục 1: " in text

    code, _, err = plans.run("-q", "--plan", "dinh-cong-2025", "--no-site")
    assert code == 0, err
    with zipfile.ZipFile(plans.root / "dist" / "dinh-cong-2025.docx") as docx:
        body = docx.read("word/document.xml").decode()
    assert "PHƯỜNG ĐỊNH CÔNG" in body and "/KH-UBND" in body and "…, ngày" in body

    # the outline gives the keys: dropping I.1.c) is a few lines
    path.write_text(
        text + "body:\n  - key: muc-dich-yeu-cau\n    items:\n      - key: muc-dich\n        items:\n"
        "          - {key: c, remove: Phường không có}\n",
        encoding="utf-8",
    )
    code, out, err = plans.run("show", "dinh-cong-2025")
    assert code == 0, err
    assert "#  - body: muc-dich-yeu-cau/muc-dich/c (lý do: Phường không có)" in out


def test_new_refuses_to_overwrite_and_names_unknown_parents(plans):
    from conftest import TOP

    plans.write("tinh", TOP)
    assert plans.run("new", "huyen-x", "--extends", "tinh", "-q")[0] == 0
    code, _, err = plans.run("new", "huyen-x", "--extends", "tinh")
    assert code == 3 and err.startswith("Đã có kế hoạch 'huyen-x' (plans/huyen-x.yaml); không ghi đè.")
    assert plans.run("new", "huyen-x", "--extends", "tinh", "--force", "-q")[0] == 0
    code, _, err = plans.run("new", "huyen-y", "--extends", "tinhh")
    assert code == 2 and err.strip() == (
        "--extends: không có kế hoạch 'tinhh' trong plans/. Gợi ý: Có phải ý bạn là 'tinh'? "
        "Xem danh sách bằng 'kehoach list'."
    )
    code, _, err = plans.run("new", "Huyện Y", "--extends", "tinh")
    assert code == 2 and err.startswith("'Huyện Y' không dùng được làm id kế hoạch")
