"""The build: gather and check everything first, then write outputs atomically."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .corpus import Corpus, load_corpus
from .errors import Problems
from .outputs import remove_stale_temporaries, write_atomic
from .validation import validate


def load_and_validate(plans_dir: Path, only: str | None, report) -> Corpus:
    """Load, resolve and validate; raises PlanError with every problem found."""
    problems = Problems()
    if not plans_dir.is_dir():
        problems.add(str(plans_dir), (1, 1), "", f"không có thư mục kế hoạch '{plans_dir}'",
                     "Chạy lệnh trong thư mục gốc của kho, hoặc chỉ rõ bằng --plans-dir.")
        problems.raise_if_any()
    corpus = load_corpus(plans_dir, problems, only)
    validate(corpus, problems)
    problems.raise_if_any()
    report.detail(f"đã đọc và kiểm tra {len(corpus.plans)} kế hoạch ({report.elapsed()})")
    return corpus


def _render_one(plan):
    from .render_docx import render
    return plan.id, render(plan)


def render_all(plans: list, report, jobs: int | None = None):
    """DOCX bytes of every plan; on several cores when there are many plans."""
    jobs = jobs or os.cpu_count() or 1
    if len(plans) < 8 or jobs == 1:
        for n, plan in enumerate(plans, 1):
            yield _render_one(plan)
            report.progress(n, len(plans), "DOCX")
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for n, result in enumerate(pool.map(_render_one, plans, chunksize=max(1, len(plans) // (jobs * 8))), 1):
            yield result
            report.progress(n, len(plans), "DOCX")


def build_outputs(corpus: Corpus, args, report) -> int:
    """Write dist/<id>.docx (+ .json metadata, + .pdf on request) and the site."""
    from .export import metadata
    from .render_docx import TemplateProblem

    out = Path(args.out)
    remove_stale_temporaries(out)
    plans = [p for p in corpus.real() if not args.plan or p.id == args.plan]
    written = 0
    try:
        for plan_id, data in render_all(plans, report):
            plan = corpus.plans[plan_id]
            written += write_atomic(out / f"{plan_id}.docx", data)
            meta = json.dumps(metadata(plan), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            write_atomic(out / f"{plan_id}.json", meta.encode("utf-8"))
            report.detail(f"{plan_id}.docx")
    except TemplateProblem as exc:
        print(f"Lỗi mẫu DOCX: {exc}. Mở mẫu trong Word, gõ lại thẻ đó liền một lần (không sửa giữa chừng).",
              file=sys.stderr)
        return 3
    report.info(f"DOCX: {len(plans)} kế hoạch trong {out}/ ({written} tệp thay đổi).")
    code = 0
    if args.pdf:
        code = max(code, write_pdfs(plans, out, report))
    if not args.no_site:
        from .site import build_site
        code = max(code, build_site(corpus, Path(args.site_dir), out, report))
    report.info(f"Xong trong {report.elapsed()}.")
    return code


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
