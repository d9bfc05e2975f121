"""The declared schema (:mod:`kehoach.plans.schema`) as a JSON Schema (draft 2020-12), for
editors through yaml-language-server: ``python build.py schema`` writes it to ``schema/``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .schema import CITATION, NODE, PLAN, RECIPIENT, TARGET_FIELDS, TASK, Field

TITLE = "Kế hoạch thông tin, tuyên truyền về cải cách hành chính"
_DATE = r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})$"


def json_schema(
    root: dict[str, Field] | None = None, title: str = TITLE, defs: dict[str, dict[str, Field]] | None = None
) -> dict[str, Any]:
    """A JSON Schema for plan files (or for ``root``, e.g. the ledger's). ``defs``: the keyed
    items' schemas by name."""
    return _Converter({"node": NODE, "citation": CITATION, "task": TASK} if defs is None else defs).document(
        PLAN if root is None else root, title
    )


class _Converter:
    def __init__(self, defs: dict[str, dict[str, Any]]):
        self.defs = defs
        self.names = {id(schema): name for name, schema in defs.items()}

    def document(self, root: dict[str, Any], title: str) -> dict[str, Any]:
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            "$defs": {name: self.definition(schema) for name, schema in self.defs.items()},
            **self.obj(root),
        }

    def field(self, spec: Field) -> dict[str, Any]:
        out = _KINDS[spec.kind](self, spec)
        out["description"] = spec.doc
        return out

    def obj(self, schema: dict[str, Field]) -> dict[str, Any]:
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: self.field(v) for k, v in schema.items()},
            "required": [k for k, v in schema.items() if v.required],
        }

    def definition(self, schema: dict[str, Field]) -> dict[str, Any]:
        if schema is not NODE:
            return self.obj(schema)
        node = self.obj({k: v for k, v in NODE.items() if k != "items"})  # recursive: its items refer to itself
        node["properties"]["items"] = self.field(NODE["items"])
        return node

    def keyed(self, spec: Field) -> dict[str, Any]:
        assert spec.of is not None
        ref = {"$ref": f"#/$defs/{self.names[id(spec.of)]}"}
        replace = {
            "type": "object",
            "properties": {"replace": {"type": "array", "items": ref}},
            "required": ["replace"],
            "additionalProperties": False,
        }
        return {"anyOf": [{"type": "array", "items": ref}, replace]}


def _strings(spec: Field) -> dict[str, Any]:
    one: dict[str, Any] = {"enum": list(spec.choices)} if spec.choices else {"type": "string"}
    return {"anyOf": [one, {"type": "array", "items": one}]}


def _text(spec: Field) -> dict[str, Any]:
    return {"type": "string", "pattern": spec.pattern} if spec.pattern else {"type": "string"}


def _targets(c: _Converter, spec: Field) -> dict[str, Any]:
    target = c.obj(TARGET_FIELDS)
    return {"anyOf": [target, {"type": "array", "items": target}]}


def _nested(c: _Converter, spec: Field) -> dict[str, Any]:
    assert spec.of is not None
    return c.obj(spec.of)


# Each kind of Field (schema.Field.kind) and its JSON Schema.
_KINDS: dict[str, Callable[[_Converter, Field], dict[str, Any]]] = {
    "str": lambda c, spec: _text(spec),
    "text": lambda c, spec: _text(spec),
    "int": lambda c, spec: {"type": "integer"},
    "bool": lambda c, spec: {"type": "boolean"},
    "remove": lambda c, spec: {"type": ["boolean", "string"]},
    "date": lambda c, spec: {"type": "string", "pattern": _DATE},
    "deadline": lambda c, spec: {"type": "string"},
    "enum": lambda c, spec: {"enum": list(spec.choices)},
    "strlist": lambda c, spec: _strings(spec),
    "targets": _targets,
    "map": _nested,
    "recipients": lambda c, spec: {"type": "array", "items": {"anyOf": [{"type": "string"}, c.obj(RECIPIENT)]}},
    "keyed": _Converter.keyed,
}
