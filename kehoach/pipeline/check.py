"""Loading, resolving and validating plans as one step, with every problem placed and raised."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import PlanError, Problem, Problems, UsageError
from ..paths import program
from ..plans.corpus import Corpus, Kept, load_corpus, plan_files
from ..plans.ledger import Ledger, load_ledgers
from ..plans.locate import place
from ..plans.registry import Registry, check_units, load_registry
from ..plans.validation import duplicate_numbers, issued, validate
from ..reporting import Report
from ..text.vietnamese import did_you_mean


@contextmanager
def _without_cycle_collector(freeze: bool):
    """Pause Python's cycle collector while the corpus is built; with ``freeze``, freeze it.

    Loading allocates millions of small, long-lived objects and no reference cycles; the
    collector would scan them again and again (about 40% of the loading time at 5,000
    plans). A build freezes what it loaded: later collections skip it, and the DOCX workers
    forked afterwards share its pages. A long-running preview freezes too, and unfreezes, collects
    and freezes again what it keeps a moment after each reload (:meth:`kehoach.pipeline.serve.Preview.tidy`),
    so what the last build left is freed.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def plans_folder(plans_dir: Path) -> Problems:
    """A fresh problem list; raises PlanError at once if the plans folder does not exist."""
    problems = Problems()
    if not plans_dir.is_dir():
        problems.add(
            str(plans_dir),
            (1, 1),
            "",
            f"không có thư mục kế hoạch '{plans_dir}'",
            "Chạy lệnh trong thư mục gốc của kho, hoặc chỉ rõ bằng --plans-dir.",
        )
        problems.raise_if_any()
    return problems


def plans_by_id(plans_dir: Path, *wanted: tuple[str, str]) -> dict[str, Path]:
    """Every plan file by id; raises UsageError for each ``(id, option)`` that names none of them.

    The message names the option the id came from (``--extends``, ``show`` …) and the nearest id.
    """
    files = plan_files(plans_dir, plans_folder(plans_dir))
    for plan_id, option in wanted:
        if plan_id not in files:
            hint = did_you_mean(plan_id, files)
            raise UsageError(
                f"{option}: không có kế hoạch '{plan_id}' trong {plans_dir}/. Gợi ý: {hint + ' ' if hint else ''}"
                f"Xem danh sách bằng '{program()} list'."
            )
    return files


def load_and_validate(
    plans_dir: Path,
    only: str | Iterable[str] | None,
    report: Report,
    files: dict[str, Path] | None = None,
    freeze: bool = False,
    staged: dict[str, bytes] | None = None,
    kept: Kept | None = None,
) -> Corpus:
    """Load, resolve and validate; raises PlanError with every problem found.

    ``only`` limits the work to some plans and their ancestors; ``staged`` gives files about to
    be written; ``kept``: plans loaded and checked earlier, taken as they are when their files
    are unchanged (see :func:`load_corpus`).
    """
    with _without_cycle_collector(freeze):
        problems = plans_folder(plans_dir)
        corpus = load_corpus(plans_dir, problems, only, files, staged, kept)
        old = kept.corpus.plans if kept is not None else {}
        validate(corpus, problems, [pid for pid, plan in corpus.plans.items() if old.get(pid) is not plan])
        if only is None:  # the whole corpus: every number can be compared (else see Build.run)
            duplicate_numbers(issued(corpus), problems)
        problems.items = place(problems.items, corpus.plans)
        problems.raise_if_any()
    report.detail(f"đã đọc và kiểm tra {len(corpus.plans)} kế hoạch ({report.elapsed()})")
    return corpus


def load_units(units_dir: Path, corpus: Corpus | None = None) -> Registry:
    """The registry of units (``units/``, on the map); raises PlanError for a broken registry file,
    and, given the plans, for a plan whose unit the map or the registry contradicts (see
    :func:`registry.check_units`)."""
    problems = Problems()
    registry = load_registry(units_dir, problems)
    problems.raise_if_any()
    if corpus is not None:
        found = check_units(corpus, registry)
        if found:
            raise PlanError(found)
    return registry


def load_progress(
    progress_dir: Path,
    corpus: Corpus,
    only: str | Collection[str] | None = None,
    digests: Mapping[str, str] | None = None,
) -> dict[str, Ledger]:
    """The ledgers (``progress/``, or only those of ``only``: a plan, or several) checked against
    the resolved plans; raises PlanError. ``digests``: of the ledger files, when known (see
    :func:`~kehoach.plans.ledger.load_ledgers`)."""
    problems = Problems()
    ledgers = load_ledgers(progress_dir, corpus, problems, only, digests)
    problems.raise_if_any()
    return ledgers


def strict(warnings: list[Problem]) -> None:
    """``--strict``: warnings are errors (raises PlanError, nothing is written)."""
    if warnings:
        raise PlanError([w.as_error() for w in warnings])
