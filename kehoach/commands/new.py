"""``python build.py new ID --extends PARENT``: a subordinate unit's draft plan that inherits
its parent's and names the unit, its signer and place; it passes the check as written. Without
``--extends``: a plan with no parent, the province's own (the usual outline, with blanks).
kehoach.yml gives the defaults: ``province``, ``signer``, ``report_cutoff_day``."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK, UsageError
from ..reporting import Report
from . import common

NAME = "new"
HELP = "tạo kế hoạch nháp: của đơn vị cấp dưới (--extends), hoặc của tỉnh"
NEEDS = "id kế hoạch mới, ví dụ: python build.py new dinh-cong-2025 --extends ha-noi-2025"
EPILOG = """\
Ví dụ:
  python build.py new dinh-cong-2025 --extends ha-noi-2025 --unit "UBND phường Định Công"
  python build.py new dinh-cong-2025 --extends ha-noi-2025 --unit "UBND phường Định Công" \\
      --signer "Nguyễn Văn A" --place "Hà Nội" --level xa
  python build.py new hoang-mai-2027 --extends ha-noi-2027 --unit-code 00319 --signer "Nguyễn Văn A"
  python build.py new hoang-mai-2027 --extends ha-noi-2027 --unit "Phường Hoàng Mai" --province "Hà Nội"
  kehoach new ha-noi-2027 --unit-code 01         (kế hoạch của Thành phố, không có cấp trên)
  kehoach new ha-noi-2027                        (như trên, với province: "01" trong kehoach.yml)
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
    p.add_argument(
        "--unit-code",
        metavar="MÃ",
        help="mã đơn vị hành chính từ 01/7/2025, ví dụ 00319: điền tên, loại, địa danh theo danh sách chính thức",
    )
    p.add_argument(
        "--province", metavar="TỈNH", help="với --unit: tìm mã của đơn vị trong tỉnh, thành phố này, ví dụ 'Hà Nội'"
    )
    p.add_argument("--year", type=int, metavar="NĂM", help="năm của kế hoạch không có cấp trên (mặc định: theo id)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")


def run(args: argparse.Namespace, report: Report) -> int:
    from ..intake.scaffold import NewPlan
    from ..pipeline.config import load_config
    from ..pipeline.new import new_plan
    from ..plans.map import places

    plan_id = common.needs(args.plan_id, NAME, NEEDS)
    options = common.build_options(args)
    settings = load_config()
    home = places()[settings["province"]].name if settings["province"] else None
    province = args.province or (home if args.unit else None)
    code = official_code(args.unit_code, args.unit if province else None, province)
    if not code and not args.unit and not args.extends and settings["province"]:
        code = settings["province"]  # the province's own plan
    signer = settings["signer"] or {}
    spec = NewPlan(
        plan_id,
        "" if code else (args.unit or ""),
        args.level or "",
        args.signer or signer.get("name", ""),
        args.signer_title or signer.get("title", ""),
        args.place or "",
        code,
        settings["report_cutoff_day"],
    )
    new_plan(options, spec, args.extends, args.force, report, args.year)
    return EXIT_OK


def official_code(code: str | None, unit: str | None, province: str | None) -> str:
    """The unit's official code: ``--unit-code`` checked, or found from ``--unit`` in ``--province``."""
    from ..plans.map import communes, find, places
    from ..text.vietnamese import did_you_mean

    if code:
        if code not in places():
            raise UsageError(
                f"--unit-code: không có đơn vị hành chính mang mã '{code}'. Mã tỉnh có 2 chữ số, mã xã 5 chữ số; "
                'hoặc tìm theo tên: --unit "Phường Hoàng Mai" --province "Hà Nội".'
            )
        return code
    if not unit or not province:
        return ""
    provinces = [p for p in find(province) if not p.province]
    if not provinces:
        raise UsageError(f"--province: không có tỉnh, thành phố '{province}' trên bản đồ từ 01/7/2025.")
    found = find(unit, provinces[0].code)
    if not found:
        names = [c.name for c in communes(provinces[0].code)]
        hint = did_you_mean(unit, names)
        raise UsageError(f"--unit: không có '{unit}' trong {provinces[0].name}. {hint}".rstrip())
    return found[0].code
