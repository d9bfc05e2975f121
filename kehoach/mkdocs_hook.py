"""MkDocs hook (``hooks:`` in mkdocs.yml): ``mkdocs build`` and ``mkdocs serve`` make the plan
pages themselves, in the manner of mkdocs-gen-files.

Before each build the plans, the registry of units and the ledgers are checked and every page
source is written into ``docs-gen/``; ``mkdocs serve`` also watches ``plans/``, ``units/`` and
``progress/`` and rebuilds on every change. Plans with errors stop the build with the clerk's
messages (file:line:col, in Vietnamese). Downloads (``dist/``) are linked into the site when
``python build.py`` has written them; that command stays the one that writes the DOCX.

``python build.py`` runs MkDocs on pages it has just written: it sets ``KEHOACH_PAGES_READY``
and this hook stands aside, as it does for the benchmark's bare MkDocs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads this file by path; the package sits beside it
    sys.path.insert(0, str(ROOT))

from kehoach.site.mkdocs_build import PAGES_READY as READY  # noqa: E402 (after the path is set)

_INPUTS = ("plans", "units", "progress")
_plan_ids: list[str] = []
_fast = None  # the prerendered-pages patch, while a build runs
_serving = False  # 'mkdocs serve' injects an inline live-reload script, which the pages' CSP would block


def on_startup(command, dirty) -> None:
    global _serving
    _serving = command == "serve"


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    if os.environ.get(READY):
        return config
    for name in _INPUTS:
        folder = _root(config) / name
        if folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
    return config


def on_pre_build(config) -> None:
    global _plan_ids, _fast
    if os.environ.get(READY):
        return
    from mkdocs.exceptions import PluginError

    from kehoach.errors import PlanError
    from kehoach.pipeline.pages import load_site_inputs, write_pages
    from kehoach.reporting import Reporter
    from kehoach.site.mkdocs_build import prerendered_pages

    root = _root(config)
    report = Reporter(quiet=True, verbose=False)
    try:
        corpus, registry, ledgers = load_site_inputs(root / "plans", root / "units", root / "progress", report)
    except PlanError as exc:
        Reporter(quiet=False, verbose=False).problems(exc.problems)
        raise PluginError(f"Kế hoạch có {len(exc.problems)} lỗi (xem ở trên): chưa dựng trang web.") from None
    _plan_ids = write_pages(corpus, registry, ledgers, root / "dist", Path(config.docs_dir))
    if _fast is None:
        _fast = prerendered_pages()
        _fast.__enter__()


def on_post_page(output: str, page, config) -> str:
    if os.environ.get(READY):  # python build.py compacts as it writes
        return output
    from kehoach.site.mkdocs_build import compact_html, finish_page

    return compact_html(output) if _serving else finish_page(output)


def on_post_build(config) -> None:
    if os.environ.get(READY):
        return
    from kehoach.site.mkdocs_build import link_downloads

    link_downloads(_plan_ids, _root(config) / "dist", Path(config.site_dir))
    on_shutdown()


def on_build_error(error) -> None:
    on_shutdown()


def on_shutdown() -> None:
    global _fast
    if _fast is not None:
        _fast.__exit__(None, None, None)
        _fast = None
