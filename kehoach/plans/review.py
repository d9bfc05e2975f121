"""The review of resolved plans: every warning of the review rules (:mod:`kehoach.plans.rules`),
from the Decree 30 content linter and from the conformance check, in one sorted list."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem
from .conformance import conformance_review
from .corpus import Corpus
from .lint import lint


def all_warnings(corpus: Corpus, plan_ids: Iterable[str] | None = None) -> list[Problem]:
    """The warnings of the real plans (or of ``plan_ids``), placed; silenced rules left out."""
    wanted = set(plan_ids) if plan_ids is not None else None
    return sorted(lint(corpus, wanted) + conformance_review(corpus, wanted))
