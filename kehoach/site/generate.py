"""The site's source files, generated from the resolved plans into the docs folder.

Every page, index, task list, calendar, search shard and asset of the site is made here as
bytes, keyed by its path under the docs folder (``docs-gen/`` for ``build``). Which plan
pages can be kept as they are is decided by the caller (the build cache, see
:mod:`kehoach.pipeline.publish`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Callable, Container, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from ..outputs import checkpoint, write_atomic
from ..paths import ASSETS
from ..plans.corpus import Corpus
from ..plans.facts import digest, digest_from, hashed, plan_digest, recall, remember, shape_digest
from ..plans.ledger import Ledger, fingerprint_of
from ..plans.model import Plan
from ..plans.registry import Registry
from . import ical, listing, opendata, pages, progress, search
from .edit import NO_EDIT, EditLinks

DOWNLOADS = "tai-ve"
KEEP = None  # in generate()'s result: this file is unchanged, leave it as it is
T = TypeVar("T")
KEEP_FILE = ".gitignore"  # docs-gen/.gitignore, in git: the folder exists in a fresh clone (MkDocs requires it)


@dataclass(frozen=True)
class Download:
    """A file of dist/ a plan's page offers when the build made it."""

    name: str  # in dist/ and in the site's download folder, from the plan's id
    label: str

    def file(self, plan_id: str) -> str:
        return self.name.format(id=plan_id)


# The Akoma Ntoso texts are not among them: they are open data, one archive per province and
# year (kehoach.site.opendata.TEXTS), a fifteenth of the bytes of a gzip file per plan (issue #31)
DOWNLOAD_FILES = (
    Download("{id}.docx", "Tải DOCX"),
    Download("{id}.pdf", "Tải PDF"),
    Download("{id}-so-sanh.docx", "Tải bản so sánh với cấp trên"),
)


def dist_files(dist: Path) -> set[str]:
    """The names of dist/'s files, listed once for every plan's :func:`downloads`."""
    return set(os.listdir(dist)) if dist.is_dir() else set()


def downloads(plan, in_dist: Container[str]) -> dict[str, str]:
    """The downloads a plan's page offers: those of its files dist/ has (:func:`dist_files`)."""
    out = {}
    for d in DOWNLOAD_FILES:
        if d.file(plan.id) in in_dist:
            out[f"{d.label} ({plan.document.kind.lower()} {plan.id})"] = f"../../{DOWNLOADS}/{d.file(plan.id)}"
    return out


def plan_page_path(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}.md"


def by_province(plans: Iterable[Plan]) -> dict[str, list[Plan]]:
    """The plans by province (:func:`pages.province_of`), in their order."""
    out: dict[str, list[Plan]] = defaultdict(list)
    for p in plans:
        out[pages.province_of(p)].append(p)
    return out


def standings(
    corpus: Corpus, provinces: Mapping[str, list[Plan]], ledgers: Mapping[str, Ledger], in_dist: Container[str]
) -> dict[str, str]:
    """Each province's *standing*: the digest of everything the site sources made of its real
    plans depend on. For each plan: its file and its ancestors' (:func:`plan_digest`), its ledger,
    the downloads dist/ has of it (:func:`dist_files`), and the same of each child (a plan's page
    and review show its children, wherever they are); and the corpus's shape
    (:func:`shape_digest`: which plans there are and how they relate). The registry of units and
    the code are in the salt of every fact. What a build works out about a province's plans for
    its sources' keys is kept under it (:meth:`Unchanged.settled`): an edit works out again only
    its own province's, each other's from one digest (issue #31). ``provinces``: the real plans
    by province (:func:`by_province`)."""

    made: dict[str, str] = {}  # each plan's part, worked out once (a plan is its parent's child too)

    def plan(pid: str) -> str:
        part = made.get(pid)
        if part is None:
            files = ",".join(name for name in (d.file(pid) for d in DOWNLOAD_FILES) if name in in_dist)
            part = made[pid] = f"{pid}={plan_digest(corpus, pid)}={fingerprint_of(ledgers.get(pid))}={files}"
        return part

    shape = shape_digest(corpus)
    children = corpus.children
    out = {}
    for province, plans in provinces.items():
        parts = [shape]
        for p in plans:
            parts.append(plan(p.id))
            parts += (f"<{plan(k)}" for k in children.get(p.id, ()))
        out[province] = digest(*parts)
    return out


class Unchanged:
    """Which site sources the last build made from the same inputs: those are not made again.

    Each generated source has an *input key*: the digest of what it is made from (a plan page:
    :func:`kehoach.pipeline.cache.page_key`; a province's task page: its plans' task rows, by
    the digests of their values, so that an edit of a plan's text alone does not make it again; a
    plan's calendar: its files; a province's open data: its
    plans' rows, by their values' digests too). ``last``: the keys recorded when the outputs were last
    published (:meth:`kehoach.pipeline.manifest.Manifest.input_keys`; empty: nothing is trusted);
    ``salt``: what every source depends on (the registry of units, the site's options);
    ``sources``: every source the last site was built from, those whose key was forgotten when a
    build was killed among them (:meth:`~kehoach.pipeline.manifest.Manifest.mark_pages_stale`)
    included (:meth:`~kehoach.pipeline.manifest.Manifest.published`; none: no group is kept).
    ``standing``: each province's (:func:`standings`), under which the keys of its sources are
    kept as facts (:meth:`settled`); ``provinces``: the real plans by province it was worked out
    from (:func:`by_province`, made once for every :func:`settled_each`). The keys of this build are collected in :attr:`keys`, to be
    recorded once the site is published.
    """

    def __init__(
        self,
        docs: Path,
        last: Mapping[str, str] | None = None,
        salt: str = "",
        sources: Iterable[str] = (),
        standing: Mapping[str, str] | None = None,
        provinces: Mapping[str, list[Plan]] | None = None,
    ):
        self.docs, self.last, self.sources = docs, last or {}, sources
        self._salt = hashed(salt)  # hashed once: every source's key starts with it (12,600 at national scale)
        self.standing = standing or {}
        self.provinces = provinces
        self.keys: dict[str, str] = {}
        self.same: set[str] = set()
        self._listed: dict[str, set[str]] = {}  # folder under docs → its files' names, listed once

    @classmethod
    def nothing(cls) -> Unchanged:
        """Nothing kept: every source is made (a caller without a record)."""
        return cls(Path("/nonexistent"))

    def settled(self, kind: str, province: str, compute: Callable[[], T]) -> T:
        """``compute()``, a JSON value worked out from the plans of ``province`` alone (the keys of
        its sources), kept as a fact under the province's standing: a province none of whose
        plans changed gives it back from one digest, without asking its thousands of plans
        (issue #31). Without a standing for it, computed."""
        standing = self.standing.get(province)
        if standing is None:
            return json.loads(json.dumps(compute()))  # as a kept value is given back
        return recall(kind, f"{kind}/{pages.province_key(province)}", standing, compute)

    def __call__(self, rel: str, *inputs: str) -> bool:
        """Whether the source ``rel`` (path under the docs folder), made from ``inputs``, is the
        one already written: same key as last published, and still in place."""
        key = self.keys[rel] = digest_from(self._salt, *inputs)
        if self.last.get(rel) == key and self._present(rel):
            self.same.add(rel)
            return True
        return False

    def _present(self, rel: str) -> bool:
        """Whether the source is in the docs folder: each folder listed once (a national site has
        12,600 sources, five thousand to a folder: one listing, not a file system call each)."""
        folder, _, name = rel.rpartition("/")
        names = self._listed.get(folder)
        if names is None:
            try:
                names = self._listed[folder] = set(os.listdir(os.path.join(self.docs, folder)))
            except OSError:
                names = self._listed[folder] = set()
        return name in names

    def group(self, folder: str) -> list[str]:
        """The last site's sources under ``folder``: a group made together, whose number depends
        on what they are made of (the search index's files)."""
        return sorted(rel for rel in self.sources if rel.startswith(f"{folder}/"))

    def every(self, rels: Iterable[str], *inputs: str) -> bool:
        """Whether every one of ``rels``, sources made together from ``inputs`` (the last build's
        :meth:`group`), is unchanged. None: False."""
        same = [self(rel, *inputs) for rel in rels]
        return bool(same) and all(same)


def generate(  # noqa: PLR0913
    corpus: Corpus,
    dist: Path,
    unchanged: Unchanged | None = None,
    reviews: Mapping[str, str] | None = None,
    ledgers: dict[str, Ledger] | None = None,
    edit: EditLinks = NO_EDIT,
    registry: Registry | None = None,
    publisher: str = "",
    part: str = "",
) -> Iterator[tuple[str, bytes | None]]:
    """Every file of the site's source, as (path under the docs folder, bytes), one at a time:
    a national site's sources are hundreds of megabytes, written as they are made.

    A source ``unchanged`` finds made from the same inputs is :data:`KEEP`, not made again
    (the plan pages it has been asked about by the caller, who holds their reviews; None: every
    source is made). ``reviews``: each plan's review sections (see
    :class:`kehoach.site.review.Reviews`), each asked for once; ``ledgers``: what was done
    against each plan (its page's "Tiến độ" section, :mod:`kehoach.site.progress`); ``edit``: links to
    the plans' files in the git host's editor; ``registry``: the units, for the open data of
    conformance; ``publisher``: who publishes the open data (the site's name); ``part``: the
    province whose site this is, when the site is split (:mod:`kehoach.pipeline.split`).
    """
    unchanged = unchanged if unchanged is not None else Unchanged.nothing()
    real = corpus.real()
    reviews = reviews or {}
    ledgers = ledgers or {}
    in_dist = dist_files(dist)
    for plan in real:
        rel = plan_page_path(plan.id)
        if rel in unchanged.same:
            yield rel, KEEP
        else:
            section = progress.summary(corpus, plan, ledgers.get(plan.id))["section"]
            made = pages.plan_page(plan, corpus, downloads(plan, in_dist), reviews.get(plan.id, ""), edit, section)
            yield rel, made.encode()
    reviews = {}  # a generator keeps its locals to the end: let go of what is done with (memory)
    # first, so that its archives of texts are compressed meanwhile, on another thread (given last)
    compressing = opendata.Compressing()
    yield from opendata.files(corpus, ledgers, registry, publisher, unchanged, dist, compressing)
    lineage = {p.id: plan_digest(corpus, p.id) for p in real}
    # each plan's row of the lists, which says too whether it has tasks (a task page, a calendar)
    rows = {
        pid: listing.Row(*row)
        for pid, row in settled_each(corpus, unchanged, "dong-danh-sach", partial(_row, corpus)).items()
    }
    made_from = yield from _lists(corpus, unchanged, part, rows)
    tasked = [p for p in real if rows[p.id].tasks]
    yield from _task_pages(corpus, tasked, unchanged)
    yield from _calendars(corpus, tasked, unchanged, lineage)
    yield from _progress(corpus, real, unchanged, ledgers, made_from)
    yield "tim-kiem.md", pages.search_page().encode()
    # the index's files are made together, from every plan's documents
    index = search.inputs(
        corpus, settled_each(corpus, unchanged, "tim-kiem-tinh", partial(search.documents_digest, corpus))
    )
    made_before = unchanged.group("search")
    if unchanged.every(made_before, index):
        yield from ((rel, KEEP) for rel in made_before)
    else:
        for name, data in search.build(corpus).items():
            unchanged(f"search/{name}", index)
            yield f"search/{name}", data
    for asset in sorted(ASSETS.iterdir()):
        yield f"assets/{asset.name}", asset.read_bytes()
    yield from compressing.rest()


def settled_each(corpus: Corpus, unchanged: Unchanged, kind: str, of: Callable[[Plan], T]) -> dict[str, T]:
    """``of(plan)``, a JSON value, for every real plan, by id: each province's kept as a fact
    under its standing (:meth:`Unchanged.settled`), worked out again only when it changed."""
    out: dict[str, T] = {}
    provinces = unchanged.provinces if unchanged.provinces is not None else by_province(corpus.real())
    for province, plans in provinces.items():
        out |= unchanged.settled(kind, province, partial(_each, plans, of))
    return out


def _each(plans: list[Plan], of: Callable[[Plan], T]) -> dict[str, T]:
    return {p.id: of(p) for p in plans}


def _row(corpus: Corpus, plan: Plan) -> list:
    """A plan's row of the lists, kept as a fact of the plan: when its province changed, the
    others' rows are read back, not made again from plans whose tasks are still packed (issue #31)."""
    return remember("dong", corpus, plan.id, (), lambda: list(listing.row(plan)))


def _lists(
    corpus: Corpus, unchanged: Unchanged, part: str, rows: dict[str, listing.Row]
) -> Generator[tuple[str, bytes | None], None, str]:
    """The lists of plans (:mod:`kehoach.site.listing`), made again only when a plan's row
    changed; returns what they are made from, which the progress overview is made from too.
    ``rows``: the real plans' (:func:`settled_each`); a reference-only plan's is made here."""
    listed = sorted([*rows.values(), *(listing.row(p) for p in corpus.plans.values() if p.reference_only)])
    made_from = listing.rows_key(listed)
    if unchanged.every(list(listing.LISTS), made_from, part):
        yield from ((rel, KEEP) for rel in listing.LISTS)
    else:
        yield from ((rel, make(listed, part).encode()) for rel, make in listing.LISTS.items())
    return made_from


def _task_pages(corpus: Corpus, tasked: list[Plan], unchanged: Unchanged) -> Iterator[tuple[str, bytes | None]]:
    """Each province's page of its plans' tasks (``tasked``: the plans with tasks), made from those
    plans' task rows."""
    for province, plans in by_province(tasked).items():
        rel = f"nhiem-vu/{pages.province_key(province)}.md"
        rows_key = unchanged.settled(  # from the plans' task rows only: not made again at an edit of a plan's text
            "nhiem-vu-tinh",
            province,
            partial(_task_rows_key, corpus, plans),
        )
        if unchanged(rel, province, rows_key):
            yield rel, KEEP
        else:
            rows = [r for p in plans for r in pages.plan_task_rows(corpus, p)]
            yield rel, pages.tasks_page(province, rows).encode()


def _task_rows_key(corpus: Corpus, plans: list[Plan]) -> str:
    return digest(*(f"{p.id}={pages.task_rows_digest(corpus, p)}" for p in plans))


def _calendars(
    corpus: Corpus, tasked: list[Plan], unchanged: Unchanged, lineage: dict[str, str]
) -> Iterator[tuple[str, bytes | None]]:
    """Each plan's calendar (``tasked``: the plans with tasks), not each province's: a province's
    was thousands of events no calendar app shows usefully, and repeated every plan's (issue #31:
    a tenth of the national site)."""
    for plan in tasked:
        rel = f"lich/ke-hoach/{plan.id}.ics"
        if unchanged(rel, lineage[plan.id]):
            yield rel, KEEP
        else:
            rows = pages.plan_task_rows(corpus, plan) + pages.plan_report_rows(plan)
            yield rel, ical.ics(rows, plan.unit.known_as)


def _progress(
    corpus: Corpus, real: list, unchanged: Unchanged, ledgers: dict[str, Ledger], listed: str
) -> Iterator[tuple[str, bytes | None]]:
    """The progress overview, from the lists' rows (``listed``: their key) and each plan's share
    of targets met (each plan's own progress is a section of its page)."""
    shares = settled_each(
        corpus, unchanged, "ti-le-dat-tinh", lambda p: progress.share_of(corpus, p, ledgers.get(p.id))
    )
    if unchanged("tien-do.md", listed, repr([(p.id, p.id in ledgers, shares[p.id]) for p in real])):
        yield "tien-do.md", KEEP
    else:
        yield "tien-do.md", progress.overview_page(corpus, ledgers, pages.province_of, pages.level_of, shares).encode()


def write_docs(files: Iterable[tuple[str, bytes | None]], docs: Path) -> int:
    """Write the generated files as they come and remove stale ones; returns how many files changed."""
    wanted, changed = set(), 0
    for rel, data in files:
        wanted.add(rel)
        if data is not KEEP:
            changed += write_atomic(docs / rel, data)
    return changed + remove_stale(docs, wanted)


def remove_stale(docs: Path, wanted: set[str]) -> int:
    """Remove the files of the docs folder that are not in ``wanted`` (paths under it), and
    the folders left empty; returns how many files went. Paths as strings: a national site's
    docs folder has tens of thousands of files (as Path objects, a second of a leaf edit)."""
    keep, top = set(wanted) | {KEEP_FILE}, str(docs)
    stale: list[str] = []
    folders: list[str] = []
    for folder, subfolders, names in os.walk(top):
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if rel == "." else f"{rel}/"
        stale += (os.path.join(folder, name) for name in names if f"{prefix}{name}" not in keep)
        folders += (os.path.join(folder, name) for name in subfolders)
    for path in sorted(stale, reverse=True):
        checkpoint(path)
        os.unlink(path)
    for folder in sorted(folders, reverse=True):  # deepest first: a folder emptied of folders goes too
        if not os.listdir(folder):
            os.rmdir(folder)
    return len(stale)


def build_date(corpus: Corpus) -> dt.date:
    """The date MkDocs stamps on the sitemap: the newest plan's, so equal inputs give equal bytes."""
    return max((p.document.date or dt.date(p.year, 1, 1) for p in corpus.plans.values()), default=dt.date(2020, 1, 1))
