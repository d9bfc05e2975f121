"""Check, then write (#25, point 4): a command that writes a plan checks the whole corpus with the
new file in memory first; on any problem the plans folder is untouched."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import FIXTURES, ROOT, TOP, Quiet

from kehoach.errors import PlanError
from kehoach.pipeline.staging import write_checked


def snapshot(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_file_that_would_not_pass_is_not_written(plans):
    plans.write("p", TOP)
    before = snapshot(plans.plans)
    with pytest.raises(PlanError) as caught:
        write_checked(plans.plans, {plans.plans / "q.yaml": "year: x\n"}, Quiet(), "test")
    assert any(p.file.endswith("q.yaml") and "cần số nguyên" in p.message for p in caught.value.problems)
    assert snapshot(plans.plans) == before


def test_an_edit_that_breaks_nothing_new_is_written_beside_a_broken_plan(plans):
    """Another clerk's broken plan does not block this one's write; only new problems count."""
    plans.write("p", TOP)
    plans.write("broken", "year: x\n")
    other = TOP.replace("number: 5,", "number: 6,")  # its own number: two plans may not share one
    write_checked(plans.plans, {plans.plans / "q.yaml": other}, Quiet(), "test")
    assert (plans.plans / "q.yaml").read_text(encoding="utf-8") == other


def test_import_of_a_plan_already_there_elsewhere_is_refused(plans, tmp_path):
    """'import dist/thinh-liet-2024.docx' wrote a second 'thinh-liet-2024' and said 'không có lỗi'."""
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    before = snapshot(plans.plans)
    source = FIXTURES / "foreign" / "thinh-liet-2024-libreoffice.docx"
    code, out, err = plans.run("import", str(source), "--id", "thinh-liet-2024", "--out", "plans/thinh-liet-2024.yaml")
    assert code == 2
    assert err.startswith("Đã có kế hoạch 'thinh-liet-2024' ở plans/ha-noi/thinh-liet-2024.yaml"), err
    assert snapshot(plans.plans) == before


def test_a_file_name_reaches_yaml_only_as_an_escaped_string(plans, tmp_path):
    """A newline in the imported file's name once injected 'reference_only: true'."""
    name = "ke-hoach\nreference_only: true\n#.txt"
    source = tmp_path / name
    shutil.copy(FIXTURES / "foreign" / "thinh-liet-2024.txt", source)
    code, out, err = plans.run("import", str(source), "--id", "x-2024")
    assert code == 0, err
    text = (plans.plans / "x-2024.yaml").read_text(encoding="utf-8")
    assert (
        text.splitlines()[1]
        == "# Nhập từ \"ke-hoach\\nreference_only: true\\n#.txt\" bằng 'kehoach import'. Hãy đọc lại trước khi dùng."
    )
    assert "reference_only" not in yaml.safe_load(text)
