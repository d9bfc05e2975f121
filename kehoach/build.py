"""The build: check everything first, then write what changed, each file atomically.

Order of work: load → resolve inheritance → validate (all plans, or with a build cache only
the changed ones, see :mod:`kehoach.cache`) → DOCX and metadata → site pages → MkDocs.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .cache import Manifest, code_version, docx_key, file_digest
from .corpus import Corpus, load_corpus, plan_files
from .errors import Problems
from .locate import place
from .render_docx import TEMPLATE
from .outputs import checkpoint, remove_stale_temporaries, write_atomic
from .validation import validate


@contextmanager
def _without_cycle_collector():
    """Pause Python's cycle collector while the corpus is built, then freeze what was built.

    Loading allocates millions of small, long-lived objects and no reference cycles; the
    collector would scan them again and again (about 40% of the loading time at 5,000
    plans). Frozen objects are also skipped by the collections of the later stages.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _plans_folder(plans_dir: Path) -> Problems:
    """A fresh problem list; raises PlanError at once if the plans folder does not exist."""
    problems = Problems()
    if not plans_dir.is_dir():
        problems.add(str(plans_dir), (1, 1), "", f"không có thư mục kế hoạch '{plans_dir}'",
                     "Chạy lệnh trong thư mục gốc của kho, hoặc chỉ rõ bằng --plans-dir.")
        problems.raise_if_any()
    return problems


def load_and_validate(plans_dir: Path, only: str | Iterable[str] | None, report,
                      files: dict[str, Path] | None = None) -> Corpus:
    """Load, resolve and validate; raises PlanError with every problem found.

    ``only`` limits the work to some plans and their ancestors (see :func:`load_corpus`).
    """
    with _without_cycle_collector():
        problems = _plans_folder(plans_dir)
        corpus = load_corpus(plans_dir, problems, only, files)
        validate(corpus, problems)
        problems.items = place(problems.items, corpus.plans)
        problems.raise_if_any()
    report.detail(f"đã đọc và kiểm tra {len(corpus.plans)} kế hoạch ({report.elapsed()})")
    return corpus


_FORKED: Corpus | None = None  # the corpus as the DOCX workers inherit it (see render_all)


def _render_one(plan_id: str):
    from .render_docx import render
    return plan_id, render(_FORKED.plans[plan_id])


def render_all(corpus: Corpus, ids: list[str], report, jobs: int | None = None):
    """DOCX bytes of the given plans, on every core when there are many.

    Workers are forked after the corpus is built, so they share it (copy-on-write, helped
    by gc.freeze) and receive only plan ids; nothing big is pickled on the way in.
    """
    global _FORKED
    _FORKED = corpus
    jobs = jobs or os.cpu_count() or 1
    try:
        if len(ids) < 8 or jobs == 1:
            for n, plan_id in enumerate(ids, 1):
                yield _render_one(plan_id)
                report.progress(n, len(ids), "DOCX")
            return
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            chunk = max(1, min(16, len(ids) // (jobs * 8)))
            for n, result in enumerate(pool.map(_render_one, ids, chunksize=chunk), 1):
                yield result
                report.progress(n, len(ids), "DOCX")
    finally:
        _FORKED = None


def build(args, report) -> int:
    """``python build.py``: check the plans, then write what changed: DOCX, metadata, site.

    With a build cache from an earlier build by the same code and template, only the plans
    whose file or an ancestor's file changed are read, checked and rendered first (their
    DOCX is written within seconds); the whole corpus is then read for the site. With no
    change at all, nothing is read beyond the files' bytes.
    """
    plans_dir, out = Path(args.plans_dir), Path(args.out)
    manifest = Manifest(Path(args.cache_dir))
    template = file_digest(TEMPLATE)
    state = f"{code_version()}:{template}"
    with report.stage("load"):
        problems = _plans_folder(plans_dir)
        files = plan_files(plans_dir, problems)
        problems.raise_if_any()
        digests = {pid: file_digest(path) for pid, path in files.items()}
        affected = None  # None: every plan
        site_dir = None if args.no_site else Path(args.site_dir)
        if not args.plan and not args.pdf and manifest.get("build", "state") == state \
                and _outputs_present(manifest, out, site_dir):  # else: something was deleted, build it all
            affected, deleted = manifest.changes(digests)
            if not affected and not deleted:
                report.info(f"Không có gì thay đổi kể từ lần dựng trước ({len(files)} kế hoạch, {report.elapsed()}).")
                return 0
        corpus = load_and_validate(plans_dir, args.plan or affected, report, files)

    targets = [p.id for p in corpus.real() if (not args.plan or p.id == args.plan)
               and (affected is None or p.id in affected)]
    # Until this build completes, the next one must not take 'nothing changed' on trust.
    previous_state = manifest.get("build", "state")
    manifest.forget("build", {"state"})
    code = write_docx(corpus, targets, out, manifest, template, report)
    if code:
        return code
    if args.pdf:
        code = max(code, write_pdfs([corpus.plans[i] for i in targets], out, report))
    if not args.no_site:
        from .site import prepare_site, publish_site
        if affected is not None or args.plan:  # the site shows every plan
            with report.stage("load"):
                corpus = load_and_validate(plans_dir, None, report, files)
        if not args.plan:
            _remove_stale_outputs(corpus, out, manifest)
        parents = {pid: p.extends or "" for pid, p in corpus.plans.items()}
        site = prepare_site(corpus, Path(args.site_dir), out, report, manifest=manifest)
        del corpus  # MkDocs holds every page in memory; the corpus need not stay beside it
        site_code = publish_site(site, report, manifest)
        code = max(code, site_code)
        if site_code == 0 and not args.plan:  # the next build compares the files with these
            manifest.keys["sources"] = digests
            manifest.keys["parents"] = parents
            manifest.set("build", "state", state)
        elif site_code == 0 and previous_state == state:  # --plan: the sources of the last full build still say
            manifest.set("build", "state", state)           # which DOCX may be stale
    manifest.save()
    report.info(f"Xong trong {report.elapsed()}.")
    return code


def _outputs_present(manifest: Manifest, out: Path, site_dir: Path | None) -> bool:
    """Whether the outputs of the last build are all still there (none deleted by hand)."""
    from .site import site_complete
    docx = manifest.keys.get("docx", {})
    return all((out / f"{pid}.docx").exists() and (out / f"{pid}.json").exists() for pid in docx) and \
        (site_dir is None or site_complete(manifest.keys.get("published", {}), site_dir))


def write_docx(corpus: Corpus, ids: list[str], out: Path, manifest: Manifest, template: str, report) -> int:
    """Render and write dist/<id>.docx and dist/<id>.json for the plans whose key changed.

    ``template`` is the digest of the DOCX template, part of each key.
    """
    from .export import metadata
    from .render_docx import TemplateProblem

    remove_stale_temporaries(out)
    keys = {pid: docx_key(corpus, pid, template) for pid in ids}
    todo = [pid for pid in ids if manifest.get("docx", pid) != keys[pid]
            or not (out / f"{pid}.docx").exists() or not (out / f"{pid}.json").exists()]
    written = 0
    manifest.forget("docx", todo)  # on disk before any of them is replaced: a killed build leaves them stale
    manifest.save()
    with report.stage("docx"):
        try:
            for plan_id, data in render_all(corpus, todo, report):
                written += write_atomic(out / f"{plan_id}.docx", data)
                meta = json.dumps(metadata(corpus.plans[plan_id]), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
                write_atomic(out / f"{plan_id}.json", meta.encode("utf-8"))
                manifest.set("docx", plan_id, keys[plan_id])
                report.detail(f"{plan_id}.docx")
        except TemplateProblem as exc:
            print(f"Lỗi mẫu DOCX: {exc}. Mở mẫu trong Word, gõ lại thẻ đó liền một lần (không sửa giữa chừng).",
                  file=sys.stderr)
            return 3
    manifest.save()
    report.info(f"DOCX: {len(todo)} kế hoạch dựng lại, {len(ids) - len(todo)} không đổi, trong {out}/ "
                f"({written} tệp thay đổi).")
    return 0


def _remove_stale_outputs(corpus: Corpus, out: Path, manifest: Manifest) -> None:
    """Delete the DOCX, metadata and PDF of plans that no longer exist.

    dist/ belongs to the build: a ``<name>.docx|json|pdf`` there whose name is not a plan's
    id (nor begins with one and '-') is an output of a plan since deleted or renamed, even
    when the build cache that knew it is gone.
    """
    real = {p.id for p in corpus.real()}
    if out.is_dir():
        for path in sorted(out.iterdir()):
            stem = path.stem
            if path.suffix in (".docx", ".json", ".pdf") and stem not in real and \
                    not any(stem.startswith(pid + "-") for pid in real):
                checkpoint(str(path))
                path.unlink(missing_ok=True)
    manifest.keep_only("docx", real)


def write_pdfs(plans: list, out: Path, report) -> int:
    """Convert the DOCX files to PDF with LibreOffice headless, atomically."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("Không tạo được PDF: máy này chưa có LibreOffice. Cài bằng "
              "'apt-get install libreoffice-writer-nogui' rồi chạy lại với --pdf. Các tệp DOCX đã được ghi.",
              file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
               "--outdir", tmp] + [str(out / f"{p.id}.docx") for p in plans]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        for plan in plans:
            pdf = Path(tmp) / f"{plan.id}.pdf"
            if not pdf.exists():
                print(f"LibreOffice không chuyển được {plan.id}.docx sang PDF: {result.stderr.strip()[:300]}",
                      file=sys.stderr)
                return 3
            write_atomic(out / f"{plan.id}.pdf", pdf.read_bytes())
    report.info(f"PDF: {len(plans)} tệp trong {out}/.")
    return 0
