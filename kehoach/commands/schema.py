"""``python build.py schema``: write the JSON Schemas that editors (VS Code, the git web UI's
YAML support) use to complete and check plans, ledgers and kehoach.yml as they are typed."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import EXIT_OK
from ..reporting import Report
from . import common

NAME = "schema"
HELP = "ghi JSON Schema cho trình soạn thảo vào schema/ (kế hoạch, sổ theo dõi, kehoach.yml)"
EPILOG = """\
Ví dụ:
  python build.py schema      (sau khi đổi các trường của kế hoạch hay sổ theo dõi)
"""


def add_parser(sub: common.Subcommands) -> None:
    sub.add_parser(NAME, HELP, EPILOG)


def run(args: argparse.Namespace, report: Report) -> int:
    for path in write_schemas():
        report.info(f"Đã ghi {path}")
    return EXIT_OK


def write_schemas(folder: Path = Path()) -> list[Path]:
    """schema/plan.schema.json, progress.schema.json and kehoach.schema.json in ``folder``."""
    from ..paths import PROGRESS_SCHEMA, SCHEMA
    from ..pipeline.config import SCHEMA_FILE, config_schema
    from ..plans.jsonschema import json_schema
    from ..plans.ledger import LEDGER, RECORD

    schemas = {
        SCHEMA: json_schema(),
        PROGRESS_SCHEMA: json_schema(LEDGER, "Sổ theo dõi thực hiện kế hoạch", {"record": RECORD}),
        SCHEMA_FILE: config_schema(),
    }
    for path, schema in schemas.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [folder / path for path in schemas]
