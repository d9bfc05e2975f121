"""``python build.py serve``: a live preview of the site while plans are edited; a plan with
errors shows them over every page until it is fixed."""

from __future__ import annotations

import argparse

from ..errors import EXIT_OK
from ..reporting import Report
from . import common
from .usage import integer

NAME = "serve"
HELP = "xem trước trang web, tự cập nhật khi sửa YAML"
EPILOG = """\
Ví dụ:
  python build.py serve                      (http://127.0.0.1:8000/)
  python build.py serve --port 8001
  python build.py serve --host 0.0.0.0       (cho cả mạng nội bộ xem)
  python build.py serve --split province     (mỗi tỉnh một trang web, như build --split province)
"""


def add_parser(sub: common.Subcommands) -> None:
    p = sub.add_parser(NAME, HELP, EPILOG)
    p.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe (mặc định: 127.0.0.1)")
    p.add_argument("--port", type=integer, default=8000, help="cổng (mặc định: 8000)")
    common.outputs(p, site=False)
    common.split(p)
    common.registry(p)
    common.ledgers(p)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..pipeline.serve import serve

    serve(common.build_options(args), args.host, args.port, report)
    return EXIT_OK
