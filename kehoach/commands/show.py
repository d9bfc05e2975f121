"""``python build.py show ID``: a plan resolved against its ancestors, each item with its
position (II.1.c), its key and where it comes from; or which kind of unit each task is for."""

from __future__ import annotations

import argparse

from ..reporting import Report
from . import common

NAME = "show"
HELP = "in một kế hoạch đã giải kế thừa, kèm nguồn gốc từng mục"
NEEDS = "id kế hoạch, ví dụ: python build.py show ha-noi-2025"
EPILOG = """\
Ví dụ:
  python build.py show ha-noi-ttpvhcc-2025          (từng mục với vị trí, khóa và nguồn gốc)
  python build.py show ha-noi-2025 --json           (dạng JSON)
  python build.py show ha-noi-2025 --for            (mỗi việc giao cho loại đơn vị nào)
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("plan_id", nargs="?", metavar="ID", help="id kế hoạch")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.add_argument("--origins", action="store_true", help="ghi nguồn gốc từng mục (mặc định khi không có --json)")
    p.add_argument(
        "--for",
        dest="addressees",
        action="store_true",
        help="in mỗi việc giao cho loại đơn vị nào (suy từ chủ trì/tên đơn vị, hoặc ghi ở 'for:')",
    )


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.check import load_and_validate
    from ..pipeline.show import show, show_for

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    options = common.build_options(args)
    common.known_plans(options, (plan_id, NAME))
    with report.stage("load"):
        corpus = load_and_validate(options.plans_dir, plan_id, report)
    if args.addressees:
        return show_for(corpus, plan_id)
    return show(corpus, plan_id, args.json, args.origins or not args.json)
