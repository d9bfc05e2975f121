"""Work proportional to the change (issue #31): editing one leaf plan of a 60-plan corpus rewrites
only that plan's outputs, and the result is byte for byte a clean build's.

Files are compared by their modification time (a rewrite) and their bytes (a change). MkDocs
writes ``sitemap.xml.gz`` on every run (with the same bytes, the date coming from the plans).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, PlansDir

pytestmark = pytest.mark.slow  # a 60-plan corpus built three times: a test of scale

OUTPUTS = ("dist", "site", "docs-gen")
ALWAYS_WRITTEN = {"site/sitemap.xml.gz"}  # by MkDocs, identical bytes


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for folder in OUTPUTS
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus60(tmp_path_factory) -> tuple[Path, str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
        from national import deepest_leaf
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    root = tmp_path_factory.mktemp("national60")
    files = generate(root / "plans", 60)
    return root, deepest_leaf(files)


def run(root: Path, *args: str) -> None:
    runner = PlansDir.__new__(PlansDir)
    runner.root = root
    code, _, err = runner.run("-q", *args)
    assert code == 0, err


def test_a_leaf_edit_rewrites_only_that_plans_outputs(corpus60, tmp_path):
    root, leaf = corpus60
    work = tmp_path / "work"
    shutil.copytree(root, work)
    run(work)
    before = snapshot(work)
    source = next((work / "plans").rglob(f"{leaf}.yaml"))
    source.write_text(
        source.read_text(encoding="utf-8").replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch (sửa)", 1),
        encoding="utf-8",
    )
    run(work)
    after = snapshot(work)

    rewritten = {name for name in after if name not in before or after[name][0] != before[name][0]}
    changed = {name for name in after if name not in before or after[name][1] != before[name][1]}
    assert set(before) == set(after)
    assert changed == {
        f"dist/{leaf}.docx",
        f"dist/{leaf}.akn.xml",
        f"docs-gen/ke-hoach/{leaf}.md",
        f"site/ke-hoach/{leaf}/index.html",
        f"site/tai-ve/{leaf}.docx",  # hard links to dist/
        f"site/tai-ve/{leaf}.akn.xml.gz",
    }
    assert rewritten - changed <= ALWAYS_WRITTEN

    clean = tmp_path / "clean"
    shutil.copytree(work / "plans", clean / "plans")
    shutil.copytree(work / "units", clean / "units")
    run(clean)
    assert {k: v[1] for k, v in snapshot(clean).items()} == {k: v[1] for k, v in after.items()}
