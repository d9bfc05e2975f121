"""The build: gather and check everything first, then write outputs atomically."""

from __future__ import annotations

from pathlib import Path

from .corpus import Corpus, load_corpus
from .errors import Problems
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


def build_outputs(corpus: Corpus, args, report) -> int:
    report.info(f"Đã kiểm tra {len(corpus.plans)} kế hoạch: không có lỗi.")
    return 0
