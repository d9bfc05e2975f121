"""`python build.py serve`: a live preview that shows plan errors in the page, and its options."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, TOP, Quiet, require_tool


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_preview_regenerates_pages_and_keeps_problems(plans):
    from kehoach.pipeline.serve import Preview

    plans.write("p", TOP)
    from kehoach.pipeline.options import BuildOptions

    preview = Preview(BuildOptions(plans.plans, plans.root / "dist", cache_dir=plans.root / "build-cache"), Quiet())
    try:
        assert preview.regenerate() and preview.overlay() == ""
        page = preview.docs / "ke-hoach" / "p.md"
        assert "Thông tin tuyên truyền CCHC" in page.read_text(encoding="utf-8")
        assert (plans.root / "dist" / "p.docx").exists()
        plans.write("p", TOP.replace("text: Hai", 'text: "<b>**Hai"'))
        assert not preview.regenerate()
        overlay = preview.overlay()
        assert "Kế hoạch có 1 lỗi" in overlay and "plans/p.yaml:13:" in overlay or "p.yaml:13:" in overlay
        assert "&lt;b&gt;" not in overlay and "<b>**" not in overlay  # the message quotes no text, and is escaped
        assert "Thông tin tuyên truyền CCHC" in page.read_text(encoding="utf-8")  # the last good page stays
        plans.write("p", TOP.replace("Thông tin tuyên truyền CCHC", "Tuyên truyền CCHC năm 2025"))
        assert preview.regenerate() and preview.overlay() == ""
        assert "Tuyên truyền CCHC năm 2025" in page.read_text(encoding="utf-8")
    finally:
        preview.close()
    assert not preview.work.exists()


def test_a_save_waits_for_a_build_writing_dist(plans):
    """serve writes dist/ and build's record: while python build.py holds them, a save waits."""
    import threading

    from kehoach.lock import held_all
    from kehoach.pipeline.options import BuildOptions
    from kehoach.pipeline.serve import Preview

    plans.write("p", TOP)
    dist, cache = plans.root / "dist", plans.root / "build-cache"
    preview = Preview(BuildOptions(plans.plans, dist, cache_dir=cache), Quiet())
    started, released = threading.Event(), threading.Event()
    written_meanwhile = []

    def build_running() -> None:
        with held_all([dist, cache], "python build.py"):
            started.set()
            time.sleep(1.5)
            written_meanwhile.append((dist / "p.docx").exists())
            released.set()

    holder = threading.Thread(target=build_running)
    holder.start()
    try:
        started.wait(10)
        assert preview.regenerate()
        assert released.is_set() and written_meanwhile == [False]  # it wrote only once the build let go
    finally:
        holder.join()
        preview.close()


def test_a_reload_lets_the_last_corpus_go(plans, monkeypatch):
    """Each corpus is frozen out of the cycle collector (a reload at national scale spent seconds
    scanning it); the last one must still be freed, cycles or not, once the next is loaded and
    the preview tidies up (a moment after the browsers reloaded)."""
    import gc
    import weakref

    from kehoach.pipeline.build import Build
    from kehoach.pipeline.options import BuildOptions
    from kehoach.pipeline.serve import Preview

    loaded = []
    real_load = Build.load

    def load(self, *args, **kwargs):
        corpus = real_load(self, *args, **kwargs)
        corpus.cycle = corpus  # as if the model had a cycle: only the collector frees it
        loaded.append(weakref.ref(corpus))
        return corpus

    monkeypatch.setattr(Build, "load", load)
    plans.write("p", TOP)
    preview = Preview(BuildOptions(plans.plans, plans.root / "dist", cache_dir=plans.root / "build-cache"), Quiet())
    try:
        assert preview.regenerate()
        assert gc.get_freeze_count() > 0  # frozen, as a build's
        plans.write("p", TOP.replace("Thông tin tuyên truyền CCHC", "Tuyên truyền CCHC năm 2025"))
        assert preview.regenerate()
        preview.tidy()
        assert loaded[0]() is None and loaded[-1]() is preview.corpus
        assert gc.get_freeze_count() > 0  # what is kept for the next save is frozen again
    finally:
        preview.close()
        gc.unfreeze()


def test_busy_port_says_so_and_suggests_another(plans):
    plans.write("p", TOP)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, out, err = plans.run("serve", "--port", str(port))
    assert code == 3
    assert err.strip() == (
        f"Không mở được cổng {port} trên 127.0.0.1: cổng đang được một chương trình khác dùng "
        f"(có thể là một lệnh 'serve' khác). Gợi ý: chọn cổng khác, ví dụ: kehoach serve "
        f"--port {port + 1}"
    )
    assert "Lỗi nội bộ" not in err


@pytest.fixture(params=[()])
def served(tmp_path, request):
    """`python build.py serve` on a free port, in a copy of the repository (with the options a
    test gives as its parameter)."""
    for name in ("plans", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    port = free_port()
    temp = tmp_path / "tmp"  # where the preview keeps its copy of the site
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--host", "127.0.0.1", "--port", str(port), *request.param],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            break
        except OSError:
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
    yield url, tmp_path
    assert [p.name for p in temp.iterdir() if p.name.startswith("kehoach-serve-")]
    proc.terminate()  # SIGTERM, as a service manager stops it: the preview's copy is removed (#25)
    proc.wait(timeout=30)
    assert not [p.name for p in temp.iterdir() if p.name.startswith("kehoach-serve-")]


def test_serve_shows_plan_errors_in_the_page_and_clears_them(served):
    from conftest import ARTIFACTS, browser_args

    url, root = served
    with urllib.request.urlopen(url + "tai-ve/ha-noi-2025.docx", timeout=10) as response:  # downloads are served
        assert response.status == 200 and response.read(2) == b"PK"
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    plan = root / "plans" / "ha-noi" / "thinh-liet-2024.yaml"
    good = plan.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=browser_args())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "ke-hoach/thinh-liet-2024/")
        assert page.locator("#kh-loi").count() == 0
        plan.write_text(good.replace("archive:", "archiv:", 1), encoding="utf-8")
        overlay = page.locator("#kh-loi")
        overlay.wait_for(state="visible", timeout=60_000)  # the page reloads by itself
        text = overlay.inner_text()
        assert "Kế hoạch có 1 lỗi" in text
        assert "plans/ha-noi/thinh-liet-2024.yaml:" in text and "Có phải ý bạn là 'archive'?" in text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve-loi.png"))
        plan.write_text(good, encoding="utf-8")
        overlay.wait_for(state="detached", timeout=60_000)
        assert "Thịnh Liệt" in page.locator("h1").inner_text() or page.locator("article").count() == 1
        # an edit of the words: the page reloads with them (MkDocs rebuilds the pages that changed only)
        plan.write_text(
            good.replace("Trên đây là Kế hoạch", "Trên đây là Bản kế hoạch sửa khi xem trước", 1), encoding="utf-8"
        )
        page.get_by_text("Bản kế hoạch sửa khi xem trước").wait_for(timeout=60_000)
        tasks = urllib.request.urlopen(url + "nhiem-vu/", timeout=10).read().decode("utf-8")
        assert "Nhiệm vụ và thời hạn" in tasks  # the pages not rebuilt are still served
        browser.close()


def _site(folder) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "sitemap.xml.gz"
    }


@pytest.mark.parametrize("served", [("--split", "province")], indirect=True)
def test_serve_split_by_province_shows_an_edit_in_the_province_site(served):
    """`serve --split province`: the national index links each province's site; a save rebuilds
    its province's and the open page reloads with the edit (issue #31)."""
    from conftest import ARTIFACTS, browser_args

    url, root = served
    index = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    assert 'href="ha-noi/"' in index and "Content-Security-Policy" not in index  # the live-reload script runs
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    plan = root / "plans" / "ha-noi" / "thinh-liet-2024.yaml"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=browser_args())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.locator('a[href="ha-noi/"]').click()
        page.wait_for_url(url + "ha-noi/")
        page.goto(url + "ha-noi/ke-hoach/thinh-liet-2024/")
        text = plan.read_text(encoding="utf-8")
        plan.write_text(text.replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch sửa khi xem theo tỉnh", 1), "utf-8")
        page.get_by_text("Kế hoạch sửa khi xem theo tỉnh").wait_for(timeout=60_000)  # reloaded by itself
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve-theo-tinh.png"))
        browser.close()


@pytest.mark.parametrize("split", ["", "province"])
def test_a_preview_rebuilt_page_by_page_equals_one_built_whole(tmp_path, split):
    """`serve` builds what a save changes, as `python build.py` does (issue #31): after edits of a
    ledger-less leaf, a parent and a removal, its site is the site a fresh preview builds whole,
    split by province or not, and the DOCX in dist/ are build's (its record says so)."""
    from kehoach.pipeline.build import build
    from kehoach.pipeline.options import BuildOptions
    from kehoach.pipeline.serve import Preview

    root = tmp_path / "repo"
    for name in ("plans", "units"):
        shutil.copytree(ROOT / name, root / name)
    options = BuildOptions(
        root / "plans",
        root / "dist",
        site_dir=root / "site",
        docs_dir=root / "docs-gen",
        cache_dir=root / "build-cache",
        units_dir=root / "units",
        progress_dir=root / "progress",
        split=split,
    )
    build(options, Quiet())
    docx = {p.name: p.stat().st_mtime_ns for p in (root / "dist").glob("*.docx")}
    live = Preview(options, Quiet())
    try:
        assert live.regenerate()
        assert {p.name: p.stat().st_mtime_ns for p in (root / "dist").glob("*.docx")} == docx  # build's, reused
        first, store = live.corpus, live.facts
        leaf, parent = root / "plans/ha-noi/thinh-liet-2024.yaml", root / "plans/ha-noi/ha-noi-2025.yaml"
        for path, old, new in (
            (leaf, "Trên đây là Kế hoạch", "Trên đây là Kế hoạch (sửa)"),
            (parent, "Trên đây là Kế hoạch", "Trên đây là Kế hoạch của Thành phố (sửa)"),
            (
                parent,
                "Ban hành Kế hoạch tuyên truyền CCHC năm 2025",
                "Ban hành sớm Kế hoạch tuyên truyền CCHC năm 2025",
            ),
        ):
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
            before = _site(live.site)
            assert live.regenerate()
            after = _site(live.site)
            rewritten = {name for name in after if before.get(name) != after[name]}
            assert rewritten and len(rewritten) < 40, rewritten  # not every page
        if not split:  # the plans the edits did not touch were not read again, but kept
            assert live.corpus is not first and live.corpus.plans["kim-thanh-2025"] is first.plans["kim-thanh-2025"]
        assert live.facts is store  # one store of facts, answering every build from memory
        (root / "plans/ha-noi/soc-son-2027.yaml").unlink()
        assert live.regenerate()
        fresh = Preview(options, Quiet())
        try:
            assert fresh.regenerate()
            assert _site(live.site) == _site(fresh.site)
        finally:
            fresh.close()
        build(options, Quiet())  # the build after serve: the DOCX serve wrote are build's
        assert _site(live.site) == _site(root / "site")
    finally:
        live.close()


def test_the_preview_serves_pages_without_their_csp_and_with_the_overlay(plans):
    from kehoach.pipeline.options import BuildOptions
    from kehoach.pipeline.serve import Preview

    plans.write("p", TOP)
    preview = Preview(BuildOptions(plans.plans, plans.root / "dist", cache_dir=plans.root / "build-cache"), Quiet())
    try:
        assert preview.regenerate()
        page = (preview.site / "ke-hoach" / "p" / "index.html").read_bytes()
        assert b"Content-Security-Policy" in page  # the page as build publishes it
        assert b"Content-Security-Policy" not in preview.page(page)
        plans.write("p", TOP.replace("archive:", "archiv:", 1))
        assert not preview.regenerate()
        assert b'id="kh-loi"' in preview.page(page)
    finally:
        preview.close()


class _Told(Quiet):
    """A Report that keeps what it is told."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []

    def info(self, message: str) -> None:
        self.said.append(message)


@pytest.mark.parametrize("fails", ["schedule", "start"])
def test_without_the_systems_notices_the_watcher_looks_at_the_files_itself(tmp_path, monkeypatch, fails):
    """On Linux out of inotify instances or watches `serve` stopped with a traceback: the watcher
    now falls back to looking at the files every second, says so once with the way out, and still
    tells of a save (and still not of a file only read). watchdog asks for the notices when a
    folder is scheduled or when the observer starts, by its version: both are covered."""
    import errno
    import threading

    import watchdog.observers
    from watchdog.events import FileSystemEventHandler

    from kehoach.pipeline import serve

    class NoNotices(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, *args, **kwargs):
            if fails == "schedule":
                raise OSError(errno.EMFILE, "inotify watch limit reached")
            return super().schedule(*args, **kwargs)

        def start(self) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", NoNotices)
    monkeypatch.setattr(serve, "POLL_SECONDS", 0.1)
    plan = tmp_path / "plans" / "p.yaml"
    plan.parent.mkdir()
    plan.write_text("a: 1\n", encoding="utf-8")
    seen, told = threading.Event(), _Told()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if not event.is_directory and event.src_path.endswith("p.yaml"):
                seen.set()

    watcher = serve.Watcher(told)
    watcher.schedule(Handler(), str(plan.parent), recursive=True)
    watcher.schedule(
        FileSystemEventHandler(), str(tmp_path), recursive=False
    )  # a second folder, as serve watches three
    watcher.start()
    try:
        assert len(told.said) == 1 and "inotify watch limit reached" in told.said[0]
        assert "fs.inotify.max_user_watches" in told.said[0]
        plan.read_text(encoding="utf-8")
        assert not seen.wait(0.5), "a file only read is no save"
        time.sleep(0.05)
        plan.write_text("a: 2\n", encoding="utf-8")
        assert seen.wait(5), "the save was not seen"
    finally:
        watcher.stop()
        watcher.join()
