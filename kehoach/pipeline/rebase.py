"""``python build.py rebase ID --onto NEW_PARENT --id NEW_ID``: next year's plan of a unit."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError, UsageError
from ..intake.emit import plan_yaml
from ..intake.rebase import Conflict, leave_out_others, merge, next_year, onto_unit, rebase
from ..paths import program, schema_ref
from ..plans.corpus import ID_PATTERN
from ..plans.map import places
from ..reporting import Report
from .check import load_and_validate, plans_by_id
from .options import BuildOptions
from .staging import write_checked


def rebase_plan(
    options: BuildOptions,
    plan_id: str | list[str],
    onto: str | None,
    new_id: str | None,
    force: bool,
    report: Report,
    code: str = "",
) -> Path:
    """Write next year's plan of ``plan_id``: onto ``onto`` (a parent's new plan), or, for a plan
    with no parent, the same plan a year on; with ``code``, as the plan of that unit of the map.
    Several old plans (the units merged into the unit of ``code``) are folded into one."""
    olds = [plan_id] if isinstance(plan_id, str) else list(plan_id)
    if not new_id:
        raise UsageError(
            "Lệnh 'rebase' cần id mới, ví dụ: "
            f"{program()} rebase thinh-liet-2024 --onto ha-noi-2027 --unit-code 00319 --id hoang-mai-2027"
        )
    if not ID_PATTERN.match(new_id):
        raise UsageError(f"--id: '{new_id}' không dùng được làm id kế hoạch: chỉ chữ thường không dấu, số và '-'.")
    if len(olds) > 1 and not (onto and code):
        raise UsageError(
            "rebase nhiều kế hoạch cũ (các đơn vị đã sắp xếp thành một) cần --onto và --unit-code của đơn vị mới, "
            f"ví dụ: {program()} rebase thinh-liet-2024 yen-so-2024 --onto ha-noi-2027 --unit-code 00319 "
            "--id hoang-mai-2027"
        )
    files = plans_by_id(options.plans_dir, *((old, "rebase") for old in olds), *(((onto, "--onto"),) if onto else ()))
    corpus = load_and_validate(options.plans_dir, olds + ([onto] if onto else []), report, files)
    first = corpus.plans[olds[0]]
    commented: list[str] = []
    conflicts: list[tuple[str, Conflict]] = []
    if not first.extends and not onto:
        year = _year_of(new_id, first.year + 1)
        data, found = next_year(corpus.sources[first.id], first, year)
        conflicts += [(first.file, c) for c in found]
        onto_text = f"cho năm {year}"
    else:
        data = {}
        for old in olds:
            child = corpus.plans[old]
            if not child.extends or not onto:
                raise UsageError(
                    f"rebase: '{old}' "
                    + (
                        "không kế thừa kế hoạch nào; bỏ --onto để chuyển sang năm sau."
                        if not child.extends
                        else f"kế thừa '{child.extends}'; ghi kế hoạch cấp trên mới bằng --onto."
                    )
                )
            rebased, found, kept = rebase(corpus.sources[old], child, corpus.plans[child.extends], corpus.plans[onto])
            conflicts += [(child.file, c) for c in found]
            commented += kept
            if not data:
                data = rebased
            else:
                more, lines = merge(data, rebased, corpus.sources[old], first.file)
                conflicts += [(child.file, c) for c in more]
                commented += lines
        onto_text = f"thực hiện '{onto}'"
    if code:
        official = places()[code]
        onto_unit(data, official)
        if onto:  # the unit carries out what is addressed to it: the rest is left out, with the reason
            left = leave_out_others(data, corpus.plans[onto], official.kind, (official.council,))
            if left:
                report.info(f"Bỏ {left} mục '{onto}' giao cho loại đơn vị khác (đã ghi lý do trong tệp).")
    target = files[olds[0]].parent / f"{new_id}.yaml"
    if new_id in files and not force:
        raise OutputError(f"Đã có kế hoạch '{new_id}' ({files[new_id]}); không ghi đè. Thêm --force nếu muốn thay nó.")
    source_names = " + ".join(f"'{old}'" for old in olds)
    header = [
        f"Kế hoạch năm {data.get('year') or corpus.plans[onto or olds[0]].year}, chuyển từ {source_names} "
        f"({onto_text}) bằng '{program()} rebase'.",
        *(f"XUNG ĐỘT {c.format(file)}" for file, c in conflicts),
    ]
    text = plan_yaml(data, schema_ref(target), header)
    if commented:
        text += "\n# Phần sửa mục mà kế hoạch cấp trên mới không còn, hoặc hai kế hoạch cũ sửa khác nhau:\n"
        text += "".join(f"# {line}\n" for line in commented)
    write_checked(options.plans_dir, {target: text}, report, f"rebase {' '.join(olds)}")
    report.info(f"Đã ghi {target}: kế hoạch '{new_id}' {onto_text}, {len(conflicts)} chỗ cần xem lại.")
    for file, c in conflicts:
        report.info(f"  {c.format(file)}")
    report.info(f"Kiểm tra '{new_id}' cùng cả kho trước khi ghi: không có lỗi.")
    return target


def _year_of(plan_id: str, default: int) -> int:
    """The year an id ends with ('ha-noi-2027' → 2027), else ``default``."""
    tail = plan_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() and len(tail) == 4 else default
