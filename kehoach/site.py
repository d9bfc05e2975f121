"""Building the published site: generate pages from resolved plans, then MkDocs Material.

Pages go to ``docs-gen/``. A plan's page is made again only when its key (see
:mod:`kehoach.cache`) changed. The first build, and any build after the code or the theme
changed, goes into a temporary folder swapped into ``site/`` only when it succeeded. Later
builds update ``site/`` in place with MkDocs' incremental ('dirty') mode, told exactly which
sources to rebuild: never by file times.

Recovery from a killed build rests on one record. The manifest keeps the digest of every
source as its output in ``site/`` was last built from (``published``). Before a source is
written or its output rebuilt, its entry is emptied in the manifest on disk; digests come
back only when MkDocs has finished. So whatever moment a build is killed at, the next build
sees every source whose output may be stale as changed, and rebuilds it. A source about to
get an output for the first time is recorded first with an empty digest, so that if the
clerk drops it before the next build, that build still knows to delete its output. The DOCX and PDF
downloads are linked from ``dist/`` into ``site/tai-ve/`` (hard links: no copy) after MkDocs.
"""

from __future__ import annotations

import calendar as stdcalendar
import datetime as dt
import hashlib
import logging
import os
import shutil
import sys
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import calendar, search_index, site_pages
from .cache import Manifest, code_version, page_key
from .corpus import Corpus
from .outputs import checkpoint, remove_stale_temporaries, write_atomic
from .vietnamese import slug

ASSETS = Path(__file__).resolve().parent / "assets"
ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = Path("docs-gen")  # generated Markdown sources of the site, not edited by hand
DOWNLOADS = "tai-ve"
KEEP = None  # in generate()'s result: this file is unchanged, leave it as it is


def _downloads(plan, dist: Path) -> dict[str, str]:
    out = {}
    for ext, label in (("docx", "Tải DOCX"), ("pdf", "Tải PDF")):
        if (dist / f"{plan.id}.{ext}").exists():
            out[f"{label} ({plan.document.kind.lower()} {plan.id})"] = f"../../{DOWNLOADS}/{plan.id}.{ext}"
    return out


def generate(corpus: Corpus, dist: Path, docs: Path = DOCS_DIR,
             manifest: Manifest | None = None) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """Every file of the site's source by path under the docs folder, and the plan pages' keys.

    A plan page whose key is the one in ``manifest`` and whose file exists is :data:`KEEP`.
    """
    files: dict[str, bytes | None] = {}
    keys: dict[str, str] = {}
    real = corpus.real()
    for plan in real:
        downloads = _downloads(plan, dist)
        rel = f"ke-hoach/{plan.id}.md"
        keys[plan.id] = page_key(corpus, plan.id, downloads)
        if manifest is not None and manifest.get("page", plan.id) == keys[plan.id] and (docs / rel).exists():
            files[rel] = KEEP
        else:
            files[rel] = site_pages.plan_page(plan, corpus, downloads).encode()
    files["index.md"] = site_pages.home_page(corpus).encode()
    by_unit, by_level, by_year = defaultdict(list), defaultdict(list), defaultdict(list)
    for p in real:
        by_unit[site_pages.province_of(p)].append(p)
        by_level[site_pages.LEVELS.get(p.unit.level, "Khác")].append(p)
        by_year[f"Năm {p.year}"].append(p)
    files["theo-don-vi.md"] = site_pages.index_page("Theo đơn vị", by_unit, "Các kế hoạch theo tỉnh, thành phố của đơn vị ban hành.").encode()
    files["theo-cap.md"] = site_pages.index_page("Theo cấp", by_level, "Các kế hoạch theo cấp của đơn vị ban hành.").encode()
    files["theo-nam.md"] = site_pages.index_page("Theo năm", by_year, "Các kế hoạch theo năm, mới nhất trước.").encode()
    by_province: dict[str, list[dict]] = defaultdict(list)
    for row in site_pages.task_rows(corpus):
        by_province[row["province"]].append(row)
    files["nhiem-vu.md"] = site_pages.tasks_index(by_province).encode()
    for province, rows in by_province.items():
        files[f"nhiem-vu/{slug(province)}.md"] = site_pages.tasks_page(province, rows).encode()
        files[f"lich/{slug(province)}.ics"] = calendar.ics(rows)
    files["tim-kiem.md"] = site_pages.search_page().encode()
    for name, data in search_index.build(corpus).items():
        files[f"search/{name}"] = data
    for asset in sorted(ASSETS.iterdir()):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    return files, keys


def write_docs(files: dict[str, bytes | None], docs: Path) -> int:
    """Write the generated files and remove stale ones; returns how many files changed."""
    changed = sum(write_atomic(docs / rel, data) for rel, data in sorted(files.items()) if data is not KEEP)
    wanted = {docs / rel for rel in files}
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            checkpoint(str(path))
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def build_date(corpus: Corpus) -> dt.date:
    """The date MkDocs stamps on the sitemap: the newest plan's, so equal inputs give equal bytes."""
    return max((p.document.date or dt.date(p.year, 1, 1) for p in corpus.plans.values()), default=dt.date(2020, 1, 1))


@contextmanager
def _source_date(date: dt.date):
    """Set SOURCE_DATE_EPOCH (read by MkDocs) for one build only."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(stdcalendar.timegm(date.timetuple()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns about every incremental build; in strict mode that warning would fail it.

    Our incremental builds are safe: plan pages are not in the navigation, and every page
    whose content depends on others (home, indexes, tasks) is regenerated and so rebuilt.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build")


@contextmanager
def _atomic_mkdocs_writes():
    """Make MkDocs write each page through a temporary file and a rename."""
    from mkdocs import utils

    original = utils.write_file
    utils.write_file = lambda content, output_path: write_atomic(Path(output_path), content)
    try:
        yield
    finally:
        utils.write_file = original


def _output_of(rel: str) -> str:
    """Where MkDocs puts the output of a docs file: 'a/b.md' → 'a/b/index.html'."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    return "index.html" if stem == "index" else (stem[:-6] + "/index.html" if stem.endswith("/index") else stem + "/index.html")


def site_complete(rels, site_dir: Path) -> bool:
    """Whether every source in ``rels`` has its output in the site (none was deleted by hand)."""
    return (site_dir / "index.html").exists() and all((site_dir / _output_of(rel)).exists() for rel in rels)


@contextmanager
def _rebuild_only(docs: Path, dirty: set[str]):
    """In an incremental build, MkDocs rebuilds exactly the sources in ``dirty`` (by path under
    ``docs``), instead of comparing file times; theme files keep MkDocs' own rule."""
    from mkdocs.structure.files import File

    original = File.is_modified
    root = str(docs.resolve())

    def is_modified(self) -> bool:
        if self.abs_src_path and os.path.dirname(self.abs_src_path).startswith(root):
            return self.src_uri in dirty
        return original(self)

    File.is_modified = is_modified
    try:
        yield
    finally:
        File.is_modified = original


def mkdocs_build(site_dir: Path, docs: Path, config: Path, date: dt.date, dirty: set[str] | None = None,
                 removed: list[str] = ()) -> str | None:
    """Run MkDocs; returns an error or None.

    With ``dirty`` None, a full build goes into a temporary folder swapped into ``site_dir``.
    Otherwise the sources in ``dirty`` are rebuilt in place (each file written atomically) and
    the outputs of ``removed`` sources are deleted.
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
    dirty_filter = _NoDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(dirty_filter)
    try:
        with _source_date(date), _atomic_mkdocs_writes(), _rebuild_only(docs, dirty or set()):
            cfg = load_config(str(config), docs_dir=str(docs.resolve()), site_dir=str(target.resolve()), strict=True)
            build(cfg, dirty=incremental)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return str(exc) or "MkDocs dừng vì cảnh báo (chế độ strict)"
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(dirty_filter)
        mkdocs_log.setLevel(level)
    if incremental:
        for rel in removed:
            out = site_dir / _output_of(rel)
            checkpoint(str(out))
            out.unlink(missing_ok=True)
            if out.name == "index.html" and out.parent != site_dir and out.parent.is_dir() and not any(out.parent.iterdir()):
                out.parent.rmdir()
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
    """Put back the previous site if a build was killed between the two renames of its swap."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.is_dir() and not site_dir.exists():
        old.rename(site_dir)


def link_downloads(plan_ids: list[str], dist: Path, site_dir: Path) -> int:
    """Put each plan's DOCX (and PDF) under site/tai-ve/ as a hard link to dist/ (a copy
    where links are impossible); returns how many changed. Stale downloads are removed."""
    folder = site_dir / DOWNLOADS
    folder.mkdir(parents=True, exist_ok=True)
    wanted, changed = set(), 0
    for plan_id in plan_ids:
        for ext in ("docx", "pdf"):
            src, dst = dist / f"{plan_id}.{ext}", folder / f"{plan_id}.{ext}"
            if not src.exists():
                continue
            wanted.add(dst.name)
            if dst.exists() and os.path.samefile(src, dst):
                continue
            tmp = folder / f".{dst.name}.link.tmp"
            tmp.unlink(missing_ok=True)
            checkpoint(str(dst))
            try:
                os.link(src, tmp)
            except OSError:
                shutil.copy2(src, tmp)
            os.replace(tmp, dst)
            changed += 1
    for path in sorted(folder.iterdir()):
        if path.name not in wanted:
            checkpoint(str(path))
            path.unlink()
    return changed


def site_state() -> str:
    """What a site built earlier must share with this build to be updated in place."""
    return code_version()


@dataclass
class SiteWork:
    """What MkDocs and the downloads need once the pages are written (not the corpus)."""

    site_dir: Path
    docs: Path
    dist: Path
    date: dt.date
    plan_ids: list[str]
    keys: dict[str, str]  # plan id → page key
    digests: dict[str, str]  # source → digest, for the sources generated by this build
    sources: list[str]  # every source of the site
    dirty: set[str] | None  # the sources to rebuild in place; None: a full build
    removed: list[str]  # sources of the last site that are gone


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare_site(corpus: Corpus, site_dir: Path, dist: Path, report, docs: Path = DOCS_DIR,
                 manifest: Manifest | None = None) -> SiteWork:
    """Write the site's source pages (only those that changed), having first recorded in the
    manifest that their outputs are no longer current."""
    recover_site(site_dir)
    for folder in (docs, site_dir):
        remove_stale_temporaries(folder, recursive=True)
    incremental = manifest is not None and manifest.get("site", "state") == site_state() and site_dir.is_dir()
    with report.stage("pages"):
        files, keys = generate(corpus, dist, docs, manifest if incremental else None)
        digests = {rel: _digest(data) for rel, data in files.items() if data is not KEEP}
        published = manifest.keys.get("published", {}) if manifest is not None and incremental else {}
        dirty: set[str] | None = None
        removed: list[str] = []
        if incremental:
            dirty = {rel for rel, d in digests.items() if published.get(rel) != d}
            dirty |= {rel for rel in files if rel not in dirty and not (site_dir / _output_of(rel)).exists()}
            removed = sorted(set(published) - set(files))
        if manifest is not None:
            if incremental:  # '' = an output in the making: rebuilt if its source is still there, else deleted
                manifest.keys.setdefault("published", {}).update(dict.fromkeys(dirty, ""))
                manifest.forget("page", {rel[len("ke-hoach/"):-3] for rel in dirty if rel.startswith("ke-hoach/")})
            else:
                manifest.keys.pop("published", None)
                manifest.keys.pop("page", None)
                manifest.forget("site", {"state"})
            manifest.save()
        changed = write_docs(files, docs)
    report.detail(f"trang nguồn: {changed} tệp thay đổi, {len(removed)} tệp bỏ đi")
    return SiteWork(site_dir, docs, dist, build_date(corpus), [p.id for p in corpus.real()], keys, digests,
                    sorted(files), dirty, removed)


def publish_site(work: SiteWork, report, manifest: Manifest | None = None) -> int:
    """Run MkDocs when a source changed, then link the downloads; record what is published."""
    unchanged = work.dirty is not None and not work.dirty and not work.removed
    if not unchanged:
        with report.stage("mkdocs"):
            error = mkdocs_build(work.site_dir, work.docs, ROOT / "mkdocs.yml", work.date, work.dirty, work.removed)
        if error:
            print(f"Không dựng được trang web: {error}. site/ được giữ nguyên.", file=sys.stderr)
            return 3
    link_downloads(work.plan_ids, work.dist, work.site_dir)
    if manifest is not None:
        manifest.keys["page"] = work.keys
        published = manifest.keys.setdefault("published", {})
        published.update(work.digests)
        manifest.keep_only("published", set(work.sources))
        manifest.set("site", "state", site_state())
    report.info(f"Trang web: {len(work.plan_ids)} kế hoạch trong {work.site_dir}/" + (" (không đổi)" if unchanged else "") + ".")
    return 0
