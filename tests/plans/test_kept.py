"""A corpus loaded earlier in the same process (``serve``), reused plan by plan: a plan whose file
and ancestors' files are unchanged, at the same paths, is taken as it was; the corpus is the one a
fresh load gives, in the same order (issue #31)."""

from __future__ import annotations

import shutil

from conftest import ROOT

from kehoach.errors import Problems
from kehoach.pipeline.cache import file_digest
from kehoach.plans.corpus import Kept, load_corpus, plan_files


def _load(root, kept=None):
    problems = Problems()
    files = plan_files(root, problems)
    corpus = load_corpus(root, problems, files=files, kept=kept and Kept(kept, files, _digests(files)))
    assert not problems.items
    return corpus


def _digests(files):
    return {pid: file_digest(path) for pid, path in files.items()}


def test_unchanged_plans_are_taken_as_they_were_and_the_corpus_is_a_fresh_one(tmp_path, monkeypatch):
    root = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", root)
    monkeypatch.chdir(tmp_path)
    before = _load(root.relative_to(tmp_path))
    parent = root / "ha-noi" / "hoang-mai-2024.yaml"  # parent of thinh-liet-2024 and yen-so-2024
    parent.write_text(parent.read_text(encoding="utf-8") + "# sửa\n", "utf-8")
    (root / "hai-phong" / "moved").mkdir()
    (root / "hai-phong" / "kim-thanh-2025.yaml").rename(root / "hai-phong" / "moved" / "kim-thanh-2025.yaml")

    after = _load(root.relative_to(tmp_path), kept=before)
    fresh = _load(root.relative_to(tmp_path))

    assert list(after.plans) == list(fresh.plans) and after.plans == fresh.plans
    assert after.children == fresh.children and list(after.children) == list(fresh.children)
    assert {pid: s.file for pid, s in after.sources.items()} == {pid: s.file for pid, s in fresh.sources.items()}
    reused = {pid for pid, plan in after.plans.items() if before.plans.get(pid) is plan}
    assert reused == set(before.plans) - {"hoang-mai-2024", "thinh-liet-2024", "yen-so-2024", "kim-thanh-2025"}
    assert after.plans["kim-thanh-2025"].file.endswith("moved/kim-thanh-2025.yaml")  # moved: read again


def test_a_kept_plan_whose_ancestor_is_gone_is_not_taken(tmp_path, monkeypatch):
    root = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", root)
    monkeypatch.chdir(tmp_path)
    before = _load(root.relative_to(tmp_path))
    (root / "ha-noi" / "yen-so-2024.yaml").unlink()
    problems = Problems()
    files = plan_files(root.relative_to(tmp_path), problems)
    digests = _digests(files)
    kept = Kept(before, files, digests)
    assert kept.plan("yen-so-2024") is None  # gone
    assert kept.plan("thinh-liet-2024") is before.plans["thinh-liet-2024"]
    changed = Kept(before, files, {**digests, "hoang-mai-2024": "0" * 64})  # its parent changed since
    assert changed.plan("thinh-liet-2024") is None and changed.plan("ha-noi-2025") is before.plans["ha-noi-2025"]
