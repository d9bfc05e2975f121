"""``python build.py new ID --extends PARENT``: write a child plan's scaffold and check it."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError, UsageError
from ..intake.scaffold import NewPlan, scaffold
from ..plans.corpus import ID_PATTERN
from ..reporting import Report
from .check import load_and_validate, plans_by_id
from .options import BuildOptions
from .staging import write_checked


def new_plan(options: BuildOptions, new: NewPlan, parent_id: str | None, force: bool, report: Report) -> Path:
    """Write plans/<parent's folder>/<id>.yaml and check it; returns its path."""
    if not parent_id:
        raise UsageError(
            "Lệnh 'new' cần kế hoạch cấp trên, ví dụ: python build.py new dinh-cong-2025 --extends ha-noi-2025"
        )
    if not ID_PATTERN.match(new.plan_id):
        raise UsageError(
            f"'{new.plan_id}' không dùng được làm id kế hoạch: chỉ chữ thường không dấu, số và '-', "
            "ví dụ 'dinh-cong-2025'."
        )
    files = plans_by_id(options.plans_dir, (parent_id, "--extends"))
    target = files[parent_id].parent / f"{new.plan_id}.yaml"
    if new.plan_id in files and not force:
        raise OutputError(
            f"Đã có kế hoạch '{new.plan_id}' ({files[new.plan_id]}); không ghi đè. Thêm --force nếu muốn thay nó."
        )
    if new.plan_id in files:
        target = files[new.plan_id]
    parent = load_and_validate(options.plans_dir, parent_id, report, files).plans[parent_id]
    write_checked(options.plans_dir, {target: scaffold(parent, new)}, report, f"new {new.plan_id}")  # passes as it is
    report.info(
        f"Đã tạo {target}: kế hoạch nháp kế thừa mọi mục của '{parent_id}'. Điền những chỗ \"…\", rồi dựng thử: "
        f"python build.py --plan {new.plan_id}"
    )
    return target
