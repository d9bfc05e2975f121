"""Write kehoach/data/sap-nhap-2025.json: each commune-level unit before 1 July 2025 and the
commune that took it over (mainly; and the others that got part of it), by official code.

Source: the mapping of the package vietnamadminunits 1.0.4 (MIT licence, © its authors), file
data/converter_2025.json with the names of data/parser_legacy.json; the new communes' codes from
vietnam-provinces (the official list). Not run by the build or the tests: the data file it writes
is committed. Run it again when the mapping changes:

    pip download --no-deps vietnamadminunits==1.0.4 -d /tmp/vau && unzip -o /tmp/vau/*.whl -d /tmp/vau/x
    python scripts/sap_nhap.py /tmp/vau/x/vietnamadminunits/data
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from vietnam_provinces import Province, Ward

OUT = Path(__file__).resolve().parent.parent / "kehoach" / "data" / "sap-nhap-2025.json"


def key(name: str) -> str:
    """vietnamadminunits' key: lower case, no diacritics, no spaces ('Phường Hoàng Mai' → 'phuonghoangmai')."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def main(data: Path) -> None:
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    provinces = {key(p.name if p.name.startswith("Thành phố") else f"Tỉnh {p.name}"): p for p in Province.iter_all()}
    new_code = {(p.code, key(w.name)): w.code for p in provinces.values() for w in Ward.iter_by_province(p.code)}
    old_names = legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"]
    districts = legacy["DICT_PROVINCE_DISTRICT"]
    old_provinces = legacy["DICT_PROVINCE"]
    out: dict[str, list[list]] = {}
    missing = 0
    for new_province in converter["DICT_PROVINCE"]:
        province = provinces[new_province]
        rows: dict[tuple[str, str, str], list] = {}
        for new_ward, old_keys in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province, {}).items():
            code = new_code.get((province.code, new_ward))
            for old in old_keys:
                rows.setdefault(tuple(old.split("_")), [code, []])
        for old, choices in converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {}).items():
            default = next((c for c in choices if c["isDefaultNewWard"]), choices[0])
            others = [new_code.get((province.code, c["newWardKey"])) for c in choices if c is not default]
            rows[tuple(old.split("_"))] = [new_code.get((province.code, default["newWardKey"])), others]
        listed = []
        for (old_province, district, ward), (code, others) in sorted(rows.items()):
            try:
                ward_name = old_names[old_province][district][ward]["ward"]
                district_name = districts[old_province][district]["district"]
                province_name = old_provinces[old_province]["province"]
            except KeyError:
                missing += 1
                continue
            if code is None:
                missing += 1
                continue
            listed.append([province_name, district_name, ward_name, f"{code:05d}", [f"{c:05d}" for c in others if c]])
        out[f"{province.code:02d}"] = listed
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(len(v) for v in out.values())} đơn vị cũ; {missing} bỏ qua (thiếu tên hay mã)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
