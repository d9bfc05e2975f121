"""The registry of units (danh mục đơn vị): which units are expected to have a plan, under whom.

Its base is the map (:mod:`kehoach.plans.map`): a province's communes come from the official
list, each under the province's unit, with its official code as id. ``units/<tỉnh>.yaml`` holds
only what a province adds: its own unit (with ``code``), its departments (sở, ban, ngành),
service centres and other units that issue plans, each with an ``id`` (what a plan's ``unit.id``
names), its ``name``, its ``kind`` (see :mod:`kehoach.plans.addressee`) and the ``parent`` unit's
id; and the units that no longer exist (``until: 30/06/2025``: the districts and the old
communes), so that the plans made before the map changed keep their coverage. A parent's
conformance report (:mod:`kehoach.plans.conformance`) lists the units under it that have no plan
for the year ("Đơn vị chưa có kế hoạch"), as the map stood on the plan's date.

A plan belongs to a registry unit by ``unit.id``, else by its full name (case and diacritics
aside, 'UBND' or 'Ủy ban nhân dân' at the start ignored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import astuple, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..boundary import inside, outside
from ..errors import Problem, Problems
from ..text.vietnamese import fold
from .addressee import KINDS, kind_of
from .checker import Checker
from .corpus import Corpus
from .facts import digest, recall
from .locate import place as locate
from .map import NEW_MAP_FROM, bare, communes, find, places, province_named
from .model import Plan
from .schema import KEY_PATTERN, Field
from .source import Source, load

UNIT = {
    "id": Field("str", "Mã đơn vị, ví dụ 'hoang-mai'; kế hoạch ghi nó ở unit.id.", required=True, pattern=KEY_PATTERN),
    "name": Field("str", "Tên đơn vị, ví dụ 'UBND quận Hoàng Mai'.", required=True),
    "kind": Field("enum", "Loại đơn vị.", required=True, choices=tuple(KINDS)),
    "parent": Field("str", "Mã của đơn vị cấp trên (không ghi với đơn vị cấp cao nhất)."),
    "code": Field(
        "str", "Mã chính thức của tỉnh (2 chữ số), để ghép các xã, phường của tỉnh.", pattern=r"^\d{2}$", quoted=True
    ),
    "until": Field("date", "Ngày cuối đơn vị còn tồn tại, ví dụ 30/06/2025 (các quận, huyện, xã cũ)."),
}
PROVINCE = {"province": Field("str", "Tỉnh, thành phố.", required=True)}


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    parent: str = ""
    file: str = ""
    code: str = ""  # the official code (a commune's is also its id)
    since: dt.date | None = None  # a commune of the new map: from 1/7/2025
    until: dt.date | None = None  # a unit that ceased to exist after this day

    def exists_on(self, day: dt.date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


@dataclass
class Registry:
    """Every registered unit by id; files that were read (for the build's cache key)."""

    units: dict[str, Unit] = field(default_factory=dict)
    files: tuple[Path, ...] = ()
    digest: str = ""  # of the files read (:func:`registry_digest`)

    def children(self, unit_id: str, on: dt.date | None = None) -> list[Unit]:
        """The units under ``unit_id`` (that exist ``on`` that day, when given)."""
        units = self._children.get(unit_id, [])
        return units if on is None else [u for u in units if u.exists_on(on)]

    @cached_property
    def _children(self) -> dict[str, list[Unit]]:
        index: dict[str, list[Unit]] = {}
        for u in sorted(self.units.values(), key=lambda u: fold(u.name)):
            index.setdefault(u.parent, []).append(u)
        return index

    def planned(self, plans: Any) -> dict[int, set[str]]:
        """The registered units that have a plan, by year."""
        out: dict[int, set[str]] = {}
        for plan in plans:
            found = self.unit_of(plan)
            if found is not None:
                out.setdefault(plan.year, set()).add(found.id)
        return out

    def unit_of(self, plan: Plan) -> Unit | None:
        if plan.unit.id:
            return self.units.get(plan.unit.id)
        if plan.unit.code and plan.unit.code in self._by_code:
            return self._by_code[plan.unit.code]
        named = self._by_name.get(bare_name(plan.unit.full), [])
        day = plan_day(plan)  # an old ward and a new one may share a name: the one of the plan's day
        return next((u for u in named if u.exists_on(day)), named[0] if named else None)

    @cached_property
    def _by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units.values() if u.code}

    @cached_property
    def _by_name(self) -> dict[str, list[Unit]]:
        index: dict[str, list[Unit]] = {}
        for u in self.units.values():
            index.setdefault(bare_name(u.name), []).append(u)
        return index


def _add_communes(registry: Registry, source: Source, province: str) -> None:
    """The communes of the map under the province's own unit of this file (the one with its
    official code, ``code: "01"``)."""
    own = [u for u in registry.units.values() if u.file == source.file and u.kind == "tinh" and u.until is None]
    found = province_named(province) if province else None
    if found is None or not own:
        return
    top = next((u for u in own if u.code == found.code), None)
    if top is None:  # a registry of the old map only (no province code): no communes are added
        return
    for commune in communes(found.code):
        registry.units.setdefault(
            commune.code,
            Unit(commune.code, commune.council, "xa", top.id, source.file, commune.code, since=NEW_MAP_FROM),
        )


def bare_name(name: str) -> str:
    text = " ".join(fold(name).split())
    return re.sub(r"^(ubnd|uy ban nhan dan)\s+", "", text)


def registry_files(folder: Path) -> tuple[Path, ...]:
    """The files of the registry: every ``*.yaml`` of ``folder`` (none if it does not exist)."""
    return tuple(sorted(p for p in folder.glob("*.yaml") if p.is_file())) if folder.is_dir() else ()


def registry_digest(folder: Path, files: tuple[Path, ...] | None = None) -> str:
    """The digest of the registry's ``files`` (by default those of ``folder``), each named; a file
    linking out of ``folder`` is never read, not even for its digest. Part of every fact's salt
    (the units shape reviews), of the build's state and of every site source's input key
    (:class:`kehoach.site.generate.Unchanged`, through :attr:`Registry.digest`)."""
    return ",".join(
        f"{f.name}={hashlib.sha256(f.read_bytes()).hexdigest() if inside(f, folder) else 'outside'}"
        for f in (registry_files(folder) if files is None else files)
    )


def load_registry(folder: Path, problems: Problems) -> Registry:
    """Every ``*.yaml`` of ``folder`` (none if it does not exist), problems collected. What a
    registry read without a problem holds is kept as a fact of its files' bytes
    (:mod:`kehoach.plans.facts`): a national registry with the map's 3,321 communes took a sixth
    of a leaf edit to read again (issue #31)."""
    files = registry_files(folder)
    if not files:
        return Registry()
    files_digest = registry_digest(folder, files)
    read: list[Registry] = []

    def compute() -> list[list[str]] | None:
        before = len(problems.items)
        read.append(_read_registry(folder, files, problems))
        return [_row(u) for u in read[0].units.values()] if len(problems.items) == before else None

    # the folder in the key too: the units name their file, as messages show it
    rows = recall("danh-muc", "units/", digest(str(folder), files_digest), compute)
    if rows is None:  # not kept: a registry with problems, reported
        registry = read[0] if read else _read_registry(folder, files, problems)
    else:
        registry = Registry({row[0]: _unit(row) for row in rows}, files)
    registry.digest = files_digest
    return registry


def _row(unit: Unit) -> list[str]:
    return [*astuple(unit)[:6], *(d.isoformat() if d else "" for d in (unit.since, unit.until))]


def _unit(row: list[str]) -> Unit:
    since, until = (dt.date.fromisoformat(d) if d else None for d in row[6:])
    unit_id, name, kind, parent, file, code = row[:6]
    return Unit(unit_id, name, kind, parent, file, code, since=since, until=until)


def _read_registry(folder: Path, files: tuple[Path, ...], problems: Problems) -> Registry:
    registry = Registry()
    registry.files = files
    parents = []
    for path in files:
        escape = outside(path, folder, str(path))
        if escape:
            problems.add(str(path), (1, 1), "", *escape)
            continue
        source = load(path, str(path), problems)
        if source is None:
            continue
        checker = Checker(source, problems)
        data = source.data
        if not isinstance(data, dict) or not isinstance(data.get("units"), list):
            checker.err((), "cần 'province: …' và danh sách 'units:'", "Xem units/ha-noi.yaml làm mẫu.")
            continue
        province = checker.mapping({k: v for k, v in data.items() if k != "units"}, PROVINCE, ())
        checker.required(province, PROVINCE, ())
        for i, raw in enumerate(data["units"]):
            entry = checker.mapping(raw, UNIT, ("units", i))
            checker.required(entry, UNIT, ("units", i))
            if not {"id", "name", "kind"} <= set(entry):
                continue
            if entry["id"] in registry.units:
                checker.err(
                    ("units", i, "id"),
                    f"mã đơn vị '{entry['id']}' bị trùng (đã có ở {registry.units[entry['id']].file})",
                    "Mỗi đơn vị một mã riêng trong toàn bộ units/.",
                )
                continue
            registry.units[entry["id"]] = Unit(
                entry["id"],
                entry["name"],
                entry["kind"],
                entry.get("parent", ""),
                source.file,
                entry.get("code", ""),
                until=entry.get("until"),
            )
            parents.append((source, i, entry["id"], entry.get("parent", "")))
        _add_communes(registry, source, province.get("province", ""))
    for source, i, unit_id, parent in parents:
        if parent and parent not in registry.units:
            source.report(
                problems,
                ("units", i, "parent"),
                f"đơn vị '{unit_id}' có cấp trên '{parent}' không có trong danh mục",
                "Thêm đơn vị cấp trên vào units/, hoặc sửa 'parent'.",
            )
    return registry


def plan_day(plan: Plan) -> dt.date:
    """The day a plan speaks for: its date, else the first day of its year."""
    return plan.document.date or dt.date(plan.year or NEW_MAP_FROM.year, 1, 1)


def check_units(corpus: Corpus, registry: Registry) -> list[Problem]:
    """Each plan's official unit code against the map and the registry, as errors: a code that does
    not exist, a name that does not match its code, a kind that does not match it. (A unit that no
    longer exists, in a plan made after the map changed, is a review warning: lint rule don-vi-cu.)"""
    problems = Problems()
    for plan in corpus.real():
        source = corpus.sources[plan.id]
        unit = plan.unit
        if unit.code:
            _check_code(problems, source, plan, registry)
    return locate(problems.items, corpus.plans)


def _check_code(problems: Problems, source: Source, plan: Plan, registry: Registry) -> None:
    unit, official = plan.unit, places().get(plan.unit.code)
    if official is None and plan.unit.code not in registry._by_code:
        named = find(unit.full, unit.province)
        hint = f'Mã của {named[0].name} là "{named[0].code}".' if named else "Tra mã trong danh sách chính thức."
        source.report(problems, ("unit", "code"), f"không có đơn vị hành chính mang mã '{unit.code}'", hint)
        return
    if official is None:
        return
    if bare(unit.full) not in (bare(official.name), bare(official.council)):
        named = find(unit.full, unit.province or official.province)
        other = f" (mã của '{unit.full}' là \"{named[0].code}\")" if named else ""
        source.report(
            problems,
            ("unit", "full"),
            f"tên đơn vị '{unit.full}' không khớp mã '{unit.code}', là mã của {official.name}",
            f"Sửa 'full' thành '{official.council}', hoặc sửa mã{other}.",
        )
    kind = kind_of(unit)
    if kind and kind != official.kind:
        source.report(
            problems,
            ("unit", "kind" if unit.kind else "level"),
            f"loại đơn vị '{kind}' không khớp mã '{unit.code}' ({official.name} là {KINDS[official.kind]})",
            f"Ghi level: {official.kind}, hoặc sửa mã.",
        )
