"""Results of pure functions of a resolved plan, remembered per plan object.

A resolved :class:`~kehoach.plans.model.Plan` never changes, and several stages ask the same
questions of it (where each item stands, which items assign work): :func:`per_plan` computes
each answer once. The memory is keyed by the plan object (the plan is held with its answer, so
its id cannot be reused) and let go past 50,000 plans, e.g. in a long ``serve``. Callers must
not change what they get back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")
LIMIT = 50_000


def per_plan(function: Callable[..., T]) -> Callable[..., T]:
    remembered: dict[int, tuple[object, T]] = {}

    @wraps(function)
    def wrapper(plan: Any) -> T:
        hit = remembered.get(id(plan))
        if hit is not None and hit[0] is plan:
            return hit[1]
        if len(remembered) > LIMIT:
            remembered.clear()
        result = function(plan)
        remembered[id(plan)] = (plan, result)
        return result

    return wrapper
