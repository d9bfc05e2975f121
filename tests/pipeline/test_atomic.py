"""A build killed halfway (SIGKILL) leaves no truncated file in place, and the next build recovers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import CHILD_HEAD, ROOT, TOP, PlansDir
from lxml import etree

CHILDREN = 40


def write_corpus(plans: PlansDir, edition: str) -> None:
    """A parent and many children; ``edition`` changes a text every DOCX inherits."""
    plans.write("tinh", TOP.replace("text: Một", f"text: Một ({edition})"))
    for n in range(CHILDREN):
        plans.write(f"huyen-{n:02d}", "extends: tinh\n" + CHILD_HEAD.replace("huyện B", f"huyện B{n}"))


def build(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "-q"],
        cwd=root,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def files(root: Path, folder: str) -> dict[str, bytes]:
    return {
        str(p.relative_to(root / folder)): p.read_bytes() for p in sorted((root / folder).rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The outputs of complete builds of edition A and edition B."""
    out = {}
    for edition in "AB":
        root = tmp_path_factory.mktemp(f"edition-{edition}")
        write_corpus(PlansDir(root), edition)
        proc = build(root)
        assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
        out[edition] = (files(root, "dist"), files(root, "site"))
    return out


def changed(root: Path, folder: str, before: dict[str, bytes]) -> bool:
    for path in (root / folder).rglob("*"):
        if path.is_file():
            rel = str(path.relative_to(root / folder))
            try:
                if rel not in before or path.stat().st_size != len(before[rel]) or path.read_bytes() != before[rel]:
                    return True
            except FileNotFoundError:
                continue
    return False


@pytest.mark.parametrize("stage", ["dist", "docs-gen"])
def test_sigkill_mid_build_leaves_only_whole_files(tmp_path, editions, stage):
    plans = PlansDir(tmp_path)
    write_corpus(plans, "A")
    assert build(tmp_path).wait(timeout=300) == 0
    before = files(tmp_path, stage)

    write_corpus(plans, "B")
    proc = build(tmp_path)
    deadline = time.monotonic() + 120
    while not changed(tmp_path, stage, before):  # wait until the build is writing this stage
        assert proc.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    dist_a, site_a = editions["A"]
    dist_b, site_b = editions["B"]
    dist = files(tmp_path, "dist")
    assert sorted(k for k in dist if not k.startswith(".")) == sorted(dist_a)
    for name, data in dist.items():
        if name.startswith("."):
            continue  # a temporary file the killed build was writing; never a final name
        assert data in (dist_a[name], dist_b[name]), f"{name} is neither the old nor the new file"
        if name.endswith(".docx"):
            with zipfile.ZipFile(tmp_path / "dist" / name) as docx:
                assert docx.testzip() is None
        elif name.endswith(".akn.xml"):
            etree.fromstring(data)  # whole XML
        else:
            json.loads(data)
    assert files(tmp_path, "site") in (site_a, site_b), "site/ must be the old or the new site, whole"

    proc = build(tmp_path)  # the next build recovers and cleans up
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    assert files(tmp_path, "dist") == dist_b
    assert files(tmp_path, "site") == site_b
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build-cache", "dist", "docs-gen", "plans", "site"]


def test_outputs_are_readable_by_others_under_umask_022(plans):
    """A web server running as another user must be able to read the published site."""
    import stat

    plans.write("tinh", TOP)
    old = os.umask(0o022)
    try:
        code, _, err = plans.run("-q")
    finally:
        os.umask(old)
    assert code == 0, err
    modes = {
        str(p.relative_to(plans.root)): stat.S_IMODE(p.stat().st_mode)
        for folder in ("dist", "site", "docs-gen")
        for p in (plans.root / folder).rglob("*")
        if p.is_file()
    }
    assert modes and {m for m in modes.values()} == {0o644}, {k: oct(m) for k, m in modes.items() if m != 0o644}
    dirs = {stat.S_IMODE(p.stat().st_mode) for p in (plans.root / "site").rglob("*") if p.is_dir()}
    assert dirs == {0o755}
