"""All plans of a repository: discovery, ids, loading and resolution in parent order.

A plan's id is its file name without ``.yaml``; folders under ``plans/`` are only for
people. Ids are unique across the repository and are what ``extends:`` names.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..boundary import outside
from ..errors import Problems
from ..paths import program
from ..text.vietnamese import did_you_mean
from .checker import check
from .facts import recall
from .inheritance import resolve_one
from .model import Plan
from .source import MAX_FILE_BYTES, Source, load, load_bytes

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass
class Corpus:
    """The resolved plans, by id, with each plan's children."""

    plans: dict[str, Plan] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict, repr=False)
    # plan id → the digest of its file and its ancestors' (facts.plan_digest), worked out once:
    # a build asks it of every plan for every page, dataset and fact (issue #31)
    lineage_digests: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def real(self) -> list[Plan]:
        """Plans to render (not reference-only), in id order."""
        return [p for _, p in sorted(self.plans.items()) if not p.reference_only]

    def ancestors(self, plan: Plan) -> list[Plan]:
        return [self.plans[i] for i in plan.lineage]


def discover(root: Path) -> list[tuple[Path, bool]]:
    """Every plan file below ``root``, in a stable order (that of the paths' parts, as ``Path``
    sorts them), each with whether it is a symbolic link. A linked folder is not entered, as
    ``Path.rglob`` does not enter it; a linked file is listed, for :func:`plan_files` to refuse
    when it leads out. The listing says which entries are links at no cost: a file that is not
    one, reached through folders that are not, lies inside ``root`` (5,000 checks less a build)."""
    found: list[tuple[str, bool]] = []
    folders = [os.fspath(root)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:  # as os.walk: a folder that cannot be listed is passed over
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif entry.name.endswith((".yaml", ".yml")) and entry.name not in (".yaml", ".yml") and entry.is_file():
                found.append((entry.path, entry.is_symlink()))
    return [(Path(f), linked) for f, linked in sorted(found, key=lambda f: f[0].split(os.sep))]


@dataclass(frozen=True)
class Kept:
    """A corpus this process loaded and checked earlier (``serve``, between two saves), with the
    plan files now and their digests: a plan whose file and ancestors' files are unchanged, at the
    same paths, is taken from it as it was, not read, checked and resolved again (issue #31: that
    was half of a national preview's update). Resolving is a function of those files alone, so
    the plan is the one loading would give."""

    corpus: Corpus
    files: Mapping[str, Path]  # plan id → its file now (plan_files)
    digests: Mapping[str, str]  # plan id → SHA-256 of its file now
    _same: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)  # worked out once per plan

    def plan(self, plan_id: str) -> Plan | None:
        """The kept plan, when it and every ancestor's file are unchanged."""
        return self.corpus.plans[plan_id] if self._unchanged(plan_id) else None

    def _unchanged(self, plan_id: str) -> bool:
        """Whether the plan was kept, its file is the same at the same path (a moved file's messages
        name the new path), and so is its parent's, up the lineage (each plan asked once)."""
        if plan_id not in self._same:
            plan, source = self.corpus.plans.get(plan_id), self.corpus.sources.get(plan_id)
            self._same[plan_id] = (
                plan is not None
                and source is not None
                and plan_id in self.files
                and self.digests.get(plan_id) == source.digest
                and source.file == display_path(self.files[plan_id])
                and (not plan.extends or self._unchanged(plan.extends))
            )
        return self._same[plan_id]


def display_path(path: str | Path) -> str:
    """The path as the clerk sees it: relative to the current folder when inside it."""
    if not os.path.isabs(path) and os.pardir not in os.fspath(path).split(os.sep):
        return os.path.normpath(path)  # what the general case gives, without asking for the folder
    full, cwd = os.path.abspath(path), os.path.abspath(os.getcwd())
    if full == cwd:
        return "."
    return full[len(cwd) + 1 :] if full.startswith(cwd.rstrip(os.sep) + os.sep) else full


def plan_files(root: Path, problems: Problems, staged: Iterable[Path] = ()) -> dict[str, Path]:
    """Every plan file by id, reporting names that cannot be ids and ids used twice. ``staged``:
    files about to be written (see :func:`load_corpus`), counted as if they were there."""
    files: dict[str, Path] = {}
    found = discover(root)
    staged = list(staged)
    if staged:  # checked as links are
        known = {os.path.abspath(p) for p, _ in found}
        found += sorted((p, True) for p in staged if os.path.abspath(p) not in known)
    for path, linked in found:
        file = display_path(path)
        escape = outside(path, root, file) if linked else None
        if escape:
            problems.add(file, (1, 1), "", *escape)
            continue
        plan_id = path.stem
        if not ID_PATTERN.match(plan_id):
            problems.add(
                file,
                (1, 1),
                "",
                f"tên tệp '{path.name}' không dùng được làm id kế hoạch",
                "Đặt tên tệp bằng chữ thường không dấu, số và '-', ví dụ 'thinh-liet-2024.yaml'.",
            )
            continue
        if plan_id in files:
            problems.add(
                file,
                (1, 1),
                "",
                f"id kế hoạch '{plan_id}' bị trùng với {display_path(files[plan_id])}",
                "Đổi tên một trong hai tệp; id là tên tệp và phải duy nhất trong kho.",
            )
            continue
        files[plan_id] = path
    return files


def load_plan_file(plan_id: str, path: Path, problems: Problems) -> Source | None:
    """:func:`source.load`, or what it gave for the same bytes in an earlier build (a fact, see
    :mod:`kehoach.plans.facts`: reading the YAML was most of loading a national corpus). Only a
    file read without a problem is kept: a file with problems is read again, so they are reported."""
    file = display_path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        return load(path, file, problems)  # refused by its size, with its problem
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    made: list[Source | None] = []

    def compute() -> dict[str, Any] | None:
        before = len(problems.items)
        source = load_bytes(raw, file, problems)
        made.append(source)
        return source.as_json() if source is not None and len(problems.items) == before else None

    value = recall("tep", plan_id, digest, compute)
    if value is None:  # not kept: a file with problems, or one JSON cannot give back
        return made[0] if made else load_bytes(raw, file, problems)
    return Source.from_json(file, digest, value)


def load_corpus(  # noqa: C901
    root: Path,
    problems: Problems,
    only: str | Iterable[str] | None = None,
    files: dict[str, Path] | None = None,
    staged: dict[str, bytes] | None = None,
    kept: Kept | None = None,
) -> Corpus:
    """Load, check and resolve the plans under ``root``; problems are collected, not raised.

    Without ``only`` every file is read, so every file's problems are reported. With
    ``only`` (one id, or several), just those plans and their ancestors are read and
    resolved: that is how ``--plan`` and the incremental build stay fast. ``staged``: the
    bytes of files about to be written, by absolute path, read instead of the disk (a command
    checks what it would write before it writes it). ``kept``: the plans already loaded, taken
    as they are when their files are unchanged (:class:`Kept`; they had no problem then).
    """
    staged = staged or {}
    files = plan_files(root, problems, [Path(p) for p in staged]) if files is None else files
    parsed: dict[str, tuple[Source, dict[str, Any]] | None] = {}

    reused = {pid: plan for pid in files if kept is not None and (plan := kept.plan(pid)) is not None}

    def parse(plan_id: str) -> tuple[Source, dict[str, Any]] | None:
        if plan_id not in parsed:
            path = files[plan_id]
            raw = staged.get(os.path.abspath(path))
            source = (
                load_plan_file(plan_id, path, problems)
                if raw is None
                else load_bytes(raw, display_path(path), problems)
            )
            data = check(source, problems) if source is not None else None
            parsed[plan_id] = (source, data) if source is not None and data is not None else None
        return parsed[plan_id]

    def readable(plan_id: str) -> bool:
        """Whether the plan's file could be read (a reused plan's is not read again)."""
        return plan_id in reused or parse(plan_id) is not None

    corpus = Corpus()
    memo: dict[int, Any] = {}  # inherited copies of items, shared by siblings (see inheritance._inherit)
    failed: set[str] = set()
    if only is None:
        wanted = [pid for pid in sorted(files) if readable(pid)]
    elif isinstance(only, str):
        if only not in files:
            hint = did_you_mean(only, set(files)) or f"Xem danh sách bằng '{program()} list'."
            problems.add("plans", (1, 1), "--plan", f"không có kế hoạch '{only}'", hint)
            return corpus
        if not readable(only):  # the file exists but could not be read; its problems are reported
            return corpus
        wanted = [only]
    else:
        wanted = [pid for pid in sorted(only) if pid in files and readable(pid)]

    def resolve(plan_id: str, stack: tuple[str, ...]) -> Plan | None:
        if plan_id in corpus.plans:
            return corpus.plans[plan_id]
        if plan_id in failed:
            return None
        if plan_id in reused:  # its ancestors are unchanged too, so reused as well
            plan = reused[plan_id]
            if plan.extends:
                resolve(plan.extends, stack + (plan_id,))
            return _add(corpus, plan, kept.corpus.sources[plan_id])  # type: ignore[union-attr]
        entry = parsed[plan_id]
        assert entry is not None  # only parsed plans are resolved
        source, data = entry
        parent_id = data.get("extends")
        parent = None
        if parent_id is not None:
            where = source.at(("extends",))
            if parent_id == plan_id:
                problems.add(
                    source.file,
                    where,
                    "extends",
                    f"kế hoạch '{plan_id}' kế thừa chính nó",
                    "Ghi id của kế hoạch cấp trên, không phải của chính tệp này.",
                )
                failed.add(plan_id)
                return None
            if parent_id in stack:
                cycle = " → ".join(stack[stack.index(parent_id) :] + (plan_id, parent_id))
                problems.add(
                    source.file,
                    where,
                    "extends",
                    f"vòng kế thừa: {cycle}",
                    "Một kế hoạch không thể là cấp trên của cấp trên nó; sửa 'extends' của một tệp trong vòng.",
                )
                failed.add(plan_id)
                return None
            if not ID_PATTERN.match(parent_id):
                problems.add(
                    source.file,
                    where,
                    "extends",
                    f"'{parent_id}' không phải id kế hoạch",
                    "Ghi id của kế hoạch cấp trên: tên tệp của nó, không có '.yaml' và không có thư mục, "
                    "ví dụ 'ha-noi-2025'.",
                )
                failed.add(plan_id)
                return None
            if parent_id in files and not readable(parent_id):
                failed.add(plan_id)  # the parent file could not be read; its own problems say why
                return None
            if parent_id not in files:
                known = set(files)
                hint = (
                    did_you_mean(parent_id, known)
                    or "Thêm tệp kế hoạch cấp trên vào plans/ (có thể chỉ phần đầu, với 'reference_only: true')."
                )
                problems.add(source.file, where, "extends", f"không có kế hoạch cấp trên '{parent_id}'", hint)
                failed.add(plan_id)
                return None
            parent = resolve(parent_id, stack + (plan_id,))
            if parent is None:
                failed.add(plan_id)
                return None
        return _add(corpus, resolve_one(plan_id, source, data, parent, problems, memo), source)

    for plan_id in wanted:
        resolve(plan_id, ())
    for kids in corpus.children.values():
        kids.sort()
    return corpus


def _add(corpus: Corpus, plan: Plan, source: Source) -> Plan:
    """A resolved plan into the corpus, after its parent."""
    corpus.plans[plan.id] = plan
    corpus.sources[plan.id] = source
    if plan.extends:
        corpus.children.setdefault(plan.extends, []).append(plan.id)
    return plan
