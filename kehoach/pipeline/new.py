"""``python build.py new ID --extends PARENT``: write a child plan's scaffold and check it; without
``--extends``, a plan with no parent (a province's own, the first of a new repository)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import OutputError, UsageError
from ..intake.scaffold import NewPlan, scaffold, top_scaffold
from ..paths import program, schema_ref
from ..plans.corpus import ID_PATTERN
from ..reporting import Report
from .check import load_and_validate, plans_by_id
from .options import BuildOptions
from .staging import write_checked


def new_plan(
    options: BuildOptions, new: NewPlan, parent_id: str | None, force: bool, report: Report, year: int | None = None
) -> Path:
    """Write plans/<parent's folder>/<id>.yaml (without a parent: plans/<id without its year>/<id>.yaml)
    and check it; returns its path."""
    if not ID_PATTERN.match(new.plan_id):
        raise UsageError(
            f"'{new.plan_id}' không dùng được làm id kế hoạch: chỉ chữ thường không dấu, số và '-', "
            "ví dụ 'dinh-cong-2025'."
        )
    if not parent_id:
        return _new_top(options, new, force, report, year)
    files = plans_by_id(options.plans_dir, (parent_id, "--extends"))
    target = files[parent_id].parent / f"{new.plan_id}.yaml"
    _refuse_overwrite(files, new.plan_id, force)
    if new.plan_id in files:
        target = files[new.plan_id]
    parent = load_and_validate(options.plans_dir, parent_id, report, files).plans[parent_id]
    write_checked(options.plans_dir, {target: scaffold(parent, new, schema_ref(target))}, report, f"new {new.plan_id}")
    report.info(
        f"Đã tạo {target}: kế hoạch nháp kế thừa mọi mục của '{parent_id}'. Điền những chỗ \"…\", rồi dựng thử: "
        f"{program()} --plan {new.plan_id}"
    )
    return target


def _new_top(options: BuildOptions, new: NewPlan, force: bool, report: Report, year: int | None) -> Path:
    if not new.code and not new.unit:
        raise UsageError(
            "Lệnh 'new' cần kế hoạch cấp trên (--extends ID), hoặc, cho kế hoạch không có cấp trên (của tỉnh), "
            "đơn vị ban hành: --unit-code 01, hay 'province' trong kehoach.yml. "
            f"Ví dụ: {program()} new ha-noi-2027 --unit-code 01"
        )
    ends = re.search(r"-(\d{4})$", new.plan_id)
    year = year or (int(ends.group(1)) if ends else None)
    if year is None:
        raise UsageError(f"Lệnh 'new': id '{new.plan_id}' không kết thúc bằng năm; ghi --year, ví dụ --year 2027.")
    files = plans_by_id(options.plans_dir) if options.plans_dir.is_dir() else {}
    _refuse_overwrite(files, new.plan_id, force)
    folder = new.plan_id[: ends.start()] if ends else new.plan_id
    target = files.get(new.plan_id) or options.plans_dir / folder / f"{new.plan_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_checked(
        options.plans_dir, {target: top_scaffold(new, year, schema_ref(target))}, report, f"new {new.plan_id}"
    )
    report.info(
        f'Đã tạo {target}: kế hoạch nháp năm {year}, không có cấp trên. Điền những chỗ "…", rồi dựng thử: '
        f"{program()} --plan {new.plan_id}"
    )
    return target


def _refuse_overwrite(files: dict[str, Path], plan_id: str, force: bool) -> None:
    if plan_id in files and not force:
        raise OutputError(
            f"Đã có kế hoạch '{plan_id}' ({files[plan_id]}); không ghi đè. Thêm --force nếu muốn thay nó."
        )
