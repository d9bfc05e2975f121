"""``python build.py schema``: write the JSON Schemas that editors (VS Code, the git web UI's
YAML support) use to complete and check plans and ledgers as they are typed."""

from __future__ import annotations

import argparse
import json

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "schema"
HELP = "ghi JSON Schema cho trình soạn thảo vào schema/plan.schema.json"
EPILOG = """\
Ví dụ:
  python build.py schema      (sau khi đổi các trường của kế hoạch hay sổ theo dõi)
"""


def add_parser(sub: common.Subcommands) -> None:
    sub.add_parser(NAME, HELP, EPILOG)


def run(args: argparse.Namespace, report: Report) -> int:
    from ..paths import PROGRESS_SCHEMA, SCHEMA
    from ..plans.jsonschema import json_schema
    from ..plans.ledger import LEDGER, RECORD

    SCHEMA.parent.mkdir(exist_ok=True)
    SCHEMA.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    ledger = json_schema(LEDGER, "Sổ theo dõi thực hiện kế hoạch", {"record": RECORD})
    PROGRESS_SCHEMA.write_text(json.dumps(ledger, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report.info(f"Đã ghi {SCHEMA} và {PROGRESS_SCHEMA}")
    return EXIT_OK
