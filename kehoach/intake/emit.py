"""Plan data as the YAML text of a plan file: the schema line, a comment naming the source and
what to check, then the fields in the order people read a plan.

One YAML style for every file the tool writes (``import``, ``new``, ``rebase``, ``import --into``,
``check --fix``, ``log``): the one ruamel.yaml's round trip keeps (:func:`yaml_round_trip`), so a
later edit of any of them changes only the lines of what was edited (issue #26)."""

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


def yaml_round_trip():
    """ruamel.yaml as the tool edits files: quotes kept, no folding, lists indented under their key."""
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def round_trip_style(text: str) -> str:
    """``text`` as :func:`yaml_round_trip` writes it (what a later edit of the file keeps)."""
    import io

    rt = yaml_round_trip()
    out = io.StringIO()
    rt.dump(rt.load(text), out)
    return out.getvalue()


def plan_yaml(data: dict, schema_path: str, header: list[str]) -> str:
    """The file: ``# yaml-language-server`` line, ``header`` comment lines, then ``data``, in the
    round trip's style."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    lines = [f"# yaml-language-server: $schema={schema_path}", *(f"# {h}" if h else "#" for h in header)]
    return round_trip_style("\n".join(lines) + "\n" + body)
