"""``python build.py redline ID``: a DOCX with Word's Track Changes showing how a plan differs
from its parent, another plan, or an earlier version of itself in git."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "redline"
HELP = "DOCX so sánh bằng Track Changes"
NEEDS = "id kế hoạch, ví dụ: python build.py redline ha-noi-ttpvhcc-2025"
EPILOG = """\
Ví dụ:
  python build.py redline ha-noi-ttpvhcc-2025                        (so với kế hoạch cấp trên)
  python build.py redline thinh-liet-2025 --against thinh-liet-2024  (so với kế hoạch khác)
  python build.py redline thinh-liet-2024 --against HEAD~1           (so với phiên bản git)
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("plan_id", nargs="?", metavar="ID", help="id kế hoạch")
    p.add_argument(
        "--against",
        default="parent",
        metavar="ĐỐI-CHIẾU",
        help="parent (mặc định), id kế hoạch khác, hoặc phiên bản git (HEAD~1, thẻ)",
    )
    common.outputs(p, site=False)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.redline import redline_plan

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    redline_plan(common.build_options(args), plan_id, args.against, report)
    return EXIT_OK
