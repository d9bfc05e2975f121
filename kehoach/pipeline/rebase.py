"""``python build.py rebase ID --onto NEW_PARENT --id NEW_ID``: next year's plan of a unit."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import OutputError, UsageError
from ..intake.emit import plan_yaml
from ..intake.rebase import rebase
from ..paths import SCHEMA
from ..plans.corpus import ID_PATTERN
from ..reporting import Report
from .check import load_and_validate, plans_by_id
from .options import BuildOptions
from .staging import write_checked


def rebase_plan(
    options: BuildOptions, plan_id: str, onto: str | None, new_id: str | None, force: bool, report: Report
) -> Path:
    if not onto or not new_id:
        raise UsageError(
            "Lệnh 'rebase' cần kế hoạch cấp trên mới và id mới, ví dụ: "
            "python build.py rebase thinh-liet-2024 --onto hoang-mai-2025 --id thinh-liet-2025"
        )
    if not ID_PATTERN.match(new_id):
        raise UsageError(f"--id: '{new_id}' không dùng được làm id kế hoạch: chỉ chữ thường không dấu, số và '-'.")
    files = plans_by_id(options.plans_dir, (plan_id, "rebase"), (onto, "--onto"))
    corpus = load_and_validate(options.plans_dir, [plan_id, onto], report, files)
    child = corpus.plans[plan_id]
    if not child.extends:
        raise UsageError(f"rebase: kế hoạch '{plan_id}' không kế thừa kế hoạch nào; dùng 'new' hoặc sửa tệp.")
    data, conflicts, commented = rebase(corpus.sources[plan_id], child, corpus.plans[child.extends], corpus.plans[onto])
    target = files[plan_id].parent / f"{new_id}.yaml"
    if new_id in files and not force:
        raise OutputError(f"Đã có kế hoạch '{new_id}' ({files[new_id]}); không ghi đè. Thêm --force nếu muốn thay nó.")
    header = [
        f"Kế hoạch năm {corpus.plans[onto].year}, chuyển từ '{plan_id}' (thực hiện '{child.extends}') sang "
        f"'{onto}' bằng 'python build.py rebase'.",
        *(f"XUNG ĐỘT {c.format(child.file)}" for c in conflicts),
    ]
    text = plan_yaml(data, os.path.relpath(SCHEMA, target.parent.resolve()), header)
    if commented:
        text += "\n# Phần sửa mục mà kế hoạch cấp trên mới không còn (chuyển vào chỗ phù hợp hoặc xóa):\n"
        text += "".join(f"# {line}\n" for line in commented)
    write_checked(options.plans_dir, {target: text}, report, f"rebase {plan_id}")
    report.info(f"Đã ghi {target}: kế hoạch '{new_id}' thực hiện '{onto}', {len(conflicts)} chỗ cần xem lại.")
    for c in conflicts:
        report.info(f"  {c.format(child.file)}")
    report.info(f"Kiểm tra '{new_id}' cùng cả kho trước khi ghi: không có lỗi.")
    return target
