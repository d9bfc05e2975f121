"""One YAML style everywhere (issue #26, point 5): every file the tool writes is in the style the
ruamel round trip keeps, so a later edit of it changes only the lines of what was edited. Before,
'import --into' on a file written by 'import' re-indented it whole (a 342-line diff for 3 edits),
and 'check --fix' on a 'rebase' output gave 208 lines for one fix."""

from __future__ import annotations

import difflib
import shutil

import pytest
from conftest import ROOT, resolve
from test_into import ADDED, EDITED, edit_three_ways
from test_rebase import CHILD, NEW, OLD

from kehoach.intake.emit import round_trip_style
from kehoach.render.docx import render


def changed_lines(old: str, new: str) -> int:
    return sum(
        1
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


@pytest.mark.parametrize("plan_id", ["ha-noi-ttpvhcc-2025", "thinh-liet-2024"])
def test_import_then_into_changes_only_the_edited_lines(plans, corpus, tmp_path, plan_id):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    plan = corpus.plans[plan_id]
    source = tmp_path / f"{plan_id}.docx"
    source.write_bytes(render(plan))
    target = plans.plans / "ha-noi" / f"{plan_id}.yaml"
    code, out, err = plans.run(
        "import",
        str(source),
        "--id",
        plan_id,
        "--out",
        str(target),
        "--force",
        *(["--extends", plan.extends] if plan.extends and plan.extends == "ha-noi-2025" else []),
    )
    assert code == 0, err
    written = target.read_text(encoding="utf-8")
    assert round_trip_style(written) == written  # the file is already in the style edits keep
    code, _, err = plans.run("-q", "--plan", plan_id, "--no-site")
    assert code == 0, err
    data, _ = edit_three_ways(resolve(plans.plans).plans[plan_id])  # as now written, edited three ways in Word
    (tmp_path / "sua.docx").write_bytes(data)
    code, out, err = plans.run("import", str(tmp_path / "sua.docx"), "--into", str(target))
    assert code == 0, err
    after = target.read_text(encoding="utf-8")
    assert EDITED in after and ADDED in after
    assert changed_lines(written, after) <= 8, "\n".join(
        difflib.unified_diff(written.splitlines(), after.splitlines(), lineterm="")
    )


def test_check_fix_on_a_rebased_plan_changes_one_line(plans):
    plans.write("tinh-2025", OLD)
    plans.write("tinh-2026", NEW)
    plans.write("huyen-2025", CHILD.replace("archive: VT", "archive: NV, VT"))
    code, out, err = plans.run("rebase", "huyen-2025", "--onto", "tinh-2026", "--id", "huyen-2026")
    assert code == 0, err
    path = plans.plans / "huyen-2026.yaml"
    written = path.read_text(encoding="utf-8")
    assert round_trip_style(written) == written
    code, out, err = plans.run("check", "--fix")
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert "archive: VT, NV" in after
    assert changed_lines(written, after) == 2  # one line out, one line in


def test_new_writes_the_same_style(plans):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    code, out, err = plans.run("new", "dinh-cong-2025", "--extends", "ha-noi-2025", "--unit", "UBND phường Định Công")
    assert code == 0, err
    written = (plans.plans / "ha-noi" / "dinh-cong-2025.yaml").read_text(encoding="utf-8")
    assert round_trip_style(written) == written
