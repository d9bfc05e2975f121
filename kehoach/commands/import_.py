"""``python build.py import FILE``: bring an existing plan (Word, OpenDocument, PDF, text) in
as YAML; with ``--into``, carry a leader's edits made in Word back into the plan's YAML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PLAN_ERRORS
from ..reporting import Report
from . import common

NAME = "import"
HELP = "đưa kế hoạch có sẵn (.docx, .doc, .odt, .pdf, .txt) vào plans/"
NEEDS = "tệp cần nhập, ví dụ: python build.py import ke-hoach-2024.docx"
EPILOG = """\
Ví dụ:
  python build.py import "KH tuyen truyen CCHC 2024.docx" --id thinh-liet-2024
  python build.py import ke-hoach-trung-tam.docx --extends ha-noi-2025 --id ha-noi-ttpvhcc-2025
  python build.py import da-duyet.docx --into plans/ha-noi/thinh-liet-2024.yaml --dry-run
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("file", nargs="?", metavar="TỆP", help="tệp cần nhập: .docx, .doc, .odt, .pdf, .txt")
    p.add_argument("--extends", metavar="ID", help="id của kế hoạch cấp trên: chỉ ghi những gì khác nó")
    p.add_argument("--id", dest="new_id", metavar="ID", help="id của kế hoạch nhập (mặc định: theo đơn vị và năm)")
    p.add_argument("--out", metavar="TỆP", help="tệp YAML ghi ra (mặc định: plans/<id>.yaml)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    p.add_argument("--into", metavar="TỆP", help="tệp YAML của kế hoạch nhận các sửa đổi từ DOCX đã sửa")
    p.add_argument("--dry-run", action="store_true", help="với --into: chỉ in các thay đổi, không ghi")


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.importing import import_into, import_plan

    source = Path(common.needs(args.file, NAME, NEEDS))
    options = common.build_options(argparse.Namespace(plans_dir=args.plans_dir))
    if args.into:
        import_into(options, source, Path(args.into), args.dry_run, report)
        return EXIT_OK
    out = Path(args.out) if args.out else None
    result = import_plan(options, source, args.new_id, out, args.force, report, args.extends)
    if result.imported.doubts:  # written with '…' blanks: not done until a clerk fills them (issue #26)
        print(
            f"Đã ghi {result.path}, nhưng {len(result.imported.doubts)} phần người ký phải ký dưới chưa đọc chắc được "
            "(dòng '# KIỂM TRA' ở đầu tệp): điền những chỗ '…' theo văn bản gốc trước khi dùng.",
            file=sys.stderr,
        )
        return EXIT_PLAN_ERRORS
    return EXIT_OK
