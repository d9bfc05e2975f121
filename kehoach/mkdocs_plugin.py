"""The MkDocs plugin ``kehoach`` (``plugins: [kehoach]`` in mkdocs.yml; registered as the entry
point ``mkdocs.plugins: kehoach`` by installing the package).

A repository's ``mkdocs.yml`` needs only ``site_name``, ``docs_dir`` and the plugin: every other
key of the package's defaults (``kehoach/site/mkdocs.yml``: the theme, the navigation, the
Markdown extensions …) that the file does not set is filled in here (:func:`fill_defaults`), and
the repository's ``kehoach.yml`` gives the site's name, address, repository link, theme override
and extra CSS (:func:`apply_settings`), whether MkDocs runs alone or from ``kehoach build``.

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
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .errors import PlanError
from .paths import MKDOCS_CONFIG, THEME, template_cache
from .pipeline.build import Build
from .pipeline.config import Config, load_config
from .pipeline.options import BuildOptions
from .reporting import Reporter, Silent
from .site.edit import host_of
from .site.mkdocs_build import (
    compact_html,
    finish_page,
    link_downloads,
    prerender_content,
    prerender_markdown,
    prerendered_output,
    theme_listed_without_hidden_folders,
)

INPUTS = ("plans_dir", "units_dir", "progress_dir")  # the folders the pages come from (BuildOptions fields)
# Keys of the package's defaults a repository's mkdocs.yml never takes from them: its own.
OWN_KEYS = ("site_name", "docs_dir", "site_dir", "plugins")


class KehoachPlugin(BasePlugin):
    """The state of one MkDocs session: whose pages these are, and how they are rendered."""

    def __init__(self) -> None:
        self.writes_pages = True  # False once python build.py has written them (pages_written)
        self.prerender = True  # see prerender_markdown; False renders every page through Markdown
        self.serving = False  # 'mkdocs serve' injects an inline live-reload script, which a CSP would block
        self.part = ("", "")  # a province's site of a split build: its name and folder (pages_written)
        self.plan_ids: list[str] = []
        self.options = BuildOptions()  # the folders of the pages, set by on_config

    def pages_written(self, prerender: bool = True, part: tuple[str, str] = ("", "")) -> None:
        """The pages of ``docs_dir`` are written and will be finished by the caller: only render.
        ``part``: the name and folder of the province whose site this is, when split
        (:mod:`kehoach.pipeline.split`): its name follows the site's, its address is the site's
        plus its folder."""
        self.writes_pages, self.prerender, self.part = False, prerender, part

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        root = _root(config)
        try:
            settings = load_config(root)
        except PlanError as exc:
            Reporter(quiet=False, verbose=False).problems(exc.problems)
            raise PluginError(f"kehoach.yml có {len(exc.problems)} lỗi (xem ở trên): chưa dựng trang web.") from None
        if Path(config.config_file_path).resolve() != MKDOCS_CONFIG:
            fill_defaults(config)
        apply_settings(config, settings, keep_url=self.serving)
        name, folder = self.part
        if name:
            config["site_name"] = f"{config['site_name']}: {name}"
            if config["site_url"]:
                config["site_url"] = f"{config['site_url'].rstrip('/')}/{folder}/"
        theme_listed_without_hidden_folders(config.theme)
        self.options = _options(root, settings, config)
        if self.writes_pages:
            for name in INPUTS:
                folder = getattr(self.options, name)
                if folder.is_dir() and str(folder) not in config.watch:
                    config.watch.append(str(folder))
        return config

    def on_env(self, env, *, config, files):
        """The theme's templates compiled once per user, not once per build (about a quarter of
        a second of every incremental build): :func:`kehoach.paths.template_cache`."""
        cache = template_cache()
        if cache is not None:
            env.bytecode_cache = cache
        return env

    def on_pre_build(self, *, config) -> None:
        if not self.writes_pages:
            return
        build = Build(self.options, Silent())
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
            link_downloads(self.plan_ids, self.options.out, Path(config.site_dir))


def _root(config) -> Path:
    """The repository: the folder of its mkdocs.yml, or the current folder when MkDocs runs on the
    package's defaults (``kehoach build`` in a repository without mkdocs.yml)."""
    path = Path(config.config_file_path).resolve()
    return Path() if path == MKDOCS_CONFIG else path.parent


def _options(root: Path, settings: Config, config) -> BuildOptions:
    """The folders of the pages' build: kehoach.yml's, and MkDocs' own docs_dir and site_dir (its
    mkdocs.yml's, or ``mkdocs build -d``: kehoach.yml's site_dir is for ``kehoach build``)."""
    given: dict[str, Any] = {name: getattr(BuildOptions, name) for name in (*INPUTS, "out")}
    given = {name: root / value for name, value in given.items()} | settings.options()
    return BuildOptions(**(given | {"docs_dir": Path(config.docs_dir), "site_dir": Path(config.site_dir)}))


def _defaults(docs_dir: str) -> Any:
    """The package's mkdocs.yml, validated by MkDocs itself (but for its plugins): made afresh for
    each configuration, whose theme and lists the repository's settings then change in place."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import yaml_load

    with open(MKDOCS_CONFIG, encoding="utf-8") as f:
        raw = {k: v for k, v in yaml_load(f).items() if k != "plugins"}
    defaults = MkDocsConfig(config_file_path=str(MKDOCS_CONFIG))
    defaults.load_dict({**raw, "docs_dir": docs_dir})
    errors, _ = defaults.validate()
    if errors:  # the package's own file: a broken install
        raise PluginError(f"Cấu hình mặc định của gói kehoach hỏng: {errors}")
    return raw, defaults


def fill_defaults(config) -> None:
    """Every key of the package's defaults that the repository's mkdocs.yml does not set; a theme
    it does set still gets the package's templates (after its own custom_dir)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config.config_file_path, encoding="utf-8") as f:
        own = yaml_load(f) or {}
    raw, defaults = _defaults(config.docs_dir)
    for key in raw:
        if key not in own and key not in OWN_KEYS:
            config[key] = defaults[key]
            if key == "markdown_extensions":
                config["mdx_configs"] = defaults["mdx_configs"]
    if "theme" in own and str(THEME) not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))


def apply_settings(config, settings: Config, keep_url: bool = False) -> None:
    """kehoach.yml's site_name, site_url (unless ``keep_url``: a preview's own address), repo_url,
    its theme override (before the package's templates) and extra CSS."""
    if settings["site_name"]:
        config["site_name"] = settings["site_name"]
    if settings["site_url"] and not keep_url:
        config["site_url"] = settings["site_url"].rstrip("/") + "/"
    if settings["repo_url"]:
        config["repo_url"] = settings["repo_url"]
        config["repo_name"] = host_of(settings["repo_url"]) or settings["repo_url"].split("/")[2]
    theme = settings.theme_dir
    if theme is not None and str(theme.resolve()) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(theme.resolve()))
    for css in settings["extra_css"] or ():
        if css not in config.extra_css:
            config.extra_css.append(css)
