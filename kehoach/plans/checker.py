"""Checking a loaded file against the declared schema (:mod:`kehoach.plans.schema`), every
problem collected; only what is well-typed is returned, so later stages never see a wrong type.

:class:`Checker` has one method per kind of field, as MkDocs has one class per option type;
:data:`_KINDS` maps each kind to its method. It reports wrong types, unknown keys (with a 'did you
mean'), missing required fields and duplicate keys, in Vietnamese, at the value's line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import PathT, Problems
from ..text.deadline import ACCEPTED_FORMS, DeadlineError, parse_date, parse_deadline
from ..text.markup import MarkupError, parse_markup
from ..text.quota import Target
from ..text.vietnamese import closest, did_you_mean
from .schema import PLAN, RECIPIENT, TARGET_FIELDS, Field
from .source import Source


@dataclass
class Keyed:
    """A keyed list as a file writes it: its entries, whether it replaces the inherited list
    wholly (``{replace: [...]}``), and ``at``, the path of the list in the file."""

    entries: list[Entry]
    replace: bool
    at: PathT


class Entry(dict[str, Any]):
    """One item of a keyed list as written in a file: its checked fields, by name, and ``at``,
    the path of fields and indices where it stands (its position is ``Source.at(entry.at)``)."""

    def __init__(self, fields: dict[str, Any], at: PathT):
        super().__init__(fields)
        self.at = at

    @property
    def key(self) -> str:
        return self["key"]


_TYPE_NAMES = {
    "str": "văn bản",
    "text": "văn bản",
    "int": "số nguyên",
    "bool": "true hoặc false",
    "date": "ngày dạng dd/mm/yyyy",
    "deadline": "thời hạn",
    "strlist": "văn bản hoặc danh sách văn bản",
    "enum": "một trong các giá trị cho phép",
    "map": "ánh xạ (các dòng 'tên: giá trị')",
    "list": "danh sách",
    "keyed": "danh sách các mục '- key: …'",
    "recipients": "danh sách nơi nhận",
    "remove": "true hoặc lý do xóa",
    "targets": "chỉ tiêu {count, what, per}",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"số {value}"
    if isinstance(value, str):
        return f"văn bản '{value[:40]}'"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một ánh xạ"
    return "giá trị rỗng"


class Checker:
    """Checks one source against :data:`PLAN`, collecting problems."""

    def __init__(self, source: Source, problems: Problems):
        self.source = source
        self.problems = problems

    def err(self, path: PathT, message: str, hint: str = "", key: bool = False) -> None:
        self.source.report(self.problems, path, message, hint, at_key=key)

    def mapping(self, value: Any, schema: dict[str, Field], path: PathT) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.err(path, f"cần {_TYPE_NAMES['map']}, nhưng gặp {_describe(value)}")
            return {}
        out = {}
        for key, item in value.items():
            if key not in schema:
                meant = closest(key, schema.keys())
                if meant and meant not in value:  # a misspelling: 'missing <meant>' would say the same again
                    self.problems.cover(self.source.file, self.source.field(path + (meant,)))
                hint = did_you_mean(key, schema.keys()) or "Các trường hợp lệ: " + ", ".join(schema) + "."
                self.err(path + (key,), f"trường '{key}' không được hỗ trợ", hint, key=True)
                continue
            checked = self.value(item, schema[key], path + (key,))
            if checked is not None:
                out[key] = checked
        return out

    def required(self, data: dict[str, Any], schema: dict[str, Field], path: PathT) -> None:
        for key, spec in schema.items():
            if (
                spec.required
                and key not in data
                and not self.problems.reported(self.source.file, self.source.field(path + (key,)))
            ):
                self.err(path, f"thiếu trường bắt buộc '{key}'", f"Thêm '{key}:' ({spec.doc})")

    def value(self, value: Any, spec: Field, path: PathT) -> Any:
        """The value well-typed for ``spec``, or None (the problem reported)."""
        if value is None:
            if self.problems.reported(self.source.file, self.source.field(path)):
                return None  # the loader refused this value (e.g. a YAML tag) and said why
            kind = _TYPE_NAMES.get(spec.kind, spec.kind)
            self.err(path, "giá trị rỗng", f"Ghi {kind}; muốn xóa mục thì dùng 'remove: true'.")
            return None
        return _KINDS[spec.kind](self, value, spec, path)

    def text(self, value: Any, spec: Field, path: PathT) -> Any:
        """``str`` and ``text`` (Markdown emphasis checked), a key's pattern, ``\\n`` where it breaks."""
        if isinstance(value, (bool, dict, list)):
            self.err(path, f"cần {_TYPE_NAMES[spec.kind]}, nhưng gặp {_describe(value)}")
            return None
        if spec.quoted and not isinstance(value, str):
            self.err(
                path,
                f"mã viết không có dấu nháy nên được đọc thành số {value}",
                f"Viết {spec.form}."
                if spec.form
                else f'Viết mã trong dấu nháy, ví dụ {path[-1]}: "00319" (không có dấu nháy, 00319 bị đọc thành số).',
            )
            return None
        value = str(value)
        if spec.breaks:
            value = value.replace("\\n", "\n")
        if spec.pattern and not re.match(spec.pattern, value):
            if spec.form:
                self.err(path, f"'{value}' không đúng dạng {spec.form}", f"Ghi {spec.form}.")
            else:
                self.err(
                    path,
                    f"khóa '{value}' không hợp lệ",
                    "Khóa chỉ gồm chữ thường không dấu (được dùng đ), số, '-', '_' hoặc '.', tối đa 64 ký tự.",
                )
            return None
        if spec.kind == "text":
            try:
                parse_markup(value)
            except MarkupError as exc:
                self.err(path, str(exc), "Đóng dấu '*' hoặc '**', hoặc viết '\\*' để có dấu sao thường.")
                return None
        return value

    def integer(self, value: Any, spec: Field, path: PathT) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            self.err(path, f"cần {_TYPE_NAMES['int']}, nhưng gặp {_describe(value)}")
            return None
        return value

    def boolean(self, value: Any, spec: Field, path: PathT) -> Any:
        if not isinstance(value, bool):
            self.err(path, f"cần true hoặc false, nhưng gặp {_describe(value)}")
            return None
        return value

    def remove(self, value: Any, spec: Field, path: PathT) -> Any:
        if value is True or (isinstance(value, str) and value.strip()):
            return value
        self.err(path, "cần true hoặc lý do xóa", 'Ví dụ: remove: "Trung tâm không có đài truyền thanh".')
        return None

    def date(self, value: Any, spec: Field, path: PathT) -> Any:
        try:
            return parse_date(str(value))
        except (ValueError, TypeError):
            self.err(
                path, f"ngày '{value}' không hợp lệ hoặc không có thật", "Viết ngày dạng dd/mm/yyyy, ví dụ 24/01/2025."
            )
            return None

    def deadline(self, value: Any, spec: Field, path: PathT) -> Any:
        try:
            return parse_deadline(str(value))
        except DeadlineError as exc:
            self.err(path, str(exc), f"Các dạng được chấp nhận: {ACCEPTED_FORMS}.")
            return None

    def choice(self, value: Any, spec: Field, path: PathT) -> Any:
        if value not in spec.choices:
            self.err(path, f"giá trị '{value}' không được hỗ trợ", _choices_hint(str(value), spec))
            return None
        return value

    def strings(self, value: Any, spec: Field, path: PathT) -> Any:
        """One text or a list of texts, each among ``spec.choices`` when there are choices."""
        if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            values = [str(v) for v in value]
        elif isinstance(value, str):
            values = [value]
        else:
            self.err(path, f"cần {_TYPE_NAMES['strlist']}, nhưng gặp {_describe(value)}")
            return None
        wrong = [(i, v) for i, v in enumerate(values) if spec.choices and v not in spec.choices]
        for i, v in wrong:
            where = path + (i,) if isinstance(value, list) else path
            self.err(where, f"giá trị '{v}' không được hỗ trợ", _choices_hint(v, spec))
        if wrong:
            return None
        return values if isinstance(value, list) else value

    def targets(self, value: Any, spec: Field, path: PathT) -> Any:
        """One quota ``{count, what, per}`` or a list of them."""
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            where = path + (i,) if isinstance(value, list) else path
            data = self.mapping(item, TARGET_FIELDS, where)
            if isinstance(item, dict):
                self.required(data, TARGET_FIELDS, where)
            if "count" in data and "what" in data:
                out.append(Target(data["count"], data["what"], data.get("per", "year")))
        return tuple(out) if len(out) == len(items) else None

    def nested(self, value: Any, spec: Field, path: PathT) -> Any:
        """A ``map``: the fields of ``spec.of``, the required ones present."""
        assert spec.of is not None
        data = self.mapping(value, spec.of, path)
        if isinstance(value, dict):
            self.required(data, spec.of, path)
        return data

    def recipients(self, value: Any, spec: Field | None, path: PathT) -> Any:
        if not isinstance(value, list):
            self.err(path, f"cần {_TYPE_NAMES['list']}, nhưng gặp {_describe(value)}")
            return None
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append({"text": item})
            elif isinstance(item, dict):
                data = self.mapping(item, RECIPIENT, path + (i,))
                self.required(data, RECIPIENT, path + (i,))
                if "text" in data:
                    out.append(data)
            else:
                self.err(path + (i,), f"cần văn bản hoặc {{text, note}}, nhưng gặp {_describe(item)}")
        return out

    def keyed(self, value: Any, spec: Field, path: PathT) -> Any:
        """A keyed list, or ``{replace: [...]}`` that replaces the inherited list wholly."""
        assert spec.of is not None
        schema = spec.of
        replace = False
        if isinstance(value, dict) and set(value) == {"replace"}:
            replace, value, path = True, value["replace"], path + ("replace",)
        if not isinstance(value, list):
            self.err(
                path,
                f"cần {_TYPE_NAMES['keyed']}, nhưng gặp {_describe(value)}",
                "Mỗi mục bắt đầu bằng '- key: …'; muốn thay cả danh sách thì dùng 'replace:'.",
            )
            return None
        out: list[Entry] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.err(
                    path + (i,),
                    f"cần một mục có 'key:', nhưng gặp {_describe(item)}",
                    "Viết mục dạng '- key: a' rồi các trường 'text:' … ở dòng dưới, thụt vào.",
                )
                continue
            data = self.mapping(item, schema, path + (i,))
            if "key" not in data:
                if "key" not in item:
                    self.err(
                        path + (i,),
                        "mục thiếu 'key:'",
                        "Thêm 'key:' với một tên ngắn, ổn định, ví dụ 'key: so-noi-vu'.",
                    )
                continue
            key = data["key"]
            if key in seen:
                self.err(
                    path + (i, "key"),
                    f"khóa '{key}' bị trùng (đã dùng ở dòng {self.source.at(path + (seen[key], 'key'))[0]})",
                    "Mỗi mục trong một danh sách cần một khóa riêng.",
                )
                continue
            seen[key] = i
            out.append(Entry(data, path + (i,)))
        return Keyed(out, replace, path)


def _choices_hint(value: str, spec: Field) -> str:
    return did_you_mean(value, set(spec.choices)) or "Các giá trị: " + ", ".join(spec.choices) + "."


# Each kind of Field (schema.Field.kind) and the Checker method that checks it.
_KINDS = {
    "str": Checker.text,
    "text": Checker.text,
    "int": Checker.integer,
    "bool": Checker.boolean,
    "remove": Checker.remove,
    "date": Checker.date,
    "deadline": Checker.deadline,
    "enum": Checker.choice,
    "strlist": Checker.strings,
    "targets": Checker.targets,
    "map": Checker.nested,
    "recipients": Checker.recipients,
    "keyed": Checker.keyed,
}


def check(source: Source, problems: Problems) -> dict[str, Any] | None:
    """Check a loaded plan file against the schema; returns the well-typed part.

    A file that is not a mapping at all gives one message and None: every field would be
    'missing', and saying so would only bury the real mistake.
    """
    checker = Checker(source, problems)
    if not isinstance(source.data, dict):
        checker.err(
            (),
            f"cần {_TYPE_NAMES['map']} ở cấp ngoài cùng, nhưng gặp {_describe(source.data)}",
            "Tệp kế hoạch bắt đầu bằng các dòng 'year: …', 'unit: …', không có '- ' ở đầu dòng.",
        )
        return None
    data = checker.mapping(source.data, PLAN, ())
    checker.required(data, PLAN, ())
    return data
