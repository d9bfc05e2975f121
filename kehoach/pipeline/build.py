"""The build: check first, then write what changed, each file atomically.

Order of work: load → resolve inheritance → validate → DOCX and metadata → site sources →
MkDocs. Nothing is written before the plans it comes from are checked:

- a whole build checks every plan first (with a build cache from an earlier build, only the
  plans whose file or an ancestor's file changed, see :mod:`kehoach.pipeline.cache`);
- ``--plan X`` checks X and its ancestors completely, writes X's outputs, then reads every
  plan for the site; problems in other plans are reported as a note that does not fail X,
  and the site is then left as it was (never published from plans with errors).
"""

from __future__ import annotations

import os

from ..boundary import inside
from ..errors import OutputError, PlanError
from ..lock import held_all
from ..outputs import checkpoint
from ..paths import TEMPLATE
from ..plans.corpus import plan_files
from ..plans.ledger import ledger_files
from ..plans.registry import registry_files
from ..plans.review import warnings as review
from ..site.mkdocs_build import site_complete
from .cache import Manifest, code_version, file_digest
from .check import load_and_validate, load_progress, load_units, plans_folder, strict
from .documents import remove_stale_documents, write_docx, write_redlines
from .options import BuildOptions
from .pdf import write_pdfs
from .publish import prepare_site, publish_site


def build(options: BuildOptions, report) -> None:
    """``python build.py``: check the plans, then write what changed: DOCX, metadata, site.

    Raises PlanError (nothing written) or OutputError. With no change since the last build,
    nothing is read beyond the files' bytes. Two builds of the same outputs run one after the
    other (:mod:`kehoach.lock`): never two writers of one folder.
    """
    folders = [options.out, options.docs_dir, options.cache_dir] + ([options.site_dir] if options.site else [])
    with held_all(folders, "python build.py" + (f" --plan {options.plan}" if options.plan else "")):
        _build(options, report)


def _build(options: BuildOptions, report) -> None:
    manifest = Manifest(options.cache_dir)
    if not inside(TEMPLATE, TEMPLATE.parent):
        raise OutputError(
            f"Mẫu DOCX '{TEMPLATE}' là liên kết trỏ ra ngoài thư mục templates/: không dùng. "
            "Chép tệp mẫu thật vào templates/."
        )
    template = file_digest(TEMPLATE)
    # the registry shows on every parent's page, the ledgers on the progress pages (a link out of its
    # folder is never read, not even for its digest: loading reports it)
    inputs = ",".join(
        file_digest(f) if inside(f, f.parent) else "outside"
        for f in registry_files(options.units_dir) + tuple(ledger_files(options.progress_dir).values())
    )
    state = f"{code_version()}:{template}:{inputs}:{options.strict}"
    with report.stage("load"):
        problems = plans_folder(options.plans_dir)
        files = plan_files(options.plans_dir, problems)
        problems.raise_if_any()
        digests = {pid: file_digest(path) for pid, path in files.items()}
        affected = None  # None: every plan
        if (
            not options.plan
            and not options.pdf
            and not options.redline
            and manifest.get("build", "state") == state
            and _outputs_present(manifest, options)
        ):  # else: something was deleted, build it all
            affected, deleted = manifest.changes(digests)
            if not affected and not deleted:
                report.info(f"Không có gì thay đổi kể từ lần dựng trước ({len(files)} kế hoạch, {report.elapsed()}).")
                return
        corpus = load_and_validate(options.plans_dir, options.plan or affected, report, files, freeze=True)
        registry = load_units(options.units_dir)

    targets = [
        p.id
        for p in corpus.real()
        if (not options.plan or p.id == options.plan) and (affected is None or p.id in affected)
    ]
    every = affected is None and not options.plan  # the corpus is whole and every plan is written
    warnings: list | None = None  # of the plans written now, as a compiler warns
    if options.strict:  # warnings fail the build before anything is written
        warnings = review(corpus, None if every else targets)
        strict(warnings)
    # Until this build completes, the next one must not take 'nothing changed' on trust.
    previous_state = manifest.get("build", "state")
    manifest.forget("build", {"state"})
    write_docx(corpus, targets, options.out, manifest, template, report)
    if options.pdf:
        write_pdfs(corpus, targets, options.out, report, options.allow_font_fallback)
    if options.redline:
        write_redlines(corpus, targets, options.out, report)
    else:  # a comparison made before these plans were written again would be stale: never publish one
        for plan_id in targets:
            stale = options.out / f"{plan_id}-so-sanh.docx"
            if stale.exists():
                checkpoint(str(stale))
                stale.unlink()
                report.info(
                    f"Đã xóa {stale}: bản so sánh làm trước khi '{plan_id}' được sửa, không còn đúng. "
                    f"Làm lại bằng: python build.py redline {plan_id} --against parent"
                )
    if warnings is None:  # after the DOCX: the DOCX workers need not carry them (memory, at national scale)
        warnings = review(corpus, None if every else targets)
    report.warnings(warnings)
    if not options.site:
        manifest.save()
        report.info(f"Xong trong {report.elapsed()}.")
        return
    if affected is not None or options.plan:  # the site shows every plan
        with report.stage("load"):
            try:
                corpus = load_and_validate(options.plans_dir, None, report, files, freeze=True)
            except PlanError as exc:
                if not options.plan:
                    raise
                manifest.save()
                report.note_others(exc.problems, options.plan)
                return
    remove_stale_documents(corpus, options.out, manifest, report)  # the corpus is whole here, --plan or not
    parents = {pid: p.extends or "" for pid, p in corpus.plans.items()}
    ledgers = load_progress(options.progress_dir, corpus)
    site = prepare_site(
        corpus,
        registry,
        ledgers,
        options.site_dir,
        options.out,
        options.docs_dir,
        report,
        manifest,
        completed=previous_state == state,
        found=warnings if every else None,
    )
    del corpus  # MkDocs holds every page in memory; the corpus need not stay beside it
    publish_site(site, report, manifest)
    if not options.plan:  # the next build compares the files with these
        manifest.keys["sources"] = digests
        manifest.keys["parents"] = parents
        manifest.record("build", "state", state)
    elif previous_state == state:  # --plan: the sources of the last whole build still say which DOCX may be stale
        manifest.record("build", "state", state)
    manifest.save()
    report.info(f"Xong trong {report.elapsed()}.")


def _outputs_present(manifest: Manifest, options: BuildOptions) -> bool:
    """Whether the outputs of the last build are all still there (none deleted by hand)."""
    out, exists = os.path.join(options.out, ""), os.path.exists  # thousands of files: no Path objects
    docx = manifest.keys.get("docx", {})
    return all(exists(f"{out}{pid}.docx") and exists(f"{out}{pid}.json") for pid in docx) and (
        not options.site or site_complete(manifest.keys.get("published", {}), options.site_dir)
    )
