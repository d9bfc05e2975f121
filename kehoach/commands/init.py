"""``kehoach init [FOLDER] --province CODE``: start a province's repository of plans (see
:mod:`kehoach.pipeline.init` for what it writes)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "init"
HELP = "tạo kho kế hoạch mới của một tỉnh, thành phố"
NEEDS = 'mã tỉnh, ví dụ: kehoach init kho-ke-hoach --province "01"'
EPILOG = """\
Ví dụ:
  kehoach init --province 01                 (kho của Thành phố Hà Nội, trong thư mục hiện tại)
  kehoach init ke-hoach-hai-phong --province 31
  kehoach init . --province 01 --force       (ghi đè các tệp đã có)
Sau đó:
  kehoach new ha-noi-2027                    (kế hoạch của Thành phố)
  kehoach new hoan-kiem-2027 --extends ha-noi-2027 --unit "Phường Hoàn Kiếm"
  kehoach build
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("folder", nargs="?", default=".", metavar="THƯ-MỤC", help="thư mục của kho (mặc định: hiện tại)")
    p.add_argument(
        "--province",
        metavar="MÃ",
        help="mã tỉnh, thành phố trên bản đồ từ 01/7/2025, ví dụ 01 (Hà Nội), 31 (Hải Phòng)",
    )
    p.add_argument("--force", action="store_true", help="ghi đè các tệp đã có")


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.init import init_repository
    from .schema import write_schemas

    code = common.needs(args.province, NAME, NEEDS)
    folder = Path(args.folder)
    written = init_repository(folder, code.zfill(2) if code.isdigit() else code, args.force, report)
    written += write_schemas(folder)
    report.info(
        f"Đã tạo kho kế hoạch trong {folder}/ ({len(written)} tệp). Tiếp theo: "
        + ("" if str(folder) == "." else f"cd {folder}; ")
        + "kehoach new <id-kế-hoạch-của-tỉnh>; kehoach build. Xem plans/README.md."
    )
    return EXIT_OK
