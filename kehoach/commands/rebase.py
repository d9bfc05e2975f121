"""``python build.py rebase ID --onto NEW-PARENT --id NEW-ID``: next year's plan, the same
unit's own changes carried onto the parent's new plan."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "rebase"
HELP = "kế hoạch năm sau theo kế hoạch cấp trên mới"
NEEDS = "id kế hoạch, ví dụ: python build.py rebase thinh-liet-2024 --onto hoang-mai-2025 --id thinh-liet-2025"
EPILOG = """\
Ví dụ:
  python build.py rebase thinh-liet-2024 --onto hoang-mai-2025 --id thinh-liet-2025
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("plan_id", nargs="?", metavar="ID", help="id của kế hoạch năm trước")
    p.add_argument("--onto", metavar="ID", help="id của kế hoạch cấp trên mới")
    p.add_argument("--id", dest="new_id", metavar="ID", help="id của kế hoạch mới")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.rebase import rebase_plan

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    rebase_plan(common.build_options(args), plan_id, args.onto, args.new_id, args.force, report)
    return EXIT_OK
