"""``python build.py redline ID [--against parent|OTHER_ID|GIT_REV]``: dist/<id>-so-sanh.docx."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..errors import OutputError, UsageError
from ..outputs import write_atomic
from ..plans.model import Plan
from ..render.docx import render
from ..render.redline import redline
from ..reporting import Report
from .check import load_and_validate, plans_by_id
from .options import BuildOptions


def _at_revision(options: BuildOptions, plan_id: str, revision: str, report: Report) -> Plan:
    """The plan as it was at a git revision: its plans folder checked out there, then resolved."""
    folder = options.plans_dir.resolve()
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        prefix = folder.relative_to(Path(top).resolve())
        names = subprocess.run(
            ["git", "-C", top, "ls-tree", "-r", "--name-only", revision, "--", str(prefix)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (subprocess.CalledProcessError, FileNotFoundError, ValueError) as exc:
        raise UsageError(
            f"--against: '{revision}' không phải kế hoạch cấp trên, id kế hoạch hay phiên bản git "
            "(ví dụ HEAD~1, một thẻ)."
        ) from exc
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            data = subprocess.run(["git", "-C", top, "show", f"{revision}:{name}"], capture_output=True, check=True)
            target = Path(tmp) / Path(name).relative_to(prefix)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.stdout)
        corpus = load_and_validate(Path(tmp), None, report)
        if plan_id not in corpus.plans:
            raise UsageError(f"--against: kế hoạch '{plan_id}' chưa có ở phiên bản '{revision}'.")
        return corpus.plans[plan_id]


def redline_plan(options: BuildOptions, plan_id: str, against: str, report: Report) -> Path:
    files = plans_by_id(options.plans_dir, (plan_id, "redline"))
    corpus = load_and_validate(options.plans_dir, None, report, files)
    plan = corpus.plans[plan_id]
    if against == "parent":
        if not plan.extends:
            raise UsageError(
                f"redline: '{plan_id}' không có kế hoạch cấp trên; dùng --against <id> hoặc <phiên bản git>."
            )
        other, what = corpus.plans[plan.extends], f"kế hoạch cấp trên '{plan.extends}'"
    elif against in corpus.plans:
        other, what = corpus.plans[against], f"kế hoạch '{against}'"
    else:
        other, what = _at_revision(options, plan_id, against, report), f"'{plan_id}' ở phiên bản {against}"
    if other.reference_only:
        raise OutputError(f"redline: {what} chỉ để trích dẫn (không có nội dung trong kho), không so sánh được.")
    when = plan.document.date
    date = f"{when.isoformat() if when else f'{plan.year}-01-01'}T00:00:00Z"
    data = redline(render(plan, options.template), render(other, options.template), date)
    target = options.out / f"{plan_id}-so-sanh.docx"
    write_atomic(target, data)
    report.info(f"Đã ghi {target}: {plan_id} so với {what}, mọi khác biệt là thay đổi có theo dõi (Track Changes).")
    return target
