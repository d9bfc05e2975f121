"""``python build.py new ID --extends PARENT``: a subordinate unit's draft plan that inherits
its parent's and names the unit, its signer and place; it passes the check as written."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "new"
HELP = "tạo kế hoạch cấp dưới nháp"
NEEDS = "id kế hoạch mới, ví dụ: python build.py new dinh-cong-2025 --extends ha-noi-2025"
EPILOG = """\
Ví dụ:
  python build.py new dinh-cong-2025 --extends ha-noi-2025 --unit "UBND phường Định Công"
  python build.py new dinh-cong-2025 --extends ha-noi-2025 --unit "UBND phường Định Công" \\
      --signer "Nguyễn Văn A" --place "Hà Nội" --level xa
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("plan_id", nargs="?", metavar="ID", help="id của kế hoạch mới, ví dụ dinh-cong-2025")
    p.add_argument("--extends", metavar="ID", help="id của kế hoạch cấp trên")
    p.add_argument("--unit", metavar="TÊN", help="tên đơn vị dùng trong câu, ví dụ 'UBND phường Định Công'")
    p.add_argument("--level", choices=("tinh", "so", "huyen", "xa", "don-vi"), help="cấp của đơn vị")
    p.add_argument("--signer", metavar="TÊN", help="họ tên người ký")
    p.add_argument("--signer-title", metavar="CHỨC VỤ", help="chức vụ người ký (mặc định CHỦ TỊCH)")
    p.add_argument("--place", metavar="ĐỊA DANH", help="địa danh ghi cạnh ngày")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")


def run(args: argparse.Namespace, report: Report) -> int:
    from ..intake.scaffold import NewPlan
    from ..pipeline.new import new_plan

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    spec = NewPlan(
        plan_id, args.unit or "", args.level or "", args.signer or "", args.signer_title or "", args.place or ""
    )
    new_plan(common.build_options(args), spec, args.extends, args.force, report)
    return EXIT_OK
