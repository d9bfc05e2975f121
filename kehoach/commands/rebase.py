"""``python build.py rebase ID --onto NEW-PARENT --id NEW-ID``: next year's plan, the same
unit's own changes carried onto the parent's new plan."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "rebase"
HELP = "kế hoạch năm sau theo kế hoạch cấp trên mới"
NEEDS = "id kế hoạch, ví dụ: python build.py rebase thinh-liet-2024 --onto ha-noi-2027 --unit-code 00319 --id hoang-mai-2027"
EPILOG = """\
Ví dụ:
  python build.py rebase ha-noi-2025 --id ha-noi-2027            (kế hoạch không có cấp trên: sang năm 2027)
  python build.py rebase thinh-liet-2024 --onto ha-noi-2027 --unit-code 00319 --id hoang-mai-2027
                                                        (phường cũ sang phường mới trên bản đồ từ 01/7/2025)
  python build.py rebase thinh-liet-2024 yen-so-2024 --onto ha-noi-2027 --unit-code 00319 --id hoang-mai-2027
                                                        (hai phường cũ sáp nhập thành Phường Hoàng Mai)
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument(
        "plan_id",
        nargs="*",
        metavar="ID",
        help="id của kế hoạch năm trước; nhiều id khi các đơn vị đã sắp xếp thành một (cùng --unit-code)",
    )
    p.add_argument("--onto", metavar="ID", help="id của kế hoạch cấp trên mới")
    p.add_argument("--id", dest="new_id", metavar="ID", help="id của kế hoạch mới")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    p.add_argument(
        "--unit-code",
        metavar="MÃ",
        help="mã đơn vị hành chính từ 01/7/2025 của đơn vị nhận kế hoạch (xã, phường mới), ví dụ 00319",
    )


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.rebase import rebase_plan
    from .new import official_code

    plan_ids = args.plan_id or [common.needs(None, NAME, NEEDS)]
    code = official_code(args.unit_code, None, None)
    rebase_plan(common.build_options(args), plan_ids, args.onto, args.new_id, args.force, report, code)
    return EXIT_OK
