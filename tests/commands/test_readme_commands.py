"""Every command line of the README's code blocks, run as written on a copy of the real plans.

Each line runs in a fresh workspace (the bundled plans, units and ledgers; git history when the
line needs it) through the shell, as a clerk would type it. :data:`SETUP` says what a line needs
first (the document it imports, an earlier command) and the exit code the README promises; a line
the README gains without an entry here fails :func:`test_every_readme_line_is_known`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

README = (ROOT / "README.md").read_text(encoding="utf-8")
# What a README line writes as a placeholder, and what the test types instead.
PLACEHOLDERS = {"https://…": "https://hanoi.gov.vn/tin-bai/mot-cua", '--title "…"': '--title "Một cửa liên thông"'}
NOT_RUN = {
    "pip install -r requirements-test.txt -e . && python -m pytest": "the suite itself (.ci/run runs it)",
    # the package from PyPI: tests/test_package.py installs the wheel built from this tree instead
    "pip install kehoach": "tests/test_package.py installs the wheel in a fresh environment and runs these steps",
}


def readme_lines() -> list[str]:
    """The command lines of the README's fenced code blocks, without their comments."""
    lines, fenced = [], False
    for line in README.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced and re.match(
            r"(pip install -r \S+(?: -e \.)? && )?python (build\.py|-m kehoach|-m pytest)\b|kehoach |pip install kehoach",
            line,
        ):
            lines.append(re.split(r"\s+#\s", line)[0].rstrip())
    return list(dict.fromkeys(lines))


@dataclass
class Case:
    code: int = 0
    setup: Callable[[Path], None] | None = None
    xfail: str = ""  # an open issue the line waits for
    files: tuple[str, ...] = field(default=())  # written by the line, relative to the workspace


def _docx(plan_id: str, name: str) -> Callable[[Path], None]:
    """The plan's DOCX as our build makes it, saved under the name the README imports."""

    def setup(work: Path) -> None:
        _run(work, f"python build.py -q --no-site --plan {plan_id}")
        shutil.copy(work / "dist" / f"{plan_id}.docx", work / name)

    return setup


def _foreign(name: str, target: str) -> Callable[[Path], None]:
    """A document our template did not make (tests/fixtures/foreign), with the plan it holds taken
    out of plans/ first: an import never writes over a plan without --force."""

    def setup(work: Path) -> None:
        shutil.copy(FIXTURES / "foreign" / name, work / target)
        _remove_plan(work, "thinh-liet-2024")

    return setup


def _remove_plan(work: Path, plan_id: str) -> None:
    for path in (work / "plans").rglob(f"{plan_id}.yaml"):
        path.unlink()


def _then(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        for step in steps:
            step(work)

    return setup


def _without(*plan_ids: str) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        for plan_id in plan_ids:
            _remove_plan(work, plan_id)

    return setup


def _history(work: Path) -> None:
    """Two commits: the plan as sent to the leader, then an edit (for --against HEAD~1)."""
    git = ["git", "-c", "user.name=Văn thư", "-c", "user.email=vt@example.vn", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=work, check=True)
    subprocess.run([*git, "add", "plans"], cwd=work, check=True)
    subprocess.run([*git, "commit", "-qm", "bản gửi lãnh đạo"], cwd=work, check=True)
    plan = next((work / "plans").rglob("thinh-liet-2024.yaml"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("năm 2024", "năm 2024 (sửa)", 1), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "sửa theo ý lãnh đạo"], cwd=work, check=True)


SETUP: dict[str, Case] = {
    "pip install -r requirements.txt -e . && python build.py": Case(files=("dist/ha-noi-2025.docx", "site/index.html")),
    'python build.py import "KH tuyen truyen CCHC 2024.docx" --id thinh-liet-2024': Case(
        setup=_then(_docx("thinh-liet-2024", "KH tuyen truyen CCHC 2024.docx"), _without("thinh-liet-2024")),
        files=("plans/thinh-liet-2024.yaml",),
    ),
    "python build.py import ke-hoach-cu.doc": Case(setup=_foreign("thinh-liet-2024.doc", "ke-hoach-cu.doc")),
    "python build.py import ke-hoach.pdf": Case(setup=_foreign("thinh-liet-2024.pdf", "ke-hoach.pdf")),
    "python build.py import ban-ocr.txt": Case(setup=_foreign("thinh-liet-2024.txt", "ban-ocr.txt")),
    "python build.py import ke-hoach-trung-tam.docx --extends ha-noi-2025 --id ha-noi-ttpvhcc-2025": Case(
        setup=_then(_docx("ha-noi-ttpvhcc-2025", "ke-hoach-trung-tam.docx"), _without("ha-noi-ttpvhcc-2025")),
        files=("plans/ha-noi/ha-noi-ttpvhcc-2025.yaml",),
    ),
    "python build.py rebase ha-noi-2025 --id ha-noi-2027": Case(
        setup=_without("soc-son-2027", "hoang-mai-2027", "ha-noi-2027"), files=("plans/ha-noi/ha-noi-2027.yaml",)
    ),
    "python build.py rebase thinh-liet-2024 yen-so-2024 --onto ha-noi-2027 --unit-code 00319 --id hoang-mai-2027": Case(
        setup=_without("hoang-mai-2027"), files=("plans/ha-noi/hoang-mai-2027.yaml",)
    ),
    "python build.py rebase thinh-liet-2024 --onto ha-noi-2027 --unit-code 00319 --id hoang-mai-2027": Case(
        setup=_without("hoang-mai-2027"), files=("plans/ha-noi/hoang-mai-2027.yaml",)
    ),
    'python build.py new soc-son-2027 --extends ha-noi-2027 --unit "Xã Sóc Sơn" --province "Hà Nội" --signer "Nguyễn Văn Hùng"': Case(
        setup=_without("soc-son-2027"), files=("plans/ha-noi/soc-son-2027.yaml",)
    ),
    "python build.py conformance ha-noi-2027": Case(),
    "python build.py": Case(files=("dist/thinh-liet-2024.docx", "site/index.html")),
    "python build.py --check": Case(),
    "python build.py --plan thinh-liet-2024 --pdf": Case(files=("dist/thinh-liet-2024.pdf",)),
    "python build.py --split province": Case(
        files=(
            "site/index.html",
            "site/phan.json",
            "site/ha-noi/ke-hoach/thinh-liet-2024/index.html",
            "site/hai-phong/tai-ve/kim-thanh-2025.docx",
        )
    ),
    "python build.py show ha-noi-ttpvhcc-2025": Case(),
    "python build.py show ha-noi-2025 --json": Case(),
    "python build.py list": Case(),
    'python build.py new dinh-cong-2025 --extends ha-noi-2025 --unit "UBND phường Định Công"': Case(
        files=("plans/ha-noi/dinh-cong-2025.yaml",)
    ),
    "python build.py import ke-hoach.docx --id thinh-liet-2024": Case(
        setup=_then(_docx("thinh-liet-2024", "ke-hoach.docx"), _without("thinh-liet-2024")),
        files=("plans/thinh-liet-2024.yaml",),
    ),
    "python build.py import da-duyet.docx --into plans/ha-noi/thinh-liet-2024.yaml": Case(
        setup=_docx("thinh-liet-2024", "da-duyet.docx")
    ),
    "python build.py redline ha-noi-ttpvhcc-2025 --against parent": Case(
        files=("dist/ha-noi-ttpvhcc-2025-so-sanh.docx",)
    ),
    "python build.py conformance ha-noi-2025": Case(),
    "python build.py check --fix": Case(),
    # without --date the entry is today's: outside the 2025 plan's year, the ledger refuses it (exit 1)
    'python build.py log ha-noi-ttpvhcc-2025 tin-bai-trang-thanh-pho --title "…" --link https://…': Case(
        code=0 if dt.date.today().year == 2025 else 1
    ),
    "python build.py report ha-noi-ttpvhcc-2025 --period quy-1": Case(
        files=("dist/ha-noi-ttpvhcc-2025-bao-cao-quy-1-2025.docx",)
    ),
    "python build.py serve --port 8001": Case(),  # run until it serves, then stopped (see _serve)
    "python build.py --check --format github": Case(),
    "python build.py --check --format gitlab > gl-code-quality-report.json": Case(
        files=("gl-code-quality-report.json",)
    ),
    "python build.py --check --format json": Case(),
    "python -m kehoach check": Case(),
    "python build.py show ha-noi-2025 --for": Case(),
    "python build.py conformance ha-noi-2025 --format json": Case(),
    "python build.py check": Case(),
    "python build.py check --strict": Case(code=1),  # the real plans as issued have warnings: errors here
    'python build.py log ha-noi-ttpvhcc-2025 tin-bai-trang-thanh-pho --title "Một cửa liên thông" --date 25/02/2025 --link https://…': Case(),
    "python build.py report ha-noi-ttpvhcc-2025 --period nam --format json": Case(),
    "python build.py report ha-noi-2025 --period 6-thang --with-children": Case(
        files=("dist/ha-noi-2025-bao-cao-6-thang-2025.docx",)
    ),
    'python build.py import "KH da duyet.docx" --into plans/ha-noi/thinh-liet-2024.yaml --dry-run': Case(
        setup=_docx("thinh-liet-2024", "KH da duyet.docx")
    ),
    'python build.py import "KH da duyet.docx" --into plans/ha-noi/thinh-liet-2024.yaml': Case(
        setup=_docx("thinh-liet-2024", "KH da duyet.docx")
    ),
    "python build.py redline ha-noi-ttpvhcc-2025": Case(files=("dist/ha-noi-ttpvhcc-2025-so-sanh.docx",)),
    "python build.py redline hoang-mai-2027 --against thinh-liet-2024": Case(
        files=("dist/hoang-mai-2027-so-sanh.docx",)
    ),
    "python build.py redline thinh-liet-2024 --against HEAD~1": Case(
        setup=_history, files=("dist/thinh-liet-2024-so-sanh.docx",)
    ),
}


def _province(*steps: str) -> Callable[[Path], None]:
    """An empty repository of plans (the README's 'Kho kế hoạch của một tỉnh'), with these steps run."""

    def setup(work: Path) -> None:
        for child in work.iterdir():
            (shutil.rmtree if child.is_dir() else Path.unlink)(child)
        for step in steps:
            done = _run(work, step)
            assert done.returncode == 0, done.stderr

    return setup


PROVINCE = ("kehoach init --province 01", "kehoach new ha-noi-2027")
WARD = "kehoach new hoan-kiem-2027 --extends ha-noi-2027 --unit-code 00070"
SETUP |= {
    "python build.py new quang-ninh-2027 --unit-code 22": Case(files=("plans/quang-ninh/quang-ninh-2027.yaml",)),
    "python build.py schema": Case(files=("schema/kehoach.schema.json",)),
    "kehoach init --province 01": Case(setup=_province(), files=("kehoach.yml", "units/ha-noi.yaml")),
    "kehoach new ha-noi-2027": Case(setup=_province(PROVINCE[0]), files=("plans/ha-noi/ha-noi-2027.yaml",)),
    WARD: Case(setup=_province(*PROVINCE), files=("plans/ha-noi/hoan-kiem-2027.yaml",)),
    "kehoach build": Case(setup=_province(*PROVINCE, WARD), files=("dist/hoan-kiem-2027.docx", "site/index.html")),
    "kehoach serve --port 8001": Case(setup=_province(*PROVINCE, WARD)),
}


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    return env


def _run(work: Path, line: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", line], cwd=work, env=_environment(work), capture_output=True, text=True, timeout=600
    )


def _workspace(tmp_path: Path) -> Path:
    work = tmp_path / "kho"
    work.mkdir()
    for folder in ("plans", "units", "progress"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, work / folder)
    shutil.copy(ROOT / "build.py", work / "build.py")
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    return work


def _serve(work: Path, line: str) -> tuple[int, str]:
    """Start the preview, wait until it says where it serves, then stop it as Ctrl+C would."""
    process = subprocess.Popen(
        ["bash", "-c", f"exec {line}"],
        cwd=work,
        env=_environment(work),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    said, deadline = "", time.monotonic() + 120
    while time.monotonic() < deadline:
        text = process.stdout.readline()
        said += text
        if "Xem trước tại http://127.0.0.1:8001/" in text or not text:
            break
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    return process.returncode, said + rest


def test_every_readme_line_is_known():
    lines = readme_lines()
    assert len(lines) > 30
    assert sorted(set(lines) - set(SETUP) - set(NOT_RUN)) == [], "add the README's new line to SETUP"
    assert sorted(set(SETUP) - set(lines)) == [], "the README no longer has this line"


@pytest.mark.parametrize("line", [line for line in readme_lines() if line not in NOT_RUN])
def test_readme_line_runs(tmp_path, line):
    case = SETUP[line]
    if case.xfail:
        pytest.xfail(case.xfail)  # remove when the issue is done: the line must then run
    work = _workspace(tmp_path)
    if case.setup:
        case.setup(work)
    typed = line.removeprefix("pip install -r requirements.txt -e . && ")  # .ci/run installs before the tests
    for placeholder, value in PLACEHOLDERS.items():
        typed = typed.replace(placeholder, value)
    if " serve " in f"{typed} ":
        code, output = _serve(work, typed)
        assert "Xem trước tại http://127.0.0.1:8001/" in output, output
        assert "Traceback" not in output and "Lỗi nội bộ" not in output, output
        return
    done = _run(work, typed)
    assert done.returncode == case.code, f"{typed}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr and "Lỗi nội bộ" not in done.stderr, done.stderr
    for name in case.files:
        assert (work / name).is_file(), f"{typed} did not write {name}\n{done.stderr[-2000:]}"
