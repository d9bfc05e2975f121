"""``log ID TASK --title "…" [--date dd/mm/yyyy] [--link URL] [--count N] [--evidence "…"]``: add one
entry to a plan's ledger (``progress/<id>.yaml``) without editing YAML by hand.

The file is created when missing; otherwise the entry is appended with ruamel.yaml, so the
file's comments and layout stay. The ledger with the new entry is checked before it is written:
a wrong task, a date outside the plan's year or a link that is not http(s) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import PlanError, Problems, UsageError
from ..intake.emit import yaml_round_trip
from ..lock import held
from ..outputs import write_atomic
from ..paths import PROGRESS_SCHEMA, program, schema_ref
from ..plans.corpus import Corpus, display_path
from ..plans.ledger import check_ledger, task_paths
from ..plans.source import load_bytes
from ..reporting import Report
from ..text.deadline import parse_date
from ..text.vietnamese import did_you_mean, slug

HEADER = """\
# yaml-language-server: $schema={schema}
#
# Sổ theo dõi thực hiện kế hoạch '{id}': mỗi việc đã làm một mục (khóa, việc được tính, ngày, tên
# việc, số lượng, đường dẫn, minh chứng). Thêm bằng: python build.py log {id} <việc> --title "…"
"""


def log_entry(  # noqa: PLR0913
    corpus: Corpus,
    folder: Path,
    plan_id: str,
    task: str,
    title: str,
    date: str | None,
    link: str,
    count: int,
    evidence: str,
    report: Report,
) -> Path:
    plan = corpus.plans[plan_id]
    tasks = task_paths(plan)
    if task not in tasks:
        hint = did_you_mean(task, set(tasks)) or f"Xem các khóa bằng '{program()} show {plan_id}'."
        raise UsageError(f"log: kế hoạch '{plan_id}' không có việc '{task}'. Gợi ý: {hint}")
    if not title.strip():
        raise UsageError('log: cần --title, ví dụ --title "Đăng tin về dịch vụ công trực tuyến"')
    try:
        day = parse_date(date) if date else dt.date.today()
    except ValueError:
        raise UsageError(f"log: --date '{date}' không phải ngày dd/mm/yyyy có thật") from None
    path = folder / f"{plan_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    with held(path, f"log {plan_id} {task}"):  # ten clerks logging at once: each entry kept
        key = _append(path, corpus, plan_id, task, title, day, link, count, evidence)
    report.info(f"Đã ghi vào {path}: {key} ({task}, {day:%d/%m/%Y}).")
    return path


def _check(text: str, path: Path, corpus: Corpus, plan_id: str) -> None:
    problems = Problems()
    source = load_bytes(text.encode("utf-8"), display_path(path), problems)
    if source is not None:
        check_ledger(source, plan_id, corpus, problems)
    if problems:
        raise PlanError(problems.items)


def _append(  # noqa: PLR0913
    path: Path, corpus: Corpus, plan_id: str, task: str, title: str, day: dt.date, link: str, count: int, evidence: str
) -> str:
    """Add the entry to the ledger on disk (checked before and after); returns its key."""
    yaml = yaml_round_trip()
    if path.exists():
        text = path.read_text(encoding="utf-8")
        _check(text, path, corpus, plan_id)  # a broken ledger is reported as the build reports it
    else:
        text = HEADER.format(id=plan_id, schema=schema_ref(path, PROGRESS_SCHEMA)) + "entries: []\n"
    data = yaml.load(text)
    entries = data.get("entries")
    if not isinstance(entries, list):
        entries = data["entries"] = CommentedSeq()
    taken = {e.get("key") for e in entries if isinstance(e, dict)}
    base = f"{slug(task.split('/')[-1])[:30]}-{day:%m%d}"
    key = next(k for k in (base if n == 1 else f"{base}-{n}" for n in range(1, 10_000)) if k not in taken)
    entry = CommentedMap([("key", key), ("task", task), ("date", f"{day:%d/%m/%Y}"), ("title", title.strip())])
    if count != 1:
        entry["count"] = count
    if link:
        entry["link"] = link
    if evidence:
        entry["evidence"] = evidence
    entries.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    new_text = out.getvalue().replace("entries: []\n", "entries:\n") if not entries else out.getvalue()
    _check(new_text, path, corpus, plan_id)
    write_atomic(path, new_text.encode("utf-8"))
    return key
