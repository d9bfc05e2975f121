"""The MkDocs plugin ``kehoach`` (``plugins: [kehoach]`` in mkdocs.yml; registered as the entry
point ``mkdocs.plugins: kehoach`` by ``pip install -e .``, which requirements.txt runs).

``mkdocs build`` and ``mkdocs serve`` make the plan pages themselves, in the manner of
mkdocs-gen-files: before each build the plans, the registry of units and the ledgers are checked
and every page source is written into ``docs_dir`` (the build's :meth:`Build.write_pages`); ``mkdocs
serve`` also watches ``plans/``, ``units/`` and ``progress/`` and rebuilds on every change. Plans
with errors stop the build with the clerk's messages (file:line:col, in Vietnamese). Downloads
(``dist/``) are linked into the site when ``python build.py`` has written them; that command
stays the one that writes the DOCX.

``python build.py`` and its ``serve`` run MkDocs on pages they have just written: they call
:meth:`KehoachPlugin.pages_written` on the plugin of the configuration they load, and the plugin
then only renders the prerendered pages (:func:`kehoach.site.mkdocs_build.prerender_markdown`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .errors import PlanError
from .pipeline.build import Build
from .pipeline.options import BuildOptions
from .reporting import Reporter, Silent
from .site.mkdocs_build import (
    compact_html,
    finish_page,
    link_downloads,
    prerender_content,
    prerender_markdown,
    prerendered_output,
)

INPUTS = ("plans", "units", "progress")  # the folders beside mkdocs.yml that the pages come from


class KehoachPlugin(BasePlugin):
    """The state of one MkDocs session: whose pages these are, and how they are rendered."""

    def __init__(self) -> None:
        self.writes_pages = True  # False once python build.py has written them (pages_written)
        self.prerender = True  # see prerender_markdown; False renders every page through Markdown
        self.serving = False  # 'mkdocs serve' injects an inline live-reload script, which a CSP would block
        self.plan_ids: list[str] = []

    def pages_written(self, prerender: bool = True) -> None:
        """The pages of ``docs_dir`` are written and will be finished by the caller: only render."""
        self.writes_pages, self.prerender = False, prerender

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        if self.writes_pages:
            for name in INPUTS:
                folder = _root(config) / name
                if folder.is_dir() and str(folder) not in config.watch:
                    config.watch.append(str(folder))
        return config

    def on_pre_build(self, *, config) -> None:
        if not self.writes_pages:
            return
        root = _root(config)
        options = BuildOptions(
            plans_dir=root / "plans",
            units_dir=root / "units",
            progress_dir=root / "progress",
            out=root / "dist",
            docs_dir=Path(config.docs_dir),
            site_dir=Path(config.site_dir),
        )
        build = Build(options, Silent())
        try:
            corpus = build.load()  # no gc.freeze: 'mkdocs serve' reloads must free the old
            self.plan_ids = build.write_pages(corpus, build.registry(corpus)).plan_ids
        except PlanError as exc:
            Reporter(quiet=False, verbose=False).problems(exc.problems)
            raise PluginError(f"Kế hoạch có {len(exc.problems)} lỗi (xem ở trên): chưa dựng trang web.") from None

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        return prerender_markdown(page, markdown, self.prerender)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        return prerender_content(page, html, self.prerender)

    def on_post_page(self, output: str, *, page, config) -> str:
        output = prerendered_output(page, output)
        if not self.writes_pages:  # python build.py compacts as it writes
            return output
        return compact_html(output) if self.serving else finish_page(output)

    def on_post_build(self, *, config) -> None:
        if self.writes_pages:
            link_downloads(self.plan_ids, _root(config) / "dist", Path(config.site_dir))


def _root(config) -> Path:
    """The folder of mkdocs.yml: plans/, units/, progress/ and dist/ are beside it."""
    return Path(config.config_file_path).resolve().parent
