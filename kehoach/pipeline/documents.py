"""Writing the documents of dist/: DOCX and metadata for the plans whose key changed, PDF on request."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import OutputError
from ..outputs import checkpoint, remove_stale_temporaries, write_atomic
from ..paths import TEMPLATE
from ..plans.corpus import Corpus
from ..render.akn import akoma_ntoso
from ..render.docx import TemplateProblem, render
from ..render.metadata import encode, metadata
from ..reporting import Report
from .cache import docx_key
from .manifest import Manifest


class _Chunks:
    """The plans to write, taken a chunk at a time by the parent and the forked workers alike
    (a counter in shared memory), so that whoever is free takes the next."""

    def __init__(self, ids: list[str], size: int, context):
        self.ids, self.size, self.next = ids, size, context.Value("i", 0)

    def take(self) -> list[str]:
        with self.next.get_lock():
            start = self.next.value
            self.next.value = start + self.size
        return self.ids[start : start + self.size]


AKN = ".akn.xml"  # the plan in Akoma Ntoso 3.0 (kehoach/render/akn.py)
OUTPUT_SUFFIXES = (AKN, ".docx", ".json", ".pdf")  # what dist/ holds of each plan (longest first)

_worker: tuple[Corpus, Path, _Chunks, Path] | None = None  # set in each DOCX worker process only, by _start_worker


def _start_worker(corpus: Corpus, out: Path, chunks: _Chunks, template: Path) -> None:
    global _worker
    _worker = (corpus, out, chunks, template)


def _write_outputs(plan, out: Path, template: Path, parent=None) -> bool:
    """Render and write a plan's DOCX, its metadata JSON and its Akoma Ntoso XML (where the plan
    is rendered, so the bytes never cross processes); whether the DOCX changed."""
    changed = write_atomic(out / f"{plan.id}.docx", render(plan, template))
    write_atomic(out / f"{plan.id}.json", encode(metadata(plan)))
    write_atomic(out / f"{plan.id}{AKN}", akoma_ntoso(plan, parent))
    return changed


def _parent(corpus: Corpus, plan):
    return corpus.plans.get(plan.extends or "")


def _drain(corpus: Corpus, out: Path, chunks: _Chunks, template: Path):
    while batch := chunks.take():
        for plan_id in batch:
            yield plan_id, _write_outputs(corpus.plans[plan_id], out, template, _parent(corpus, corpus.plans[plan_id]))


def _drain_in_worker() -> list[tuple[str, bool]]:
    assert _worker is not None
    return list(_drain(*_worker))


def write_all(
    corpus: Corpus, ids: list[str], out: Path, report: Report, template: Path = TEMPLATE, jobs: int | None = None
):
    """Write the DOCX and metadata of the given plans, on every core when there are many;
    yields (plan id, whether its DOCX changed) once both files are in place.

    With N cores, N - 1 workers are forked after the corpus is built (they share it
    copy-on-write, helped by gc.freeze) and the parent renders too: every forked worker
    copies the pages of the corpus it touches, so one fewer worker is hundreds of megabytes
    fewer at national scale. Parent and workers take the plans a chunk at a time from one
    shared counter, and each writes its plans' files itself (each atomically); only the
    parent keeps the record.
    """
    jobs = jobs or os.cpu_count() or 1
    if len(ids) < 8 or jobs == 1:
        for n, plan_id in enumerate(ids, 1):
            yield plan_id, _write_outputs(corpus.plans[plan_id], out, template, _parent(corpus, corpus.plans[plan_id]))
            report.progress(n, len(ids), "DOCX")
        return
    context = multiprocessing.get_context("fork")
    chunks = _Chunks(ids, max(1, min(16, len(ids) // (jobs * 8))), context)
    with ProcessPoolExecutor(
        max_workers=jobs - 1, mp_context=context, initializer=_start_worker, initargs=(corpus, out, chunks, template)
    ) as pool:
        workers = [pool.submit(_drain_in_worker) for _ in range(jobs - 1)]
        n = 0
        for result in _drain(corpus, out, chunks, template):
            n += 1
            yield result
            report.progress(n, len(ids), "DOCX")
        for worker in workers:
            for result in worker.result():
                n += 1
                yield result
                report.progress(n, len(ids), "DOCX")


def write_docx(
    corpus: Corpus, ids: list[str], out: Path, manifest: Manifest, template: Path, digest: str, report: Report
) -> None:
    """Render and write dist/<id>.docx and dist/<id>.json for the plans whose key changed.

    ``template`` is the DOCX template and ``digest`` its digest, part of each key. The keys of the plans
    to write are dropped from the manifest on disk first: a build killed halfway leaves them
    to be written again.
    """
    remove_stale_temporaries(out)
    keys = {pid: docx_key(corpus, pid, digest) for pid in ids}
    todo = [
        pid
        for pid in ids
        if manifest.document_key(pid) != keys[pid]
        or not (out / f"{pid}.docx").exists()
        or not (out / f"{pid}.json").exists()
    ]
    written = 0
    manifest.mark_documents_stale(todo)
    with report.stage("docx"):
        try:
            out.mkdir(parents=True, exist_ok=True)
            for plan_id, changed in write_all(corpus, todo, out, report, template):
                written += changed
                manifest.record_document(plan_id, keys[plan_id])
                report.detail(f"{plan_id}.docx")
        except TemplateProblem as exc:
            raise OutputError(
                f"Lỗi mẫu DOCX: {exc}. Mở mẫu trong Word, gõ lại thẻ đó liền một lần (không sửa giữa chừng)."
            ) from exc
    manifest.save()
    report.info(
        f"DOCX: {len(todo)} kế hoạch dựng lại, {len(ids) - len(todo)} không đổi, trong {out}/ ({written} tệp thay đổi)."
    )


def remove_stale_documents(real: set[str], out: Path, manifest: Manifest, report: Report | None = None) -> None:
    """Delete the DOCX, metadata and PDF of plans that no longer exist (``real``: the ids of the
    plans that are rendered, :meth:`Corpus.real`).

    dist/ belongs to the build: a ``<name>.docx|json|pdf|akn.xml`` there whose name is not a plan's
    id (nor begins with one and '-') is an output of a plan since deleted or renamed, even
    when the build cache that knew it is gone.
    """
    if out.is_dir():
        for name in sorted(os.listdir(out)):  # tens of thousands of files: names, not Paths
            ext = next((x for x in OUTPUT_SUFFIXES if name.endswith(x)), "")
            stem = name[: -len(ext)] if ext else name
            if ext and stem not in real and not any(stem.startswith(pid + "-") for pid in real):
                path = out / name
                checkpoint(str(path))
                path.unlink(missing_ok=True)
                if report is not None:
                    report.info(f"Đã xóa {path}: không còn kế hoạch '{stem}' trong kho (đã xóa hoặc đổi tên).")
    manifest.keep_documents(real)


def write_redlines(corpus: Corpus, plan_ids: list[str], out: Path, report: Report, template: Path = TEMPLATE) -> None:
    """dist/<id>-so-sanh.docx for every plan with a parent in the corpus (not one only cited)."""
    from ..render.redline import redline

    written = 0
    with report.stage("redline"):
        for plan_id in plan_ids:
            plan = corpus.plans[plan_id]
            parent = corpus.plans.get(plan.extends or "")
            if parent is None or parent.reference_only:
                continue
            mine = (out / f"{plan_id}.docx").read_bytes()
            theirs_file = out / f"{parent.id}.docx"
            theirs = theirs_file.read_bytes() if theirs_file.exists() else render(parent, template)
            when = plan.document.date
            date = f"{when.isoformat() if when else f'{plan.year}-01-01'}T00:00:00Z"
            write_atomic(out / f"{plan_id}-so-sanh.docx", redline(mine, theirs, date))
            written += 1
    report.info(f"So sánh (Track Changes): {written} tệp trong {out}/.")
