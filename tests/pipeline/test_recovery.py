"""A build killed at any moment is followed by a build that gives exactly a clean build's outputs.

The build passes a checkpoint before every change it makes on disk (see kehoach.outputs). Here
one traced build lists them; then, for points spread over every stage (DOCX, metadata, the
manifest, docs-gen, MkDocs, the swap of a full build, the download links), a build is killed
with SIGKILL at that point and the next build's dist/, docs-gen/ and site/ are compared byte for
byte with a clean build of the same plans. The facts kept for the next build (kehoach.plans.facts)
are a stage of their own: a build killed while writing them, or after, must not trust a stale one. Some kills are followed by the previous edition
instead (the clerk reverted the edit). Nothing depends on timing: the kill happens at the n-th
checkpoint, by the build itself.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CHILD_HEAD, OUTPUTS, TOP, PlansDir, snapshot
from conftest import run_build as run

pytestmark = pytest.mark.slow

STAGES = ("docx", "metadata", "manifest", "facts", "docs-gen", "mkdocs", "swap", "downloads", "stale")


def write_corpus(root: Path, edition: str) -> None:
    """A parent and children. Edition B changes a text every child inherits, edits one child,
    drops one and adds one, so DOCX, pages, downloads and removals all change."""
    plans = root / "plans"
    shutil.rmtree(plans, ignore_errors=True)
    files = PlansDir(root) if not plans.exists() else None
    assert files is not None
    files.write("tinh", TOP.replace("text: Một", f"text: Một ({edition})"))
    names = ["huyen-0", "huyen-1", "huyen-2"] + (["huyen-3"] if edition == "A" else ["huyen-4"])
    for name in names:
        text = "extends: tinh\n" + CHILD_HEAD.replace("huyện B", f"huyện {name}")
        if name == "huyen-1" and edition == "B":
            text = text.replace("Trên đây là Kế hoạch./.", "Trên đây là Kế hoạch của huyện./.")
        files.write(name, text)


def stage_of(what: str) -> str:
    if "→" in what:
        return "swap"
    path = Path(what)
    parts = path.parts
    if parts[:2] == ("build-cache", "facts"):
        return "facts"  # what was worked out of each plan, kept for the next build (kehoach.plans.facts)
    if parts[0] == "build-cache":
        return "manifest"
    if parts[0] == "dist":
        return "docx" if path.suffix == ".docx" else "metadata" if path.suffix == ".json" else "stale"
    if parts[0] == "docs-gen":
        return "docs-gen"
    if "tai-ve" in parts:
        return "downloads"
    return "mkdocs"


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Outputs of clean builds of editions A and B, each from nothing."""
    out = {}
    for edition in "AB":
        root = tmp_path_factory.mktemp(f"clean-{edition}")
        write_corpus(root, edition)
        result = run(root)
        assert result.returncode == 0, result.stderr
        out[edition] = snapshot(root)
    return out


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    """Edition A built, ready for an edit to B: as is (an incremental build follows), and with
    the build cache gone (a full build follows, with its swap of site/)."""
    root = tmp_path_factory.mktemp("base-incremental")
    write_corpus(root, "A")
    assert run(root).returncode == 0
    full = tmp_path_factory.mktemp("base-full")
    shutil.rmtree(full)
    shutil.copytree(root, full, symlinks=True)
    shutil.rmtree(full / "build-cache")
    return {"incremental": root, "full": full}


def checkpoints(base: Path, tmp: Path) -> list[tuple[int, str]]:
    """The checkpoints of the A → B build from ``base``, in order."""
    root = tmp / "trace"
    shutil.copytree(base, root, symlinks=True)
    write_corpus(root, "B")
    trace = tmp / "trace.txt"
    assert run(root, KEHOACH_CHECKPOINTS=str(trace)).returncode == 0
    rows = [line.split("\t", 1) for line in trace.read_text(encoding="utf-8").splitlines()]
    return [(int(n), os.path.relpath(what, root) if os.path.isabs(what) else what) for n, what in rows]


def spread(points: list[tuple[int, str]], per_stage: int) -> list[tuple[int, str]]:
    """Up to ``per_stage`` points of each stage, evenly spaced within it (first and last included)."""
    chosen = []
    for stage in STAGES:
        mine = [p for p in points if stage_of(p[1]) == stage]
        if len(mine) <= per_stage:
            chosen += mine
        else:
            step = (len(mine) - 1) / (per_stage - 1)
            chosen += [mine[round(i * step)] for i in range(per_stage)]
    return sorted(set(chosen))


@pytest.fixture(scope="module")
def kill_points(bases, tmp_path_factory):
    out = []
    for mode, base in bases.items():
        points = checkpoints(base, tmp_path_factory.mktemp(f"trace-{mode}"))
        out += [(mode, n, what) for n, what in spread(points, 4 if mode == "incremental" else 3)]
    return out


def test_kill_points_cover_every_stage(kill_points):
    stages = {stage_of(what) for _, _, what in kill_points}
    assert {"docx", "metadata", "manifest", "facts", "docs-gen", "mkdocs", "swap", "downloads"} <= stages, stages
    assert len(kill_points) >= 30


def test_killed_builds_recover_exactly(kill_points, bases, clean, tmp_path):
    failures = []
    for i, (mode, n, what) in enumerate(kill_points):
        root = tmp_path / f"{mode}-{n}"
        shutil.copytree(bases[mode], root, symlinks=True)
        write_corpus(root, "B")
        killed = run(root, KEHOACH_CRASH_AT=str(n))
        assert killed.returncode == -9, f"{mode} #{n} ({what}): the build was not killed: {killed.stderr}"
        edition = "A" if i % 3 == 2 else "B"  # every third time, the clerk reverts the edit first
        if edition == "A":
            write_corpus(root, "A")
        again = run(root)
        assert again.returncode == 0, again.stderr
        got, want = snapshot(root), clean[edition]
        if got != want:
            diff = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
            failures.append(
                f"{mode} kill #{n} at {what} ({stage_of(what)}), then {edition}: {len(diff)} files differ, "
                f"e.g. {diff[:3]}"
            )
        leftovers = [p.name for p in root.iterdir() if p.name not in ("plans", "build-cache") + OUTPUTS]
        assert not leftovers, f"{mode} #{n}: left behind {leftovers}"
        shutil.rmtree(root)
    assert not failures, "\n".join(failures)
