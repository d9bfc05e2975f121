"""Plan data as the YAML text of a plan file: the schema line, a comment naming the source and
what to check, then the fields in the order people read a plan."""

from __future__ import annotations

import yaml


class _Dumper(yaml.SafeDumper):
    """Block style, no line folding of long texts, multi-line texts as literal blocks."""


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value and not value.startswith(" ") and "\n\n\n" not in value else None
    if style and any(line != line.rstrip() for line in value.split("\n")):
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def plan_yaml(data: dict, schema_path: str, header: list[str]) -> str:
    """The file: ``# yaml-language-server`` line, ``header`` comment lines, then ``data``."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    lines = [f"# yaml-language-server: $schema={schema_path}", *(f"# {h}" if h else "#" for h in header)]
    return "\n".join(lines) + "\n" + body
