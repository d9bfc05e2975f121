"""Recognising a plan in a document's blocks: header, subject, the 'Thực hiện …' paragraph and its
citations, mục/khoản/điểm by their labels, responsibility blocks, closing, Nơi nhận, signature
and the appendix table. The result is plan data in the schema's shape (what a YAML file holds),
plus the blocks that could not be placed, so that no text is ever lost silently.

Labels: I. II. (mục), 1. 2. (khoản), 4.1. (numbered under a khoản), a) b) đ) (điểm), - and +
(dashes). Keys: a lettered item keeps its letter; every other item gets a short slug of its
title or first words, unique in its list, the same each time the same document is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..text.deadline import DeadlineError, parse_date, parse_deadline
from ..text.markup import plain
from ..text.nd30 import AUTHORITY, LABEL, NATIONAL_LINES, NATIONAL_WORDS
from ..text.vietnamese import slug
from .reading import Block, Para, Row, all_capitals

KINDS = {
    "Kế hoạch": "kh",
    "Quyết định": "qd",
    "Công văn": "cv",
    "Chỉ thị": "ct",
    "Nghị quyết": "nq",
    "Nghị định": "nd",
    "Thông tư": "tt",
    "Thông báo": "tb",
    "Chương trình": "ctr",
    "Hướng dẫn": "hd",
    "Luật": "luat",
}
_CITATION = re.compile(r"(?P<kind>" + "|".join(KINDS) + r") số (?P<number>[^\s,;]+)")
_NUMBER = re.compile(r"^Số:\s*(?P<number>\d+)?\s*/\s*(?P<symbol>\S+)")
_PLACE_DATE = re.compile(
    r"^(?:(?P<place>[^,]+?),\s*)?ngày\s*(?P<day>\d{1,2})?[\s…\.]*tháng\s*(?P<month>\d{1,2})?[\s…\.]*năm\s*(?P<year>\d{4})"
)


@dataclass
class Imported:
    """Plan data recognised in a document, and what could not be placed (with source lines).

    ``doubts``: parts a clerk signs under that were read but cannot be what the document says
    (a place holding the motto, a unit name holding 'Số:', a signer's name that is no name); each
    was replaced by a visible '…' blank and is listed here as a ``KIỂM TRA`` line."""

    data: dict
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)  # key path → a TODO comment for the YAML
    doubts: list[str] = field(default_factory=list)


def _key(text: str, taken: set[str], fallback: str = "muc") -> str:
    words = slug(plain(text)).split("-")
    base = "-".join(words[:4])[:40].strip("-") or fallback
    if not re.match(r"^[a-z0-9]", base):
        base = f"{fallback}-{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


@dataclass
class _Node:
    kind: str  # roman num sub letter dash plus
    label: str
    head: str
    heading: bool
    children: list[_Node] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def _open_under(stack: list[_Node], kind: str) -> int:
    """How many nodes of the stack stay open under a new item of ``kind``."""
    order = {"roman": 0, "num": 1, "sub": 2, "letter": 3, "dash": 4, "plus": 5}
    keep = len(stack)
    while keep and order[stack[keep - 1].kind] >= order[kind]:
        keep -= 1
    return keep


def _heading(node_kind: str, para: Para, rest: str) -> bool:
    if node_kind == "roman":
        return True
    if node_kind != "num":
        return False
    if para.style:
        return para.bold or para.style in ("KH Khoản", "KH Mục")
    words = plain(rest).split()
    return para.bold or (len(words) <= 14 and not plain(rest).rstrip().endswith((".", ";", ":", ",")))


def _node_data(node: _Node, taken: set[str], depth: int) -> dict:
    out: dict = {}
    if node.kind == "letter" and node.label not in taken:
        out["key"] = node.label
        taken.add(node.label)
    else:
        out["key"] = _key(node.head, taken)
    texts = list(node.paragraphs)
    if node.heading:
        head = plain(node.head) if node.kind == "roman" else node.head
        if head.startswith("Đề nghị "):
            out["unit"], out["request"] = head[len("Đề nghị ") :], True
        else:
            out["title"] = head
    else:
        texts.insert(0, node.head)
    if texts:
        out["text"] = "\n\n".join(texts)
    if node.children:
        kinds = {c.kind for c in node.children}
        style = {"letter": "letter", "dash": "dash", "plus": "dash", "num": "number", "sub": "number"}.get(
            next(iter(kinds)), "plain"
        )
        default = {1: "number", 2: "letter"}.get(depth, "dash")
        if style != default:
            out["style"] = style
        child_keys: set[str] = set()
        out["items"] = [_node_data(c, child_keys, depth + 1) for c in node.children]
    return out


def _citations(text: str, taken: set[str]) -> tuple[list[dict], str, str]:
    """The citations of a 'Thực hiện …' paragraph, its closing, and its lead word."""
    lead_match = re.match(r"^(Thực hiện|Căn cứ)\s+", text)
    lead = lead_match.group(1) if lead_match else ""
    matches = list(_CITATION.finditer(text))
    if not matches or (lead_match and matches[0].start() != lead_match.end()):
        return [], text, ""
    out = []
    closing = ""
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        segment = text[m.end() : end]
        if i + 1 < len(matches):
            segment = re.sub(r"[,;]\s*$", "", segment.rstrip())
        else:
            split = None
            for sep in re.finditer(r",\s+(?=[A-ZĐÀ-Ỹ])", segment):
                if re.search(r"ban hành|xây dựng|triển khai|như sau", segment[sep.end() :]):
                    split = sep
                    break
            if split is not None:
                segment, closing = segment[: split.start()], segment[split.end() :]
        cit: dict = {"kind": m.group("kind"), "number": m.group("number")}
        rest = segment.strip()
        date = re.match(r"^ngày (\d{1,2}/\d{1,2}/\d{4})\s*", rest)
        if date:
            try:
                parse_date(date.group(1))
                cit["date"] = date.group(1)
            except ValueError:
                pass
            rest = rest[date.end() :]
        issuer = re.match(r"^của (.+?)(?: về (.*))?$", rest, re.S)
        if issuer:
            cit["issuer"] = issuer.group(1).strip()
            if issuer.group(2):
                cit["about"] = issuer.group(2).strip()
        else:
            cit["issuer"] = rest or "…"
        year = (cit.get("date") or "").rsplit("/", 1)[-1]
        base = f"{KINDS[m.group('kind')]}-{slug(m.group('number').split('/')[0])}" + (f"-{year}" if year else "")
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        taken.add(key)
        out.append({"key": key, **cit})
    return out, closing.strip(), lead


def _cell_units(cell: str):
    lines = [line.strip() for line in cell.split("\n") if line.strip()]
    if len(lines) > 1 and all(line.startswith(("-", "–")) for line in lines):
        return [line.lstrip("-– ").strip() for line in lines]
    return " ".join(lines)


def _full_name(name: str) -> str:
    """'ỦY BAN NHÂN DÂN\\nPHƯỜNG THỊNH LIỆT' → 'UBND phường Thịnh Liệt' (when the document never says it)."""
    words = " ".join(name.split()).replace("ỦY BAN NHÂN DÂN", "UBND").split()
    out = []
    for i, w in enumerate(words):
        if w == "UBND":
            out.append(w)
        elif i > 0 and words[i - 1] == "UBND":
            out.append(w.lower())
        else:
            out.append(w.capitalize())
    return " ".join(out)


BLANK = "…"


def _complete(unit: dict, document: dict, legal: dict, data: dict, signature: dict, recipients: list) -> list[str]:
    """Fill what a plan file must have but the document did not show with visible blanks, so that
    the file checks; returns what was filled, for the TODO comments."""
    filled = []
    for holder, key, what, value in (
        (unit, "name", "tên cơ quan (unit.name)", BLANK),
        (unit, "full", "tên đơn vị dùng trong câu (unit.full)", BLANK),
        (document, "symbol", "ký hiệu (document.symbol)", "KH-UBND"),
        (document, "subject", "trích yếu (document.subject)", BLANK),
        (legal, "closing", "đoạn 'Thực hiện …' (legal_basis.closing)", BLANK),
        (data, "closing", "đoạn kết (closing)", BLANK),
        (signature, "title", "chức vụ người ký (signature.title)", BLANK),
        (signature, "name", "họ tên người ký (signature.name)", BLANK),
        (data, "archive", "dòng Lưu (archive)", "VT"),
    ):
        if not holder.get(key):
            holder[key] = value
            filled.append(what)
    if not recipients:
        recipients.append(BLANK)
        filled.append("Nơi nhận (recipients)")
    if "year" not in data:
        found = re.findall(r"năm (\d{4})", document.get("subject", "")) or [
            c["date"][-4:] for c in legal.get("documents", []) if c.get("date")
        ]
        if found:
            data["year"] = int(max(found))
        else:
            filled.append("năm (year)")
    return filled


_APPENDIX = ("Phụ lục", "PHỤ LỤC")


class _Reader:
    """A cursor over a document's blocks, with one method for each part of a plan, in the order
    the parts come; what a part cannot place goes to ``unplaced``."""

    def __init__(self, blocks: list[Block]):
        self.blocks, self.i = blocks, 0
        self.unplaced: list[tuple[int, str]] = []
        self.comments: dict[str, str] = {}
        self.data: dict = {}
        self.unit: dict = {}
        self.document: dict = {}
        self.legal: dict = {}
        self.signature: dict = {}
        self.recipients: list = []
        self.appendix: dict = {}

    def para(self) -> Para | None:
        """The current block when it is a paragraph."""
        block = self.blocks[self.i] if self.i < len(self.blocks) else None
        return block if isinstance(block, Para) else None

    def peek(self) -> Block | None:
        """The block after the current one."""
        return self.blocks[self.i + 1] if self.i + 1 < len(self.blocks) else None

    def text(self) -> str:
        p = self.para()
        return plain(p.text).strip() if p is not None else ""

    def skip(self, block: Block, text: str | None = None) -> None:
        self.unplaced.append((block.line, block.text if text is None else text))

    def header(self) -> None:
        """Everything before 'KẾ HOẠCH': agency names, number and symbol, place and date."""
        names: list[Para] = []
        while self.i < len(self.blocks) and self.text() not in ("KẾ HOẠCH", "KẾ HOẠCH:"):
            b = self.blocks[self.i]
            self.i += 1
            if not isinstance(b, Para):
                self.skip(b)
                continue
            t = plain(b.text).strip()
            if t in NATIONAL_LINES or not t:
                continue
            if m := _NUMBER.match(t):
                if m.group("number"):
                    self.document["number"] = int(m.group("number"))
                self.document["symbol"] = m.group("symbol")
            elif m := _PLACE_DATE.match(t):
                if m.group("place"):
                    self.document["place"] = m.group("place").strip()
                if m.group("day") and m.group("month"):
                    self.document["date"] = f"{int(m.group('day')):02d}/{int(m.group('month')):02d}/{m.group('year')}"
                self.data["year"] = int(m.group("year"))
            else:
                names.append(b)
        styled = [b for b in names if b.style == "KH Cơ quan chủ quản"]
        if styled:
            self.unit["parent_agency"] = plain(styled[0].text)
            names = [b for b in names if b is not styled[0]]
        elif len(names) > 1 and not plain(names[0].text).startswith("ỦY BAN"):
            self.unit["parent_agency"] = plain(names.pop(0).text)
        if names:
            self.unit["name"] = "\n".join(plain(b.text) for b in names)
        if self.i < len(self.blocks):
            self.i += 1  # 'KẾ HOẠCH': the kind the schema assumes

    def subject(self) -> None:
        """The lines up to the 'Thực hiện …' paragraph or the first mục."""
        lines: list[str] = []
        while (p := self.para()) is not None:
            t = plain(p.text).strip()
            if t.startswith(("Thực hiện", "Căn cứ")) or LABEL.match(t) or p.style == "KH Nội dung":
                break
            lines.append(t)
            self.i += 1
        if lines:
            self.document["subject"] = "\n".join(lines)

    def legal_basis(self) -> None:
        """The 'Thực hiện …' paragraph: its citations and its closing words."""
        p = self.para()
        if p is None or LABEL.match(plain(p.text)):
            return
        cits, closing, lead = _citations(p.text, set())
        if cits:
            self.legal["documents"] = cits
            if lead and lead != "Thực hiện":
                self.legal["lead"] = lead
            self.legal["closing"] = closing
        else:
            self.legal["closing"] = p.text
        self.i += 1

    def body(self) -> None:
        """Mục, khoản, điểm by their labels; a paragraph without one continues the item before it."""
        roots: list[_Node] = []
        stack: list[_Node] = []
        while (b := self.para()) is not None:
            t = plain(b.text).strip()
            if t.startswith(("Trên đây", "Nơi nhận")) or t in _APPENDIX:
                break
            m = LABEL.match(b.text)
            if m:
                kind = next(k for k in ("roman", "num", "letter", "dash", "plus") if m.group(k))
                label = m.group(kind)
                if kind == "num" and "." in label:
                    kind = "sub"
                rest = m.group("rest").strip()
                node = _Node(kind, label, rest, _heading(kind, b, rest))
                del stack[_open_under(stack, kind) :]
                (stack[-1].children if stack else roots).append(node)
                stack.append(node)
            elif stack:
                stack[-1].paragraphs.append(b.text)
            else:
                self.skip(b, t)
            self.i += 1
        if roots:
            taken: set[str] = set()
            self.data["body"] = [_node_data(r, taken, 1) for r in roots]

    def closing(self) -> None:
        """The closing paragraphs, up to Nơi nhận or the signature block (which some clerks put first)."""
        paragraphs: list[str] = []
        while (
            (p := self.para()) is not None
            and not _starts_signature(self.text())
            and not (paragraphs and _signature_title(self.text()))
            and self.text() not in _APPENDIX
        ):
            paragraphs.append(p.text)
            self.i += 1
        if paragraphs:
            self.data["closing"] = "\n\n".join(paragraphs)

    def recipients_and_signature(self) -> None:
        """Nơi nhận, the Lưu line and the signature block, in either order (side by side in a table,
        read left column first, or the signature typed above Nơi nhận)."""
        lines: list[Block] = []
        listing = archived = False
        wrapped = ""  # what the last line of the list continues on the next: 'recipient', 'archive' or ''
        while (p := self.para()) is not None and self.text() not in _APPENDIX:
            t = self.text()
            if wrapped and not t.startswith(("-", "–", "+", "•", "Nơi nhận")) and not _signature_title(t):
                if wrapped == "archive":  # 'Lưu: VT, KSTTHC, SNV' + '(M.Phương).'
                    self.data["archive"] = f"{self.data['archive']} {t}".rstrip(".").strip()
                else:  # '- Đài PTTH Hà Nội, Báo Hà Nội' + 'mới, Báo Kinh tế đô thị;'
                    self._continue_recipient(t)
            elif t.startswith("Nơi nhận"):
                listing = True
            elif listing and not archived and re.match(r"^[-–+•]?\s*Lưu\b", t):
                self.data["archive"] = re.sub(r"^[-–+•]?\s*Lưu:?\s*", "", t).rstrip(".").strip()
                archived, listing = True, False
                wrapped = "" if t.endswith(".") else "archive"
                self.i += 1
                continue
            elif listing and t.startswith(("-", "–", "+", "•")):
                self.recipients.append(_recipient(t.lstrip("-–+• ")))
            else:  # the signature's lines, also between recipients when a PDF lays both out side by side
                lines.append(p)
            wrapped = "recipient" if listing and self.recipients and not t.endswith((";", ".", ":")) else ""
            self.i += 1
        texts = [plain(b.text).strip() for b in lines]
        authority = [t for t in texts if t.startswith(AUTHORITY)]
        rest = [(b, t) for b, t in zip(lines, texts) if not t.startswith(AUTHORITY)]
        if not rest:
            return
        titles = [(b, t) for b, t in rest[:-1] if t.isupper()]
        if titles:
            self.signature["title"] = titles[-1][1]
            for b, t in rest[:-1]:
                if (b, t) != titles[-1]:
                    self.skip(b, t)
        self.signature["name"] = rest[-1][1]
        if authority:
            self.signature["authority"] = authority

    def _continue_recipient(self, more: str) -> None:
        last = self.recipients[-1]
        text = last["text"] + (f" ({last['note']})" if last.get("note") else "") if isinstance(last, dict) else last
        self.recipients[-1] = _recipient(f"{text} {more}")

    def appendix_table(self) -> None:
        """'Phụ lục', its title, the '(Kèm theo …)' line (which names the unit in full), the rows."""
        if self.text() not in _APPENDIX:
            return
        self.i += 1
        while (p := self.para()) is not None:
            t = self.text()
            if t.startswith("(Kèm theo"):
                kem, more = t, 0
                while ")" not in kem and more < 3 and isinstance(self.peek(), Para):
                    self.i, more = self.i + 1, more + 1
                    kem += " " + self.text()
                kem, _, after = kem.partition(")")
                of = re.search(r"\bcủa (.+?)\s*$", kem)
                if of:
                    self.unit["full"] = of.group(1).strip()
                if after.strip():
                    self.skip(self.blocks[self.i], after.strip())
            elif "title" not in self.appendix:
                self.appendix["title"] = t
            else:
                self.skip(p, t)
            self.i += 1
        tasks = []
        taken: set[str] = set()
        for b in self.blocks[self.i :]:
            self.i += 1
            if not isinstance(b, Row):
                self.skip(b)
                continue
            task = self._task(b, taken)
            if task is not None:
                tasks.append(task)
        if tasks:
            self.appendix["tasks"] = tasks

    def _task(self, row: Row, taken: set[str]) -> dict | None:
        cells = row.cells + [""] * (5 - len(row.cells))
        if not re.match(r"^\d+\.?$", cells[0].strip()):
            if plain(cells[1]).strip() not in ("Nhiệm vụ", "Nội dung"):  # not the header row
                self.skip(row, " | ".join(cells))
            return None
        task: dict = {"key": _key(cells[1], taken, "nhiem-vu"), "task": cells[1].replace("\n", " ")}
        task["lead"] = _cell_units(cells[2])
        if cells[3].strip():
            task["support"] = _cell_units(cells[3])
        wording = " ".join(plain(cells[4]).split())
        try:
            parse_deadline(wording)
            task["deadline"] = wording
        except DeadlineError:
            task["deadline"] = "Trong năm"
            self.comments[f"appendix.tasks.{task['key']}.deadline"] = f"TODO thời hạn trong văn bản: {wording}"
            self.skip(row, f"thời hạn '{wording}' của dòng {cells[0]}")
        return task

    def rest(self) -> None:
        for b in self.blocks[self.i :]:
            self.skip(b)
        self.i = len(self.blocks)


def _recipient(line: str) -> str | dict:
    """A Nơi nhận line (its mark taken off) as the plan writes it: the text, or text and note when
    it ends with one such as '(để b/c)'."""
    item = line.rstrip(";.,").strip()
    note = re.search(r"\s*\(([^()]*)\)$", item)
    if note and re.match(r"^(để|đ/c|b/c|t/h|p/h)", note.group(1)):
        return {"text": item[: note.start()].strip(), "note": note.group(1)}
    return item


_TITLE = ("KẾ HOẠCH", "KẾ HOẠCH:")
_LAYOUT_BREAK = re.compile(r"\s*[\n\t]\s*")  # lines of the header and signature: breaks and tabs
_LINE_BREAK = re.compile(r"\s*\n\s*")  # lines of the title and subject: breaks only
# a draft's blanks may be typed with tabs ('Số:<tab>/KH-UBND', 'ngày<tab>tháng<tab>năm 2025'): one line
_UNFINISHED = re.compile(r"(?:^Số:|\bngày|\btháng)$")


def _split(block: Para, by: re.Pattern) -> list[Para]:
    """A paragraph of the header or signature zone as its lines: Word users break a cell's lines with
    Shift+Enter (``w:br``), put Số and the date on one line with tabs, and the motto on one line."""
    text = plain(block.text)
    for phrase in NATIONAL_LINES:  # the motto, wherever it stands, is a line of its own
        text = text.replace(phrase, f"\n{phrase}\n")
    parts: list[str] = []
    for x in (" ".join(x.split()) for x in by.split(text)):
        if parts and _UNFINISHED.search(parts[-1]) and x:
            parts[-1] = f"{parts[-1]} {x}"
        else:
            parts.append(x)
    if len(parts) == 1 and parts[0] == " ".join(plain(block.text).split()):
        return [block]
    return [Para(x, block.style, block.bold, block.line) for x in parts if x]


def _starts_signature(text: str) -> bool:
    return text.startswith(("Nơi nhận", *AUTHORITY))


def layout_lines(blocks: list[Block]) -> list[Block]:
    """The blocks with the paragraphs of the header (before 'KẾ HOẠCH'), the title and subject, and
    of Nơi nhận and the signature (from 'Nơi nhận' or an authority line 'TM.', 'KT.' … up to the
    appendix) split into their lines; body paragraphs are left whole."""
    out: list[Block] = []
    zone = "header"
    for b in blocks:
        if not isinstance(b, Para):
            out.append(b)
            continue
        first = plain(b.text).strip().split("\n")[0].strip()
        if zone == "header" and first in _TITLE:
            zone = "title"
        elif zone == "title" and (first.startswith(("Thực hiện", "Căn cứ")) or LABEL.match(first)):
            zone = "body"
        elif zone == "body" and first.startswith("Trên đây"):
            zone = "closing"
        elif zone in ("body", "closing") and (
            _starts_signature(first) or (zone == "closing" and _signature_title(first))
        ):
            zone = "signature"
        if zone in ("header", "signature"):
            if zone == "signature" and first in _APPENDIX:
                zone = "appendix"
                out.append(b)
                continue
            out.extend(_split(b, _LAYOUT_BREAK))
        elif zone == "title":
            out.extend(_split(b, _LINE_BREAK))
        else:
            out.append(b)
    return out


def _signature_title(text: str) -> bool:
    """A signer's title standing alone after the closing ('CHỦ TỊCH', 'GIÁM ĐỐC'): a short line in capitals."""
    words = text.split()
    return (
        1 <= len(words) <= 5
        and all_capitals(text)
        and not LABEL.match(text)
        and text not in _APPENDIX
        and not re.search(r"[;:,()]|\.$", text)  # 'TTĐT;' ends a recipient wrapped onto two lines
    )


def recognise(blocks: list[Block]) -> Imported:
    """Plan data from blocks; blocks that fit nowhere are kept in ``unplaced``."""
    r = _Reader(layout_lines(list(blocks)))
    for part in (
        r.header,
        r.subject,
        r.legal_basis,
        r.body,
        r.closing,
        r.recipients_and_signature,
        r.appendix_table,
        r.rest,
    ):
        part()
    unit, data = r.unit, r.data
    if unit.get("name") and not unit.get("full"):
        unit["full"] = _full_name(unit["name"])
    for what in _complete(unit, r.document, r.legal, data, r.signature, r.recipients):
        r.comments[f"missing.{what}"] = f"không tìm thấy {what} trong văn bản: đã ghi '…', hãy điền"
    data = {
        **({"year": data["year"]} if "year" in data else {}),
        "unit": unit,
        "document": r.document,
        "legal_basis": r.legal,
        **{k: v for k, v in data.items() if k in ("body", "closing")},
        "signature": r.signature,
        "recipients": r.recipients,
        **({"archive": data["archive"]} if "archive" in data else {}),
        **({"appendix": r.appendix} if r.appendix else {}),
    }
    doubts = check_signed_parts(data, blocks)
    reported = {line for line, _ in r.unplaced}
    unplaced = sorted(r.unplaced + [(line, text) for line, text in lost_text(blocks, data) if line not in reported])
    return Imported(data, unplaced, r.comments, doubts)


# What a part a clerk signs under must not hold: the motto, a number line, a date line, a list mark.
_NUMBER_WORDS = re.compile(r"\bSố\s*:|\d+\s*/\s*[A-ZĐ]{1,4}-|/KH-", re.I)
_DATE_WORDS = re.compile(r"\bngày\b.*\btháng\b|\bnăm \d{4}\b")
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹA-ZĐÀ-Ỹ]*\.?\s+){1,6}[A-ZĐÀ-Ỹ][a-zđà-ỹA-ZĐÀ-Ỹ]*$")


def _why_not(part: str, raw: str) -> str:
    """Why ``raw`` cannot be ``part`` as the document shows it, or '' when it may be."""
    if re.search(r"\S[ \t]{3,}\S", raw):
        return "có hai cột chữ dính vào nhau (bản PDF trình bày theo cột)"
    value = " ".join(raw.split())
    if value == BLANK:
        return ""
    if NATIONAL_WORDS.search(value):
        return "có Quốc hiệu, Tiêu ngữ"
    if part != "document.place" and part != "document.subject" and _NUMBER_WORDS.search(value):
        return "có dòng Số, ký hiệu"
    if part in ("unit.name", "unit.parent_agency", "signature.title", "signature.name") and _DATE_WORDS.search(value):
        return "có dòng địa danh, ngày tháng"
    if part == "signature.name" and (not _NAME.match(value) or all_capitals(value)):
        return "không giống họ tên người (chữ hoa đầu mỗi tiếng, không số, không dấu câu, không viết hoa cả)"
    if part == "signature.title" and (not all_capitals(value) or re.search(r"[;:,/()]", value)):
        return "chức vụ người ký viết hoa, không dấu câu, như CHỦ TỊCH, GIÁM ĐỐC"
    if part == "document.place" and (len(value.split()) > 6 or re.search(r"[\d:;/]", value)):
        return "không giống một địa danh"
    if part == "recipients" and (len(value) < 2 or value.startswith(("Nơi nhận", "Lưu"))):
        return "không giống một nơi nhận"
    if part == "archive" and (
        re.search(r"\.\s*\S", value.rstrip("."))
        and not re.search(r"\([^)]*\.[^)]*\)", value)
        or re.search(r"\b(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|TM\.|KT\.)", value)
    ):
        return "dòng Lưu có chữ của khối chữ ký dính vào"
    return ""


def _source_line(blocks: list[Block], value: str) -> int:
    words = " ".join(value.split())[:30]
    return next((b.line for b in blocks if words and words in " ".join(plain(b.text).split())), 0)


def check_signed_parts(data: dict, blocks: list[Block]) -> list[str]:
    """Replace each signed-under part that cannot be right by a '…' blank; returns one
    'KIỂM TRA' line for each, with what was found and where (issue #26: never a plausible-looking
    wrong value)."""
    doubts = []
    parts: list[tuple[str, Any, str | int]] = [
        ("unit.name", data["unit"], "name"),
        ("unit.parent_agency", data["unit"], "parent_agency"),
        ("document.place", data["document"], "place"),
        ("signature.title", data["signature"], "title"),
        ("signature.name", data["signature"], "name"),
        ("archive", data, "archive"),
    ]
    parts += [
        ("recipients", r if isinstance(r, dict) else data["recipients"], "text" if isinstance(r, dict) else i)
        for i, r in enumerate(data["recipients"])
    ]
    for part, holder, key in parts:
        value = holder.get(key) if isinstance(holder, dict) else holder[key]
        if not isinstance(value, str) or not value:
            continue
        why = _why_not(part, value)
        if why:
            line = _source_line(blocks, value)
            where = f", dòng {line}" if line else ""
            doubts.append(
                f"KIỂM TRA {part}: đọc được \"{' '.join(value.split())[:80]}\"{where}: {why}; đã để trống '{BLANK}', hãy điền"
            )
            holder[key] = BLANK
    return doubts


# Words a document carries that the plan file does not keep: they are made again when rendering.
_MADE_AGAIN = set(
    " ".join(
        (
            "cộng hòa xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc",  # Quốc hiệu, Tiêu ngữ
            "số kế hoạch kèm theo ngày tháng năm nơi nhận lưu phụ lục",  # fixed words of the layout
            "tt nhiệm vụ cơ quan đơn vị chủ trì phối hợp thời gian hoàn thành",  # the appendix's header row
        )
    ).split()
)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", plain(text).lower())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def lost_text(blocks: list[Block], data: dict) -> list[tuple[int, str]]:
    """Blocks with words that appear nowhere in the plan data: text that would be lost."""
    kept = set(_words(" ".join(_strings(data))))
    lost = []
    for b in blocks:
        label = LABEL.match(b.text)
        text = label.group("rest") if label else b.text
        missing = [w for w in _words(text) if w not in kept and w not in _MADE_AGAIN and not w.isdigit()]
        if missing:
            lost.append((b.line, b.text))
    return lost
