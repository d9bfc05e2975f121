"""The package on its own (issue #30): the wheel, installed in a fresh virtual environment that
cannot see this source tree, makes a province's repository and builds it.

The virtual environment takes kehoach only from the wheel; its dependencies (MkDocs, docxtpl,
pre-commit …) are reached through a ``.pth`` line naming this interpreter's site-packages, so the
test needs no network. A ``.pth`` line adds a folder to the path without running the ``.pth``
files inside it, so the editable install of this repository stays invisible: the test asserts
that ``kehoach`` is imported from the environment's own site-packages.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import site
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


class Environment:
    def __init__(self, root: Path):
        self.root = root
        self.bin = root / "bin"
        self.python = self.bin / "python"
        home = root.parent / "home"
        home.mkdir(exist_ok=True)
        self.env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(home),
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "LANG": "C.UTF-8",
            "NO_MKDOCS_2_WARNING": "1",
            "GIT_AUTHOR_NAME": "Văn thư",
            "GIT_AUTHOR_EMAIL": "vt@example.org",
            "GIT_COMMITTER_NAME": "Văn thư",
            "GIT_COMMITTER_EMAIL": "vt@example.org",
        }

    def run(self, *args: str | Path, cwd: Path, code: int = 0) -> str:
        done = subprocess.run(
            [str(a) for a in args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=600
        )
        output = done.stdout + done.stderr
        assert done.returncode == code, f"{args}: exit {done.returncode}\n{output}"
        return output


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built as pip builds it (in an isolated build environment, with the setuptools
    pyproject.toml asks for), from a copy of what it packages: no build/ is left in the tree."""
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(ROOT / "kehoach", src / "kehoach", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("kehoach-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Environment:
    root = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    env = Environment(root)
    (purelib,) = (root / "lib").glob("python3.*/site-packages")
    (purelib / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    env.run(env.python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=root)
    return env


def test_the_wheel_carries_the_template_the_theme_and_the_mkdocs_defaults(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "kehoach/templates/ke-hoach.docx",
        "kehoach/site/mkdocs.yml",
        "kehoach/site/theme/main.html",
        "kehoach/site/theme/partials/header.html",
        "kehoach/assets/kehoach.css",
        "kehoach/data/sap-nhap-2025.json",
        "kehoach/starter/gitignore",
        "kehoach/starter/github-workflow.yml",
    ):
        assert name in names, name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _marked_template(template: Path, target: Path, mark: str) -> None:
    """A copy of the package's template with one more paragraph at the end of its body."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.rindex("<w:sectPr")
                text = text[:at] + f"<w:p><w:r><w:t>{mark}</w:t></w:r></w:p>" + text[at:]
                data = text.encode("utf-8")
            dst.writestr(item, data)


def test_a_province_repository_from_init_to_a_served_site(venv, tmp_path):
    """init, new (the province's plan, then a ward's), build, mkdocs build, pre-commit, serve;
    then the repository's own template and CSS are used."""
    where = venv.run(venv.python, "-c", "import kehoach, sys; print(kehoach.__file__)", cwd=tmp_path)
    assert str(venv.root) in where and str(ROOT) not in where, where

    repo = tmp_path / "ke-hoach-ha-noi"
    repo.mkdir()
    said = venv.run("kehoach", "init", "--province", "01", cwd=repo)
    assert "Đã tạo kho kế hoạch" in said
    for name in (
        "kehoach.yml",
        "mkdocs.yml",
        "plans/README.md",
        "units/ha-noi.yaml",
        "progress/README.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/ke-hoach.yml",
        ".gitlab-ci.yml",
        "requirements.txt",
        "schema/plan.schema.json",
        "schema/kehoach.schema.json",
    ):
        assert (repo / name).is_file(), name
    assert (repo / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == "kehoach==0.1.0"
    assert 'province: "01"' in (repo / "kehoach.yml").read_text(encoding="utf-8")
    # init refuses to write over a repository
    said = venv.run("kehoach", "init", "--province", "01", cwd=repo, code=3)
    assert "không ghi đè" in said and "--force" in said

    venv.run("kehoach", "new", "ha-noi-2027", cwd=repo)
    venv.run("kehoach", "new", "hoan-kiem-2027", "--extends", "ha-noi-2027", "--unit-code", "00070", cwd=repo)
    ward = (repo / "plans/ha-noi/hoan-kiem-2027.yaml").read_text(encoding="utf-8")
    assert ward.startswith("# yaml-language-server: $schema=../../schema/plan.schema.json\n")
    assert 'code: "00070"' in ward
    venv.run("kehoach", "build", "-q", cwd=repo)
    for name in ("ha-noi-2027", "hoan-kiem-2027"):
        assert (repo / "dist" / f"{name}.docx").is_file()
        assert (repo / "site" / "ke-hoach" / name / "index.html").is_file()
    home = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert "Kế hoạch tuyên truyền cải cách hành chính — Thành phố Hà Nội" in home

    venv.run(venv.python, "-m", "mkdocs", "build", "-q", "-d", "mkdocs-site", cwd=repo)
    assert (repo / "mkdocs-site" / "ke-hoach" / "hoan-kiem-2027" / "index.html").is_file()
    shutil.rmtree(repo / "mkdocs-site")

    venv.run("git", "init", "-q", "-b", "main", cwd=repo)
    venv.run("git", "add", "-A", cwd=repo)
    assert "dist/" not in venv.run("git", "status", "--short", cwd=repo)  # outputs are ignored
    said = venv.run(venv.python, "-m", "pre_commit", "run", "--all-files", cwd=repo)
    assert "Kiểm tra kế hoạch" in said and "Passed" in said
    broken = repo / "plans/ha-noi/hoan-kiem-2027.yaml"
    broken.write_text(ward.replace("extends: ha-noi-2027", "extends: ha-noi-2072"), encoding="utf-8")
    said = venv.run(venv.python, "-m", "pre_commit", "run", "--all-files", cwd=repo, code=1)
    assert "plans/ha-noi/hoan-kiem-2027.yaml:" in said and "ha-noi-2027" in said
    broken.write_text(ward, encoding="utf-8")

    port = _free_port()
    server = subprocess.Popen(
        ["kehoach", "serve", "--port", str(port)],
        cwd=repo,
        env=venv.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        page, deadline = "", time.monotonic() + 120
        while time.monotonic() < deadline and "hoan-kiem-2027" not in page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ke-hoach/hoan-kiem-2027/", timeout=5) as r:
                    page = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert "Hoàn Kiếm" in page
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)

    # The repository's own template and CSS: its DOCX and its pages use them
    package = Path(
        venv.run(venv.python, "-c", "import kehoach, os; print(os.path.dirname(kehoach.__file__))", cwd=repo).strip()
    )
    _marked_template(
        package / "templates" / "ke-hoach.docx", repo / "templates" / "ke-hoach.docx", "MẪU RIÊNG CỦA TỈNH"
    )
    (repo / "site-theme" / "assets").mkdir(parents=True)
    (repo / "site-theme" / "assets" / "tinh.css").write_text(":root { --md-primary-fg-color: #004d99; }\n")
    with (repo / "kehoach.yml").open("a", encoding="utf-8") as f:
        f.write("extra_css: [assets/tinh.css]\n")
    venv.run("kehoach", "build", "-q", cwd=repo)
    with zipfile.ZipFile(repo / "dist" / "hoan-kiem-2027.docx") as docx:
        assert "MẪU RIÊNG CỦA TỈNH" in docx.read("word/document.xml").decode("utf-8")
    page = (repo / "site" / "ke-hoach" / "hoan-kiem-2027" / "index.html").read_text(encoding="utf-8")
    assert "assets/tinh.css" in page and (repo / "site" / "assets" / "tinh.css").is_file()
    meta = json.loads((repo / "dist" / "hoan-kiem-2027.json").read_text(encoding="utf-8"))
    assert meta  # the metadata is written beside it


def test_the_workflows_init_writes_pass_actionlint_and_the_gitlab_schema(tmp_path):
    """The GitHub workflow and .gitlab-ci.yml of a new repository, checked as this repository's are."""
    from test_git_workflow import tool

    from kehoach.pipeline.init import repository_files
    from kehoach.plans.map import places

    files = repository_files(places()["31"])
    for name in (".github/workflows/ke-hoach.yml", ".gitlab-ci.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(files[name], encoding="utf-8")
    lint = subprocess.run(
        [tool("actionlint"), ".github/workflows/ke-hoach.yml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    check = [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(tmp_path / ".gitlab-ci.yml")]
    done = subprocess.run(check, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kehoach check --format github" in files[".github/workflows/ke-hoach.yml"]
    assert "units/hai-phong.yaml" in files and 'code: "31"' in files["units/hai-phong.yaml"]
