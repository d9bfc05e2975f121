"""``python build.py report ID --period P``: the report on a plan's results for a period
(quarter I, six months, nine months, the year), as DOCX to sign or as JSON."""

from __future__ import annotations

import argparse

from ..reporting import Report
from . import common
from .usage import integer

NAME = "report"
HELP = "báo cáo kết quả thực hiện theo kỳ"
NEEDS = "id kế hoạch, ví dụ: python build.py report ha-noi-ttpvhcc-2025 --period quy-1"
PERIODS = ("quy-1", "6-thang", "9-thang", "nam")
EPILOG = """\
Ví dụ:
  python build.py report ha-noi-ttpvhcc-2025 --period quy-1            (DOCX trong dist/)
  python build.py report ha-noi-ttpvhcc-2025 --period nam --format json
  python build.py report ha-noi-2025 --period 6-thang --with-children
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("plan_id", nargs="?", metavar="ID", help="id kế hoạch")
    p.add_argument("--period", choices=PERIODS, help="kỳ báo cáo (quý I, 6 tháng, 9 tháng, năm)")
    p.add_argument("--year", type=integer, help="năm (mặc định: năm của kế hoạch)")
    p.add_argument("--with-children", action="store_true", help="cộng số liệu của các kế hoạch cấp dưới")
    common.outputs(p, site=False)
    common.ledgers(p)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.check import load_and_validate, load_progress
    from ..pipeline.report import report_command

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    period = common.needs(args.period, NAME, f"--period {'|'.join(PERIODS)}")
    options = common.build_options(args)
    common.known_plans(options, (plan_id, NAME))
    with report.stage("load"):
        corpus = load_and_validate(options.plans_dir, None, report)  # a parent's children
    ledgers = load_progress(options.progress_dir, corpus)
    return report_command(corpus, ledgers, options, plan_id, period, args.year, args.with_children, args.format, report)
