"""The plan file schema: one declared field per key, checked with collected errors.

Each :class:`Field` says what a key holds and documents it (the docs feed the JSON Schema
that editors use for autocompletion). :func:`check` walks a loaded :class:`Source`,
reports wrong types, unknown keys (with a 'did you mean') and missing required fields, and
returns only what is well-typed, so later stages never see a wrong type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Problems
from ..text.deadline import ACCEPTED_FORMS, DeadlineError, parse_date
from ..text.deadline import parse as parse_deadline
from ..text.markup import MarkupError
from ..text.markup import parse as parse_markup
from ..text.nd30 import MARGIN_RANGES
from ..text.quota import PERIODS, Target
from ..text.vietnamese import closest, did_you_mean
from .addressee import ALL, KINDS
from .rules import RULES
from .source import Source


@dataclass(frozen=True)
class Field:
    """One key of a mapping: everything the code knows about it, declared once.

    ``kind`` is the value's type and ``of`` the nested schema. ``required``: the file itself
    must write it. ``needed``: the *resolved* item or plan must have it, from the file or from
    the parent; the text names the field in the message when it is missing. ``own``: a plan
    field never inherited, because it names the issuing unit (every plan writes its own).
    ``breaks``: a typed ``\\n`` breaks the line (elsewhere it is flagged, rule ``xuong-dong``).
    ``attr``: the resolved item's attribute, where it cannot be the key (``for`` → ``for_``).
    """

    kind: str  # str text int bool date deadline strlist enum map list keyed recipients targets
    doc: str
    required: bool = False
    of: dict | None = None
    choices: tuple = ()
    pattern: str | None = None
    needed: str = ""
    own: bool = False
    breaks: bool = False
    attr: str = ""


@dataclass
class Keyed:
    """A keyed list as a file writes it: its entries, whether it replaces the inherited list
    wholly (``{replace: [...]}``), and ``at``, the path of the list in the file."""

    entries: list[Entry]
    replace: bool
    at: tuple


class Entry(dict):
    """One item of a keyed list as written in a file: its checked fields, by name, and ``at``,
    the path of fields and indices where it stands (its position is ``Source.at(entry.at)``)."""

    def __init__(self, fields: dict, at: tuple):
        super().__init__(fields)
        self.at = at

    @property
    def key(self) -> str:
        return self["key"]


OPS = {
    "remove": Field("remove", "Xóa mục này của kế hoạch cấp trên: `true` hoặc lý do xóa (văn bản)."),
    "after": Field("str", "Đặt mục (mới hoặc chuyển chỗ) ngay sau mục có khóa này."),
    "before": Field("str", "Đặt mục (mới hoặc chuyển chỗ) ngay trước mục có khóa này."),
    "at": Field("enum", "Đặt mục ở đầu (`start`) hoặc cuối (`end`) danh sách.", choices=("start", "end")),
}

KEY_PATTERN = r"^[a-z0-9đ][a-z0-9đ_.-]{0,63}$"
KEY_FIELD = Field(
    "str",
    "Khóa ổn định của mục, duy nhất trong danh sách; kế hoạch cấp dưới dùng khóa này để sửa, xóa, chèn.",
    required=True,
    pattern=KEY_PATTERN,
)

FOR = Field(
    "strlist",
    "Giao cho loại đơn vị nào (khi suy từ chủ trì/tên đơn vị chưa đúng): "
    + ", ".join(f"{k} ({v})" for k, v in KINDS.items())
    + f", {ALL} (mọi loại).",
    choices=tuple(KINDS) + (ALL,),
    attr="for_",
)
TARGET = Field(
    "targets",
    "Chỉ tiêu, khi đọc từ câu chữ chưa đúng: {count: 2, what: tin/bài, per: month}, hoặc danh sách như vậy.",
)
TARGET_FIELDS = {
    "count": Field("int", "Số lượng.", required=True),
    "what": Field("str", "Đếm cái gì: tin/bài, lần, buổi …", required=True),
    "per": Field("enum", "Mỗi: week (tuần), month (tháng), quarter (quý), year (năm).", choices=PERIODS),
}

NODE: dict = {
    "key": KEY_FIELD,
    "title": Field("text", "Tiêu đề: mục (I., II.) viết hoa; khoản (1., 2.) in đậm."),
    "unit": Field(
        "str", "Đơn vị được giao nhiệm vụ (khối trách nhiệm ở phần Tổ chức thực hiện); là tiêu đề khi không có 'title'."
    ),
    "request": Field("bool", "Đơn vị chỉ được đề nghị, không được giao: tiêu đề bắt đầu bằng 'Đề nghị'."),
    "text": Field("text", "Nội dung; **đậm**, *nghiêng*; dòng trống tách đoạn."),
    "style": Field(
        "enum",
        "Cách đánh số các mục con: chữ cái a) b) … đ), số 1. 2. (hoặc 4.1), gạch đầu dòng, hoặc không đánh số.",
        choices=("letter", "number", "dash", "plain"),
    ),
    "items": Field("keyed", "Các mục con."),
    "for": FOR,
    "target": TARGET,
    **OPS,
}
NODE["items"] = Field("keyed", "Các mục con.", of=NODE)

CITATION: dict = {
    "key": KEY_FIELD,
    "kind": Field("str", "Loại văn bản: Kế hoạch, Quyết định, Công văn …", needed="'kind'"),
    "number": Field("str", "Số và ký hiệu, ví dụ 145/KH-UBND.", needed="'number'"),
    "date": Field("date", "Ngày ban hành, ví dụ 14/6/2021."),
    "issuer": Field("str", "Cơ quan ban hành như viết trong câu, ví dụ 'UBND Thành phố'.", needed="'issuer'"),
    "about": Field("text", "Trích yếu, không kể chữ 'về' ở đầu."),
    **OPS,
}

TASK: dict = {
    "key": KEY_FIELD,
    "task": Field("text", "Nhiệm vụ.", needed="'task'"),
    "lead": Field(
        "strlist",
        "Cơ quan, đơn vị chủ trì: một dòng, hoặc danh sách (mỗi đơn vị một dòng có gạch đầu dòng).",
        needed="'lead'",
    ),
    "support": Field("strlist", "Cơ quan, đơn vị phối hợp."),
    "deadline": Field("deadline", f"Thời gian hoàn thành: {ACCEPTED_FORMS}.", needed="'deadline'"),
    "cross_year": Field("bool", "Thời hạn cố ý nằm ngoài năm của kế hoạch (ví dụ sang quý I năm sau)."),
    "for": FOR,
    "target": TARGET,
    **OPS,
}

PLAN: dict = {
    "extends": Field("str", "Khóa (id) của kế hoạch cấp trên mà kế hoạch này thực hiện."),
    "reference_only": Field(
        "bool", "Kế hoạch cấp trên chỉ để trích dẫn (không có trong kho): chỉ có phần đầu, không kết xuất."
    ),
    "year": Field("int", "Năm của kế hoạch; kế thừa từ cấp trên nếu không ghi."),
    "cross_year": Field("text", "Lý do năm của kế hoạch khác năm của kế hoạch cấp trên.", own=True),
    "lint": Field(
        "map",
        "Quy tắc kiểm tra nội dung cố ý tắt cho kế hoạch này (trang web ghi rõ là đã tắt).",
        own=True,
        of={"ignore": Field("strlist", "Các mã quy tắc, ví dụ [luu-vt].", choices=tuple(RULES))},
    ),
    "unit": Field(
        "map",
        "Cơ quan ban hành.",
        own=True,
        required=True,
        of={
            "parent_agency": Field("str", "Tên cơ quan chủ quản (nếu có), viết hoa; xuống dòng bằng \\n.", breaks=True),
            "name": Field("str", "Tên cơ quan ban hành, viết hoa; xuống dòng bằng \\n.", required=True, breaks=True),
            "full": Field("str", "Tên dùng trong câu và trích dẫn, ví dụ 'UBND Thành phố'.", required=True),
            "short": Field("str", "Tên gọi tắt trong câu, ví dụ 'Trung tâm'."),
            "level": Field("enum", "Cấp của đơn vị.", choices=("tinh", "so", "huyen", "xa", "don-vi")),
            "kind": Field(
                "enum",
                "Loại đơn vị, để biết việc nào cấp trên giao cho mình; mặc định theo 'level'.",
                choices=tuple(KINDS),
            ),
            "id": Field(
                "str",
                "Mã đơn vị trong danh mục units/<tỉnh>.yaml (để biết đơn vị nào chưa có kế hoạch).",
                pattern=KEY_PATTERN,
            ),
            "province": Field("str", "Tỉnh, thành phố trực thuộc Trung ương."),
        },
    ),
    "document": Field(
        "map",
        "Số, ký hiệu, địa danh, ngày và trích yếu.",
        own=True,
        required=True,
        of={
            "kind": Field("str", "Tên loại văn bản; mặc định 'Kế hoạch'."),
            "number": Field("int", "Số văn bản; bỏ trống khi là dự thảo."),
            "symbol": Field("str", "Ký hiệu, ví dụ KH-UBND.", required=True),
            "place": Field("str", "Địa danh, ví dụ Hà Nội."),
            "date": Field("date", "Ngày ban hành, ví dụ 24/01/2025; bỏ trống khi là dự thảo."),
            "subject": Field("str", "Trích yếu nội dung; xuống dòng bằng \\n.", required=True, breaks=True),
        },
    ),
    "legal_basis": Field(
        "map",
        "Đoạn 'Thực hiện …' mở đầu.",
        of={
            "lead": Field("str", "Từ mở đầu; mặc định 'Thực hiện'."),
            "documents": Field(
                "keyed",
                "Các văn bản được trích dẫn. Kế hoạch cấp trên được thêm tự động với khóa là id của nó.",
                of=CITATION,
            ),
            "closing": Field(
                "text",
                "Phần cuối câu, ví dụ 'UBND thành phố Hà Nội ban hành Kế hoạch … như sau:'.",
                needed="'legal_basis.closing' (phần cuối câu 'Thực hiện …')",
                own=True,
            ),
        },
    ),
    "body": Field("keyed", "Các mục I., II. … của kế hoạch.", of=NODE, needed="nội dung 'body'"),
    "closing": Field(
        "text", "Đoạn kết 'Trên đây là Kế hoạch …'.", needed="đoạn kết 'closing' (Trên đây là Kế hoạch …)", own=True
    ),
    "signature": Field(
        "map",
        "Khối chữ ký.",
        needed="khối chữ ký 'signature' (title, name)",
        own=True,
        of={
            "authority": Field("strlist", "Các dòng quyền hạn: TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH …"),
            "title": Field("str", "Chức vụ người ký, ví dụ PHÓ CHỦ TỊCH.", required=True),
            "name": Field("str", "Họ và tên người ký.", required=True),
        },
    ),
    "recipients": Field(
        "recipients",
        "Nơi nhận: mỗi dòng một nơi; dạng {text, note} để ghi chú như 'để b/c'.",
        needed="danh sách 'recipients' (Nơi nhận)",
        own=True,
    ),
    "archive": Field(
        "str", "Dòng Lưu, không kể 'Lưu:', ví dụ 'VT, KSTTHC'.", needed="dòng 'archive' (Lưu: VT, …)", own=True
    ),
    "appendix": Field(
        "map",
        "Phụ lục nhiệm vụ.",
        of={
            "title": Field("str", "Tên phụ lục, viết hoa."),
            "tasks": Field("keyed", "Các dòng nhiệm vụ.", of=TASK),
        },
    ),
    "reporting": Field(
        "map",
        "Kỳ báo cáo kết quả thực hiện; kế thừa từ cấp trên.",
        of={
            "cutoff_day": Field(
                "int",
                "Ngày chốt số liệu trong tháng cuối kỳ (mặc định 14: từ 15/12 năm trước đến ngày 14, "
                "theo NĐ 09/2019/NĐ-CP, Điều 12); 0 = ngày cuối tháng.",
            ),
        },
    ),
    "margins_mm": Field(
        "map",
        "Lề trang (mm) nếu đơn vị dùng lề khác 25/20/35/20.",
        of={side: Field("int", f"Lề {name}, {low}–{high}.") for side, (low, high, name) in MARGIN_RANGES.items()},
    ),
}


def content_fields(schema: dict) -> tuple[tuple[str, str], ...]:
    """The fields of a keyed item that carry its content (not its key, an operation or its
    sub-items), as (name in the file, attribute of the resolved item)."""
    return tuple(
        (name, spec.attr or name) for name, spec in schema.items() if name not in ("key", "items") and name not in OPS
    )


def needed_fields(schema: dict, prefix: tuple = ()) -> list[tuple[tuple, Field]]:
    """The fields a resolved item (or plan, with nested maps) must have, by path."""
    out = []
    for name, spec in schema.items():
        if spec.needed:
            out.append((prefix + (name,), spec))
        if spec.kind == "map" and spec.of:
            out += needed_fields(spec.of, prefix + (name,))
    return out


RECIPIENT = {
    "text": Field("str", "Nơi nhận.", required=True),
    "note": Field("str", "Ghi chú trong ngoặc, ví dụ 'để b/c'."),
}

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


def _describe(value) -> str:
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

    def err(self, path: tuple, message: str, hint: str = "", key: bool = False) -> None:
        self.source.report(self.problems, path, message, hint, at_key=key)

    def mapping(self, value, schema: dict, path: tuple) -> dict:
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

    def required(self, data: dict, schema: dict, path: tuple) -> None:
        for key, spec in schema.items():
            if (
                spec.required
                and key not in data
                and not self.problems.reported(self.source.file, self.source.field(path + (key,)))
            ):
                self.err(path, f"thiếu trường bắt buộc '{key}'", f"Thêm '{key}:' ({spec.doc})")

    def value(self, value, spec: Field, path: tuple):
        kind = spec.kind
        if value is None:
            if self.problems.reported(self.source.file, self.source.field(path)):
                return None  # the loader refused this value (e.g. a YAML tag) and said why
            self.err(path, "giá trị rỗng", f"Ghi {_TYPE_NAMES.get(kind, kind)}; muốn xóa mục thì dùng 'remove: true'.")
            return None
        if kind in ("str", "text"):
            if isinstance(value, (bool, dict, list)):
                self.err(path, f"cần {_TYPE_NAMES[kind]}, nhưng gặp {_describe(value)}")
                return None
            value = str(value)
            if spec.breaks:
                value = value.replace("\\n", "\n")
            if spec.pattern and not re.match(spec.pattern, value):
                self.err(
                    path,
                    f"khóa '{value}' không hợp lệ",
                    "Khóa chỉ gồm chữ thường không dấu (được dùng đ), số, '-', '_' hoặc '.', tối đa 64 ký tự.",
                )
                return None
            if kind == "text":
                try:
                    parse_markup(value)
                except MarkupError as exc:
                    self.err(path, str(exc), "Đóng dấu '*' hoặc '**', hoặc viết '\\*' để có dấu sao thường.")
                    return None
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.err(path, f"cần {_TYPE_NAMES['int']}, nhưng gặp {_describe(value)}")
                return None
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.err(path, f"cần true hoặc false, nhưng gặp {_describe(value)}")
                return None
            return value
        if kind == "remove":
            if value is True or (isinstance(value, str) and value.strip()):
                return value
            self.err(path, "cần true hoặc lý do xóa", 'Ví dụ: remove: "Trung tâm không có đài truyền thanh".')
            return None
        if kind == "date":
            try:
                return parse_date(str(value))
            except (ValueError, TypeError):
                self.err(
                    path,
                    f"ngày '{value}' không hợp lệ hoặc không có thật",
                    "Viết ngày dạng dd/mm/yyyy, ví dụ 24/01/2025.",
                )
                return None
        if kind == "deadline":
            try:
                return parse_deadline(str(value))
            except DeadlineError as exc:
                self.err(path, str(exc), f"Các dạng được chấp nhận: {ACCEPTED_FORMS}.")
                return None
        if kind == "enum":
            if value not in spec.choices:
                hint = did_you_mean(str(value), set(spec.choices)) or "Các giá trị: " + ", ".join(spec.choices) + "."
                self.err(path, f"giá trị '{value}' không được hỗ trợ", hint)
                return None
            return value
        if kind == "strlist":
            if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
                values = [str(v) for v in value]
            elif isinstance(value, str):
                values = [value]
            else:
                self.err(path, f"cần {_TYPE_NAMES['strlist']}, nhưng gặp {_describe(value)}")
                return None
            wrong = [(i, v) for i, v in enumerate(values) if spec.choices and v not in spec.choices]
            for i, v in wrong:
                hint = did_you_mean(v, set(spec.choices)) or "Các giá trị: " + ", ".join(spec.choices) + "."
                self.err(path + (i,) if isinstance(value, list) else path, f"giá trị '{v}' không được hỗ trợ", hint)
            if wrong:
                return None
            return values if isinstance(value, list) else value
        if kind == "targets":
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
        if kind == "map":
            assert spec.of is not None
            data = self.mapping(value, spec.of, path)
            if isinstance(value, dict):
                self.required(data, spec.of, path)
            return data
        if kind == "recipients":
            return self.recipients(value, path)
        if kind == "keyed":
            assert spec.of is not None
            return self.keyed(value, spec.of, path)
        raise AssertionError(kind)

    def recipients(self, value, path: tuple):
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

    def keyed(self, value, schema: dict, path: tuple):
        """A keyed list, or ``{replace: [...]}`` that replaces the inherited list wholly."""
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


def check(source: Source, problems: Problems) -> dict | None:
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


def json_schema(
    root: dict | None = None,
    title: str = "Kế hoạch thông tin, tuyên truyền về cải cách hành chính",
    defs: dict | None = None,
) -> dict:
    """A JSON Schema (draft 2020-12) for plan files (or for ``root``, e.g. the ledger's), for
    editors via yaml-language-server. ``defs``: the keyed items' schemas by name."""
    root = PLAN if root is None else root
    defs = {"node": NODE, "citation": CITATION, "task": TASK} if defs is None else defs
    names = {id(schema): name for name, schema in defs.items()}

    def conv(spec: Field) -> dict:
        k = spec.kind
        out: dict[str, object]
        if k in ("str", "text"):
            out = {"type": "string"}
            if spec.pattern:
                out["pattern"] = spec.pattern
        elif k == "int":
            out = {"type": "integer"}
        elif k == "bool":
            out = {"type": "boolean"}
        elif k == "remove":
            out = {"type": ["boolean", "string"]}
        elif k in ("date",):
            out = {"type": "string", "pattern": r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})$"}
        elif k == "deadline":
            out = {"type": "string"}
        elif k == "enum":
            out = {"enum": list(spec.choices)}
        elif k == "strlist":
            one: dict = {"enum": list(spec.choices)} if spec.choices else {"type": "string"}
            out = {"anyOf": [one, {"type": "array", "items": one}]}
        elif k == "targets":
            target = obj(TARGET_FIELDS)
            out = {"anyOf": [target, {"type": "array", "items": target}]}
        elif k == "map":
            assert spec.of is not None
            out = obj(spec.of)
        elif k == "recipients":
            out = {"type": "array", "items": {"anyOf": [{"type": "string"}, obj(RECIPIENT)]}}
        elif k == "keyed":
            assert spec.of is not None
            ref = {"$ref": f"#/$defs/{names[id(spec.of)]}"}
            out = {
                "anyOf": [
                    {"type": "array", "items": ref},
                    {
                        "type": "object",
                        "properties": {"replace": {"type": "array", "items": ref}},
                        "required": ["replace"],
                        "additionalProperties": False,
                    },
                ]
            }
        else:
            raise AssertionError(k)
        out["description"] = spec.doc
        return out

    def obj(schema: dict) -> dict:
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: conv(v) for k, v in schema.items()},
            "required": [k for k, v in schema.items() if v.required],
        }

    def definition(schema: dict) -> dict:
        if schema is not NODE:
            return obj(schema)
        node = obj({k: v for k, v in NODE.items() if k != "items"})  # recursive: its items refer to itself
        node["properties"]["items"] = conv(NODE["items"])
        return node

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "$defs": {name: definition(schema) for name, schema in defs.items()},
        **obj(root),
    }
