"""The public API (kehoach.__all__): what another program calls, on the real plans."""

from __future__ import annotations

import pytest
from conftest import ROOT

import kehoach
from kehoach.errors import PlanError


def test_load_review_render_and_build(tmp_path):
    corpus = kehoach.load(ROOT / "plans")
    plan = corpus.plans["kim-thanh-2025"]
    assert kehoach.render_docx(plan)[:2] == b"PK"
    assert all(p.rule for p in kehoach.review(corpus, ["thinh-liet-2024"]))
    kehoach.build(plans_dir=ROOT / "plans", out=tmp_path / "dist", cache_dir=tmp_path / "cache", site=False)
    assert (tmp_path / "dist" / "kim-thanh-2025.docx").read_bytes() == kehoach.render_docx(plan)


def test_load_raises_with_every_problem(tmp_path):
    (tmp_path / "p.yaml").write_text("year: 1899\n", encoding="utf-8")
    with pytest.raises(PlanError) as raised:
        kehoach.load(tmp_path)
    assert raised.value.problems and raised.value.problems[0].file.endswith("p.yaml")


def test_all_is_what_the_readme_shows():
    assert sorted(kehoach.__all__) == ["build", "load", "render_docx", "review"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"kehoach.{name}(" in readme for name in kehoach.__all__)
