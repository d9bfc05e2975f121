"""``check --fix``: make the mechanical fixes of the review rules in the plan files.

Only the fields a finding names change (e.g. the Lưu line "NV, VT" becomes "VT, NV"); the file
is edited with ruamel.yaml, so comments, key order, quoting and layout stay as they were.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml.scalarstring import ScalarString

from ..intake.into import yaml_round_trip
from ..outputs import write_atomic
from ..plans.corpus import Corpus
from ..plans.lint import fixes


def fix(corpus: Corpus, plan_id: str | None, report) -> int:
    """Apply every fix (of ``plan_id`` only, when given); the number of files changed."""
    changed = 0
    for file, found in sorted(fixes(corpus, [plan_id] if plan_id else None).items()):
        path = Path(file)
        yaml = yaml_round_trip()
        data = yaml.load(path.read_text(encoding="utf-8"))
        for finding in found:
            _set(data, finding.path, finding.fix)
        out = io.StringIO()
        yaml.dump(data, out)
        write_atomic(path, out.getvalue().encode("utf-8"))
        changed += 1
        rules = ", ".join(sorted({f.rule for f in found}))
        report.info(f"Đã sửa {file}: {len(found)} chỗ ({rules}).")
    return changed


def _set(data, path: tuple, value) -> None:
    """Set the scalar at ``path``, in the quoting style it had."""
    container = data
    for part in path[:-1]:
        container = container[part]
    old = container[path[-1]]
    if isinstance(old, ScalarString) and isinstance(value, str):
        value = type(old)(value)
    container[path[-1]] = value
