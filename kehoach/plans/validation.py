"""Checks on resolved plans that need more than one field or more than one plan."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import PathT, Problems
from ..text.nd30 import MARGIN_RANGES
from ..text.vietnamese import date_short
from .corpus import Corpus
from .lint import unfinished
from .locate import item_of
from .model import Node, Plan
from .numbering import PAGE_IDS
from .schema import PLAN, needed_fields

SYMBOL = re.compile(r"^KH-[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
MAX_ITEMS = 2000
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Issued:
    """What identifies an issued plan to an e-office system, and where its number is written."""

    number: int
    symbol: str
    body: str  # the issuing body's name, in capitals on one line
    year: int
    file: str
    line: int
    col: int

    @property
    def key(self) -> tuple[int, str, str, int]:
        return (self.number, self.symbol, self.body, self.year)


def issued(corpus: Corpus) -> dict[str, Issued]:
    """Every numbered, dated plan of ``corpus`` by id (drafts have no number yet)."""
    out = {}
    for plan in corpus.real():
        doc = plan.document
        if doc.number is not None and doc.date is not None:
            body = " ".join(plan.unit.name.replace("\\n", " ").split()).upper()
            line, col = corpus.sources[plan.id].at(("document", "number"))
            out[plan.id] = Issued(doc.number, doc.symbol, body, doc.date.year, plan.file, line, col)
    return out


HEADER = item_of(("document", "number"), {})[1]  # 'Phần đầu': where the number stands


def duplicate_numbers(plans: dict[str, Issued], problems: Problems) -> None:
    """Two plans with the same số and ký hiệu from the same body in the same year: one is mistyped.
    Numbers restart each year (NĐ 30/2020, Điều 15); e-office systems refuse the second (Phụ lục VI).
    Each is reported at its number, naming the other's file and line."""
    by_key: dict[tuple[int, str, str, int], list[str]] = defaultdict(list)
    for plan_id in sorted(plans):
        by_key[plans[plan_id].key].append(plan_id)
    for (number, symbol, _, year), ids in by_key.items():
        for pid in ids if len(ids) > 1 else ():
            here = plans[pid]
            others = ", ".join(f"{plans[o].file}:{plans[o].line} ('{o}')" for o in ids if o != pid)
            problems.add(
                here.file,
                (here.line, here.col),
                "document.number",
                f"số {number:02d}/{symbol} năm {year} của cùng cơ quan ban hành đã dùng ở {others}",
                "Mỗi văn bản một số trong năm: kiểm tra lại số của một trong các kế hoạch này.",
                where=HEADER,  # placed here: the other plan may not be loaded
            )


def validate(corpus: Corpus, problems: Problems, plan_ids: Iterable[str] | None = None) -> None:
    """Add every cross-field problem of every resolved plan (or of ``plan_ids``) to ``problems``."""
    for plan_id in sorted(corpus.plans if plan_ids is None else plan_ids):
        _validate_plan(corpus, plan_id, problems)


def _validate_plan(corpus: Corpus, plan_id: str, problems: Problems) -> None:  # noqa: C901
    plan = corpus.plans[plan_id]
    source = corpus.sources[plan_id]
    parent = corpus.plans.get(plan.extends) if plan.extends else None

    def err(path: PathT, message: str, hint: str, item: Any = None) -> None:
        if item is not None and item.origin.line:  # an item may come from an ancestor's file
            o = item.origin
            kind = "tasks" if path[-1] == "tasks" else "documents"
            problems.add(
                corpus.plans[o.plan].file,
                (o.line, o.col),
                corpus.sources[o.plan].field(path) + f"[{item.key}]",
                message,
                hint,
                ref=(kind, (item.key,)),
            )
        else:
            source.report(problems, path, message, hint)

    if not plan.year:
        if not problems.reported(plan.file, "year"):
            err(("year",), "thiếu năm của kế hoạch", "Thêm 'year: 2025' hoặc ngày ban hành.")
    elif not MIN_YEAR <= plan.year <= MAX_YEAR:
        err(
            ("year",),
            f"năm {plan.year} không hợp lệ",
            f"Năm của kế hoạch nằm trong khoảng {MIN_YEAR}–{MAX_YEAR}, ví dụ 2025.",
        )
        return
    if plan.reference_only:
        return
    _needed_fields(plan, err, reported=lambda path: problems.reported(plan.file, source.field(path)))
    doc = plan.document
    if doc.symbol and not SYMBOL.match(doc.symbol):
        err(
            ("document", "symbol"),
            f"ký hiệu '{doc.symbol}' không đúng dạng 'KH-…'",
            "Ký hiệu của kế hoạch là 'KH-' và chữ viết tắt tên cơ quan, viết hoa, không dấu cách, ví dụ KH-UBND.",
        )
    if doc.number is not None and not 1 <= doc.number <= 99999:
        err(
            ("document", "number"),
            f"số văn bản {doc.number} không hợp lệ",
            "Số là số nguyên dương, đánh từ 01 mỗi năm.",
        )
    if doc.date and parent and parent.document.date and doc.date < parent.document.date:
        err(
            ("document", "date"),
            f"ngày ban hành {date_short(doc.date)} sớm hơn kế hoạch cấp trên '{parent.id}' ({date_short(parent.document.date)})",
            "Kế hoạch cấp dưới ban hành sau kế hoạch cấp trên; kiểm tra lại ngày.",
        )
    if doc.date:
        for cit in plan.citations:
            if cit.key == plan.extends:
                continue  # the parent's date is checked above
            if cit.date and cit.date > doc.date:
                err(
                    ("legal_basis", "documents"),
                    f"văn bản được trích dẫn '{cit.key}' có ngày {date_short(cit.date)} sau ngày ban hành {date_short(doc.date)}",
                    "Không thể thực hiện một văn bản ban hành sau kế hoạch; kiểm tra lại ngày.",
                    item=cit,
                )
    for task in plan.tasks if plan.year else ():  # without a year, only the missing year is said
        if task.deadline and task.deadline.outside_year(plan.year) and not task.cross_year:
            err(
                ("appendix", "tasks"),
                f"thời hạn '{task.deadline.wording()}' của nhiệm vụ '{task.key}' nằm ngoài năm {plan.year} của kế hoạch",
                "Sửa thời hạn, hoặc thêm 'cross_year: true' nếu cố ý.",
                item=task,
            )
    if not 0 <= plan.cutoff_day <= 28:
        err(
            ("reporting", "cutoff_day"),
            f"ngày chốt số liệu {plan.cutoff_day} không hợp lệ",
            "Ghi từ 1 đến 28 (mặc định 14), hoặc 0 để chốt vào ngày cuối tháng.",
        )
    if not doc.is_draft:  # issued: what the clerk signs under has no blank left
        for path, what in unfinished(source.data if isinstance(source.data, dict) else {}):
            err(
                path,
                f"kế hoạch đã có số và ngày ban hành nhưng còn {what}",
                "Điền theo văn bản đã ký (lý do bỏ: 'remove: <lý do>'), hoặc bỏ 'number' và 'date' nếu còn là dự thảo.",
            )
    for side, (low, high, name) in MARGIN_RANGES.items():
        value = getattr(plan.margins, side)
        if not low <= value <= high:
            err(
                ("margins_mm", side),
                f"lề {name} {value} mm nằm ngoài {low}–{high} mm (Nghị định 30/2020/NĐ-CP, Phụ lục I, I.3)",
                f"Ghi một số từ {low} đến {high}, hoặc bỏ dòng này để dùng lề mặc định.",
            )
    raw_body = source.data.get("body") if isinstance(source.data, dict) else None
    for i, raw in enumerate(raw_body if isinstance(raw_body, list) else ()):
        if isinstance(raw, dict) and raw.get("key") in PAGE_IDS:
            err(
                ("body", i, "key"),
                f"khóa '{raw['key']}' trùng tên một phần cố định của trang kế hoạch trên web",
                f"Đặt khóa khác cho mục này, ví dụ '{raw['key']}-muc'; liên kết tới mục dùng khóa của nó.",
            )
    count = _count(plan.body) + len(plan.tasks)
    if count > MAX_ITEMS:
        err(
            (), f"kế hoạch có {count} mục, quá giới hạn {MAX_ITEMS}", "Một kế hoạch thật có vài trăm mục; kiểm tra tệp."
        )


def _count(nodes: tuple[Node, ...]) -> int:
    return sum(1 + _count(n.items) for n in nodes)


# The resolved plan's attribute for a field of the file, where the names differ.
_ATTRIBUTE = {("legal_basis", "closing"): "opening"}


def _needed_fields(plan: Plan, err: Any, reported: Any) -> None:
    """Fields the resolved plan must have (declared ``needed`` in the schema), from its file or its parent."""
    for path, spec in needed_fields(PLAN):
        if getattr(plan, _ATTRIBUTE.get(path, path[-1])) or reported(path) or reported(path[:1]):
            continue
        hint = (
            "Phần này nêu tên đơn vị nên không kế thừa từ cấp trên; mỗi kế hoạch tự ghi."
            if spec.own
            else "Kế hoạch không có cấp trên tự ghi phần này; kế hoạch cấp dưới kế thừa nó."
        )
        err(path[:1], f"thiếu {spec.needed}", hint)
