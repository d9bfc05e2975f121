"""The ledger (sổ theo dõi thực hiện): what a unit did against each task of its signed plan.

``progress/<plan-id>.yaml`` lists entries, each with a ``key``, the ``task`` it counts for (an
appendix task's key, or a body item's key path such as ``to-chuc-thuc-hien/phong-hcqt/a``),
its ``date``, a ``title``, a ``count`` (default 1), and optionally a ``link`` (http or https)
and an ``evidence`` note. Ledgers are checked like plans: file:line:col, the item, what is
wrong and how to fix it, all problems at once. :mod:`kehoach.plans.progress` adds them up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ..boundary import outside
from ..errors import Problems
from ..paths import program
from ..text.vietnamese import did_you_mean, slug
from .checker import Checker
from .corpus import Corpus, display_path
from .facts import digest as facts_digest
from .facts import known, plan_digest, recall, remember
from .model import Node, Plan, Task
from .numbering import walk
from .schema import KEY_FIELD, Field
from .source import MAX_FILE_BYTES, Source, load, load_bytes

RECORD = {
    "key": KEY_FIELD,
    "task": Field(
        "str",
        "Việc được tính: khóa của dòng phụ lục (ví dụ tin-bai-trang-don-vi) hoặc đường khóa của mục "
        "(ví dụ to-chuc-thuc-hien/phong-hcqt/a).",
        required=True,
    ),
    "date": Field("date", "Ngày thực hiện, dd/mm/yyyy, trong năm của kế hoạch.", required=True),
    "title": Field("text", "Việc đã làm, ví dụ tên tin/bài đã đăng.", required=True),
    "count": Field("int", "Số lượng (mặc định 1), ví dụ 3 khi một lần đăng 3 tin."),
    "link": Field("str", "Đường dẫn http(s) tới bài đã đăng."),
    "evidence": Field("text", "Ghi chú minh chứng (số văn bản, nơi lưu …)."),
}
LEDGER = {
    "entries": Field("keyed", "Các việc đã làm, mỗi việc một khóa.", of=RECORD, required=True),
    "proposals": Field("text", "Đề xuất, kiến nghị: mục IV của báo cáo định kỳ (lệnh report)."),
    "report_to": Field(
        "str", "Nơi báo cáo gửi tới, ghi sau 'Kính gửi:' (mặc định: cơ quan ban hành kế hoạch cấp trên)."
    ),
}
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    key: str
    task: str  # the item's key path, '/'-joined
    date: dt.date
    title: str
    count: int = 1
    link: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Ledger:
    plan: str
    file: str
    records: tuple[Record, ...]
    proposals: str = ""
    report_to: str = ""  # 'Kính gửi' of the reports (NĐ 30/2020, PL1 II.9.b); default: the parent's unit
    digest: str = ""  # SHA-256 of the file's bytes: what facts about the plan's progress depend on

    def as_json(self) -> dict[str, Any]:
        """The ledger as a fact (:mod:`kehoach.plans.facts`): :meth:`from_json` reads it back."""
        return {
            "plan": self.plan,
            "file": self.file,
            "records": [
                [r.key, r.task, r.date.isoformat(), r.title, r.count, r.link, r.evidence] for r in self.records
            ],
            "proposals": self.proposals,
            "report_to": self.report_to,
            "digest": self.digest,
        }

    @property
    def fingerprint(self) -> str:
        """What facts about the plan's progress depend on: the file's digest (or, for a ledger
        not read from a file, its records')."""
        return self.digest or hashlib.sha256(json.dumps(self.as_json(), ensure_ascii=False).encode()).hexdigest()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ledger:
        records = tuple(
            Record(key, task, dt.date.fromisoformat(date), title, count, link, evidence)
            for key, task, date, title, count, link, evidence in data["records"]
        )
        return cls(data["plan"], data["file"], records, data["proposals"], data["report_to"], data["digest"])


def task_paths(plan: Plan) -> dict[str, Task | Node]:
    """What a ledger entry may count for: every appendix task by its key, every body item by its
    '/'-joined key path."""
    out: dict[str, Task | Node] = {t.key: t for t in plan.tasks}
    for entry in walk(plan.body):
        out.setdefault("/".join(entry.path), entry.node)
    return out


def ledger_entries(folder: Path) -> dict[str, tuple[str, bool]]:
    """Each ledger's file name in ``folder`` (``progress/``) by its plan's id, in order of name,
    with whether it is a symbolic link (only a link can lead out of the folder: the listing says
    so at no cost). Thousands of them in a national repository, listed without a ``Path`` each."""
    if not folder.is_dir():
        return {}
    with os.scandir(folder) as entries:
        found = sorted((e.name, e.is_symlink()) for e in entries if e.name.endswith(".yaml") and e.is_file())
    return {os.path.splitext(name)[0]: (name, linked) for name, linked in found}


def ledger_names(folder: Path) -> dict[str, str]:
    """Each ledger's file name in ``folder`` by its plan's id (:func:`ledger_entries`)."""
    return {plan_id: name for plan_id, (name, _) in ledger_entries(folder).items()}


def load_ledgers(
    folder: Path,
    corpus: Corpus,
    problems: Problems,
    only: str | Collection[str] | None = None,
    digests: Mapping[str, str] | None = None,
) -> dict[str, Ledger]:
    """Every ledger of ``folder`` (``progress/``; or only ``only``'s: a plan, or several), checked
    against its resolved plan; a ledger found without error is kept as a fact of its plan and its
    bytes (:mod:`kehoach.plans.facts`), so that the next build does not parse it again, and the
    ledgers of a province found without error all together are kept as one fact of the province
    (:func:`_province_ledgers`). ``digests``: the files' digests the caller knows, by path as
    ``folder`` and the name join."""
    digests = digests or {}
    out: dict[str, Ledger] = {}
    wanted = {only} if isinstance(only, str) else only
    by_province: dict[str, list[tuple[str, str, str | None]]] = {}
    entries = ledger_entries(folder)
    order = [plan_id for plan_id in entries if wanted is None or plan_id in wanted]
    for plan_id in order:
        name, linked = entries[plan_id]
        path = os.path.join(folder, name)  # a string: a Path each was a tenth of loading 5,000 ledgers
        escape = outside(Path(path), folder, display_path(path)) if linked else None
        if escape:
            problems.add(display_path(path), (1, 1), "", *escape)
            continue
        plan = corpus.plans.get(plan_id)
        province = (plan.unit.province or "") if plan is not None and not linked else None
        if province is None:  # checked alone: no plan (an error), or a link (its target may change)
            ledger = _ledger(path, plan_id, corpus, problems, digests.get(path))
            if ledger is not None:
                out[plan_id] = ledger
            continue
        by_province.setdefault(province, []).append((plan_id, path, digests.get(path)))
    for province, found in by_province.items():
        out |= _province_ledgers(province, found, corpus, problems)
    return {plan_id: out[plan_id] for plan_id in order if plan_id in out}  # in the order of their files


def _province_ledgers(
    province: str, entries: list[tuple[str, str, str | None]], corpus: Corpus, problems: Problems
) -> dict[str, Ledger]:
    """The ledgers of a province's plans (``entries``: plan id, path, the file's digest when
    known), each checked (:func:`_ledger`) unless the province's were all found without error by
    an earlier build, from the same files and plans: then each is a :class:`KeptLedger` at once,
    without a question to its plan's facts (5,000 such questions were a twentieth of a leaf edit
    at national scale, issue #31)."""
    out: dict[str, Ledger] = {}
    checked = []

    def check() -> bool | None:
        checked.append(True)
        before = len(problems.items)
        for plan_id, path, digest in entries:
            ledger = _ledger(path, plan_id, corpus, problems, digest)
            if ledger is not None:
                out[plan_id] = ledger
        return True if len(problems.items) == before else None  # None: not kept

    if any(digest is None for _, _, digest in entries):
        check()
        return out
    files = [(plan_id, display_path(path), cast(str, digest)) for plan_id, path, digest in entries]
    key = facts_digest(*(f"{pid}={plan_digest(corpus, pid)}={file}={digest}" for pid, file, digest in files))
    if recall("so-theo-doi-tinh", f"so-theo-doi-tinh/{slug(province)}", key, check) and not checked:
        for (plan_id, path, _), (_, file, digest) in zip(entries, files):
            out[plan_id] = _kept(path, plan_id, corpus, problems, (digest, file))
    return out


def fingerprint_of(ledger: Ledger | KeptLedger | None) -> str:
    """A plan's ledger as the facts and pages made from it know it: its :attr:`~Ledger.fingerprint`,
    '' for a plan without one."""
    return ledger.fingerprint if ledger is not None else ""


class KeptLedger:
    """A ledger an earlier build checked without error, kept as a fact of its plan and its bytes:
    its records are read back only when something asks for them. What a build asks of most
    ledgers is their :attr:`fingerprint` (is a page made from it unchanged?); reading back all
    5,000 of a national repository was a sixth of a leaf edit (issue #31).

    It stands for a :class:`Ledger`: ``plan``, ``file``, ``digest`` and ``fingerprint`` are
    known at once, every other attribute is the read-back ledger's."""

    def __init__(self, plan: str, file: str, digest: str, read: Callable[[], Ledger]):
        self.plan, self.file, self.digest = plan, file, digest
        self._read: Callable[[], Ledger] | None = read
        self._ledger: Ledger | None = None

    @property
    def fingerprint(self) -> str:
        return self.digest

    def __getattr__(self, name: str) -> Any:  # only for what __init__ did not set: the records …
        if name.startswith("_"):
            raise AttributeError(name)
        if self._ledger is None:
            assert self._read is not None
            self._ledger, self._read = self._read(), None
        return getattr(self._ledger, name)


def _ledger(name: str, plan_id: str, corpus: Corpus, problems: Problems, digest: str | None = None) -> Ledger | None:
    """The ledger of the file ``name``, as kept from an earlier build when neither it nor the plan
    changed (a :class:`KeptLedger`, read back when asked). ``digest``: the file's, as the build
    already knows it (:class:`kehoach.pipeline.cache.Stamps`): a kept ledger's file is then not
    even read."""
    if plan_id not in corpus.plans or os.stat(name).st_size > MAX_FILE_BYTES:
        return _read_ledger(None, Path(name), plan_id, corpus, problems)
    file = display_path(name)
    kept = digest is not None and known("so-theo-doi", corpus, plan_id, (digest, file))
    raw = None if kept else Path(name).read_bytes()  # else read, and kept under the digest of what was read
    inputs = (cast(str, digest) if raw is None else hashlib.sha256(raw).hexdigest(), file)
    if kept or known("so-theo-doi", corpus, plan_id, inputs):
        return _kept(name, plan_id, corpus, problems, inputs, raw)
    read: list[Ledger | None] = []
    data = remember("so-theo-doi", corpus, plan_id, inputs, _checked(name, plan_id, corpus, problems, raw, read))
    if read:  # read now: with its errors, if any (reported, never kept)
        return read[0]
    return Ledger.from_json(data) if data is not None else None


def _checked(
    name: str, plan_id: str, corpus: Corpus, problems: Problems, raw: bytes | None, read: list[Ledger | None]
) -> Callable[[], dict[str, Any] | None]:
    """The ledger of the file ``name`` read (``raw``: its bytes, when read already) and checked,
    appended to ``read``, as the fact kept of it: its JSON, None when it has errors (not kept)."""

    def compute() -> dict[str, Any] | None:
        before = len(problems.items)
        data = raw if raw is not None else Path(name).read_bytes()  # a kept fact found damaged
        read.append(_read_ledger(data, Path(name), plan_id, corpus, problems))
        return read[0].as_json() if read[0] is not None and len(problems.items) == before else None

    return compute


def _kept(
    name: str, plan_id: str, corpus: Corpus, problems: Problems, inputs: tuple[str, str], raw: bytes | None = None
) -> Ledger:
    """A ledger an earlier build checked without error (``inputs``: its file's digest and display
    path), read back from its fact when asked (:class:`KeptLedger`)."""
    read: list[Ledger | None] = []

    def read_back() -> Ledger:
        data = remember("so-theo-doi", corpus, plan_id, inputs, _checked(name, plan_id, corpus, problems, raw, read))
        ledger = read[0] if read else (Ledger.from_json(data) if data is not None else None)
        assert ledger is not None  # kept, so read without error; read again, still the same bytes
        return ledger

    return cast(Ledger, KeptLedger(plan_id, inputs[1], inputs[0], read_back))


def _read_ledger(raw: bytes | None, path: Path, plan_id: str, corpus: Corpus, problems: Problems) -> Ledger | None:
    file = display_path(path)
    source = load(path, file, problems) if raw is None else load_bytes(raw, file, problems)
    return check_ledger(source, plan_id, corpus, problems) if source is not None else None


def check_ledger(source: Source, plan_id: str, corpus: Corpus, problems: Problems) -> Ledger | None:
    checker = Checker(source, problems)
    plan = corpus.plans.get(plan_id)
    if plan is None or plan.reference_only:
        hint = did_you_mean(plan_id, {p.id for p in corpus.real()}) or "Tên tệp sổ theo dõi là id của kế hoạch."
        checker.err((), f"không có kế hoạch '{plan_id}' cho sổ theo dõi này", hint)
        return None
    if not isinstance(source.data, dict):
        checker.err((), "cần 'entries:' và danh sách các việc đã làm", "Xem progress/ trong README.")
        return None
    data = checker.mapping(source.data, LEDGER, ())
    checker.required(data, LEDGER, ())
    tasks = task_paths(plan)
    records = []
    for entry in data["entries"].entries if "entries" in data and data["entries"] else ():
        if not {"task", "date", "title"} <= set(entry):
            checker.required(entry, RECORD, entry.at)
            continue
        bad = False
        if entry["task"] not in tasks:
            hint = did_you_mean(entry["task"], set(tasks)) or (
                f"Xem các khóa bằng '{program()} show {plan_id}'; mục trong nội dung ghi đường khóa nối bằng '/'."
            )
            checker.err(entry.at + ("task",), f"kế hoạch '{plan_id}' không có việc '{entry['task']}'", hint)
            bad = True
        if entry["date"].year != plan.year:
            checker.err(
                entry.at + ("date",),
                f"ngày {entry['date']:%d/%m/%Y} nằm ngoài năm {plan.year} của kế hoạch",
                "Ghi việc vào sổ của kế hoạch năm đó.",
            )
            bad = True
        if "link" in entry and not URL.match(entry["link"]):
            checker.err(
                entry.at + ("link",),
                f"đường dẫn '{entry['link']}' không phải http:// hay https://",
                "Chép nguyên địa chỉ bài đã đăng, ví dụ https://hanoi.gov.vn/tin-tuc/…",
            )
            bad = True
        if "count" in entry and entry["count"] < 1:
            checker.err(entry.at + ("count",), "số lượng phải từ 1 trở lên", "Bỏ 'count' khi là 1 việc.")
            bad = True
        if not bad:
            records.append(
                Record(
                    entry.key,
                    entry["task"],
                    entry["date"],
                    entry["title"],
                    entry.get("count", 1),
                    entry.get("link", ""),
                    entry.get("evidence", ""),
                )
            )
    records.sort(key=lambda r: (r.date, r.key))
    return Ledger(
        plan_id, source.file, tuple(records), data.get("proposals", ""), data.get("report_to", ""), source.digest
    )
