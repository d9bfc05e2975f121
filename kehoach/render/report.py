"""The periodic report (Báo cáo kết quả thực hiện Kế hoạch thông tin, tuyên truyền về CCHC) as a
DOCX in the Decree 30 format.

The report is written with the plan's own machinery: a document of kind *Báo cáo* from the same
unit, draft number, citing the plan it reports on in its opening ("Thực hiện Kế hoạch số …"),
with the cut-off dates; sections I. Kết quả thực hiện, II. Tồn tại, hạn chế, III. Phương hướng,
nhiệm vụ kỳ tới, IV. Đề xuất, kiến nghị; the landscape appendix lists every task with its
target, what was done and its state (the template's column headings are renamed for it). The
figures come from :func:`kehoach.pipeline.report.figures` (the same as ``--format json``).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from typing import Any

from ..plans.model import INHERITED, DocumentInfo, Node, Origin, Plan, Recipient, Task, plan_citation
from ..text.deadline import Deadline
from ..text.markup import escape
from ..text.vietnamese import lower_first, upper
from .archive import deterministic_zip
from .docx import render

# The appendix's column headings in the template, and what they say in a report.
HEADINGS = {
    "Cơ quan, đơn vị chủ trì": "Chỉ tiêu",
    "Cơ quan, đơn vị phối hợp": "Đã thực hiện",
    "Thời gian hoàn thành": "Tình trạng",
}


def _node(key: str, title: str, items: list[Node] | None = None, text: str = "") -> Node:
    origin = Origin(INHERITED, "", "")
    return Node(key=key, title=title, text=text, items=tuple(items or ()), origin=origin)


def _text(key: str, text: str) -> Node:
    return Node(key=key, text=text, origin=Origin(INHERITED, "", ""))


def _short(text: str, words: int = 14) -> str:
    parts = text.rstrip(".;: ").split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _sentence(text: str) -> str:
    """``text`` ended with a full stop, unless it ends already (a task cut short ends with '…')."""
    return text if text.endswith((".", "…", "!", "?")) else f"{text}."


def _named(t: dict[str, Any]) -> str:
    """A task as the report names it: an item of the parent by its label (not pasted), its own by its words."""
    if t["inherited"]:
        return f"Nhiệm vụ tại {t['where']} của Kế hoạch ({_short(t['text'])})"
    return _short(re.split(r"[;:]\s", t["text"])[0], 30)  # its first clause


def _result(t: dict[str, Any]) -> str:
    """'… — đã thực hiện 02 tin/bài (chỉ tiêu: 12 tin/bài/năm): A; B.' — the count never glued to a title."""
    target = f" (chỉ tiêu: {'; '.join(t['target'])})" if t["target"] else ""
    titles = [e["title"].rstrip(".") for e in t["entries"][:5]] + (["…"] if len(t["entries"]) > 5 else [])
    return f"{_named(t)}: đã thực hiện {t['done']:02d} {t['what']}{target}, gồm: {'; '.join(titles)}."


def report_plan(plan: Plan, data: dict[str, Any], parent: Plan | None = None) -> Plan:
    """The report as a document the renderer knows: a :class:`Plan` of kind 'Báo cáo'."""
    p = data["period"]
    phrase = p.get("phrase") or f"{lower_first(p['name'])} năm {data['year']}"
    subject = f"Kết quả thực hiện Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước {phrase}"
    symbol = "BC-" + plan.document.symbol.split("-", 1)[-1]
    done = [t for t in data["tasks"] if t["done"]]
    late = [t for t in data["tasks"] if t["state"] == "late"]
    results = [_text(f"kq-{n}", escape(_result(t))) for n, t in enumerate(done)]
    if not results:
        results.append(_text("kq-0", "Trong kỳ chưa có việc nào được ghi vào sổ theo dõi thực hiện."))
    if "children" in data:
        c = data["children"]
        line = f"Các đơn vị cấp dưới: {c['reporting']}/{c['units']} đơn vị có số liệu trong kỳ."
        if c.get("silent"):
            line += " Chưa có số liệu: " + ", ".join(c["silent"]) + "."
        results.append(_text("kq-cap-duoi", escape(line)))
        results += [
            _text(
                f"kq-cd-{n}",
                escape(f"{k['unit']}: {k['done']:02d}/{k['assigned']:02d} nhiệm vụ được giao đã có kết quả."),
            )
            for n, k in enumerate(c.get("shares", ()))
        ]
    problems = [_text(f"tt-{n}", escape(f"{_named(t)}: {t['why'] or 'chậm'}.")) for n, t in enumerate(late)]
    if not problems:
        problems.append(_text("tt-0", "Các nhiệm vụ được thực hiện đúng tiến độ."))
    upcoming = [
        _text(f"ph-{n}", escape(f"{_named(t)} (tiếp tục duy trì)." if t["state"] == "done" else _sentence(_named(t))))
        for n, t in enumerate(data["tasks"])
        if t["state"] != "done" or t["expected"]
    ] or [_text("ph-0", "Tiếp tục thực hiện các nhiệm vụ của Kế hoạch.")]
    proposals = data.get("proposals") or "Không có."  # markup, written by the unit in its ledger
    body = (
        _node("ket-qua", "KẾT QUẢ THỰC HIỆN", results),
        _node("ton-tai", "TỒN TẠI, HẠN CHẾ", problems),
        _node("phuong-huong", "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", upcoming),
        _node("de-xuat", "ĐỀ XUẤT, KIẾN NGHỊ", text=proposals),
    )
    rows = tuple(
        Task(
            key=f"r{n}",
            task=escape(f"{t['where'].rstrip('.')}: {_short(t['text'], 30)}"),
            lead="; ".join(t["target"]) or "—",
            support=f"{t['done']}" + (f"/{t['expected']}" if t["expected"] else ""),
            deadline=Deadline("ongoing", text=t["state_text"]),  # the last column: the state
            origin=Origin(INHERITED, "", ""),
        )
        for n, t in enumerate(data["tasks"])
    )
    cutoff = p.get("cutoff") or ""
    opening = f"{plan.unit.full} báo cáo kết quả thực hiện {phrase}" + (
        f". {cutoff}, cụ thể như sau:" if cutoff else " như sau:"
    )
    to = data.get("to") or (parent.unit.known_as if parent is not None else "")
    recipients = (Recipient("Như trên"),) if to else plan.recipients
    report = replace(
        plan,
        document=DocumentInfo(symbol=symbol, subject=subject, kind="Báo cáo", place=plan.document.place, to=to),
        citations=(plan_citation(plan),),
        lead="Thực hiện",
        opening=opening,
        body=body,
        closing=f"Trên đây là báo cáo kết quả thực hiện Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước {phrase} của {plan.unit.full}./.",
        recipients=recipients,
        appendix_title=f"KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ {upper(phrase)}",
        tasks=rows,
        removed=(),
    )
    return report


def render_report(plan: Plan, data: dict[str, Any], parent: Plan | None = None) -> bytes:
    """The report's DOCX bytes; deterministic for the same figures."""
    return _rename_headings(render(report_plan(plan, data, parent)))


def _rename_headings(raw: bytes) -> bytes:
    """The appendix's column headings, as a report names them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                for old, new in HEADINGS.items():
                    text = text.replace(f">{old}<", f">{new}<", 1)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return deterministic_zip(out.getvalue())
