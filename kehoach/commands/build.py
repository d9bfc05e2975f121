"""``python build.py build`` (the default): check every plan, then write the DOCX, their
metadata and the site, redoing only what changed since the last build."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "build"
HELP = "(mặc định) kiểm tra, rồi ghi DOCX vào dist/ và trang web vào site/"
EPILOG = """\
Ví dụ:
  python build.py                                  (cũng là: python build.py build)
  python build.py --plan thinh-liet-2024 --pdf     (một kế hoạch, thêm PDF/A có ô ký số)
  python build.py --redline                        (thêm bản so sánh với cấp trên)
  python build.py --split province                 (mỗi tỉnh, thành phố một trang web riêng)
  python build.py --check                          (chỉ kiểm tra, như: python build.py check)
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("--plan", metavar="ID", help="chỉ xử lý kế hoạch ID (và các cấp trên nó cần)")
    p.add_argument("--pdf", action="store_true", help="ghi thêm dist/<id>.pdf (PDF/A-2b, có ô ký số) qua LibreOffice")
    p.add_argument(
        "--allow-font-fallback",
        action="store_true",
        help="với --pdf: vẫn tạo PDF khi phông thay Times New Roman thiếu chữ hoặc khác kích thước",
    )
    p.add_argument(
        "--redline",
        action="store_true",
        help="ghi thêm dist/<id>-so-sanh.docx (Track Changes so với cấp trên), có trên trang web",
    )
    p.add_argument("--no-site", action="store_true", help="không dựng trang web")
    common.split(p)
    p.add_argument("--timings", metavar="FILE", help="ghi số giây của từng bước vào FILE (JSON), cho đo hiệu năng")
    common.outputs(p)
    common.registry(p)
    common.ledgers(p)
    common.strict(p)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.build import build

    options = common.build_options(args)
    common.known_plans(options, (args.plan, "--plan"))
    build(options, report)
    if args.timings:
        Path(args.timings).write_text(json.dumps(report.timings, sort_keys=True) + "\n", encoding="utf-8")
    return EXIT_OK
