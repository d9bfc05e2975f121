"""The plan file schema: one declared field per key, the single place a field is described.

Each :class:`Field` says what a key holds, whether a file must write it, whether it is
inherited, and documents it. :mod:`kehoach.plans.checker` checks a loaded file against these
declarations; :mod:`kehoach.plans.jsonschema` turns them into the JSON Schema that editors use
for autocompletion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..errors import PathT
from ..text.deadline import ACCEPTED_FORMS
from ..text.nd30 import MARGIN_RANGES
from ..text.quota import PERIODS
from .addressee import ALL, KINDS
from .rules import RULES

# What a field holds: the checker (kehoach.plans.checker) and the JSON Schema export each have one
# entry per kind.
Kind = Literal[
    "str",
    "text",
    "int",
    "bool",
    "remove",
    "date",
    "deadline",
    "enum",
    "strlist",
    "targets",
    "map",
    "recipients",
    "keyed",
]


@dataclass(frozen=True)
class Field:
    """One key of a mapping: everything the code knows about it, declared once.

    ``kind`` is the value's type and ``of`` the nested schema. ``required``: the file itself
    must write it. ``needed``: the *resolved* item or plan must have it, from the file or from
    the parent; the text names the field in the message when it is missing. ``own``: a plan
    field never inherited, because it names the issuing unit (every plan writes its own).
    ``breaks``: a typed ``\\n`` breaks the line (elsewhere it is flagged, rule ``xuong-dong``).
    ``attr``: the resolved item's attribute, where it cannot be the key (``for`` → ``for_``).
    ``quoted``: a number is refused (a code like ``00319`` must be written ``"00319"``).
    """

    kind: Kind
    doc: str
    required: bool = False
    of: dict[str, Field] | None = None
    choices: tuple[Any, ...] = ()
    pattern: str | None = None
    needed: str = ""
    own: bool = False
    breaks: bool = False
    attr: str = ""
    quoted: bool = False  # digits that must be written in quotes: YAML reads 00319 as the number 319
    form: str = ""  # what ``pattern`` asks, for the message (a key's pattern has its own message)


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

NODE: dict[str, Any] = {
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

CITATION: dict[str, Any] = {
    "key": KEY_FIELD,
    "kind": Field("str", "Loại văn bản: Kế hoạch, Quyết định, Công văn …", needed="'kind'"),
    "number": Field("str", "Số và ký hiệu, ví dụ 145/KH-UBND.", needed="'number'"),
    "date": Field("date", "Ngày ban hành, ví dụ 14/6/2021."),
    "issuer": Field("str", "Cơ quan ban hành như viết trong câu, ví dụ 'UBND Thành phố'.", needed="'issuer'"),
    "about": Field("text", "Trích yếu, không kể chữ 'về' ở đầu."),
    **OPS,
}

TASK: dict[str, Any] = {
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

PLAN: dict[str, Any] = {
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
            "code": Field(
                "str",
                'Mã đơn vị hành chính chính thức từ 01/7/2025 (tỉnh 2 chữ số, xã 5 chữ số), ví dụ "00319" '
                "(Phường Hoàng Mai); tra bằng lệnh 'new --province'.",
                pattern=r"^(\d{2}|\d{5})$",
                form='mã 2 hoặc 5 chữ số trong dấu nháy, ví dụ "00319"',
                quoted=True,
            ),
            "organ_id": Field(
                "str",
                "Mã định danh của cơ quan ban hành (13 ký tự, QCVN 102:2016/BTTTT, sửa đổi bởi Thông tư "
                '01/2022/TT-BTTTT), ví dụ "000.00.00.H26": ghi vào OrganId của siêu dữ liệu (Phụ lục VI).',
                pattern=r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$",
                form='mã định danh 13 ký tự dạng "000.00.00.H26"',
            ),
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


def content_fields(schema: dict[str, Field]) -> tuple[tuple[str, str], ...]:
    """The fields of a keyed item that carry its content (not its key, an operation or its
    sub-items), as (name in the file, attribute of the resolved item)."""
    return tuple(
        (name, spec.attr or name) for name, spec in schema.items() if name not in ("key", "items") and name not in OPS
    )


def needed_fields(schema: dict[str, Field], prefix: PathT = ()) -> list[tuple[tuple[Any, ...], Field]]:
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
