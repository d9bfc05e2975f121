"""The site's source pages alone, from the plans, for MkDocs' own commands.

``mkdocs build`` and ``mkdocs serve`` (through :mod:`kehoach.mkdocs_hook`) and the preview of
``python build.py serve`` write the pages with this; only ``python build.py`` also writes the
DOCX (and keeps the build cache).
"""

from __future__ import annotations

from pathlib import Path

from ..plans.corpus import Corpus
from ..plans.ledger import Ledger
from ..plans.registry import Registry
from ..plans.review import warnings
from ..site.generate import generate, write_docs
from ..site.review import Reviews
from .check import load_and_validate, load_progress, load_units


def load_site_inputs(
    plans_dir: Path, units_dir: Path, progress_dir: Path, report
) -> tuple[Corpus, Registry, dict[str, Ledger]]:
    """The checked plans, the registry of units and the ledgers; raises PlanError on any error."""
    corpus = load_and_validate(plans_dir, None, report)  # no gc.freeze: serve reloads must free the old
    return corpus, load_units(units_dir), load_progress(progress_dir, corpus)


def write_pages(corpus: Corpus, registry: Registry, ledgers: dict[str, Ledger], dist: Path, docs: Path) -> list[str]:
    """Write every page source into ``docs`` (stale ones removed); the ids of the real plans."""
    write_docs(
        generate(corpus, dist, reviews=Reviews(corpus, registry, warnings(corpus), ledgers), ledgers=ledgers), docs
    )
    return [p.id for p in corpus.real()]
