"""Building the published site: generate pages from resolved plans, then MkDocs Material.

Pages go to ``docs-gen/``. A plan's page is made again only when its key (see
:mod:`kehoach.cache`) changed; pages that did not change are not rewritten, so MkDocs, in
its incremental ('dirty') mode, does not rebuild them either. The first build, and any build
after the code or the theme changed, goes into a temporary folder swapped into ``site/``
only when it succeeded. The DOCX and PDF downloads are linked from ``dist/`` into
``site/tai-ve/`` (hard links: no copy) after MkDocs.
"""

from __future__ import annotations

import calendar as stdcalendar
import datetime as dt
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
from .outputs import write_atomic
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


def write_docs(files: dict[str, bytes | None], docs: Path) -> tuple[int, list[str]]:
    """Write the generated files; remove stale ones. Returns how many changed, and the removed."""
    changed = sum(write_atomic(docs / rel, data) for rel, data in sorted(files.items()) if data is not KEEP)
    wanted = {docs / rel for rel in files}
    removed = []
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            removed.append(str(path.relative_to(docs)))
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed, removed


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


def site_complete(docs: Path, site_dir: Path) -> bool:
    """Whether every generated source has its output in the site (none was deleted by hand)."""
    if not (site_dir / "index.html").exists():
        return False
    return all((site_dir / _output_of(str(p.relative_to(docs)))).exists() for p in docs.rglob("*") if p.is_file())


def mkdocs_build(site_dir: Path, docs: Path, config: Path, date: dt.date, incremental: bool = False,
                 removed: list[str] = ()) -> str | None:
    """Run MkDocs; returns an error or None.

    A full build goes into a temporary folder swapped into ``site_dir``. An incremental
    build rebuilds, in place, the pages whose source is newer than their output (each file
    written atomically) and deletes the outputs of ``removed`` sources.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    tmp = site_dir.with_name(site_dir.name + ".tmp")
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    if old.is_dir() and not site_dir.exists():  # a build killed between the two renames below
        old.rename(site_dir)
    incremental = incremental and site_dir.is_dir()
    target = site_dir if incremental else tmp
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    dirty_filter = _NoDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(dirty_filter)
    try:
        with _source_date(date), _atomic_mkdocs_writes():
            cfg = load_config(str(config), docs_dir=str(docs.resolve()), site_dir=str(target.resolve()), strict=True)
            build(cfg, dirty=incremental)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return str(exc) or "MkDocs dừng vì cảnh báo (chế độ strict)"
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(dirty_filter)
    if incremental:
        for rel in removed:
            out = site_dir / _output_of(rel)
            out.unlink(missing_ok=True)
            if out.name == "index.html" and out.parent != site_dir and not any(out.parent.iterdir()):
                out.parent.rmdir()
        return None
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return None


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
            try:
                os.link(src, tmp)
            except OSError:
                shutil.copy2(src, tmp)
            os.replace(tmp, dst)
            changed += 1
    for path in folder.iterdir():
        if path.name not in wanted:
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
    keys: dict[str, str]
    incremental: bool
    changed: int
    removed: list[str]


def prepare_site(corpus: Corpus, site_dir: Path, dist: Path, report, docs: Path = DOCS_DIR,
                 manifest: Manifest | None = None) -> SiteWork:
    """Write the site's source pages (only those that changed)."""
    incremental = manifest is not None and manifest.get("site", "state") == site_state() and site_dir.is_dir()
    with report.stage("pages"):
        files, keys = generate(corpus, dist, docs, manifest if incremental else None)
        changed, removed = write_docs(files, docs)
    report.detail(f"trang nguồn: {changed} tệp thay đổi, {len(removed)} tệp bỏ đi")
    return SiteWork(site_dir, docs, dist, build_date(corpus), [p.id for p in corpus.real()], keys,
                    incremental, changed, removed)


def publish_site(work: SiteWork, report, manifest: Manifest | None = None) -> int:
    """Run MkDocs when a page changed, then link the downloads."""
    unchanged = work.incremental and not work.changed and not work.removed and site_complete(work.docs, work.site_dir)
    if not unchanged:
        with report.stage("mkdocs"):
            error = mkdocs_build(work.site_dir, work.docs, ROOT / "mkdocs.yml", work.date, work.incremental,
                                 work.removed)
        if error:
            print(f"Không dựng được trang web: {error}. site/ được giữ nguyên.", file=sys.stderr)
            return 3
    link_downloads(work.plan_ids, work.dist, work.site_dir)
    if manifest is not None:
        manifest.keys["page"] = work.keys
        manifest.set("site", "state", site_state())
    report.info(f"Trang web: {len(work.plan_ids)} kế hoạch trong {work.site_dir}/" + (" (không đổi)" if unchanged else "") + ".")
    return 0
