"""``python build.py serve``: preview the site while plans are edited, with live reload.

Built on MkDocs' own live-reload server: it watches ``plans/`` and, on every change, runs the
build (:class:`kehoach.pipeline.build.Build`, exactly as ``python build.py`` does) with the DOCX
going into ``dist/`` under build's own record, and the pages into a private folder with a
record of their own. So a save does what an incremental build does: only the plans it changes
are worked out again, and with ``split: province`` only their province's site is rebuilt
(issue #31). The preview serves the pages the build publishes, without their
Content-Security-Policy (it would block the live-reload script). When the plans have errors the
last good preview stays, and every page shows an overlay listing the problems (file:line and the
message, like MkDocs' own error overlay); the overlay goes away at the first good rebuild.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import html
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import OutputError, PlanError, UsageError
from ..lock import held_all
from ..paths import program
from ..plans.corpus import Corpus
from ..plans.facts import Facts
from ..reporting import Report
from .build import Build
from .manifest import Manifest
from .options import BuildOptions

_OVERLAY = """<div id="kh-loi" role="alert" style="position:fixed;inset:0;z-index:10000;overflow:auto;
background:#1e1e1e;color:#f5f5f5;font:16px/1.5 system-ui,sans-serif;padding:2rem 3rem">
<h2 style="color:#ff8a80;margin-top:0">Kế hoạch có {count} lỗi: trang chưa được cập nhật</h2>
<p>Sửa các lỗi dưới đây rồi lưu tệp; trang tự tải lại.</p><ol>{items}</ol></div>"""
_ITEM = '<li style="margin-bottom:1rem"><code style="color:#80cbc4">{where}</code>{place}<br>{message}{hint}</li>'
TIDY_AFTER = 1.0  # seconds after a build before its leftovers are collected (the browsers have reloaded)
_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


class Preview:
    """The state of one preview: its private folder and the problems of the last check."""

    def __init__(self, options: BuildOptions, report: Report):
        self.options, self.report = options, report
        self.work = Path(tempfile.mkdtemp(prefix="kehoach-serve-"))
        self.site = self.work / "site"
        # the DOCX go to dist/ as build writes them (with its record); the pages to the private
        # folder, with a record of their own there (which pages are current, the facts kept)
        self.private = replace(options, docs_dir=self.work / "docs", site_dir=self.site, cache_dir=self.work / "cache")
        self.problems: list = []
        self.lock = threading.Lock()  # the problems, read by the server's threads
        self.building = threading.Lock()  # a build, or the collection after one
        # the plans of the last good build, whole: a save reads again only the files it changed
        # (and their descendants), the others are taken as they are (Build's kept)
        self.corpus: Corpus | None = None
        self.facts: Facts | None = None  # the store of facts, answering each build from memory

    @property
    def docs(self) -> Path:
        return self.private.docs_dir

    def regenerate(self) -> bool:
        """Build what the plans' changes change (DOCX into dist/, the pages into the preview);
        when the plans have errors, keep them for the overlay. Returns whether the plans are good."""
        # dist/ and build's record are shared with python build.py: one writer at a time (kehoach.lock)
        shared = [self.options.out, self.options.cache_dir]
        with self.building, held_all(shared, f"{program()} serve"):
            self.report.restart()
            # both records read again: a build may have run since
            build = Build(
                self.private,
                self.report,
                Manifest(self.private.cache_dir),
                documents=Manifest(self.options.cache_dir),
                kept=self.corpus,
                keep=True,
                facts=self.facts,
            )
            try:
                build.run()
            except PlanError as exc:
                with self.lock:
                    self.problems = exc.problems
                self.report.problems(exc.problems)
                return False
            finally:
                self.corpus, self.facts = build.loaded or self.corpus, build.facts
        with self.lock:
            self.problems = []
        return True

    def tidy(self) -> None:
        """What the last build left freed, while the clerk reads the page it made (the server calls
        it a moment after the browsers reloaded): the next save need not wait for it."""
        with self.building:
            self._collect()

    @staticmethod
    def _collect() -> None:
        # Each build freezes what it loaded out of the cycle collector (else each reload spent
        # seconds scanning it, issue #31); here it is unfrozen and collected, so that what
        # reference counting cannot free of the last build is not kept for good, and what is
        # left (the corpus kept for the next save) frozen again. At national scale this takes
        # seconds, so it is done while the clerk reads, never before a build.
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def overlay(self) -> str:
        with self.lock:
            problems = list(self.problems)
        if not problems:
            return ""
        items = "".join(
            _ITEM.format(
                where=html.escape(f"{p.file}:{p.line}:{p.col}"),
                place=html.escape(f" — {p.field_and_place}") if p.field_and_place else "",
                message=html.escape(p.message),
                hint=f'<br><span style="color:#bdbdbd">Gợi ý: {html.escape(p.hint)}</span>' if p.hint else "",
            )
            for p in problems[:200]
        )
        return _OVERLAY.format(count=len(problems), items=items)

    def page(self, content: bytes) -> bytes:
        """A page as the preview serves it: without its Content-Security-Policy (the live-reload
        script is inline), with the overlay of the plans' problems if any."""
        content = _CSP.sub(b"", content, count=1)
        overlay = self.overlay()
        if overlay:
            at = content.rfind(b"</body>")
            at = at if at >= 0 else len(content)
            content = content[:at] + overlay.encode("utf-8") + content[at:]
        return content

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


POLL_SECONDS = 1.0  # how often the fallback watcher (no notices from the system) looks at the files


class Watcher:
    """What MkDocs' live-reload server asks of its observer (schedule, unschedule, start, stop,
    join), on watchdog's observer of the system's notices (inotify, FSEvents, ReadDirectoryChanges),
    telling MkDocs' handler of writes only: the build's own reading of the plans (opened, closed
    unwritten) would start another build.

    Where the system gives no notices, the watcher looks at the files every :data:`POLL_SECONDS`
    instead, and says so once: on Linux, a user out of inotify instances or watches (an editor
    watching a large folder takes many; ``fs.inotify.max_user_watches``) got a traceback and no
    preview.
    """

    def __init__(self, report: Report):
        from watchdog.observers import Observer

        self.report, self.observer = report, Observer()
        self.scheduled: list[tuple[Any, str, bool]] = []  # (handler, folder, recursive), for the fallback

    def schedule(self, event_handler, path: str, recursive: bool = False):
        self.scheduled.append((event_handler, path, recursive))
        try:
            return self.observer.schedule(_writes(event_handler), path, recursive=recursive)
        except OSError as exc:  # watchdog asks the system for its notices here (inotify_init, add_watch)
            return self._poll(exc)[-1]

    def unschedule(self, watch) -> None:
        self.observer.unschedule(watch)

    def start(self) -> None:
        try:
            self.observer.start()
        except OSError as exc:  # … or here, by the version
            self._poll(exc)
            self.observer.start()

    def _poll(self, exc: OSError) -> list:
        """Look at the files instead, for everything scheduled so far; the watches, in order."""
        from watchdog.observers.polling import PollingObserver

        with contextlib.suppress(OSError):
            self.observer.unschedule_all()  # the notices it did get, given back
        self.observer = PollingObserver(timeout=POLL_SECONDS)
        self.report.info(
            f"Hệ điều hành không báo được tệp đổi ({exc.strerror or exc}); bản xem trước xem lại các tệp "
            f"mỗi {POLL_SECONDS:g} giây, chậm hơn ở kho lớn. Gợi ý: trên Linux, tăng giới hạn theo dõi tệp "
            "(sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512) "
            "hoặc đóng bớt chương trình đang theo dõi thư mục lớn, rồi chạy lại."
        )
        return [self.observer.schedule(_writes(h), path, recursive=r) for h, path, r in self.scheduled]

    def stop(self) -> None:
        self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.observer.is_alive():
            self.observer.join(timeout)


def _writes(handler):
    """``handler``, told of every event but a file opened or closed unwritten."""
    from watchdog.events import FileSystemEventHandler

    class Writes(FileSystemEventHandler):
        def dispatch(self, event) -> None:
            if event.event_type not in ("opened", "closed_no_write"):
                handler.dispatch(event)

    return Writes()


def port_in_use(host: str, port: int) -> bool:
    """Whether binding (host, port) fails because another program holds it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def _busy(host: str, port: int) -> str:
    return (
        f"Không mở được cổng {port} trên {host}: cổng đang được một chương trình khác dùng (có thể là một lệnh "
        f"'serve' khác). Gợi ý: chọn cổng khác, ví dụ: {program()} serve --port {port + 1}"
    )


def check_address(host: str, port: int) -> None:
    """UsageError for a port outside 1–65535 or a host that is neither an IP address nor a name."""
    import ipaddress
    import re

    if not 1 <= port <= 65535:
        raise UsageError(f"--port: cổng {port} không hợp lệ; ghi một số từ 1 đến 65535, ví dụ --port 8001.")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if re.fullmatch(r"[\d.]+", host) or not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252})", host):
            raise UsageError(
                f"--host: '{host}' không phải địa chỉ IP hay tên máy; ví dụ --host 127.0.0.1 (chỉ máy này) "
                "hoặc --host 0.0.0.0 (cả mạng nội bộ)."
            ) from None


def serve(options: BuildOptions, host: str, port: int, report: Report) -> None:
    """Run the preview server until Ctrl+C; OutputError when the port cannot be opened."""
    from mkdocs.livereload import LiveReloadServer

    check_address(host, port)
    if port_in_use(host, port):
        raise OutputError(_busy(host, port))
    preview = Preview(options, report)
    url = f"http://{host}:{port}/"

    def builder() -> None:
        if not preview.regenerate():
            if not (preview.site / "index.html").exists():  # nothing good to show yet: a page for the overlay
                preview.site.mkdir(parents=True, exist_ok=True)
                (preview.site / "index.html").write_text(
                    "<!doctype html><html lang=vi><meta charset=utf-8><title>Kế hoạch có lỗi</title>"
                    "<body><h1>Kế hoạch có lỗi</h1></body></html>",
                    encoding="utf-8",
                )
            return
        report.info(f"Đã cập nhật bản xem trước: {url}")
        tidy = threading.Timer(TIDY_AFTER, preview.tidy)
        tidy.daemon = True
        tidy.start()

    class Server(LiveReloadServer):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            # The system's own notices of changed files (inotify, FSEvents…; Watcher falls back
            # to looking at the files where there are none) instead of MkDocs' polling, which lists every
            # watched file twice a second: at national scale 10,000 files, most of a second of
            # every save and a core kept busy (issue #31).
            self.observer = Watcher(report)  # type: ignore[assignment]

        def _inject_js_into_html(self, content, epoch):
            return super()._inject_js_into_html(preview.page(content), epoch)

    server = Server(builder=builder, host=host, port=port, root=str(preview.site))

    def stop(signum, frame) -> None:  # SIGTERM (a service manager, 'kill'): stop as Ctrl+C does, cleaning up
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        builder()
        for folder in (options.plans_dir, options.units_dir, options.progress_dir):  # what the pages are made of
            if folder.is_dir():
                server.watch(str(folder))
        report.info(f"Xem trước tại {url} (Ctrl+C để dừng). Sửa tệp YAML, trang tự cập nhật; lỗi hiện ngay trên trang.")
        try:
            server.serve()
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise OutputError(_busy(host, port)) from exc
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        preview.close()
        signal.signal(signal.SIGTERM, previous)
    print("Đã dừng.", file=sys.stderr)
