"""Shared fixtures: a temporary plans/ folder and a runner for the CLI."""

from __future__ import annotations

import os
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
