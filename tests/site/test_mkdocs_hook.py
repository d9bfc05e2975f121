"""MkDocs' own commands on a fresh clone (issue #17): ``mkdocs build`` and ``mkdocs serve``
write the plan pages themselves through the hook of mkdocs.yml, with no ``python build.py``
before; plans with errors stop them with the clerk's messages."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, resolve


@pytest.fixture
def clone(tmp_path) -> Path:
    """The files a clone has: git's tracked files (and new ones not yet committed)."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    dest = tmp_path / "clone"
    for rel in filter(None, listed):
        if rel.startswith("tests/") or not (ROOT / rel).is_file():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)
    assert (dest / "docs-gen" / ".gitignore").exists()  # the folder MkDocs requires is in git
    assert not (dest / "site").exists() and not (dest / "dist").exists()
    return dest


def _env(**extra: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")} | extra


def mkdocs(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True, timeout=600, env=_env(**env)
    )


def test_mkdocs_build_on_a_fresh_clone_makes_every_plan_page(clone):
    result = mkdocs("build", "-q", cwd=clone)
    assert result.returncode == 0, result.stderr
    ids = sorted(p.id for p in resolve(clone / "plans").real())
    assert len(ids) >= 4
    for plan_id in ids:
        page = clone / "site" / "ke-hoach" / plan_id / "index.html"
        assert page.exists(), plan_id
        assert "Tải DOCX" not in page.read_text(encoding="utf-8")  # the DOCX come from python build.py
    for rel in ("index.html", "tim-kiem/index.html", "nhiem-vu/index.html", "search/meta.json", "tien-do/index.html"):
        assert (clone / "site" / rel).exists(), rel
    assert (clone / "docs-gen" / ".gitignore").exists()  # kept when stale pages are swept


def test_the_theme_is_compiled_once_per_user_and_the_site_is_the_same(clone, tmp_path):
    """kehoach.paths.template_cache: the theme's templates kept compiled in the user's cache
    folder (never build-cache/), and a build from them writes the same pages."""
    cache = tmp_path / "user-cache"
    assert mkdocs("build", "-q", cwd=clone, XDG_CACHE_HOME=str(cache)).returncode == 0
    compiled = list((cache / "kehoach" / "jinja").iterdir())
    assert len(compiled) > 10  # main.html, base.html and Material's partials
    first = {p: p.read_bytes() for p in (clone / "site").rglob("*.html")}
    assert mkdocs("build", "-q", cwd=clone, XDG_CACHE_HOME=str(cache)).returncode == 0
    assert {p: p.read_bytes() for p in (clone / "site").rglob("*.html")} == first
    assert not list(clone.rglob("__jinja2_*"))


def test_mkdocs_build_stops_on_a_broken_plan_with_the_clerks_message(clone):
    plan = clone / "plans" / "ha-noi" / "thinh-liet-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  level: xa\n", "  level: thon\n", 1), encoding="utf-8")
    result = mkdocs("build", "-q", cwd=clone)
    assert result.returncode != 0
    assert "plans/ha-noi/thinh-liet-2024.yaml:" in result.stderr + result.stdout
    assert "Kế hoạch có 1 lỗi" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait(predicate, seconds: float = 120):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_mkdocs_serve_watches_the_plans(clone):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=clone,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(),
    )
    url = f"http://127.0.0.1:{port}/ke-hoach/thinh-liet-2024/"
    try:
        first = _wait(lambda: _get(url))
        assert first and "Thịnh Liệt" in first
        plan = clone / "plans" / "ha-noi" / "thinh-liet-2024.yaml"
        text = plan.read_text(encoding="utf-8")
        assert "Trên đây là Kế hoạch" in text
        plan.write_text(text.replace("Trên đây là Kế hoạch", "Trên đây là bản sửa của Kế hoạch", 1), encoding="utf-8")
        assert _wait(lambda: "bản sửa của Kế hoạch" in (_get(url) or "")), (
            "the page was not rebuilt after the plan changed"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
