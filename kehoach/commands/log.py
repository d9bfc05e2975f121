"""``python build.py log ID TASK``: record one thing done against a plan's task in its ledger,
``progress/<id>.yaml``, for the quarterly report."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK
from ..reporting import Report
from . import common
from .usage import integer

NAME = "log"
HELP = "ghi một việc đã làm vào sổ theo dõi"
NEEDS = 'id kế hoạch và việc, ví dụ: python build.py log ha-noi-ttpvhcc-2025 tin-bai-trang-thanh-pho --title "…"'
EPILOG = """\
Ví dụ:
  python build.py log ha-noi-ttpvhcc-2025 tin-bai-trang-thanh-pho --title "Một cửa liên thông" \\
      --date 25/02/2025 --link https://…
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("plan_id", nargs="?", metavar="ID", help="id kế hoạch")
    p.add_argument("task", nargs="?", metavar="VIỆC", help="việc được tính (khóa dòng phụ lục hoặc đường khóa của mục)")
    p.add_argument("--title", default="", metavar="TÊN", help="việc đã làm, ví dụ tên tin/bài")
    p.add_argument("--date", metavar="NGÀY", help="ngày thực hiện dd/mm/yyyy (mặc định: hôm nay)")
    p.add_argument("--link", default="", metavar="URL", help="đường dẫn http(s) tới bài đã đăng")
    p.add_argument("--count", type=integer, default=1, metavar="N", help="số lượng (mặc định 1)")
    p.add_argument("--evidence", default="", metavar="GHI-CHÚ", help="minh chứng")
    common.ledgers(p)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.check import load_and_validate
    from ..pipeline.log import log_entry

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    task = common.needs(args.task, NAME, NEEDS)
    options = common.build_options(args)
    common.known_plans(options, (plan_id, NAME))
    with report.stage("load"):
        corpus = load_and_validate(options.plans_dir, plan_id, report)
    log_entry(
        corpus, options.progress_dir, plan_id, task, args.title, args.date, args.link, args.count, args.evidence, report
    )
    return EXIT_OK
