"""The build: check first, then write what changed, each file atomically.

Order of work: load → resolve inheritance → validate → DOCX and metadata → site sources →
MkDocs. Nothing is written before the plans it comes from are checked:

- a whole build checks every plan first (with a build cache from an earlier build, only the
  plans whose file or an ancestor's file changed, see :mod:`kehoach.pipeline.cache`);
- ``--plan X`` checks X and its ancestors completely, writes X's outputs, then reads every
  plan for the site; problems in other plans are reported as a note that does not fail X,
  and the site is then left as it was (never published from plans with errors).

What writes the DOCX, the site's sources and MkDocs (:mod:`.documents`, :mod:`.publish`,
:mod:`.split`) is imported when a build first needs it: a build that finds nothing changed does
not load python-docx, Jinja2 and MkDocs, which were half of its time at national scale (issue #31).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING

from ..boundary import inside
from ..errors import OutputError, PlanError, Problems
from ..lock import held_all
from ..outputs import checkpoint
from ..paths import program
from ..plans.corpus import Corpus, Kept, plan_files
from ..plans.facts import Facts, digest, kept_in
from ..plans.ledger import ledger_entries, ledger_names
from ..plans.registry import Registry, registry_digest
from ..plans.review import all_warnings
from ..plans.validation import Issued, duplicate_numbers, issued
from ..reporting import Report
from ..site.built import site_complete
from . import snapshot
from .cache import Stamps, code_version, file_digest
from .check import load_and_validate, load_progress, load_units, plans_folder, strict
from .manifest import Manifest
from .options import BuildOptions
from .pdf import write_pdfs

if TYPE_CHECKING:
    from .publish import SiteWork
    from .split import PartSites


def build(options: BuildOptions, report: Report) -> None:
    """``python build.py``: check the plans, then write what changed: DOCX, metadata, site.

    Raises PlanError (nothing written) or OutputError. With no change since the last build,
    nothing is read beyond the files' bytes. Two builds of the same outputs run one after the
    other (:mod:`kehoach.lock`): never two writers of one folder.
    """
    folders = [options.out, options.docs_dir, options.cache_dir] + ([options.site_dir] if options.site else [])
    with held_all(folders, program() + (f" --plan {options.plan}" if options.plan else "")):
        Build(options, report, Manifest(options.cache_dir)).run()


class Build:
    """One build of the outputs from the plans, in stages, each a method that every caller uses:
    ``python build.py`` (:meth:`run`, all of them, redoing only what changed), ``serve`` (load,
    documents, pages into its private folder) and the MkDocs plugin (load, pages: MkDocs itself
    publishes). Without a manifest every output is made again and no record is kept.

    ``documents``: the record of dist/'s documents when it is not ``manifest`` (``serve`` writes
    the DOCX into dist/ with build's own record, and its pages into a private folder, recorded
    there). ``keep``: keep the whole corpus this build loads in :attr:`loaded`, for the next
    build of this process (``serve``), which takes it as ``kept``: its plans whose files have
    not changed are taken as they are (:class:`kehoach.plans.corpus.Kept`). ``facts``: the store
    of facts of the build before in this process, answering from memory (:attr:`facts` after a
    build: the store it used). A build with a record and neither ``keep`` nor ``kept`` (a
    ``python build.py`` process of its own) takes its plans, when it reads them all, from the
    signed snapshot of the corpus the last such build kept (:mod:`kehoach.pipeline.snapshot`).
    """

    def __init__(
        self,
        options: BuildOptions,
        report: Report,
        manifest: Manifest | None = None,
        documents: Manifest | None = None,
        kept: Corpus | None = None,
        keep: bool = False,
        facts: Facts | None = None,
    ):
        self.options, self.report = options, report
        self.manifest = manifest if manifest is not None else Manifest(None)
        self.documents = documents if documents is not None else self.manifest
        self.cached = manifest is not None
        self.kept, self.keep = kept, keep
        self.facts = facts  # the store of facts, when it lives on between builds (serve's)
        self.digests: dict[str, str] = {}  # of the plan files, once listed (see _run)
        self.ledger_digests: dict[str, str] = {}  # of the ledger files, by path (see _ledgers)
        self.loaded: Corpus | None = None  # the last corpus loaded whole, for a next build of this process
        # a build of its own process, with a record, keeps the corpus it loads whole for the next
        # one in a signed snapshot (:mod:`.snapshot`); serve keeps it in memory
        self.snapshots = self.cached and not keep and kept is None

    def load(
        self,
        only: str | Iterable[str] | None = None,
        files: dict[str, Path] | None = None,
        freeze: bool = False,
        few: bool = False,
    ) -> Corpus:
        """The plans, resolved and checked (``only`` these and what they need); PlanError on any error.
        ``freeze``: out of the cycle collector, for a build that ends with the process or a preview
        that unfreezes and collects between two saves (see :func:`check.load_and_validate`).
        ``few``: the corpus is read whole for a build that writes few of its plans again, which
        takes the others from the snapshot (:mod:`.snapshot`). Not for one that writes them all:
        each would be read back from it whole, one by one, sharing less than plans resolved
        together (at 5,000 plans, a split site's switch peaked at 1.1 GB instead of 0.76)."""
        whole = only is None and files is not None
        with self.report.stage("load"):
            earlier = self.kept
            if earlier is None and whole and few and self.snapshots:
                earlier = snapshot.load(self.options.cache_dir, code_version(), freeze)
            kept = Kept(earlier, files, self.digests) if earlier is not None and files is not None else None
            corpus = load_and_validate(self.options.plans_dir, only, self.report, files, freeze=freeze, kept=kept)
            if whole and self.snapshots:
                old = earlier.plans if earlier is not None else {}
                read = sum(1 for pid, plan in corpus.plans.items() if old.get(pid) is not plan)
                if snapshot.worth_saving(corpus, read, earlier is not None):
                    snapshot.save(self.options.cache_dir, code_version(), corpus)
            del earlier, kept  # the plans not taken from it are let go of before the pages
        if only is None and self.keep:
            self.loaded = corpus
        return corpus

    def registry(self, corpus: Corpus) -> Registry:
        """The registry of units, the plans' units checked against it and the map (a PlanError,
        before anything is written)."""
        return load_units(self.options.units_dir, corpus)

    def write_documents(self, corpus: Corpus, plan_ids: list[str]) -> None:
        """dist/<id>.docx and dist/<id>.json of these plans, those whose key changed when there is a record."""
        from .documents import write_docx

        template = self.options.template
        write_docx(corpus, plan_ids, self.options.out, self.documents, template, _template(template), self.report)

    def write_pages(
        self,
        corpus: Corpus,
        registry: Registry,
        *,
        completed: bool = False,
        found: list | None = None,
        record: bool = True,
        present: bool = False,
    ) -> SiteWork:
        """Every page source of the site into ``docs_dir``; with a record (and ``record``), only
        those that changed, their outputs first marked stale. The ledgers are read and checked here."""
        from .publish import prepare_site

        ledgers = load_progress(self.options.progress_dir, corpus, digests=self.ledger_digests)
        manifest = self.manifest if self.cached and record else None
        return prepare_site(corpus, registry, ledgers, self.options, self.report, manifest, completed, found, present)

    def publish(self, site: SiteWork) -> None:
        """MkDocs over the sources that changed, the downloads linked, what is published recorded."""
        from .publish import publish_site

        publish_site(site, self.report, self.manifest if self.cached else None)

    def save(self) -> None:
        """The records kept: the build's, and dist/'s when it is another."""
        self.manifest.save()
        if self.documents is not self.manifest:
            self.documents.save()

    def _parts_known(self, deleted: set[str]) -> bool:
        """Whether the last split build's record says which part each plan is in, and no ledger
        is left of a deleted plan (reported as the whole build reports it)."""
        return bool(self.manifest.parts()[0]) and not deleted & set(ledger_names(self.options.progress_dir))

    def publish_touched(
        self, corpus: Corpus, sites: PartSites, files: dict[str, Path], affected: set[str], deleted: set[str]
    ) -> tuple[dict[str, str], dict[str, list]]:
        """``--split province``, incremental: the parts that ``affected`` and ``deleted`` plans
        were or are in, each read again whole (its plans and their ancestors); the others are
        left as they are (:func:`split.parts_touched`). ``corpus``: the affected plans and their
        ancestors. Returns every plan's parent and every issued plan's number, for the record."""
        from .documents import remove_stale_documents
        from .split import parts_touched

        manifest = self.manifest
        real = (set(files) - set(corpus.plans)) | {p.id for p in corpus.real()}
        remove_stale_documents(real, self.options.out, self.documents, self.report)
        parents = {pid: parent for pid, parent in manifest.parents().items() if pid in files}
        parents |= {pid: p.extends or "" for pid, p in corpus.plans.items()}
        numbers = {pid: n for pid, n in manifest.issued().items() if pid in files and pid not in corpus.plans}
        numbers |= {pid: list(astuple(i)) for pid, i in issued(corpus).items()}
        members, names = manifest.parts()
        members, dirty = parts_touched(corpus, affected, deleted, members)
        manifest.distrust_site()
        names = sites.touched(lambda ids: self.load(ids, files, freeze=True), members, names, dirty)
        manifest.record_parts(members, names)
        return parents, numbers

    def publish_whole(
        self,
        corpus: Corpus,
        sites: PartSites,
        files: dict[str, Path],
        reload: bool,
        found: list | None,
        present: bool = False,
    ) -> tuple[dict[str, str], dict[str, list]] | None:
        """The site from every plan (``reload``: ``corpus`` is not whole, read them all): one site,
        or with ``--split province`` every part's. Returns every plan's parent and every issued
        plan's number, for the record; None when ``--plan`` found other plans with errors (noted).
        ``present``: every output of the last build was found in place as this one began."""
        from .documents import remove_stale_documents
        from .split import forget_parts, members_of

        options, manifest = self.options, self.manifest
        if reload:  # the site shows every plan
            try:
                corpus = self.load(None, files, freeze=True, few=not options.split)  # split: every part is made
            except PlanError as exc:
                if not options.plan:
                    raise
                self.save()
                self.report.note_others(exc.problems, options.plan)
                return None
        # the corpus is whole here, --plan or not
        remove_stale_documents({p.id for p in corpus.real()}, options.out, self.documents, self.report)
        parents = {pid: p.extends or "" for pid, p in corpus.plans.items()}
        numbers = {pid: list(astuple(i)) for pid, i in issued(corpus).items()}
        if options.split:
            manifest.distrust_site()
            manifest.record_parts(*members_of(sites.all(corpus)))
        else:
            forget_parts(options.cache_dir)
            manifest.record_parts({}, {})
            site = self.write_pages(corpus, sites.registry, completed=sites.completed, found=found, present=present)
            del corpus  # MkDocs holds every page in memory; the corpus need not stay beside it
            self.publish(site)
        return parents, numbers

    def run(self) -> None:
        """The whole of ``python build.py``, in the order the module docstring gives; with a
        record, what was computed of each plan is kept as facts for the next build
        (:mod:`kehoach.plans.facts`: a leaf edit works out again only what it changes)."""
        options = self.options
        units = registry_digest(options.units_dir)
        salt, folder = f"{code_version()}:{units}", options.cache_dir / "facts"
        store = (
            self.facts if self.facts is not None and (self.facts.folder, self.facts.salt) == (folder, salt) else None
        )
        if store is None and self.cached:
            store = self.facts = Facts(folder, salt)
        stamps = Stamps(options.cache_dir if self.cached else None)
        if self.snapshots and not options.split:  # it may read the snapshot: read meanwhile (:func:`snapshot.prefetch`)
            snapshot.prefetch(options.cache_dir)
        collecting = gc.isenabled()
        gc.disable()  # until it is known to be a build of many plans (see _run)
        try:
            with kept_in(store):
                plan_ids, whole = self._run(stamps, units, collecting)
        finally:
            snapshot.forget(options.cache_dir)
            if collecting:
                gc.enable()
        if store is not None and plan_ids is not None:
            store.save(plan_ids)
            if whole:  # every plan's facts asked: those kept for another salt are dropped
                store.sweep()
        stamps.save()

    def _run(self, stamps: Stamps, units: str, collecting: bool) -> tuple[set[str] | None, bool]:
        """:meth:`run`; the ids of the plans built (None when nothing changed), and whether every
        plan was worked out (no earlier build to go by). ``stamps``: the digests of the plans and
        ledgers read; ``units``: the registry's (:func:`registry_digest`); ``collecting``: whether
        the cycle collector ran as the build began (turned on again here for a build of many plans)."""
        options, report = self.options, self.report
        manifest = self.manifest
        state = (
            f"{code_version()}:{_template(options.template)}:{units}:{_ledgers(options.progress_dir, stamps, self.ledger_digests)}:"
            f"{options.strict}:{options.split}"
        )
        with report.stage("load"):
            problems = plans_folder(options.plans_dir)
            files = plan_files(options.plans_dir, problems)
            problems.raise_if_any()
            digests = self.digests = {pid: stamps.digest(path) for pid, path in files.items()}
        affected: set[str] | None = None  # None: every plan
        deleted: set[str] = set()
        if (
            not options.plan
            and not options.pdf
            and not options.redline
            and manifest.build_state() == state
            and _outputs_present(manifest, self.documents, options)
        ):  # else: something was deleted, build it all
            affected, deleted = manifest.changes(digests)
            if not affected and not deleted:
                report.info(f"Không có gì thay đổi kể từ lần dựng trước ({len(files)} kế hoạch, {report.elapsed()}).")
                return None, False
        from .documents import write_redlines  # something changed: what writes is needed (see the module)
        from .split import PartSites

        whole = affected is None and not options.plan  # the corpus is whole and every plan is written
        if whole:  # every plan written: resolved, not taken from the snapshot
            snapshot.forget(options.cache_dir)
        if collecting and not few_changed(affected, len(files)):
            gc.enable()
        corpus = self.load(options.plan or affected, files, freeze=True)
        with report.stage("load"):
            if affected is not None or options.plan:  # the others' numbers, as the last whole build saw them
                _no_duplicate_numbers(corpus, manifest, files)
            registry = self.registry(corpus)

        targets = [
            p.id
            for p in corpus.real()
            if (not options.plan or p.id == options.plan) and (affected is None or p.id in affected)
        ]
        warnings: list | None = None  # of the plans written now, as a compiler warns
        if options.strict:  # warnings fail the build before anything is written
            warnings = all_warnings(corpus, None if whole else targets)
            strict(warnings)
        previous_state = manifest.mark_in_progress()
        self.write_documents(corpus, targets)
        if options.pdf:
            write_pdfs(corpus, targets, options.out, report, options.allow_font_fallback)
        if options.redline:
            write_redlines(corpus, targets, options.out, report, options.template)
        else:
            _remove_stale_redlines(targets, options, report)
        if warnings is None:  # after the DOCX: the DOCX workers need not carry them (memory, at national scale)
            warnings = all_warnings(corpus, None if whole else targets)
        report.warnings(warnings)
        # the single site's reviews take them over; a split site's parts work out their own, so
        # they are let go here (some 90,000 at national scale, a tenth of the build's memory)
        found = warnings if whole and not options.split else None
        del warnings
        if not options.site:
            self.save()
            report.info(f"Xong trong {report.elapsed()}.")
            return set(files), whole
        sites = PartSites(
            registry, options, report, options.cache_dir if self.cached else None, previous_state == state
        )
        if options.split and affected is not None and not options.plan and self._parts_known(deleted):
            parents, numbers = self.publish_touched(corpus, sites, files, affected, deleted)
        else:
            published = self.publish_whole(corpus, sites, files, reload=affected is not None or bool(options.plan),
                                       found=found, present=affected is not None)  # fmt: skip
            if published is None:
                return None, False
            parents, numbers = published
        if not options.plan:  # the next build compares the files with these
            manifest.record_sources(digests, parents)
            manifest.record_issued(numbers)
            manifest.record_completed(state)
        elif previous_state == state:  # --plan: the sources of the last whole build still say which DOCX may be stale
            manifest.record_completed(state)
        self.save()
        report.info(f"Xong trong {report.elapsed()}.")
        return set(files), whole


def few_changed(affected: set[str] | None, plans: int) -> bool:
    """Whether a build writes few plans again (:func:`snapshot.few`: a leaf edit, not a province's).
    Such a build runs without the cycle collector (:mod:`gc`): what it makes is a province's pages
    at most, while the collector went over the imported modules and the plans it read, a
    twentieth of a leaf edit at national scale (issue #31); a build of many plans keeps it, against
    cycles of garbage piling up."""
    return affected is not None and snapshot.few(len(affected), plans)


def _no_duplicate_numbers(corpus: Corpus, manifest: Manifest, files: dict[str, Path]) -> None:
    """PlanError when a plan read now takes the number of another (read now, or as the last whole
    build recorded it), before anything is written."""
    known = {pid: Issued(*record) for pid, record in manifest.issued().items() if pid in files}
    problems = Problems()
    duplicate_numbers(known | issued(corpus), problems)
    problems.raise_if_any()


def _template(template: Path) -> str:
    """The DOCX template's digest (part of every DOCX key); a template linking out of its folder is refused."""
    if not inside(template, template.parent):
        raise OutputError(
            f"Mẫu DOCX '{template}' là liên kết trỏ ra ngoài thư mục {template.parent.name}/: không dùng. "
            f"Chép tệp mẫu thật vào {template.parent}/."
        )
    return file_digest(template)


def _ledgers(progress: Path, stamps: Stamps, found: dict[str, str]) -> str:
    """The digest of the ledgers' names and digests, shown on the progress pages (a link out of its
    folder is never read, not even for its digest: loading reports it); each is put in ``found``
    by its path, for loading the ledgers without reading the kept ones again. One digest, not
    them all: the build's state is saved several times a build (5,000 of them were a tenth of the
    record)."""
    for name, linked in ledger_entries(progress).values():
        path = os.path.join(progress, name)  # no Path each
        found[path] = stamps.digest(path) if not linked or inside(path, progress) else "outside"
    return digest(*(f"{path}={value}" for path, value in found.items()))


def _remove_stale_redlines(plan_ids: list[str], options: BuildOptions, report: Report) -> None:
    """A comparison made before these plans were written again would be stale: never publish one."""
    for plan_id in plan_ids:
        stale = options.out / f"{plan_id}-so-sanh.docx"
        if stale.exists():
            checkpoint(str(stale))
            stale.unlink()
            report.info(
                f"Đã xóa {stale}: bản so sánh làm trước khi '{plan_id}' được sửa, không còn đúng. "
                f"Làm lại bằng: {program()} redline {plan_id} --against parent"
            )


def _outputs_present(manifest: Manifest, documents: Manifest, options: BuildOptions) -> bool:
    """Whether the outputs of the last build are all still there (none deleted by hand);
    ``documents``: the record of dist/."""
    in_dist = set(os.listdir(options.out)) if options.out.is_dir() else set()  # thousands of files: one listing
    if not all(f"{pid}.docx" in in_dist and f"{pid}.json" in in_dist for pid in documents.documents()):
        return False
    if not options.site:
        return True
    if options.split:
        from .split import parts_complete

        return parts_complete(options.site_dir, options.cache_dir, manifest.parts()[1])
    return site_complete(manifest.published(), options.site_dir)
