"""``check --fix``: make the mechanical fixes of the review rules in the plan files.

Only the fields a finding names change (e.g. the Lưu line "NV, VT" becomes "VT, NV"); the file
is edited with ruamel.yaml, so comments, key order, quoting and layout stay as they were. Two
rules may fix the same field (a subject that repeats "Kế hoạch" and ends with a period): each
round fixes a field once, then the plans are checked again, until nothing is left to fix.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

from ruamel.yaml.scalarstring import ScalarString

from ..intake.emit import yaml_round_trip
from ..plans.corpus import Corpus
from ..plans.lint import Finding, fixes
from ..reporting import Report
from .check import load_and_validate
from .staging import write_checked

MAX_ROUNDS = 5


def fix(corpus: Corpus, plans_dir: Path, plan_id: str | None, report: Report) -> int:
    """Apply every fix (of ``plan_id`` only, when given); the number of files changed."""
    done: dict[str, Counter] = {}
    for _ in range(MAX_ROUNDS):
        found = fixes(corpus, [plan_id] if plan_id else None)
        if not found:
            break
        writes = {}
        for file, findings in sorted(found.items()):
            once = list({f.path: f for f in reversed(findings)}.values())  # the first finding of each field
            writes[Path(file)] = _fixed(Path(file), once)
            done.setdefault(file, Counter()).update(f.rule for f in once)
        write_checked(plans_dir, writes, report, "check --fix")  # a fix that breaks a plan is never written
        corpus = load_and_validate(plans_dir, plan_id, report)
    for file, rules in sorted(done.items()):
        report.info(f"Đã sửa {file}: {sum(rules.values())} chỗ ({', '.join(sorted(rules))}).")
    return len(done)


def _fixed(path: Path, findings: list[Finding]) -> str:
    """The file's new text with ``findings`` fixed."""
    yaml = yaml_round_trip()
    data = yaml.load(path.read_text(encoding="utf-8"))
    for finding in findings:
        _set(data, finding.path, finding.fix)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _set(data, path: tuple, value) -> None:
    """Set the scalar at ``path``, in the quoting style it had."""
    container = data
    for part in path[:-1]:
        container = container[part]
    old = container[path[-1]]
    if isinstance(old, ScalarString) and isinstance(value, str):
        value = type(old)(value)
    container[path[-1]] = value
