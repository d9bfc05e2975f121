"""Building the published site: generate pages from resolved plans, then MkDocs Material.

Pages go to ``docs-gen/`` (unchanged pages are not rewritten), the site is built into a
temporary folder and swapped into ``site/`` only when the build succeeded.
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
from pathlib import Path

from . import calendar, search_index, site_pages
from .corpus import Corpus
from .outputs import write_atomic

ASSETS = Path(__file__).resolve().parent / "assets"
ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = Path("docs-gen")  # generated Markdown sources of the site, not edited by hand


def generate(corpus: Corpus, dist: Path) -> dict[str, bytes]:
    """Every generated file of the site's source, by path relative to the docs folder."""
    files: dict[str, bytes] = {}
    for plan in corpus.real():
        downloads = {}
        for ext, label in (("docx", "Tải DOCX"), ("pdf", "Tải PDF")):
            src = dist / f"{plan.id}.{ext}"
            if src.exists():
                files[f"tai-ve/{plan.id}.{ext}"] = src.read_bytes()
                downloads[f"{label} ({plan.document.kind.lower()} {plan.id})"] = f"../../tai-ve/{plan.id}.{ext}"
        files[f"ke-hoach/{plan.id}.md"] = site_pages.plan_page(plan, corpus, downloads).encode()
    files["index.md"] = site_pages.home_page(corpus).encode()
    real = corpus.real()
    by_unit, by_level, by_year = defaultdict(list), defaultdict(list), defaultdict(list)
    for p in real:
        by_unit[p.unit.province or "Khác"].append(p)
        by_level[site_pages.LEVELS.get(p.unit.level, "Khác")].append(p)
        by_year[f"Năm {p.year}"].append(p)
    files["theo-don-vi.md"] = site_pages.index_page("Theo đơn vị", by_unit, "Các kế hoạch theo tỉnh, thành phố của đơn vị ban hành.").encode()
    files["theo-cap.md"] = site_pages.index_page("Theo cấp", by_level, "Các kế hoạch theo cấp của đơn vị ban hành.").encode()
    files["theo-nam.md"] = site_pages.index_page("Theo năm", by_year, "Các kế hoạch theo năm, mới nhất trước.").encode()
    rows = site_pages.task_rows(corpus)
    files["nhiem-vu.md"] = site_pages.tasks_page(rows).encode()
    files["lich-nhiem-vu.ics"] = calendar.ics(rows)
    files["tim-kiem.md"] = site_pages.search_page().encode()
    for name, data in search_index.build(corpus).items():
        files[f"search/{name}"] = data
    for asset in sorted(ASSETS.iterdir()):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    return files


def write_docs(files: dict[str, bytes], docs: Path) -> int:
    """Write the generated files; remove stale ones. Returns how many changed."""
    changed = sum(write_atomic(docs / rel, data) for rel, data in sorted(files.items()))
    wanted = {docs / rel for rel in files}
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
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


def mkdocs_build(site_dir: Path, docs: Path, config: Path, date: dt.date) -> str | None:
    """Run MkDocs into a temporary folder and swap it into ``site_dir``. Returns an error or None."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    tmp = site_dir.with_name(site_dir.name + ".tmp")
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    if old.is_dir() and not site_dir.exists():  # a build killed between the two renames below
        old.rename(site_dir)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        with _source_date(date):
            cfg = load_config(str(config), docs_dir=str(docs.resolve()), site_dir=str(tmp.resolve()), strict=True)
            build(cfg)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return str(exc) or "MkDocs dừng vì cảnh báo (chế độ strict)"
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return None


def build_site(corpus: Corpus, site_dir: Path, dist: Path, report, docs: Path = DOCS_DIR) -> int:
    changed = write_docs(generate(corpus, dist), docs)
    report.detail(f"trang nguồn: {changed} tệp thay đổi")
    error = mkdocs_build(site_dir, docs, ROOT / "mkdocs.yml", build_date(corpus))
    if error:
        print(f"Không dựng được trang web: {error}. site/ được giữ nguyên.", file=sys.stderr)
        return 3
    report.info(f"Trang web: {len(corpus.real())} kế hoạch trong {site_dir}/.")
    return 0
