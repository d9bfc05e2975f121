"""The README keeps up with the code, in the manner of sqlite-utils' test_docs.py: every command,
option and module is documented, the error catalogue is pointed to, the editor schema is current."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from kehoach.cli import parser
from kehoach.commands import COMMANDS
from kehoach.paths import SCHEMA
from kehoach.plans.jsonschema import json_schema

README = (ROOT / "README.md").read_text(encoding="utf-8")
OPTIONS = sorted(
    {
        o
        for command in parser()._subparsers._group_actions[0].choices.values()
        for a in command._actions
        for o in a.option_strings
        if o.startswith("--") and o != "--help"
    }
)
MODULES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kehoach").rglob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    assert f"python build.py {command}" in README or f"kehoach {command}" in README


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_in_the_readme(option):
    assert f"`{option}" in README or f"{option} " in README, option


@pytest.mark.parametrize("module", MODULES)
def test_every_module_is_in_the_readme(module):
    folder, _, name = module.rpartition("/")
    assert f"`{module}`" in README or (f"`{folder}/" in README and f"`{name}`" in README), module


def test_the_error_table_points_to_the_full_catalogue():
    section = README.split("## Lỗi thường gặp")[1].split("\n## ")[0]
    assert "tests/plans/test_catalogue.py" in section


def test_committed_schema_is_the_generated_one():
    assert json.loads((ROOT / SCHEMA).read_text(encoding="utf-8")) == json_schema(), "run: python build.py schema"
    from kehoach.paths import PROGRESS_SCHEMA
    from kehoach.plans.ledger import LEDGER, RECORD

    ledger = json_schema(LEDGER, "Sổ theo dõi thực hiện kế hoạch", {"record": RECORD})
    assert json.loads((ROOT / PROGRESS_SCHEMA).read_text(encoding="utf-8")) == ledger, "run: python build.py schema"
    from kehoach.pipeline.config import SCHEMA_FILE, config_schema

    assert json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8")) == config_schema(), (
        "run: python build.py schema"
    )
