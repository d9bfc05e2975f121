"""Check, then write: a command that writes plan files (``import``, ``import --into``, ``new``,
``rebase``, ``check --fix``) first checks the whole corpus with the new texts in place, in
memory, and writes them only when that adds no problem; each file is then written atomically
under its lock (:mod:`kehoach.lock`). On any problem the plans folder is untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..boundary import inside
from ..errors import PlanError, Problem
from ..lock import held_all
from ..outputs import write_atomic
from ..reporting import Report
from .check import load_and_validate


def _key(p: Problem) -> tuple:
    return (p.file, p.line, p.col, p.message)


def check_staged(plans_dir: Path, writes: dict[Path, str], report: Report) -> None:
    """Raise PlanError with the problems the plans would have with ``writes`` in place (by path:
    new text) that they do not have now; files outside ``plans_dir`` are not plans."""
    staged = {os.path.abspath(p): t.encode("utf-8") for p, t in writes.items() if inside(p.parent, plans_dir)}
    if not staged:
        return
    try:
        load_and_validate(plans_dir, None, report, staged=staged)
    except PlanError as after:
        try:
            load_and_validate(plans_dir, None, report)
            before: set = set()
        except PlanError as now:
            before = {_key(p) for p in now.problems}
        added = [p for p in after.problems if _key(p) not in before]
        if added:
            raise PlanError(added) from None


def write_checked(plans_dir: Path, writes: dict[Path, str], report: Report, command: str) -> None:
    """:func:`check_staged`, then each file written atomically, all under their locks."""
    with held_all(list(writes), command):
        check_staged(plans_dir, writes, report)
        for path, text in writes.items():
            write_atomic(path, text.encode("utf-8"))
