"""``python build.py list``: every plan, as the tree of who extends whom."""

from __future__ import annotations

import argparse

from ..reporting import Report
from . import common

NAME = "list"
HELP = "liệt kê các kế hoạch và cấp trên của chúng"
EPILOG = """\
Ví dụ:
  python build.py list
  python build.py list --json
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("--json", action="store_true", help="in JSON")


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.check import load_and_validate
    from ..pipeline.show import list_plans

    options = common.build_options(args)
    with report.stage("load"):
        corpus = load_and_validate(options.plans_dir, None, report)
    return list_plans(corpus, args.json)
