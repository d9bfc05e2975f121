"""`python build.py redline`: differences as real Word tracked changes. Accepting every change gives
exactly the plan's text; rejecting every change gives exactly the other side's."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from conftest import ROOT, require_tool
from docx.oxml.ns import qn

from kehoach.render.docx import render
from kehoach.render.redline import AUTHOR, redline, resolved_texts

REAL = ["ha-noi-2025", "ha-noi-ttpvhcc-2025", "kim-thanh-2025", "thinh-liet-2024"]


def texts(data: bytes) -> list[str]:
    body = docx.Document(io.BytesIO(data)).element.body
    return [t for p in body.iter(qn("w:p")) if (t := "".join(x.text or "" for x in p.iter(qn("w:t"))).strip())]


@pytest.mark.parametrize("other_id", ["ha-noi-2025", "thinh-liet-2024"])
@pytest.mark.parametrize("plan_id", REAL)
def test_accept_all_gives_the_plan_and_reject_all_the_other(corpus, plan_id, other_id):
    mine, theirs = render(corpus.plans[plan_id]), render(corpus.plans[other_id])
    data = redline(mine, theirs, "2025-01-01T00:00:00Z")
    assert resolved_texts(data, accept=True) == texts(mine)
    assert resolved_texts(data, accept=False) == texts(theirs)
    assert redline(mine, theirs, "2025-01-01T00:00:00Z") == data  # deterministic
    changes = list(docx.Document(io.BytesIO(data)).element.body.iter(qn("w:ins"), qn("w:del")))
    assert (plan_id == other_id) == (not changes)
    assert {c.get(qn("w:author")) for c in changes} <= {AUTHOR}


def test_redline_against_the_parent_from_the_command_line(plans, tmp_path):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    code, out, err = plans.run("redline", "ha-noi-ttpvhcc-2025")
    assert code == 0, err
    path = plans.root / "dist" / "ha-noi-ttpvhcc-2025-so-sanh.docx"
    assert out.startswith(f"Đã ghi {path.relative_to(plans.root)}: ha-noi-ttpvhcc-2025 so với kế hoạch cấp trên")
    data = path.read_bytes()
    xml = docx.Document(io.BytesIO(data)).element.body
    assert len(list(xml.iter(qn("w:ins")))) > 20 and len(list(xml.iter(qn("w:del")))) > 20
    code, _, err = plans.run("redline", "thinh-liet-2024")
    assert code == 3 and "chỉ để trích dẫn" in err
    soffice = require_tool("soffice")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/p",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (tmp_path / "ha-noi-ttpvhcc-2025-so-sanh.pdf").read_bytes().startswith(b"%PDF")


def test_redline_against_a_git_revision(plans, corpus):
    git = ["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=CI"]
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    subprocess.run(git + ["init", "-q"], cwd=plans.root, check=True)
    subprocess.run(git + ["add", "plans"], cwd=plans.root, check=True)
    subprocess.run(git + ["commit", "-qm", "bản lãnh đạo đã xem"], cwd=plans.root, check=True)
    plan_file = plans.plans / "ha-noi" / "thinh-liet-2024.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("NV, VT", "VT, NV"), encoding="utf-8")
    code, out, err = plans.run("redline", "thinh-liet-2024", "--against", "HEAD")
    assert code == 0, err
    data = (plans.root / "dist" / "thinh-liet-2024-so-sanh.docx").read_bytes()
    from conftest import resolve

    now = resolve(plans.plans).plans["thinh-liet-2024"]
    assert resolved_texts(data, accept=True) == texts(render(now))
    assert resolved_texts(data, accept=False) == texts(render(corpus.plans["thinh-liet-2024"]))
    assert any(t == "- Lưu: VT, NV." for t in resolved_texts(data, accept=True))
    code, _, err = plans.run("redline", "thinh-liet-2024", "--against", "khong-co-ban-nay")
    assert code == 2 and "không phải kế hoạch cấp trên, id kế hoạch hay phiên bản git" in err


def test_build_with_redline_offers_the_comparison_on_the_site(plans):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    code, out, err = plans.run("-q", "--redline")
    assert code == 0, err
    assert (plans.root / "dist" / "ha-noi-ttpvhcc-2025-so-sanh.docx").exists()
    assert not (plans.root / "dist" / "thinh-liet-2024-so-sanh.docx").exists()  # its parent is only cited
    page = (plans.root / "site" / "ke-hoach" / "ha-noi-ttpvhcc-2025" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../tai-ve/ha-noi-ttpvhcc-2025-so-sanh.docx"' in page
    assert (plans.root / "site" / "tai-ve" / "ha-noi-ttpvhcc-2025-so-sanh.docx").exists()
    assert plans.run("-q")[0] == 0  # nothing changed: the comparison is still current and stays
    assert (plans.root / "dist" / "ha-noi-ttpvhcc-2025-so-sanh.docx").exists()
    plan = plans.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Trên đây là Kế hoạch", "Trên đây là kế hoạch"), encoding="utf-8"
    )
    code, _, err = plans.run("-q")  # the plan changed, built without --redline: no stale comparison stays published
    assert code == 0, err
    assert not (plans.root / "dist" / "ha-noi-ttpvhcc-2025-so-sanh.docx").exists()
    assert not (plans.root / "site" / "tai-ve" / "ha-noi-ttpvhcc-2025-so-sanh.docx").exists()
