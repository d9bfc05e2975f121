"""``python build.py new ID --extends PARENT``: a child plan that builds at once.

The scaffold writes the fields that name the unit, with visible blanks ("…") where the clerk
has to fill in, leaves the number and date out (a draft), and lists every key of the resolved
parent as a commented outline, with where each item stands in the parent's document, so that
overriding or removing an item is uncommenting a line and adding ``text:`` or ``remove:``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..paths import program
from ..plans.map import Place, places
from ..plans.model import Node, Plan
from ..plans.numbering import locations
from ..text.markup import plain
from ..text.vietnamese import upper
from .rebase import leave_out_others

BLANK = "…"
SUBJECT = "Thông tin, tuyên truyền về cải cách hành chính nhà nước"
UBND = "UBND "
_LEVEL_OF_CHILD = {"tinh": "huyen", "so": "don-vi", "huyen": "xa"}


@dataclass(frozen=True)
class NewPlan:
    """What the clerk said on the command line; every field may be left out."""

    plan_id: str
    unit: str = ""  # the full name used in sentences, e.g. 'UBND phường Định Công'
    level: str = ""
    signer: str = ""
    signer_title: str = ""
    place: str = ""
    code: str = ""  # the unit's official code on the map (plans.map): fills its names, kind and place
    cutoff_day: int | None = None  # the report cut-off day (kehoach.yml), written when not the parent's


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is one)."""
    return json.dumps(text, ensure_ascii=False)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _outline(nodes: tuple[Node, ...], where: dict, indent: str, path: tuple = ()) -> list[str]:
    out = []
    for node in nodes:
        here = path + (node.key,)
        head = node.heading or node.text
        out.append(f"#{indent}- key: {node.key}  # {where[here]} {_short(head)}")
        if node.items:
            out.append(f"#{indent}  items:")
            out.extend(_outline(node.items, where, indent + "    ", here))
    return out


def level_of(unit: str) -> str:
    """The level a unit's name says ('UBND phường X' → xa), or ''."""
    words = unit.lower()
    for level, marks in (
        ("xa", ("phường", "xã ", "thị trấn")),
        ("huyen", ("quận", "huyện", "thị xã")),
        ("so", ("sở ", "ban ")),
        ("tinh", ("tỉnh", "thành phố")),
    ):
        if any(m in words for m in marks):
            return level
    return ""


def agency_name(unit: str) -> str:
    """The issuing body's name as the header prints it: 'UBND phường X' → 'ỦY BAN NHÂN DÂN\\nPHƯỜNG X'."""
    if unit.startswith("UBND "):
        return "ỦY BAN NHÂN DÂN\n" + upper(unit[5:])
    return upper(unit)


def scaffold(parent: Plan, new: NewPlan, schema: str) -> str:
    """The YAML text of a child plan of ``parent``; it passes ``--check`` as it is.

    With an official code (``new.code``), the unit's names, kind and place come from the map, and
    every item of the parent addressed to other kinds of unit (a department's block, a row led by
    another level) is left out with its reason written, so the draft holds what the unit carries out.
    """
    official: Place | None = places().get(new.code) if new.code else None
    unit = new.unit or (official.council if official else BLANK)
    level = (
        new.level or (official.kind if official else "") or level_of(unit) or _LEVEL_OF_CHILD.get(parent.unit.level, "")
    )
    parent_agency = " ".join(parent.unit.name.replace("\\n", "\n").split()).replace("ỦY BAN NHÂN DÂN", "UBND")
    year = parent.year
    lines = [
        f"# yaml-language-server: $schema={schema}",
        "#",
        f"# Kế hoạch của {unit} năm {year}, thực hiện kế hoạch '{parent.id}' của {parent.unit.full}.",
        f"# Tạo bằng '{program()} new'. Điền những chỗ \"…\"; số và ngày để trống cho đến khi ban hành.",
        "# Mọi mục không nhắc tới ở đây được kế thừa nguyên văn từ kế hoạch cấp trên (danh sách ở cuối tệp).",
        f"extends: {parent.id}",
        "unit:",
    ]
    if official is None:  # a commune's people's committee has no parent agency in its header (Mẫu 1.4)
        lines.append(f"  parent_agency: {_q(parent_agency)}")
    lines += [
        f"  name: {_q(official.header if official and not new.unit else agency_name(unit))}",
        f"  full: {_q(unit)}",
    ]
    if level:
        lines.append(f"  level: {level}")
    if parent.unit.province:
        lines.append(f"  province: {_q(parent.unit.province)}")
    if official:
        lines.append(f"  code: {_q(official.code)}")
    removals: dict = {}  # what the parent addresses to other kinds of unit, left out with the reason
    if official:
        leave_out_others(removals, parent, level, (unit,))
    kept_tasks = len(removals.get("appendix", {}).get("tasks", [])) < len(parent.tasks)
    place = new.place or (official.place_name if official else BLANK)
    referred = " (nhiệm vụ cụ thể tại Phụ lục kèm theo)" if official and kept_tasks else ""
    lines += [
        "document:",
        f"  symbol: {parent.document.symbol or 'KH-UBND'}",
        f"  place: {_q(place)}",
        f"  subject: {_q(f'{SUBJECT}{chr(10)}của {unit.removeprefix(UBND)} năm {year}')}",
        "legal_basis:",
        f"  closing: {_q(f'{unit} ban hành Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước năm {year} như sau:')}",
        f"closing: {_q(f'Trên đây là Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước năm {year} của {unit}{referred}./.')}",
        "signature:",
        f"  title: {_q(new.signer_title or 'CHỦ TỊCH')}",
        f"  name: {_q(new.signer or BLANK)}",
        "recipients:",
        f"  - {{text: {_q(parent.unit.full)}, note: để b/c}}",
        *([] if official else [f"  - {_q(BLANK)}"]),
        "archive: VT",
        *_reporting(new.cutoff_day, parent.cutoff_day),
        "",
        *_removals(removals),
        "# ── Các mục của kế hoạch cấp trên ──────────────────────────────────────────────────────",
        "# Muốn sửa hay bỏ một mục: bỏ dấu '#' ở dòng 'body:' và các dòng dẫn tới mục đó, rồi thêm",
        "# 'text: …' (sửa) hoặc 'remove: lý do' (bỏ). Thêm mục mới: khóa mới kèm 'after: <khóa>'.",
    ]
    where = locations(parent)
    if parent.body:
        lines.append("# body:")
        lines += _outline(parent.body, where, "  ")
    if parent.tasks:
        lines += ["# appendix:", "#   tasks:"]
        for n, task in enumerate(parent.tasks, 1):
            lines.append(f"#     - key: {task.key}  # Phụ lục {n}: {_short(task.task)}")
    if parent.citations:
        lines += ["# legal_basis:", "#   documents:"]
        for n, cit in enumerate(parent.citations, 1):
            lines.append(f"#     - key: {cit.key}  # Căn cứ {n}: {cit.kind} {cit.number}")
    return "\n".join(lines) + "\n"


def _removals(data: dict) -> list[str]:
    """The ``remove:`` entries :func:`rebase.leave_out_others` wrote, as the draft's YAML lines."""
    if not data:
        return []
    lines = ["# ── Các mục cấp trên giao cho loại đơn vị khác: bỏ, kèm lý do ──────────────────────────────"]
    if data.get("body"):
        lines += ["body:", *_entries(data["body"], "  ")]
    if data.get("appendix", {}).get("tasks"):
        lines += ["appendix:", "  tasks:", *_entries(data["appendix"]["tasks"], "    ")]
    return lines + [""]


def _entries(entries: list[dict], indent: str) -> list[str]:
    out = []
    for entry in entries:
        if "remove" in entry:
            out.append(f"{indent}- {{key: {entry['key']}, remove: {_q(entry['remove'])}}}")
        else:
            out += [f"{indent}- key: {entry['key']}", f"{indent}  items:", *_entries(entry["items"], indent + "    ")]
    return out


# The outline of a province's plan, as the real plans of 2024–2025 lay it out (tests/fixtures/seeds):
# (key, heading, [(key, heading)]) — each point a blank for the clerk to fill.
TOP_OUTLINE = (
    ("muc-dich-yeu-cau", "MỤC ĐÍCH, YÊU CẦU", (("muc-dich", "Mục đích"), ("yeu-cau", "Yêu cầu"))),
    ("noi-dung-hinh-thuc", "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", (("noi-dung", "Nội dung"), ("hinh-thuc", "Hình thức"))),
    ("kinh-phi", "KINH PHÍ THỰC HIỆN", ()),
    ("to-chuc-thuc-hien", "TỔ CHỨC THỰC HIỆN", (("so-noi-vu", "Sở Nội vụ"),)),
)


def _reporting(cutoff_day: int | None, inherited: int | None = None) -> list[str]:
    return [] if cutoff_day is None or cutoff_day == inherited else ["reporting:", f"  cutoff_day: {cutoff_day}"]


def top_scaffold(new: NewPlan, year: int, schema: str) -> str:
    """The YAML text of a plan with no parent (a province's own plan), for the unit of ``new.code``
    (a province on the map) or ``new.unit``: the usual outline with blanks; it passes ``--check``."""
    official: Place | None = places().get(new.code) if new.code else None
    unit = new.unit or (official.council if official else BLANK)
    place = new.place or (official.place_name if official else BLANK)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        "#",
        f"# Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước của {unit} năm {year}.",
        "# Tạo bằng 'kehoach new'. Điền những chỗ \"…\" (căn cứ, nội dung, nhiệm vụ trong phụ lục); số và",
        "# ngày để trống cho đến khi ban hành. Kế hoạch của các sở, xã, phường kế thừa kế hoạch này:",
        f"#   kehoach new <id> --extends {new.plan_id} --unit-code <mã xã>",
        f"year: {year}",
        "unit:",
        f"  name: {_q(official.header if official and not new.unit else agency_name(unit))}",
        f"  full: {_q(unit)}",
        f"  level: {new.level or (official.kind if official else '') or level_of(unit) or 'tinh'}",
    ]
    if official:
        lines += [f"  province: {_q(official.place_name)}", f"  code: {_q(official.code)}"]
    lines += [
        "document:",
        "  symbol: KH-UBND",
        f"  place: {_q(place)}",
        f"  subject: {_q(f'{SUBJECT}{chr(10)}của {unit.removeprefix(UBND)} năm {year}')}",
        "legal_basis:",
        f"  closing: {_q(f'{unit} ban hành Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước năm {year} như sau:')}",
        "  # documents:  # các văn bản căn cứ, mỗi văn bản một mục",
        "  #   - {key: kh-cchc, kind: Kế hoạch, number: …/KH-UBND, date: dd/mm/yyyy, issuer: …, about: …}",
        "body:",
    ]
    for key, heading, points in TOP_OUTLINE:
        lines += [f"  - key: {key}", f"    title: {heading}"]
        if not points:
            lines.append(f"    text: {_q(BLANK)}")
            continue
        lines.append("    items:")
        for point, title in points:
            field = "unit" if key == "to-chuc-thuc-hien" else "title"
            lines += [f"      - key: {point}", f"        {field}: {title}", f"        text: {_q(BLANK)}"]
    lines += [
        *_reporting(new.cutoff_day),
        f"closing: {_q(f'Trên đây là Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước năm {year} của {unit}./.')}",
        "signature:",
        f"  title: {_q(new.signer_title or 'CHỦ TỊCH')}",
        f"  name: {_q(new.signer or BLANK)}",
        "recipients:",
        "  - {text: Bộ Nội vụ, note: để b/c}",
        f"  - {_q(BLANK)}",
        "archive: VT",
    ]
    return "\n".join(lines) + "\n"
