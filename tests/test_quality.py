"""The code's own checks, run as tests so that CI runs them through the README's test command:
the layers (import-linter), lint and format (ruff) and types (mypy)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name(command[0])
    return subprocess.run([str(exe), *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [
        ("lint-imports",),
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
        ("mypy",),
    ],
    ids=lambda c: " ".join(c),
)
def test_code_quality(command):
    result = run(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_sees_every_module_of_the_package():
    """An exclusion meant for an output folder ('site') once hid kehoach/site/ from ruff."""
    seen = {Path(line).resolve() for line in run("ruff", "check", "--show-files", ".").stdout.splitlines() if line}
    package = {p.resolve() for p in (ROOT / "kehoach").rglob("*.py")}
    assert sorted(str(p.relative_to(ROOT)) for p in package - seen) == []


def test_ruff_catches_an_import_order_error_planted_in_the_site_package(tmp_path):
    """Issue #27: in a copy of the repository's layout, a module of kehoach/site/ with its imports
    out of order fails 'ruff check .' (the output folder site/ at the root stays excluded)."""
    import shutil

    shutil.copytree(ROOT / "kehoach", tmp_path / "kehoach", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "kehoach" / "site" / "_probe.py").write_text(
        "import sys\nimport os\n\nprint(os, sys)\n", encoding="utf-8"
    )
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "output.py").write_text("import sys\nimport os\n", encoding="utf-8")  # an output: excluded
    exe = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(exe), "check", "--output-format", "concise", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines() if ": I001" in line] == ["kehoach/site/_probe.py"]


def test_an_upward_import_breaks_the_layers(tmp_path):
    """The contract is not vacuous: in a copy of the package, a renderer importing the pipeline is reported."""
    import shutil

    shutil.copytree(ROOT / "kehoach", tmp_path / "kehoach", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "kehoach" / "render" / "_upward_probe.py").write_text(
        "from ..pipeline import cache  # noqa: F401\n", encoding="utf-8"
    )
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "kehoach.render._upward_probe -> kehoach.pipeline.cache" in result.stdout


def test_the_decree_30_vocabulary_is_declared_once():
    """The motto, the signing-authority prefixes, the label grammar and the margins live in
    kehoach/text/nd30.py; no other module spells them out again (issue #27)."""
    spelled = {
        "Hạnh phúc": "the Tiêu ngữ",
        "CỘNG HÒA XÃ HỘI": "the Quốc hiệu",
        '"TUQ."': "the signing-authority prefixes",
        "[IVX]{1,5}": "the label grammar",
        "[a-zđ]\\)": "the label grammar",
    }
    files = [*(ROOT / "kehoach").rglob("*.py"), ROOT / "scripts" / "make_template.py"]
    again = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in files
        if path.name != "nd30.py"
        for text, what in spelled.items()
        if text in path.read_text(encoding="utf-8")
    ]
    assert again == []


def test_the_metadata_gives_ranges_that_the_locked_versions_satisfy():
    """pyproject.toml: ranges (a package shares its environment); requirements*.txt: the exact
    versions the tests run, each inside its range; the first README command installs no test tool."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    assert all("==" not in str(r.specifier) for r in declared)
    locked = {}
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if "==" in line and not line.startswith("#"):
                pin = Requirement(line)
                locked[pin.name.lower()] = next(iter(pin.specifier)).version
    for r in declared:
        if r.name.lower() in locked:
            assert r.specifier.contains(locked[r.name.lower()]), (r, locked[r.name.lower()])
    building = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    assert not any(tool in building for tool in ("pytest", "playwright", "ruff", "mypy", "pre-commit", "hypothesis"))
