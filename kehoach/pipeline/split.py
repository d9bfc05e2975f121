"""``build --split province``: one site per province, and a national index page linking them.

GitHub Pages refuses a site over 1 GB and GitLab Pages one over its artifact limit
(``landscape-2026.md``); the site of a national repository of 5,000 plans is about 0.96 GB.
Split (``--split province``, or ``split: province`` in kehoach.yml), each province's plans make
a complete site of their own in ``site/<tỉnh>/`` (pages, downloads, tasks, progress, open data
and search), built and kept up to date as the whole site is: each part has its own record in
``build-cache/phan/<tỉnh>/`` (the recovery protocol of :mod:`kehoach.pipeline.manifest`, part by
part). ``site/index.html`` lists the parts and ``site/phan.json`` names them for the publishing
workflows (one deployment per part). "Phần" is Vietnamese for part.

A part holds the plans listed under its province (:func:`kehoach.site.pages.province_of`) and
their ancestors, so that every link to a parent stays inside the part.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from html import escape as e
from pathlib import Path

from ..outputs import checkpoint, write_atomic
from ..plans.corpus import Corpus
from ..plans.registry import Registry
from ..reporting import Report
from ..site import pages
from ..site.built import site_complete
from .check import load_progress
from .manifest import Manifest
from .options import BuildOptions
from .publish import prepare_site, publish_site

PARTS_FOLDER = "phan"  # build-cache/phan/<tỉnh>/manifest.json: each part's record of its site
INDEX = "index.html"
LIST = "phan.json"  # the parts, for the workflows: [{"key", "name", "plans"}]


@dataclass(frozen=True)
class Part:
    """One province's site: its folder under site/ (``key``), the province's name, its plans."""

    key: str
    name: str
    plan_ids: tuple[str, ...]


def parts(corpus: Corpus) -> list[Part]:
    """The parts of the split site: one per province the plans are listed under (names with one
    folder name make one part)."""
    members: dict[str, str] = {}
    names: dict[str, str] = {}
    for plan in corpus.real():
        name = pages.province_of(plan)
        key = members[plan.id] = pages.province_key(name)
        names[key] = min(names.get(key, name), name)
    return assemble(members, names)


def assemble(members: dict[str, str], names: dict[str, str]) -> list[Part]:
    """The parts of ``members`` (each plan's part) named by ``names``, in dictionary order
    (:data:`pages.OTHER` last), each with its plans in id order."""
    made = [Part(key, names[key], ids) for key, ids in _plans_by_part(members).items()]
    return sorted(made, key=lambda p: (pages.province_order(p.name), p.key))


def _plans_by_part(members: dict[str, str]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for pid, key in sorted(members.items()):
        grouped[key].append(pid)
    return {key: tuple(ids) for key, ids in grouped.items()}


def members_of(made: list[Part]) -> tuple[dict[str, str], dict[str, str]]:
    """The part of each plan, and each part's name: what a split build records for the next."""
    return {pid: p.key for p in made for pid in p.plan_ids}, {p.key: p.name for p in made}


def part_corpus(corpus: Corpus, part: Part) -> Corpus:
    """The plans of ``part`` and their ancestors, with the children among them."""
    keep = set(part.plan_ids)
    for pid in part.plan_ids:
        keep.update(corpus.plans[pid].lineage)
    return Corpus(
        {pid: corpus.plans[pid] for pid in sorted(keep)},
        {pid: [k for k in kids if k in keep] for pid, kids in corpus.children.items() if pid in keep},
        {pid: s for pid, s in corpus.sources.items() if pid in keep},
    )


@dataclass(frozen=True)
class PartSites:
    """What every part's site is made with: the registry, the build's options and report, where
    the parts' records are kept (``cache_dir``; None: no record, every page is made again), and
    whether the last build ran to its end (``completed``, see :func:`prepare_site`)."""

    registry: Registry
    options: BuildOptions
    report: Report
    cache_dir: Path | None
    completed: bool

    def all(self, corpus: Corpus) -> list[Part]:
        """Each part's site built (what changed of it) and published, then the national index;
        the folders of parts that no longer exist go last. Returns the parts."""
        ledgers = load_progress(self.options.progress_dir, corpus)  # checked once, against every plan
        made = parts(corpus)
        for part in made:
            sub = part_corpus(corpus, part)
            self.publish(sub, part, {k: v for k, v in ledgers.items() if k in sub.plans})
        self.finish(made)
        return made

    def touched(
        self, load: Callable[[list[str]], Corpus], members: dict[str, str], names: dict[str, str], dirty: set[str]
    ) -> dict[str, str]:
        """The sites of the ``dirty`` parts only, each from its plans read again (``load``: those
        plans and their ancestors, checked), then the national index. ``members``: the part of
        every plan; ``names``: each part's name as last recorded. Returns each part's name now."""
        by_part = _plans_by_part(members)
        names = {key: name for key, name in names.items() if key in by_part}  # a part left empty goes (finish)
        for key in sorted(dirty & set(by_part)):
            loaded = load(list(by_part[key]))
            part = Part(key, min(pages.province_of(loaded.plans[pid]) for pid in by_part[key]), by_part[key])
            sub = part_corpus(loaded, part)
            self.publish(sub, part, load_progress(self.options.progress_dir, sub, set(sub.plans)))
            names[key] = part.name
        self.finish(assemble(members, names))
        return names

    def publish(self, sub: Corpus, part: Part, ledgers: dict) -> None:
        """One part's site: its pages that changed, MkDocs over them, its record saved."""
        manifest = part_manifest(self.cache_dir, part.key) if self.cache_dir is not None else None
        work = prepare_site(
            sub, self.registry, ledgers, part_options(self.options, part), self.report, manifest, self.completed
        )
        publish_site(work, self.report, manifest)
        if manifest is not None:
            manifest.save()

    def finish(self, made: list[Part]) -> None:
        """The national index and the list of parts; the folders and records of parts gone."""
        options = self.options
        write_atomic(options.site_dir / LIST, parts_json(made))
        write_atomic(options.site_dir / INDEX, index_page(made, site_name(options)))
        remove_other(options.site_dir, {p.key for p in made}, self.report)
        remove_other(options.docs_dir, {p.key for p in made})
        if self.cache_dir is not None:
            remove_other(self.cache_dir / PARTS_FOLDER, {p.key for p in made})
        self.report.info(
            f"Trang web chia theo tỉnh: {len(made)} phần trong {options.site_dir}/, "
            f"danh sách ở {options.site_dir}/{INDEX}."
        )


def parts_touched(
    corpus: Corpus, affected: set[str], deleted: set[str], members: dict[str, str]
) -> tuple[dict[str, str], set[str]]:
    """An incremental build's parts: the part of each plan now (``members``: as the last build
    recorded them; ``corpus``: the plans read again, ``affected``, with their ancestors), and
    the parts an edit touches: those a changed, new or deleted plan was in or is in now."""
    now = {pid: key for pid, key in members.items() if pid not in affected and pid not in deleted}
    now |= {p.id: pages.province_key(pages.province_of(p)) for p in corpus.real() if p.id in affected}
    dirty = {members[pid] for pid in affected | deleted if pid in members}
    return now, dirty | {now[pid] for pid in affected if pid in now}


def part_options(options: BuildOptions, part: Part) -> BuildOptions:
    """The options of one part's site: its folders under the site's and the sources', its name."""
    return replace(
        options,
        site_dir=options.site_dir / part.key,
        docs_dir=options.docs_dir / part.key,
        site_inputs=f"{options.site_inputs}:{part.key}:{part.name}",
        part=part.name,
    )


def part_manifest(cache_dir: Path, key: str) -> Manifest:
    return Manifest(cache_dir / PARTS_FOLDER / key)


def parts_complete(site_dir: Path, cache_dir: Path, keys: Iterable[str]) -> bool:
    """Whether the split site of the last build is all there: the index, the list, and each
    part's published pages (``keys``: the parts the build recorded; none deleted by hand)."""
    if not (site_dir / INDEX).is_file() or not (site_dir / LIST).is_file():
        return False
    return all(site_complete(part_manifest(cache_dir, key).published(), site_dir / key) for key in keys)


def remove_other(folder: Path, keys: set[str], report: Report | None = None) -> None:
    """Remove what of ``folder`` is neither a part's folder nor the index: the whole site of an
    earlier build without --split, a province with no plan left."""
    if not folder.is_dir():
        return
    keep = keys | {INDEX, LIST, ".gitignore"}
    for name in sorted(os.listdir(folder)):
        if name in keep:
            continue
        path = folder / name
        checkpoint(str(path))
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        if report is not None and path.suffix not in (".tmp", ".old"):  # not a killed build's leftovers
            report.detail(f"đã xóa {path}: không còn là một phần của trang web")


def forget_parts(cache_dir: Path) -> None:
    """A build without --split: the records of the parts' sites no longer describe anything."""
    shutil.rmtree(cache_dir / PARTS_FOLDER, ignore_errors=True)


def site_name(options: BuildOptions) -> str:
    """The site's name, as MkDocs gives it to every part (kehoach.yml's, else its MkDocs file's)."""
    if options.site_name:
        return options.site_name
    from mkdocs.utils.yaml import yaml_load

    with open(options.mkdocs_config, encoding="utf-8") as f:
        return str((yaml_load(f) or {}).get("site_name") or "")


def parts_json(made: list[Part]) -> bytes:
    rows = [{"key": p.key, "name": p.name, "plans": len(p.plan_ids)} for p in made]
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode()


def index_page(made: list[Part], site_name: str) -> bytes:
    """The national index: one line per province, linking to its site (a folder beside this
    page, the way the workflows publish the parts). Self-contained: no script, its style inline."""
    total = sum(len(p.plan_ids) for p in made)
    rows = "".join(
        f'<tr><td><a href="{e(p.key)}/">{e(p.name)}</a></td><td class="n">{len(p.plan_ids)}</td></tr>\n' for p in made
    )
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{e(site_name)}</title>
<style>
body{{font-family:-apple-system,BlinkMacSystemFont,Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fff}}
header{{background:#c62828;color:#fff;padding:1rem 1.5rem}}
header p{{margin:.2rem 0 0;font-size:.95rem}}
main{{max-width:46rem;margin:1.5rem auto;padding:0 1.5rem}}
h1{{font-size:1.5rem;margin:0}}
table{{border-collapse:collapse;width:100%}}
th,td{{border-bottom:1px solid #ddd;padding:.45rem .6rem;text-align:left}}
td.n,th.n{{text-align:right}}
a{{color:#b71c1c}}
</style>
</head>
<body>
<header><h1>{e(site_name)}</h1><p>Các tỉnh, thành phố</p></header>
<main>
<p>{total} kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước của các cơ quan, đơn vị, chia theo tỉnh, thành phố.
Mỗi tỉnh, thành phố là một trang web riêng: kế hoạch, bản DOCX để tải về, nhiệm vụ và thời hạn, tiến độ, dữ liệu mở và tìm kiếm.</p>
<table>
<thead><tr><th scope="col">Tỉnh, thành phố</th><th scope="col" class="n">Số kế hoạch</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
</main>
</body>
</html>
""".encode()
