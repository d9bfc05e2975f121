"""``python build.py conformance ID``: how the subordinate units' plans carry out what a
parent's plan assigns them, and which units of the registry have no plan yet."""

from __future__ import annotations

import argparse

from ..reporting import Report
from . import common

NAME = "conformance"
HELP = "các đơn vị cấp dưới thực hiện việc cấp trên giao thế nào"
NEEDS = "id kế hoạch cấp trên, ví dụ: python build.py conformance ha-noi-2025"
EPILOG = """\
Ví dụ:
  python build.py conformance ha-noi-2025
  python build.py conformance ha-noi-2025 --format json      (hoặc --format github)
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("plan_id", nargs="?", metavar="ID", help="id kế hoạch cấp trên")
    common.registry(p)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.check import load_and_validate, load_units
    from ..pipeline.conformance import conformance

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    options = common.build_options(args)
    common.known_plans(options, (plan_id, NAME))
    with report.stage("load"):
        corpus = load_and_validate(options.plans_dir, None, report)  # a parent's children
    return conformance(corpus, load_units(options.units_dir, corpus), plan_id, args.format)
