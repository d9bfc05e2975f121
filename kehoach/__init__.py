"""kehoach: plans for communicating administrative reform, written as code.

A *kế hoạch* (plan) is a YAML file in ``plans/``. It states only what differs from the
parent plan it implements. The package loads every plan, resolves inheritance, validates
the result and renders each plan as an official DOCX (Decree 30/2020/NĐ-CP) and as pages of
a MkDocs Material site. Data flows one way: source → inheritance → validation → render.

The few functions another program needs are below (:data:`__all__`); each imports what it uses
when called, so ``import kehoach`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import Problem
    from .pipeline.options import BuildOptions
    from .plans.corpus import Corpus
    from .plans.model import Plan

__version__ = "0.1.0"
__all__ = ["build", "load", "render_docx", "review"]


def load(plans_dir: str | Path = "plans") -> Corpus:
    """Every plan of ``plans_dir``, resolved and checked; raises :class:`kehoach.errors.PlanError`
    (its ``problems``: file, line, column, message, hint) when a plan has errors."""
    from .pipeline.check import load_and_validate
    from .reporting import Silent

    return load_and_validate(Path(plans_dir), None, Silent())


def review(corpus: Corpus, plan_ids: Any = None) -> list[Problem]:
    """The review rules' warnings (Decree 30 content, work the parent assigns), of every plan or of ``plan_ids``."""
    from .plans.review import all_warnings

    return all_warnings(corpus, plan_ids)


def render_docx(plan: Plan) -> bytes:
    """A resolved plan as the DOCX bytes of the official format (the same bytes ``build`` writes)."""
    from .render.docx import render

    return render(plan)


def build(options: BuildOptions | None = None, **folders: Any) -> None:
    """What ``python build.py`` does: check, then write the DOCX and the site, redoing only what
    changed. ``folders`` are :class:`kehoach.pipeline.options.BuildOptions` fields (``out=``,
    ``site_dir=``, ``site=False`` …)."""
    from .pipeline.build import build as run_build
    from .pipeline.options import BuildOptions
    from .reporting import Silent

    given: dict[str, Any] = {k: Path(v) if isinstance(v, str) else v for k, v in folders.items()}
    run_build(options or BuildOptions(**given), Silent())
