"""``python build.py serve``: preview the site while plans are edited, with live reload.

Built on MkDocs' own live-reload server: it watches ``plans/`` and, on every change, checks
the plans, writes the DOCX that changed (into ``dist/``, as ``build`` does), regenerates the
pages into a private folder and rebuilds the preview: only the pages whose source changed
(MkDocs' dirty build), from what the preview's own store of facts kept of every other plan
(:mod:`kehoach.plans.facts`), so that a save shows within seconds in a large repository
(issue #31). When the plans have errors the last good
preview stays, and every page shows an overlay listing the problems (file:line and the
message, like MkDocs' own error overlay); the overlay goes away at the first good rebuild.
"""

from __future__ import annotations

import errno
import gc
import html
import logging
import shutil
import signal
import socket
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from ..errors import OutputError, PlanError, UsageError
from ..plans.facts import Facts, kept_in
from ..plans.registry import registry_digest
from ..reporting import Report
from ..site.mkdocs_build import NoDirtyWarning, link_downloads, plugin_of, rebuild_only
from .build import Build
from .cache import code_version
from .manifest import Manifest
from .options import BuildOptions
from .publish import SiteWork, site_state

_OVERLAY = """<div id="kh-loi" role="alert" style="position:fixed;inset:0;z-index:10000;overflow:auto;
background:#1e1e1e;color:#f5f5f5;font:16px/1.5 system-ui,sans-serif;padding:2rem 3rem">
<h2 style="color:#ff8a80;margin-top:0">Kế hoạch có {count} lỗi: trang chưa được cập nhật</h2>
<p>Sửa các lỗi dưới đây rồi lưu tệp; trang tự tải lại.</p><ol>{items}</ol></div>"""
_ITEM = '<li style="margin-bottom:1rem"><code style="color:#80cbc4">{where}</code>{place}<br>{message}{hint}</li>'


class Preview:
    """The state of one preview: the folders it writes and the problems of the last check."""

    def __init__(self, options: BuildOptions, report: Report):
        self.plans_dir, self.dist = options.plans_dir, options.out
        self.report = report
        self.plan_ids: list[str] = []
        self.work = Path(tempfile.mkdtemp(prefix="kehoach-serve-"))
        self.docs = self.work / "docs"
        self.site = self.work / "site"
        self.problems: list = []
        self.lock = threading.Lock()
        self.changed: set[str] | None = None  # the sources written since the last MkDocs run; None: all
        self.published: SiteWork | None = None  # the pages of the last run, to record once MkDocs built them
        self.facts = Facts(self.work / "facts", f"{code_version()}:{registry_digest(options.units_dir)}")
        # the DOCX go to dist/ as build writes them (with its record); the pages to the private folder,
        # with a record of their own there (which plan pages are current, which sources MkDocs built)
        private = replace(options, docs_dir=self.docs, site_dir=self.site)
        self.build = Build(private, report, Manifest(options.cache_dir))
        self.pages = Build(replace(private, cache_dir=self.work / "cache"), report, Manifest(self.work / "cache"))

    def regenerate(self) -> bool:
        """Check the plans; when they are good, write changed DOCX and the pages. Returns whether good."""
        try:
            with kept_in(self.facts):
                # The corpus is frozen out of the cycle collector as a build's is (else each reload
                # spent seconds scanning it, issue #31); the last one is unfrozen and collected first,
                # so that what reference counting cannot free of it is not kept for good.
                gc.unfreeze()
                gc.collect()
                corpus = self.build.load(freeze=True)
                registry = self.build.registry(corpus)
                self.build.write_documents(corpus, [p.id for p in corpus.real()])
                work = self.pages.write_pages(corpus, registry)  # the plan pages that did not change are kept
            self.plan_ids = work.plan_ids
            self.facts.save(set(corpus.plans))
            if work.dirty is None or work.removed:  # the first time, or a page gone: MkDocs builds everything
                self.changed = None
            elif self.changed is not None:
                self.changed |= work.dirty
            self.published = work
        except PlanError as exc:
            with self.lock:
                self.problems = exc.problems
            self.report.problems(exc.problems)
            return False
        with self.lock:
            self.problems = []
        return True

    def publish(self, mkdocs_config: Path, host: str, port: int) -> None:
        """MkDocs over the pages written since the last run (all of them the first time, or when a
        page went), then the downloads linked."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        url = f"http://{host}:{port}/"
        config = load_config(
            str(mkdocs_config),
            docs_dir=str(self.docs),
            site_dir=str(self.site),
            dev_addr=f"{host}:{port}",
            strict=False,
        )
        plugin_of(config).pages_written(preview=True)  # the pages are the preview's own, as build writes them
        config.site_url = url
        changed, self.changed = self.changed, set()
        if changed is None:
            build(config, serve_url=url)
        else:  # only the pages whose source changed: the plan pages are not in the navigation
            quiet = NoDirtyWarning()
            logging.getLogger("mkdocs.commands.build").addFilter(quiet)
            try:
                with rebuild_only(self.docs, changed):
                    build(config, serve_url=url, dirty=True)
            finally:
                logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        link_downloads(self.plan_ids, self.dist, self.site)
        if self.published is not None:
            work, manifest = self.published, self.pages.manifest
            manifest.record_published(work.inputs_keys, work.digests, set(work.sources), site_state(work.inputs))
            manifest.save()

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

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


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
        f"'serve' khác). Gợi ý: chọn cổng khác, ví dụ: python build.py serve --port {port + 1}"
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
        preview.publish(options.mkdocs_config, host, port)
        report.info(f"Đã cập nhật bản xem trước ({len(preview.plan_ids)} kế hoạch).")

    class Server(LiveReloadServer):
        def _inject_js_into_html(self, content, epoch):
            content = super()._inject_js_into_html(content, epoch)
            overlay = preview.overlay()
            if overlay:
                at = content.rfind(b"</body>")
                at = at if at >= 0 else len(content)
                content = content[:at] + overlay.encode("utf-8") + content[at:]
            return content

    server = Server(builder=builder, host=host, port=port, root=str(preview.site))

    def stop(signum, frame) -> None:  # SIGTERM (a service manager, 'kill'): stop as Ctrl+C does, cleaning up
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        builder()
        server.watch(str(preview.plans_dir))
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
