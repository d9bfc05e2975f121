"""The administrative map (địa giới hành chính) since 1 July 2025: 34 provinces and 3,321
communes (xã, phường, đặc khu), with no districts; and what became of the old communes.

- The official list comes from the package ``vietnam-provinces`` (codes of Decision
  19/2025/QĐ-TTg): :func:`places`, by code ('01' a province, '00070' a commune).
- ``kehoach/data/sap-nhap-2025.json`` says, for each commune before 1/7/2025, the commune that
  took it over and the others that got part of it (made by ``scripts/sap_nhap.py`` from the
  mapping of ``vietnamadminunits``; see the README, "Bản đồ mới"): :func:`mergers`.

A plan dated on or after :data:`NEW_MAP_FROM` (or, undated, for a year after 2025) lives on the
new map (:func:`on_new_map`): its unit is a province, a commune, or a unit a province registers
(``units/``), never a district.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache

from ..paths import PACKAGE
from ..text.vietnamese import fold, upper
from .model import Plan

NEW_MAP_FROM = dt.date(2025, 7, 1)
MERGERS = PACKAGE / "data" / "sap-nhap-2025.json"
_KIND = {"tỉnh": "tinh", "thành phố trung ương": "tinh", "xã": "xa", "phường": "xa", "đặc khu": "xa"}


@dataclass(frozen=True)
class Place:
    """An official unit of the map: a province or a commune."""

    code: str  # '01' (province), '00070' (commune)
    name: str  # 'Thành phố Hà Nội', 'Tỉnh Cao Bằng', 'Phường Hoàn Kiếm'
    division: str  # tỉnh, thành phố trung ương, xã, phường, đặc khu
    province: str = ""  # the province's code, for a commune

    @property
    def kind(self) -> str:
        """The unit kind of :mod:`kehoach.plans.addressee`: tinh or xa."""
        return _KIND[self.division]

    @property
    def council(self) -> str:
        """The people's committee as sentences name it: 'UBND phường Hoàn Kiếm', 'UBND tỉnh Cao Bằng'."""
        return f"UBND {self.name[0].lower()}{self.name[1:]}"

    @property
    def header(self) -> str:
        """The issuing body as the header prints it (two lines): 'ỦY BAN NHÂN DÂN\\nPHƯỜNG HOÀN KIẾM'."""
        return f"ỦY BAN NHÂN DÂN\n{upper(self.name)}"

    @property
    def place_name(self) -> str:
        """The địa danh written before the date (NĐ 30/2020, PL1 II.4.a): the name without its kind."""
        return re.sub(r"^(Thành phố|Tỉnh|Phường|Xã|Đặc khu)\s+", "", self.name)


@dataclass(frozen=True)
class Merged:
    """A commune before 1/7/2025 and the commune that took it over (and the others that got part of it)."""

    province: str  # the old province's name
    district: str  # 'Quận Hoàng Mai'
    name: str  # 'Phường Thịnh Liệt'
    successor: str  # the new commune's code
    also: tuple[str, ...] = ()  # codes of the communes that got part of it


@cache
def places() -> dict[str, Place]:
    """Every province and commune of the map, by code."""
    from vietnam_provinces import Province, Ward

    out: dict[str, Place] = {}
    for p in Province.iter_all():
        name = p.name if p.name.startswith("Thành phố") else f"Tỉnh {p.name}"
        out[f"{p.code:02d}"] = Place(f"{p.code:02d}", name, p.division_type.value)
    for w in Ward.iter_all():
        out[f"{w.code:05d}"] = Place(f"{w.code:05d}", w.name, w.division_type.value, f"{w.province_code:02d}")
    return out


def communes(province: str) -> list[Place]:
    """The communes of a province (by its code), in the order of their codes."""
    return list(_communes().get(province, ()))


@cache
def _communes() -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = {}
    for place in sorted(places().values(), key=lambda p: p.code):
        if place.province:
            out.setdefault(place.province, []).append(place)
    return out


def bare(name: str) -> str:
    """A unit's name compared: case, diacritics, 'UBND'/'Ủy ban nhân dân' and spacing aside."""
    text = " ".join(fold(name).split())
    return re.sub(r"^(ubnd|uy ban nhan dan)\s+", "", text)


@cache
def _by_name() -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for place in places().values():
        index.setdefault(bare(place.name), []).append(place)
        if not place.province:  # 'Hà Nội' for 'Thành phố Hà Nội', 'Cao Bằng' for 'Tỉnh Cao Bằng'
            index.setdefault(bare(place.place_name), []).append(place)
    return index


@cache
def _provinces_by_name() -> dict[str, Place]:
    """:func:`_by_name` of the provinces alone: a registry names 34 of them, and need not fold
    the names of 3,321 communes to find its own."""
    index: dict[str, Place] = {}
    for place in places().values():
        if not place.province:
            index.setdefault(bare(place.name), place)
            index.setdefault(bare(place.place_name), place)
    return index


def province_named(name: str) -> Place | None:
    """The province called ``name`` ('Hà Nội', 'Thành phố Hà Nội', 'Tỉnh Cao Bằng'), if any."""
    return _provinces_by_name().get(bare(name))


def find(name: str, province: str = "") -> list[Place]:
    """The places called ``name`` ('UBND phường Hoàng Mai', 'Phường Hoàng Mai', 'Hà Nội'), in
    ``province`` (a code or a name) when given."""
    found = _by_name().get(bare(name), [])
    if province:
        code = province if province.isdigit() else next((p.code for p in find(province) if not p.province), "")
        found = [p for p in found if p.province in (code, "") and (p.province or p.code == code)]
    return found


@cache
def province_hint(text: str, write: str = 'province: "{}"') -> str:
    """How to write a province's code, given what was written instead (its name, a wrong code);
    ``write``: how the code is written where it goes (kehoach.yml's key, an option)."""
    named = [p for p in find(text) if not p.province]
    if named:
        return f'Mã của {named[0].name} là "{named[0].code}": ghi {write.format(named[0].code)}.'
    return 'Mã tỉnh, thành phố có 2 chữ số, ví dụ "01" (Hà Nội), "31" (Hải Phòng), "79" (Thành phố Hồ Chí Minh).'


def mergers() -> tuple[Merged, ...]:
    data = json.loads(MERGERS.read_text(encoding="utf-8"))
    return tuple(Merged(p, d, w, new, tuple(others)) for rows in data.values() for p, d, w, new, others in rows)


def merged_into(code: str) -> list[Merged]:
    """The old communes a new commune took over (those it is the main successor of)."""
    return [m for m in mergers() if m.successor == code]


@cache
def _mergers_by_name() -> dict[str, list[Merged]]:
    index: dict[str, list[Merged]] = {}
    for m in mergers():
        index.setdefault(bare(m.name), []).append(m)
    return index


def successor_of(name: str, district: str = "") -> list[Merged]:
    """What became of an old commune called ``name`` ('UBND phường Thịnh Liệt'), in ``district``
    when given (looked up by name: the lint asks it of every plan made after the map changed)."""
    found = _mergers_by_name().get(bare(name), [])
    return [m for m in found if not district or bare(m.district) == bare(district)]


def on_new_map(plan: Plan) -> bool:
    """Whether the plan was made after the map changed (by its date, else by its year)."""
    date = plan.document.date
    return date >= NEW_MAP_FROM if date else plan.year > NEW_MAP_FROM.year
