"""The Decree 30 content linter: mistakes the renderer cannot correct by itself.

Each check yields :class:`Finding` for one rule of :data:`~kehoach.plans.rules.RULES`, at a
field of the plan's own file (so the message has file:line:col, and ``--fix`` knows what to
change). Checks read the file's values as written (what a clerk can fix) and, for rules about
the whole document (the appendix is referred to, the year, a unit's second plan), the resolved
plan. Rules a plan silences with ``lint: {ignore: [...]}`` are not reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import PathT, Problem, Problems
from ..paths import program
from ..text.nd30 import AUTHORITY, AUTHORITY_TYPED, TYPED_LABEL
from ..text.vietnamese import fold
from .corpus import Corpus
from .map import find, on_new_map, places, successor_of
from .model import INHERITED, Plan
from .numbering import walk
from .rules import RULES
from .schema import PLAN, RECIPIENT, Field
from .source import Source

NO_FIX = object()
_TITLES = re.compile(r"^(?:(?:PGS|GS|TSKH|TS|ThS|Th\.S|BS|KS)\.\s*)+(?=\S)")
_CITATION_NUMBER = re.compile(r"^\d+/\S+$")


def fix_hint() -> str:
    """What a warning that check --fix mends ends with."""
    return f"Sửa tự động: {program()} check --fix."


@dataclass(frozen=True)
class Finding:
    """One broken rule at ``path`` of the plan's file; ``fix`` is the corrected value of that field."""

    rule: str
    path: PathT
    message: str
    hint: str
    fix: object = NO_FIX

    @property
    def fixable(self) -> bool:
        return self.fix is not NO_FIX


def strings(value: Any, spec: Field, path: PathT = ()) -> Iterator[tuple[tuple[Any, ...], Field, str]]:  # noqa: C901
    """Every text a file writes, with its path and field, walking the schema."""
    if spec.kind in ("str", "text") and isinstance(value, str | int) and not isinstance(value, bool):
        yield path, spec, str(value)
    elif spec.kind == "strlist":
        for i, v in enumerate(value) if isinstance(value, list) else [(None, value)]:
            if isinstance(v, str):
                yield (path + (i,) if i is not None else path), spec, v
    elif spec.kind == "map" and isinstance(value, dict) and spec.of:
        for name, sub in value.items():
            if name in spec.of:
                yield from strings(sub, spec.of[name], path + (name,))
    elif spec.kind == "keyed" and spec.of:
        if isinstance(value, dict) and "replace" in value:
            value, path = value["replace"], path + ("replace",)
        for i, entry in enumerate(value if isinstance(value, list) else []):
            if isinstance(entry, dict):
                for name, sub in entry.items():
                    if name in spec.of:
                        yield from strings(sub, spec.of[name], path + (i, name))
    elif spec.kind == "recipients" and isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                yield path + (i,), RECIPIENT["text"], v
            elif isinstance(v, dict) and isinstance(v.get("text"), str):
                yield path + (i, "text"), RECIPIENT["text"], v["text"]


def _file_strings(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], Field, str]]:
    for name, value in data.items():
        if name in PLAN:
            yield from strings(value, PLAN[name], (name,))


PLACEHOLDER = re.compile(r"(?:^|\s)…(?:\s|$)")  # a blank to fill: '…' standing alone (not 'giao ban…')


def unfinished(data: dict[str, Any], removals: bool = True) -> Iterator[tuple[tuple[Any, ...], str]]:
    """What a plan file still leaves to fill: (path, what) for each '…' blank (written by
    ``new`` and ``import``) and, with ``removals``, each parent's item removed without a reason
    (``remove: true``; in a draft the conformance rule ``thieu-viec-giao`` already warns of those)."""
    for path, _, text in _file_strings(data):
        if PLACEHOLDER.search(text):
            yield path, "chỗ trống '…' chưa điền"

    def removed(value: Any, path: PathT) -> Iterator[tuple[tuple[Any, ...], str]]:
        if isinstance(value, dict):
            if value.get("remove") is True:
                yield path + ("remove",), "mục bỏ chưa ghi lý do"
            for name, sub in value.items():
                yield from removed(sub, path + (name,))
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                yield from removed(sub, path + (i,))

    if removals:
        yield from removed({k: v for k, v in data.items() if k in ("body", "legal_basis", "appendix")}, ())


# --- the checks: each takes the plan, its file's values and the corpus --------------------------


def _unfinished(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    if not plan.document.is_draft:
        return  # an issued plan: an error, see validation
    for path, what in unfinished(data, removals=False):
        yield Finding(
            "chua-hoan-thien",
            path,
            f"dự thảo còn {what}",
            "Điền theo văn bản sẽ ký (lý do bỏ: 'remove: <lý do>'); khi kế hoạch có số và ngày, đây là lỗi.",
        )


def _archive(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    archive = data.get("archive")
    if not isinstance(archive, str) or not archive.strip():
        return
    parts = [p.strip() for p in archive.rstrip(".").split(",") if p.strip()]
    if parts and parts[0] == "VT":
        return
    fixed = ", ".join(["VT"] + [p for p in parts if p.upper() != "VT"])
    what = "không bắt đầu bằng VT" if any(p.upper() == "VT" for p in parts) else "thiếu VT"
    yield Finding(
        "luu-vt",
        ("archive",),
        f"dòng Lưu '{archive}' {what}",
        f"Dòng Lưu ghi VT (văn thư) trước, rồi chữ viết tắt đơn vị soạn thảo: '{fixed}' (NĐ 30/2020, PL1 II.9.d). "
        + fix_hint(),
        fixed,
    )


def _authority(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    signature = data.get("signature")
    lines = signature.get("authority") if isinstance(signature, dict) else None
    if lines is None:
        return
    listed = isinstance(lines, list)
    for i, line in enumerate(lines if listed else [lines]):
        if not isinstance(line, str):
            continue
        path = ("signature", "authority") + ((i,) if listed else ())
        m = AUTHORITY_TYPED.match(line)
        allowed = ", ".join(AUTHORITY)
        if not m:
            yield Finding(
                "tham-quyen",
                path,
                f"dòng quyền hạn '{line}' không bắt đầu bằng {allowed}",
                f"Dòng quyền hạn ký bắt đầu bằng một trong {allowed}, viết hoa, ví dụ 'TM. ỦY BAN NHÂN DÂN' "
                "(NĐ 30/2020, PL1 II.7.b).",
            )
        elif not line.startswith(m[1].upper() + ". ") or m[1] != m[1].upper():
            fixed = f"{m[1].upper()}. {line[m.end() :]}"
            yield Finding(
                "tham-quyen",
                path,
                f"dòng quyền hạn '{line}' cần viết '{m[1].upper()}.' (chữ hoa, có dấu chấm)",
                f"Viết '{fixed}' (NĐ 30/2020, PL1 II.7.b). " + fix_hint(),
                fixed,
            )


def _academic_title(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    signature = data.get("signature")
    name = signature.get("name") if isinstance(signature, dict) else None
    if isinstance(name, str) and (m := _TITLES.match(name)):
        fixed = name[m.end() :].strip()
        yield Finding(
            "hoc-ham",
            ("signature", "name"),
            f"họ tên người ký có học hàm, học vị '{m[0].strip()}'",
            f"Không ghi học hàm, học vị trước họ tên người ký: '{fixed}' (NĐ 30/2020, PL1 II.7.c). " + fix_hint(),
            fixed,
        )


def _subject(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    document = data.get("document")
    subject = document.get("subject") if isinstance(document, dict) else None
    if not isinstance(subject, str):
        return
    path = ("document", "subject")
    kind = plan.document.kind
    if fold(subject).startswith(fold(kind) + " "):
        rest = subject[len(kind) :].lstrip()
        fixed = rest[:1].upper() + rest[1:]
        yield Finding(
            "trich-yeu-ten-loai",
            path,
            f"trích yếu lặp lại tên loại '{kind}'",
            f"Tên loại '{kind.upper()}' đã in ở dòng trên; trích yếu bắt đầu bằng nội dung: '{fixed[:60]}…' "
            "(NĐ 30/2020, PL1 II.5.b). " + fix_hint(),
            fixed,
        )
    stripped = subject.rstrip()
    if stripped.endswith(".") and not stripped.endswith(("..", "…", "/.")):
        yield Finding(
            "trich-yeu-dau-cham",
            path,
            "trích yếu có dấu chấm cuối",
            "Trích yếu không kết thúc bằng dấu chấm (NĐ 30/2020, PL1 II.5.b). " + fix_hint(),
            stripped[:-1].rstrip(),
        )


def _citations(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    legal = data.get("legal_basis")
    documents = legal.get("documents") if isinstance(legal, dict) else None
    base: PathT = ("legal_basis", "documents")
    if isinstance(documents, dict) and "replace" in documents:
        documents, base = documents["replace"], base + ("replace",)
    for i, entry in enumerate(documents if isinstance(documents, list) else []):
        if not isinstance(entry, dict):
            continue
        number = entry.get("number")
        if isinstance(number, str) and not _CITATION_NUMBER.match(number):
            fixed = "".join(number.split())
            yield Finding(
                "so-ky-hieu",
                base + (i, "number"),
                f"số, ký hiệu '{number}' không đúng dạng số/ký hiệu viết liền",
                "Viết số, '/', rồi ký hiệu, không có dấu cách, ví dụ '145/KH-UBND' (NĐ 30/2020, PL1 II.3.c)."
                + (f" {fix_hint()}" if _CITATION_NUMBER.match(fixed) else ""),
                fixed if _CITATION_NUMBER.match(fixed) else NO_FIX,
            )
    for cit in plan.citations:
        o = cit.origin
        if o is None or o.plan != plan.id or o.status == INHERITED or cit.key == plan.extends:
            continue
        if cit.date and not plan.document.date and cit.date.year > plan.year:
            index = next(
                (i for i, e in enumerate(documents or []) if isinstance(e, dict) and e.get("key") == cit.key), None
            )
            yield Finding(
                "ngay-can-cu",
                base + ((index, "date") if index is not None else ()),
                f"văn bản căn cứ '{cit.key}' ghi năm {cit.date.year}, sau năm {plan.year} của kế hoạch",
                "Kế hoạch chỉ thực hiện văn bản đã ban hành; kiểm tra lại ngày của văn bản căn cứ (NĐ 30/2020, PL1 II.6.a).",
            )


def _recipients(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    for path, _spec, text in strings(data.get("recipients"), PLAN["recipients"], ("recipients",)):
        stripped = text.rstrip()
        if stripped and stripped[-1] in ";,.:":
            yield Finding(
                "noi-nhan-dau-cau",
                path,
                f"nơi nhận '{text}' tự ghi dấu câu cuối '{stripped[-1]}'",
                "Công cụ tự thêm ';' sau mỗi nơi nhận và '.' sau dòng Lưu (NĐ 30/2020, PL1 II.9.d); bỏ dấu câu ở cuối. "
                + fix_hint(),
                stripped.rstrip(";,.:").rstrip(),
            )


def _appendix_referred(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    if not plan.tasks:
        return
    texts = [plan.opening, plan.closing] + [f"{e.node.title} {e.node.unit} {e.node.text}" for e in walk(plan.body)]
    if any("phụ lục" in t.lower() or "phu luc" in t.lower() for t in texts):
        return
    yield Finding(
        "phu-luc-dan-chieu",
        ("appendix",) if "appendix" in data else ("body",),
        "kế hoạch có phụ lục nhiệm vụ nhưng nội dung không dẫn chiếu tới phụ lục",
        "Thêm vào nội dung một câu dẫn chiếu, ví dụ '(chi tiết tại Phụ lục kèm theo)' "
        "(NĐ 30/2020, PL1 III.1.a: văn bản phải có chỉ dẫn về phụ lục kèm theo).",
    )


def _labels(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    for path, _spec, text in _file_strings(data):
        if path[0] not in ("body", "appendix") or path[-1] not in ("text", "title", "task"):
            continue
        if m := TYPED_LABEL.match(text):
            rest = text[m.end() :]
            yield Finding(
                "nhan-lap",
                path,
                f"nội dung bắt đầu bằng nhãn '{m[0].strip()}': nhãn được tính khi xuất, văn bản sẽ in hai nhãn",
                f"Bỏ nhãn ở đầu: '{rest[:50]}…' (nhãn a) b), 1. 2., I. II. tự đánh theo vị trí; NĐ 30/2020, PL1 II.6.đ). "
                + fix_hint(),
                rest,
            )


def _line_breaks(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    for path, spec, text in _file_strings(data):
        if "\\n" in text and not spec.breaks:
            yield Finding(
                "xuong-dong",
                path,
                "có '\\n' trong trường không xuống dòng được: văn bản sẽ in nguyên hai ký tự '\\n'",
                "'\\n' chỉ xuống dòng ở unit.name, unit.parent_agency và document.subject; ở đây bỏ nó "
                "(đoạn mới trong nội dung: một dòng trống). " + fix_hint(),
                " ".join(text.replace("\\n", " ").split()),
            )


def _year(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    parent = corpus.plans.get(plan.extends or "")
    if parent is None or not parent.year or parent.year == plan.year or plan.cross_year:
        return
    yield Finding(
        "nam-cap-tren",
        ("year",) if "year" in data else ("extends",),
        f"kế hoạch năm {plan.year} thực hiện kế hoạch cấp trên '{parent.id}' năm {parent.year}",
        f'Kế hoạch thường cùng năm với cấp trên; nếu cố ý, ghi lý do: cross_year: "…" '
        f"(hoặc dùng '{program()} rebase {plan.id} --onto <cấp-trên-năm-{plan.year}>').",
    )


_DISTRICT = re.compile(r"^(ubnd |uy ban nhan dan )?(quan|huyen|thi xa) ")


def _gone_unit(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    """A plan made after 1/7/2025 for a unit that no longer exists: a district, or an old commune
    (its successor named, from the map's data)."""
    if not on_new_map(plan) or plan.unit.code:
        return
    full = plan.unit.full
    merged = successor_of(full) if not find(full, plan.unit.province) else []
    district = bool(_DISTRICT.match(fold(full) + " "))
    if not merged and not district:
        return
    if merged:
        new = places()[merged[0].successor]
        hint = (
            f'{merged[0].name} ({merged[0].district}) nay thuộc {new.name}: ghi unit.code: "{new.code}" và tên '
            f"'{new.council}' ({program()} rebase … --unit-code {new.code})."
        )
    else:
        hint = "Từ 01/7/2025 không còn cấp huyện: kế hoạch của xã, phường thực hiện kế hoạch của tỉnh, thành phố."
    yield Finding(
        "don-vi-cu",
        ("unit", "full") if "unit" in data else ("extends",),
        f"đơn vị '{full}' không còn từ 01/7/2025 (sắp xếp đơn vị hành chính), mà kế hoạch này lập cho năm {plan.year}",
        hint,
    )


def _district_tasks(plan: Plan, data: dict[str, Any], corpus: Corpus) -> Iterator[Finding]:
    """A plan made after 1/7/2025 that assigns work to the district level, which no longer exists."""
    from .conformance import assigned, entry_path

    if not on_new_map(plan):
        return
    for item in assigned(plan):
        origin = item.item.origin
        if "huyen" not in item.to.kinds or (origin is not None and origin.status == INHERITED):
            continue  # an inherited item is the parent's to fix (its own plan is warned)
        yield Finding(
            "giao-cap-huyen",
            entry_path(data, item),
            f"giao việc cho cấp huyện ({item.to.describe()}), cấp không còn từ 01/7/2025",
            "Giao cho xã, phường (ví dụ 'UBND các xã, phường'), hoặc cho sở, ngành phụ trách; bỏ phần giao cấp huyện.",
        )


CHECKS = (
    _unfinished,
    _gone_unit,
    _district_tasks,
    _archive,
    _authority,
    _academic_title,
    _subject,
    _citations,
    _recipients,
    _appendix_referred,
    _labels,
    _line_breaks,
    _year,
)


def findings(plan: Plan, source: Source, corpus: Corpus) -> list[Finding]:
    """Every finding of the content rules for one plan, silenced rules included."""
    data = source.data if isinstance(source.data, dict) else {}
    return [f for check in CHECKS for f in check(plan, data, corpus)]


def _duplicates(corpus: Corpus) -> dict[str, Finding]:
    """One unit's second (third …) plan for a year, by plan id (rule ``trung-ke-hoach``)."""
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for plan in corpus.real():
        identity = plan.unit.id or " ".join(fold(plan.unit.full).split())
        groups[(identity, plan.year)].append(plan.id)
    out = {}
    for ids in groups.values():
        for pid in ids[1:]:
            out[pid] = Finding(
                "trung-ke-hoach",
                ("unit",),
                f"đơn vị '{corpus.plans[pid].unit.full}' đã có kế hoạch năm {corpus.plans[pid].year}: '{ids[0]}'",
                "Mỗi đơn vị một kế hoạch mỗi năm: gộp hai tệp, hoặc sửa 'unit' nếu đây là đơn vị khác "
                "(NĐ 30/2020, Điều 15.1).",
            )
    return out


def lint(corpus: Corpus, plan_ids: Any = None) -> list[Problem]:
    """The content warnings of the real plans (or of ``plan_ids``), placed, silenced rules left out."""
    from .locate import place

    problems = Problems()
    duplicates = _duplicates(corpus)
    for plan in corpus.real():
        if plan_ids is not None and plan.id not in plan_ids:
            continue
        source = corpus.sources[plan.id]
        found = findings(plan, source, corpus)
        if plan.id in duplicates:
            found.append(duplicates[plan.id])
        report(found, plan, source, problems)
    return place(problems.items, corpus.plans)


def report(found: list[Finding], plan: Plan, source: Source, problems: Problems) -> None:
    """Add the findings a plan does not silence to ``problems``, as warnings of their rules."""
    for f in found:
        if f.rule not in plan.lint_ignore:
            source.report(problems, f.path, f.message, f.hint, rule=f.rule)


def fixes(corpus: Corpus, plan_ids: Any = None) -> dict[str, list[Finding]]:
    """The mechanical fixes of the real plans' findings, by file (silenced rules left alone)."""
    out: dict[str, list[Finding]] = {}
    for plan in corpus.real():
        if plan_ids is not None and plan.id not in plan_ids:
            continue
        found = [
            f
            for f in findings(plan, corpus.sources[plan.id], corpus)
            if f.fixable and f.rule not in plan.lint_ignore and RULES[f.rule].fixable
        ]
        if found:
            out[plan.file] = found
    return out


def rule_text(rule_id: str) -> str:
    """'luu-vt (NĐ 30/2020, PL1 II.9.d): Dòng Lưu bắt đầu bằng VT …', for pages and listings."""
    rule = RULES[rule_id]
    return f"{rule.id} ({rule.source}): {rule.title}"
