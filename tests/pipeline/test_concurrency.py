"""One writer at a time (#25, point 5): runs started together lose nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import yaml
from conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def repo(tmp_path):
    for name in ("plans", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


def at_once(work, *commands: list[str], timeout: int = 600) -> list[tuple[int, str]]:
    """Each command line (``build.py`` arguments) started together in ``work``; their exit codes and errors."""
    runs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), *args],
            cwd=work,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    return [(r.wait(timeout=timeout), r.stderr.read()) for r in runs]


def test_ten_log_calls_at_once_keep_ten_entries(tmp_path):
    work = repo(tmp_path)
    results = at_once(
        work,
        *(
            ["log", "ha-noi-ttpvhcc-2025", "ban-hanh-ke-hoach", "--title", f"Việc {n}", "--date", "12/02/2025"]
            for n in range(10)
        ),
    )
    assert all(code == 0 for code, _ in results), results
    entries = yaml.safe_load((work / "progress" / "ha-noi-ttpvhcc-2025.yaml").read_text(encoding="utf-8"))["entries"]
    assert sorted(e["title"] for e in entries) == sorted(f"Việc {n}" for n in range(10))
    assert len({e["key"] for e in entries}) == 10
    assert not list((work / "progress").glob(".*"))  # no lock or temporary file left


def test_two_builds_at_once_end_with_the_complete_site(tmp_path):
    work = repo(tmp_path / "a")
    results = at_once(work, ["-q"], ["-q"])
    assert all(code == 0 for code, _ in results), results
    clean = repo(tmp_path / "b")
    assert subprocess.run([sys.executable, str(ROOT / "build.py"), "-q"], cwd=clean, env=ENV).returncode == 0
    for folder in ("site", "dist"):
        mine = {p.relative_to(work / folder): p.read_bytes() for p in (work / folder).rglob("*") if p.is_file()}
        theirs = {p.relative_to(clean / folder): p.read_bytes() for p in (clean / folder).rglob("*") if p.is_file()}
        assert mine.keys() == theirs.keys()
        assert [k for k in mine if mine[k] != theirs[k]] == []
    assert not [p.name for p in work.iterdir() if p.name.endswith((".lock", ".tmp"))]
