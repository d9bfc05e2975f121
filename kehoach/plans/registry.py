"""The registry of units (danh mục đơn vị): which units are expected to have a plan, under whom.

``units/<tỉnh>.yaml`` lists a province's units, each with an ``id`` (what a plan's ``unit.id``
names), its ``name``, its ``kind`` (see :mod:`kehoach.plans.addressee`) and the ``parent`` unit's
id. A parent's conformance report (:mod:`kehoach.plans.conformance`) lists the units under it
that have no plan for the year ("Đơn vị chưa có kế hoạch").

A plan belongs to a registry unit by ``unit.id``, else by its full name (case and diacritics
aside, 'UBND' or 'Ủy ban nhân dân' at the start ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..boundary import outside
from ..errors import Problems
from ..text.vietnamese import fold
from .addressee import KINDS
from .checker import Checker
from .model import Plan
from .schema import KEY_PATTERN, Field
from .source import load

UNIT = {
    "id": Field("str", "Mã đơn vị, ví dụ 'hoang-mai'; kế hoạch ghi nó ở unit.id.", required=True, pattern=KEY_PATTERN),
    "name": Field("str", "Tên đơn vị, ví dụ 'UBND quận Hoàng Mai'.", required=True),
    "kind": Field("enum", "Loại đơn vị.", required=True, choices=tuple(KINDS)),
    "parent": Field("str", "Mã của đơn vị cấp trên (không ghi với đơn vị cấp cao nhất)."),
}
PROVINCE = {"province": Field("str", "Tỉnh, thành phố.", required=True)}


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    parent: str = ""
    file: str = ""


@dataclass
class Registry:
    """Every registered unit by id; files that were read (for the build's cache key)."""

    units: dict[str, Unit] = field(default_factory=dict)
    files: tuple[Path, ...] = ()

    def children(self, unit_id: str) -> list[Unit]:
        return self._children.get(unit_id, [])

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
        return self._by_name.get(bare_name(plan.unit.full))

    @cached_property
    def _by_name(self) -> dict[str, Unit]:
        return {bare_name(u.name): u for u in self.units.values()}


def bare_name(name: str) -> str:
    text = " ".join(fold(name).split())
    return re.sub(r"^(ubnd|uy ban nhan dan)\s+", "", text)


def registry_files(folder: Path) -> tuple[Path, ...]:
    """The files of the registry: every ``*.yaml`` of ``folder`` (none if it does not exist)."""
    return tuple(sorted(p for p in folder.glob("*.yaml") if p.is_file())) if folder.is_dir() else ()


def load_registry(folder: Path, problems: Problems) -> Registry:
    """Every ``*.yaml`` of ``folder`` (none if it does not exist), problems collected."""
    registry = Registry()
    files = registry_files(folder)
    if not files:
        return registry
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
                entry["id"], entry["name"], entry["kind"], entry.get("parent", ""), source.file
            )
            parents.append((source, i, entry["id"], entry.get("parent", "")))
    for source, i, unit_id, parent in parents:
        if parent and parent not in registry.units:
            source.report(
                problems,
                ("units", i, "parent"),
                f"đơn vị '{unit_id}' có cấp trên '{parent}' không có trong danh mục",
                "Thêm đơn vị cấp trên vào units/, hoặc sửa 'parent'.",
            )
    return registry
