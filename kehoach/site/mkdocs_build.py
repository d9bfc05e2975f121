"""Running MkDocs Material over the generated sources, and linking the downloads into the site.

A full build goes into a temporary folder swapped into ``site/`` when it succeeded. An
incremental build updates ``site/`` in place and rebuilds exactly the sources it is told are
dirty (never by comparing file times), each output written through a temporary file and a
rename. The DOCX and PDF downloads are hard links from ``dist/`` in ``site/tai-ve/``.
"""

from __future__ import annotations

import base64
import calendar
import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..outputs import checkpoint, write_atomic
from .built import output_of
from .generate import DOWNLOAD_FILES, DOWNLOADS
from .pages import toc_of


@contextmanager
def sitemap_date(date: dt.date):
    """SOURCE_DATE_EPOCH for one MkDocs run (MkDocs reads it for the sitemap's date): equal plans,
    equal bytes."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(date.timetuple()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class NoDirtyWarning(logging.Filter):
    """MkDocs warns about every incremental build; in strict mode that warning would fail it.

    Our incremental builds are safe: plan pages are not in the navigation, and every page
    whose content depends on others (home, indexes, tasks) is regenerated and so rebuilt.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build")


_VERBATIM = re.compile(r"(<script\b.*?</script>|<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S)
_NEWLINE_BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")
_SPACE_BETWEEN_TAGS = re.compile(r">[ \t]+<")
_LINES_AFTER_TAG = re.compile(r">[ \t]*\n\s*")
_LINES_BEFORE_TAG = re.compile(r"\s*\n[ \t]*<")


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def lean_config(page: str) -> str:
    """The theme's configuration script without its translations: they are the words of Material's
    own search box and code-copy button, neither of which the site has (its search is the "Tìm
    kiếm" page), and every page carried them, 0.8 kB of escaped Vietnamese (issue #31). The
    object stays, empty, for any script of the theme that looks a word up."""

    def lean(m: re.Match) -> str:
        config = json.loads(m[2])
        config["translations"] = {}
        return m[1] + json.dumps(config, separators=(",", ":")) + m[3]

    return _CONFIG.sub(lean, page, count=1)


def compact_html(page: str) -> str:
    """A page without the indentation of the theme's templates, which indent every line: each run
    of spaces and newlines between two tags becomes one newline, or one space, and so does each
    run with a newline that starts or ends a text (``<span>\\n      Mục lục\\n    </span>``).
    Browsers collapse such runs anyway and no style of the site keeps them, so the page shows
    the same; scripts, <pre> and <textarea> are left as they are, but for the theme's configuration
    (:func:`lean_config`). About a tenth of the site's
    bytes at national scale."""
    parts = _VERBATIM.split(lean_config(page))
    for n in range(0, len(parts), 2):
        text = _SPACE_BETWEEN_TAGS.sub("> <", _NEWLINE_BETWEEN_TAGS.sub(">\n<", parts[n]))
        parts[n] = _LINES_BEFORE_TAG.sub("\n<", _LINES_AFTER_TAG.sub(">\n", text))
    return "".join(parts)


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'


def with_csp(page: str) -> str:
    """The page with a Content-Security-Policy ``<meta>`` (defence in depth, issue #25): scripts only
    from the site itself or the theme's own inline scripts, each allowed by its SHA-256, so that no
    inline event handler (``onerror=``, ``onmouseover=``) and no other inline script can run, even
    if markup ever slipped through the escaping; no plugins, no ``<base>`` elsewhere."""
    digests = sorted(
        {
            base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            for body in _INLINE_SCRIPT.findall(page)
        }
    )
    policy = (
        " ".join(["script-src 'self'", *(f"'sha256-{d}'" for d in digests)]) + "; object-src 'none'; base-uri 'self'"
    )
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    at = page.find(_CHARSET)
    if at >= 0:
        at += len(_CHARSET)
    else:
        at = page.find("<head>")
        at = at + len("<head>") if at >= 0 else 0
    return page[:at] + meta + page[at:]


def finish_page(page: str) -> str:
    """A page as the site serves it: compacted (:func:`compact_html`), with its CSP (:func:`with_csp`)."""
    return with_csp(compact_html(page))


class _Journal:
    """What an incremental build changes in ``site/``, so that a failure (a full disk, a theme
    error) puts back exactly the previous site: each file replaced or deleted is first hard-linked
    into ``site.undo/`` (the old bytes survive the rename that replaces it), each file created is
    listed. A killed build leaves the journal to :func:`recover_site`, the manifest marking its
    pages stale."""

    def __init__(self, site_dir: Path):
        self.root = os.path.abspath(site_dir)
        self.undo = undo_folder(site_dir)
        self.created: list[str] = []
        self.seen: set[str] = set()
        shutil.rmtree(self.undo, ignore_errors=True)

    def before(self, path: str) -> None:
        """Called before ``path`` is written or deleted."""
        full = os.path.abspath(path)
        if full in self.seen or not full.startswith(self.root + os.sep):
            return
        self.seen.add(full)
        if os.path.lexists(full):
            keep = os.path.join(self.undo, os.path.relpath(full, self.root))
            os.makedirs(os.path.dirname(keep), exist_ok=True)
            os.link(full, keep)
        else:
            self.created.append(full)

    def rollback(self) -> None:
        for full in reversed(self.created):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(full)
        for folder, _, names in os.walk(self.undo):
            for name in names:
                kept = os.path.join(folder, name)
                back = os.path.join(self.root, os.path.relpath(kept, self.undo))
                os.makedirs(os.path.dirname(back), exist_ok=True)
                os.replace(kept, back)
        shutil.rmtree(self.undo, ignore_errors=True)

    def done(self) -> None:
        shutil.rmtree(self.undo, ignore_errors=True)


def undo_folder(site_dir: Path) -> str:
    return os.path.abspath(site_dir.with_name(site_dir.name + ".undo"))


@contextmanager
def _atomic_mkdocs_writes(journal: _Journal | None = None):
    """Make MkDocs write each page, and copy each file, through a temporary file and a rename,
    telling ``journal`` first."""
    from mkdocs import utils

    original_write, original_copy = utils.write_file, utils.copy_file

    def write_file(content: bytes, output_path: str) -> None:
        if journal is not None:
            journal.before(output_path)
        if output_path.endswith(".html"):
            content = finish_page(content.decode("utf-8")).encode("utf-8")
        write_atomic(Path(output_path), content)

    def copy_file(source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        if journal is not None:
            journal.before(output_path)
        with open(source_path, "rb") as fh:
            write_atomic(Path(output_path), fh.read())

    utils.write_file, utils.copy_file = write_file, copy_file
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = original_write, original_copy


PRERENDERED = "kehoach_html"  # front matter of a page whose body, after its title line, is finished HTML


def _after_front_matter(source: str) -> str:
    """A generated page's text after its front matter ('---' … '---', as pages.front_matter writes it)."""
    if source.startswith("---\n"):
        end = source.find("\n---\n", 3)
        if end >= 0:
            return source[end + 5 :]
    return source


def _toc(toc, headings):
    """The page's table of contents: its title's, with the headings of its HTML blocks under
    it (:func:`pages.toc_of`; Python-Markdown's toc extension does not see headings inside
    HTML blocks), on the prerendered pages whichever way they are rendered."""
    from mkdocs.structure.toc import get_toc

    tokens: list[dict] = []
    for level, anchor, name in headings:
        token = {"level": level, "id": anchor, "name": name, "children": []}
        parent = tokens
        while parent and parent[-1]["level"] < level:
            parent = parent[-1]["children"]
        parent.append(token)
    if len(toc) == 1:  # the title (h1): the headings go under it, as Markdown's own would
        top = next(iter(toc))
        tokens = [{"level": top.level, "id": top.id, "name": top.title, "children": tokens}]
    return get_toc(tokens)  # type: ignore[arg-type]  # the toc extension's token dicts


BODY = "<!--kehoach:body-->"  # where a prerendered page's body goes when it is written (data never holds '<!--')


def prerender_markdown(page, markdown: str, enabled: bool = True) -> str:
    """``on_page_markdown``: a page marked ``kehoach_html: true`` skips Python-Markdown for all but
    its title line when ``enabled``; its headings are kept for its table of contents.

    Such a page is '# title' then HTML blocks of block-level tags only (what :mod:`pages` and
    :mod:`progress` write). Python-Markdown would give back each block as it is, after parsing
    every tag (85% of MkDocs' time on these pages); here MkDocs renders the title line as usual
    (its id, the table of contents) and the blocks are put in as they are when the page is
    written (:func:`prerendered_output`). The result is the same HTML (``tests/site/test_site_fast.py``
    builds the site both ways and compares every file).

    MkDocs reads and renders every page before it writes the first (the navigation needs them
    all), so it would hold every page's source and HTML at once: most of a national build's
    memory. A prerendered page keeps only its title's HTML; its body is read again from its
    source just before the page is written, and let go right after.
    """
    if not page.meta.get(PRERENDERED):
        return markdown
    page.kehoach_headings = toc_of(markdown)
    return markdown.partition("\n")[0] if enabled else markdown


def prerender_content(page, html: str, enabled: bool = True) -> str:
    """``on_page_content``: the page's table of contents gets the headings of its HTML blocks
    (:func:`_toc`; Python-Markdown's toc extension does not see headings inside HTML blocks),
    whichever way it is rendered; a prerendered page's body is left as a mark until written."""
    headings = getattr(page, "kehoach_headings", None)
    if headings is None:
        return html
    page.toc = _toc(page.toc, headings)
    del page.kehoach_headings
    if not enabled:
        return html
    page.kehoach_body = True
    return f"{html}\n{BODY}"


def prerendered_output(page, output: str) -> str:
    """``on_post_page``: the prerendered page's body, read again from its source, in its place."""
    if not getattr(page, "kehoach_body", False):
        return output
    body = _after_front_matter(page.file.content_string).partition("\n")[2].strip("\n")
    return output.replace(f"\n{BODY}", f"\n{body}" if body else "", 1)


def plugin_of(config):
    """This package's MkDocs plugin in a loaded configuration (see :mod:`kehoach.mkdocs_plugin`)."""
    return config.plugins["kehoach"]


@contextmanager
def rebuild_only(docs: Path, dirty: set[str]):
    """In an incremental build, MkDocs rebuilds exactly the sources in ``dirty`` (by path under
    ``docs``), instead of comparing file times; theme files keep MkDocs' own rule."""
    from mkdocs.structure.files import File

    original = File.is_modified
    root = str(docs.resolve())

    def is_modified(self) -> bool:
        if self.abs_src_path and os.path.dirname(self.abs_src_path).startswith(root):
            return self.src_uri in dirty
        return original(self)

    File.is_modified = is_modified  # type: ignore[method-assign]
    try:
        yield
    finally:
        File.is_modified = original  # type: ignore[method-assign]


def docs_files(config: Any, pages: Callable[[str], bool] | None = None) -> Any:
    """MkDocs' ``get_files`` (``mkdocs.structure.files``): the same ``Files``, in the same order,
    each ``File`` made without a ``PurePath`` for its path. At national scale the docs folder has
    17,600 sources, and making them was half of MkDocs' part of an edit (issue #31); the walk, the
    sort, the exclusions and the README/index rule are MkDocs' own (equality: a test).

    ``pages``: which files to list (by path under the docs folder; those under ``assets/`` are all
    listed): an incremental build that neither adds nor removes a page lists the sources it
    rebuilds and the pages of the navigation only (:func:`docs_listed_fast`)."""
    from mkdocs.structure.files import File, Files, InclusionLevel, _file_sort_key, set_exclusions

    docs, site, urls = config["docs_dir"], config["site_dir"], config["use_directory_urls"]
    files: list[File] = []
    conflicting: list[tuple[File, File]] = []
    for folder, dirnames, filenames in os.walk(docs, followlinks=True):
        relative = os.path.relpath(folder, docs)
        dirnames.sort()
        prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
        if pages is not None and prefix != "assets/":  # chosen first: sorted, they keep their order
            filenames = [name for name in filenames if pages(prefix + name)]
        filenames.sort(key=_file_sort_key)
        by_dest: dict[str, File] = {}
        for name in filenames:
            file = File.__new__(File)  # File(path, …) sets these four, src_uri as PurePath(path).as_posix()
            file.src_uri = prefix + name
            file.src_dir, file.dest_dir, file.use_directory_urls = docs, site, urls
            file.inclusion = InclusionLevel.UNDEFINED
            previous = by_dest.setdefault(file.dest_uri, file)
            if previous is not file:
                conflicting.append((previous, file))
            files.append(file)
    set_exclusions(files, config)
    for a, b in conflicting:  # README.md beside index.md: as get_files, with its warning (strict: an error)
        if b.inclusion.is_included() and a.inclusion.is_included():
            logging.getLogger("mkdocs.structure.files").warning(
                f"Excluding '{a.src_uri}' from the site because it conflicts with '{b.src_uri}'."
            )
        with contextlib.suppress(ValueError):
            files.remove(a if b.inclusion.is_included() else b)
    return Files(files)


@contextmanager
def docs_listed_fast(rebuilt: set[str] | None = None):
    """MkDocs builds with :func:`docs_files` for its ``get_files``.

    ``rebuilt``: an incremental build that neither adds nor removes a page, nor changes the
    sitemap's date, rebuilding these sources. MkDocs is then told only of them, of the pages of
    the navigation and of the site's assets (not of 12,000 others at national scale: a Page or a
    static file each, matched against the exclusions and asked whether it changed, every build,
    for nothing), and its sitemap and 404 page, which would come out the same, are left as they are.
    Nothing else MkDocs writes reads the other pages: a page's template knows the navigation, not
    the list of pages, and generated pages link by address, not to ``.md`` files (issue #31).
    Whether this holds is decided by :func:`kehoach.pipeline.publish.publish_site`."""
    import mkdocs.commands.build as mkdocs_build_module

    def listed(config: Any) -> Any:
        if rebuilt is None:
            return docs_files(config)
        config.theme.static_templates.clear()  # asked once the configuration is complete
        return docs_files(config, (rebuilt | nav_pages(config["nav"])).__contains__)

    original = mkdocs_build_module.get_files
    mkdocs_build_module.get_files = listed
    try:
        yield
    finally:
        mkdocs_build_module.get_files = original


def nav_pages(nav: Any) -> set[str]:
    """The pages the navigation of a configuration names (``nav:``, nested or not)."""
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") else set()
    entries = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*map(nav_pages, entries))


def theme_listed_without_hidden_folders(theme: Any) -> None:
    """Every MkDocs build lists the theme's files to copy its static ones, walking Material's
    14,000 icons (``.icons/``) only for its filter to drop every path with a hidden part: a
    tenth of a second of each incremental build. The theme's loader here does not enter hidden
    folders; what MkDocs copies is the same (:func:`_no_hidden_folders`). Set by the kehoach
    plugin on every MkDocs configuration: ``build``, ``serve`` and MkDocs' own commands."""
    import jinja2

    get_env = theme.get_env

    def env() -> Any:
        made = get_env()
        if type(made.loader) is jinja2.FileSystemLoader:
            made.loader.__class__ = _no_hidden_folders()
        return made

    theme.get_env = env


@functools.cache
def _no_hidden_folders() -> type:
    """jinja2's ``FileSystemLoader``, its ``list_templates`` not entering hidden folders."""
    import jinja2

    class NoHiddenFolders(jinja2.FileSystemLoader):
        def list_templates(self) -> list[str]:
            found = set()
            for searchpath in self.searchpath:
                for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                    for name in filenames:
                        template = os.path.join(dirpath, name)[len(searchpath) :].strip(os.sep).replace(os.sep, "/")
                        found.add(template.removeprefix("./"))
            return sorted(found)

    return NoHiddenFolders


def mkdocs_build(  # noqa: PLR0913
    site_dir: Path,
    docs: Path,
    config: Path,
    date: dt.date,
    dirty: set[str] | None = None,
    removed: Iterable[str] = (),
    prerendered: bool = True,
    part: str = "",
    same_pages: bool = False,
) -> str | None:
    """Run MkDocs; returns an error or None. ``prerendered``: see :func:`prerender_markdown`.
    ``part``: the province whose site this is, when split (:mod:`kehoach.pipeline.split`; see
    :meth:`KehoachPlugin.pages_written`).

    With ``dirty`` None, a full build goes into a temporary folder swapped into ``site_dir``.
    Otherwise the sources in ``dirty`` are rebuilt in place (each file written atomically) and
    the outputs of ``removed`` sources are deleted; ``same_pages``: the site has the same pages
    and date as before, so MkDocs is told only of those it rebuilds (:func:`docs_listed_fast`).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    tmp = site_dir.with_name(site_dir.name + ".tmp")
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    incremental = dirty is not None
    target = site_dir if incremental else tmp
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)
    dirty_filter = NoDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(dirty_filter)
    journal = _Journal(site_dir) if incremental else None  # a full build publishes by swapping folders
    try:
        reduced = dirty if incremental and same_pages else None
        with (
            sitemap_date(date),
            _atomic_mkdocs_writes(journal),
            rebuild_only(docs, dirty or set()),
            docs_listed_fast(reduced),
        ):
            cfg = load_config(str(config), docs_dir=str(docs.resolve()), site_dir=str(target.resolve()), strict=True)
            plugin_of(cfg).pages_written(prerender=prerendered, part=(part, site_dir.name if part else ""))
            build(cfg, dirty=incremental)
        if journal is not None:
            for rel in removed:
                out = site_dir / output_of(rel)
                journal.before(str(out))
                checkpoint(str(out))
                out.unlink(missing_ok=True)
                if (
                    out.name == "index.html"
                    and out.parent != site_dir
                    and out.parent.is_dir()
                    and not any(out.parent.iterdir())
                ):
                    out.parent.rmdir()
    except (MkDocsException, SystemExit) as exc:
        if journal is not None:
            journal.rollback()
        shutil.rmtree(tmp, ignore_errors=True)
        return str(exc) or "MkDocs dừng vì cảnh báo (chế độ strict)"
    except BaseException:  # a full disk, a folder that cannot be written: the previous site, whole
        if journal is not None:
            journal.rollback()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(dirty_filter)
        mkdocs_log.setLevel(level)
    if journal is not None:
        journal.done()
        return None
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        checkpoint(f"{site_dir} → {old}")
        site_dir.rename(old)
    checkpoint(f"{tmp} → {site_dir}")
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return None


def recover_site(site_dir: Path) -> None:
    """Put back the previous site if a build was killed between the two renames of its swap; drop
    the journal of a killed incremental build (its pages are stale in the manifest, rebuilt next)."""
    shutil.rmtree(undo_folder(site_dir), ignore_errors=True)
    old = site_dir.with_name(site_dir.name + ".old")
    if old.is_dir() and not site_dir.exists():
        old.rename(site_dir)


def _entries(folder: Path) -> dict[str, os.DirEntry]:
    """A folder's entries by name, listed once (none when it does not exist)."""
    if not folder.is_dir():
        return {}
    with os.scandir(folder) as found:
        return {entry.name: entry for entry in found}


def link_downloads(plan_ids: list[str], dist: Path, site_dir: Path) -> int:
    """Put each plan's downloads under site/tai-ve/: a hard link to dist/ (a copy where links are
    impossible); returns how many changed. Stale downloads are removed. Both folders are listed
    once (tens of thousands of files at national scale)."""
    folder = site_dir / DOWNLOADS
    folder.mkdir(parents=True, exist_ok=True)
    sources, present = _entries(dist), _entries(folder)
    same_device = bool(sources) and os.stat(dist).st_dev == os.stat(folder).st_dev
    wanted, changed = set(), 0
    for plan_id in plan_ids:
        for download in DOWNLOAD_FILES:
            name = download.file(plan_id)
            source = sources.get(name)
            if source is None or not source.is_file():
                continue
            wanted.add(name)
            made = present.get(name)
            if (
                same_device
                and made is not None
                and made.is_file(follow_symlinks=False)
                and made.inode() == source.inode()
            ):
                continue  # the hard link is in place
            src, dst = Path(source.path), folder / name  # Paths only for what is written (10,000 at national scale)
            tmp = folder / f".{dst.name}.{os.getpid()}.link.tmp"  # no other writer's name
            tmp.unlink(missing_ok=True)
            checkpoint(str(dst))
            try:
                os.link(src, tmp)
            except OSError:
                shutil.copy2(src, tmp)
            os.replace(tmp, dst)
            changed += 1
    for name in sorted(present):
        if name not in wanted:
            path = folder / name
            checkpoint(str(path))
            path.unlink()
    return changed
