"""Shared fixtures: a temporary plans/ folder and a runner for the CLI."""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kehoach.cli import main
from kehoach.reporting import Reporter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"  # copies of the real plans as text (the seeds), for the fidelity test

TOP = """\
year: 2025
unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh}
document: {number: 5, symbol: KH-UBND, place: A, date: 10/01/2025, subject: Thông tin tuyên truyền CCHC}
legal_basis: {closing: "UBND Tỉnh ban hành Kế hoạch như sau:"}
body:
  - key: muc-dich
    title: MỤC ĐÍCH
    items:
      - key: mot
        title: Mục đích
        items:
          - {key: a, text: Một}
          - {key: b, text: Hai}
          - {key: c, text: Ba (Phụ lục)}
  - key: to-chuc
    title: TỔ CHỨC THỰC HIỆN
    items:
      - {key: so-noi-vu, unit: Sở Nội vụ, text: Theo dõi.}
closing: Trên đây là Kế hoạch./.
signature: {title: CHỦ TỊCH, name: Nguyễn Văn A}
recipients: [Bộ Nội vụ]
archive: VT
appendix:
  title: NHIỆM VỤ
  tasks:
    - {key: t1, task: Ban hành kế hoạch, lead: Các Sở, deadline: Chậm nhất ngày 20/02/2025}
    - {key: t2, task: Báo cáo, lead: Các Sở, deadline: Định kỳ hằng quý}
"""

CHILD_HEAD = """\
unit: {name: ỦY BAN NHÂN DÂN HUYỆN B, full: UBND huyện B}
document: {symbol: KH-UBND, place: B, subject: Thông tin tuyên truyền CCHC huyện B}
legal_basis: {closing: "UBND huyện B ban hành Kế hoạch như sau:"}
closing: Trên đây là Kế hoạch./.
signature: {title: CHỦ TỊCH, name: Trần Văn B}
recipients: [UBND Tỉnh]
archive: VT
"""

CHILD = "extends: tinh\n" + CHILD_HEAD
GRANDCHILD = CHILD.replace("extends: tinh", "extends: huyen").replace("huyện B", "xã C")


OUTPUTS = ("dist", "docs-gen", "site")  # what a build writes, compared byte for byte with a clean build's


def run_build(root: Path, *args: str, verbose: bool = False, **env: str) -> subprocess.CompletedProcess:
    """``python build.py -q`` (``-v``: ``verbose``) in ``root``, as a process of its own, with ``env`` added."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-v" if verbose else "-q", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every output file's bytes, by path (see :data:`OUTPUTS`)."""
    return {
        f"{folder}/{p.relative_to(root / folder)}": p.read_bytes()
        for folder in OUTPUTS
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def three_levels(plans: PlansDir) -> None:
    """A province's plan, a district's under it, a commune's under that (tinh, huyen, xa), built."""
    plans.write("tinh", TOP)
    plans.write("huyen", CHILD)
    plans.write("xa", GRANDCHILD)
    code, _, err = plans.run("-q")
    assert code == 0, err


def same_as_fresh(plans: PlansDir, folder: Path) -> None:
    """What ``plans`` built is, byte for byte, what a clean build of the same plan files (and
    kehoach.yml) makes in ``folder``."""
    fresh = PlansDir(folder)
    if (plans.root / "kehoach.yml").exists():
        (fresh.root / "kehoach.yml").write_bytes((plans.root / "kehoach.yml").read_bytes())
    for path in plans.plans.glob("*.yaml"):
        fresh.write(path.stem, path.read_text(encoding="utf-8"))
    assert fresh.run("-q")[0] == 0
    ours, theirs = snapshot(plans.root), snapshot(fresh.root)
    assert ours.keys() == theirs.keys() and [k for k in ours if ours[k] != theirs[k]] == []


class PlansDir:
    """A temporary plans folder that tests write YAML into."""

    def __init__(self, root: Path):
        self.root = root
        self.plans = root / "plans"
        self.plans.mkdir()

    def write(self, name: str, text: str, raw: bytes | None = None) -> Path:
        path = self.plans / f"{name}.yaml"
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def run(self, *args: str) -> tuple[int, str, str]:
        import contextlib
        import io

        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(self.root)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(list(args))
                except SystemExit as exc:
                    code = exc.code
        finally:
            os.chdir(old)
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def plans(tmp_path) -> PlansDir:
    return PlansDir(tmp_path)


class Quiet(Reporter):
    """A reporter that prints nothing."""

    def __init__(self):
        super().__init__(quiet=True, verbose=False)

    def problems(self, problems) -> None:
        pass


def resolve(plans_dir: Path):
    from kehoach.pipeline.check import load_and_validate

    return load_and_validate(plans_dir, None, Quiet())


@pytest.fixture(scope="session")
def corpus():
    """The bundled real plans, resolved."""
    return resolve(ROOT / "plans")


ARTIFACTS = ROOT / "test-artifacts"  # screenshots and pages rendered by the tests, to look at (git ignores it)


def browser_args() -> list[str]:
    """Debian's Chromium, headless as root, with no traffic of its own (the machine has no network)."""
    return [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=browser_args())
        yield b
        b.close()


def require_tool(name: str) -> str:
    """The path of an external tool; in CI a missing tool fails the test instead of skipping it."""
    import shutil

    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI (installed by .ci/run)")
    pytest.skip(f"{name} not installed")


@pytest.fixture(scope="session")
def built(tmp_path_factory, corpus):
    """DOCX and PDF of the real plans, built once per session into a temporary dist/."""
    from kehoach.render.docx import render

    out = tmp_path_factory.mktemp("dist")
    for plan in corpus.real():
        (out / f"{plan.id}.docx").write_bytes(render(plan))
    return out


# The unit tier (`pytest -m "not slow"`): no LibreOffice, poppler, Chromium, git or other program
# run beside Python. A test whose code, or a fixture's, starts one is marked slow here, so that a
# new such test joins the full tier without anyone remembering to mark it.
_EXTERNAL = re.compile(
    r"require_tool\(|subprocess|soffice|libreoffice|to_pdf|chromium|playwright|browser|pdftotext|pdftoppm|"
    r"pdfinfo|pdffonts|\"git\"|git \+|\.run\(\"serve\"|\.run\(\"import\", str\(FOREIGN"
)


def _sources(item: pytest.Item) -> list[str]:
    functions = [item.function] if isinstance(item, pytest.Function) else []
    info = getattr(item, "_fixtureinfo", None)
    for name in info.names_closure if info else ():
        for definition in info.name2fixturedefs.get(name, ()):
            if "tests" in str(getattr(definition.func, "__code__", None) and definition.func.__code__.co_filename):
                functions.append(definition.func)
    # and the module's own helpers they call (two levels deep), e.g. a shell() that runs git
    for _ in range(2):
        for function in list(functions):
            module = inspect.getmodule(function)
            for name in getattr(getattr(function, "__code__", None), "co_names", ()):
                helper = getattr(module, name, None)
                if inspect.isfunction(helper) and helper.__module__ == function.__module__ and helper not in functions:
                    functions.append(helper)
    out = []
    for function in functions:
        with contextlib.suppress(OSError, TypeError):
            out.append(inspect.getsource(function))
    return out


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") is None and any(_EXTERNAL.search(s) for s in _sources(item)):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _state_folder(tmp_path_factory):
    """The user's state folder (the snapshot's signing key, :mod:`kehoach.pipeline.snapshot`)
    is the session's own, for every build the tests run, in process or not."""
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
