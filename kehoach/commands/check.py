"""``python build.py check``: check every plan, the registry of units and the ledgers, and
print the review rules' warnings; writes nothing unless ``--fix`` is given."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "check"
HELP = "chỉ kiểm tra (như --check)"
EPILOG = """\
Ví dụ:
  python build.py check
  python build.py check --fix                 (sửa tự động các cảnh báo sửa được, như thứ tự dòng Lưu)
  python build.py check --strict              (coi cảnh báo là lỗi)
  python build.py --check --format github     (chú thích trên pull request)
  python build.py check -v                    (thêm chỉ tiêu đọc được từ câu chữ)
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("--plan", metavar="ID", help="chỉ kiểm tra kế hoạch ID (và các cấp trên nó cần)")
    p.add_argument(
        "--fix",
        action="store_true",
        help="sửa trong YAML các cảnh báo sửa được tự động (giữ nguyên phần còn lại của tệp)",
    )
    common.registry(p)
    common.ledgers(p)
    common.strict(p)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.check import load_and_validate, load_progress, load_units, strict
    from ..plans.review import all_warnings

    options = common.build_options(args)
    common.known_plans(options, (args.plan, "--plan"))
    with report.stage("load"):
        corpus = load_and_validate(options.plans_dir, args.plan, report)
    # a broken ledger or registry is an error of the check (with --plan, only that plan's ledger is read)
    load_progress(options.progress_dir, corpus, args.plan)
    load_units(options.units_dir, corpus)
    if args.fix:
        from ..pipeline.fix import fix

        if fix(corpus, options.plans_dir, args.plan, report):
            corpus = load_and_validate(options.plans_dir, args.plan, report)
    warnings = all_warnings(corpus, [args.plan] if args.plan else None)
    if args.verbose:
        _suggest_targets(corpus, args.plan, report)
    if options.strict:
        strict(warnings)
    report.warnings(warnings)
    said = f", {len(warnings)} cảnh báo" if warnings else ""
    report.info(f"Đã kiểm tra {len(corpus.plans)} kế hoạch: không có lỗi{said} ({report.elapsed()}).")
    return EXIT_OK


def _suggest_targets(corpus, plan_id: str | None, report: Report) -> None:
    """``check -v``: the quotas read from the words, to write down as ``target:`` if wanted."""
    from ..plans.progress import suggested_targets

    for plan in corpus.real():
        if plan_id and plan.id != plan_id:
            continue
        for file, line, col, where, targets in suggested_targets(plan):
            written = ", ".join(f"{{count: {t.count}, what: {t.what}, per: {t.per}}}" for t in targets)
            report.detail(
                f"{file}:{line}:{col}: {where}: đọc được chỉ tiêu {'; '.join(t.wording() for t in targets)} từ câu chữ; "
                f"muốn cố định thì ghi target: {written if len(targets) == 1 else '[' + written + ']'}"
            )
