"""A synthetic national corpus of plans, made from the real Hà Nội plans, deterministic by seed.

Provinces are copies of ha-noi-2025 under the names of the 34 real provinces (the map of 1 July
2025, kehoach.plans.map). Below each: departments (sở) and the province's real communes (xã,
phường, đặc khu, with their official codes; numbered copies beyond the real count) that extend it, service centres under some of those, and units
under some centres: four levels. Each child states only its differences, as real children do:
its own header and signature, a few overridden and removed items with reasons, inserted
items, a replaced 'Tổ chức thực hiện' section, its own appendix rows and changed deadlines.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kehoach.plans import map as vn  # noqa: E402
from kehoach.text.vietnamese import slug  # noqa: E402

# The real map since 1/7/2025 (kehoach.plans.map): the 34 provinces in the order of their codes, each
# with its real communes (xã, phường, đặc khu, by official code); departments as after the 2025 merger.
PLACES = [p for p in sorted(vn.places().values(), key=lambda p: p.code) if not p.province]
PROVINCES = [p.place_name for p in PLACES]
DEPARTMENTS = [
    "Văn phòng UBND",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Nông nghiệp và Môi trường",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Trung tâm Phục vụ hành chính công",
    "Đài Phát thanh và Truyền hình",
    "Báo địa phương",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
]
PHRASES = [
    "tăng cường tuyên truyền trên Trang thông tin điện tử",
    "tổ chức hội nghị đối thoại với người dân",
    "lồng ghép nội dung cải cách hành chính trong sinh hoạt chi bộ",
    "phát hành tờ rơi về dịch vụ công trực tuyến",
    "phát thanh trên hệ thống truyền thanh cơ sở hằng tuần",
    "cập nhật kết quả Chỉ số PAR INDEX và SIPAS",
    "hướng dẫn người dân sử dụng ứng dụng định danh điện tử",
    "niêm yết công khai thủ tục hành chính tại trụ sở",
]
DEADLINES = [
    "Tháng 3/2025",
    "Tháng 6/2025",
    "Tháng 9/2025",
    "Chậm nhất ngày 30/11/2025",
    "Định kỳ hằng quý",
    "Trong năm",
    "Thường xuyên",
    "Định kỳ hằng tháng",
]
YEAR = 2025


def _tree(template_id: str = "ha-noi-2025"):
    """Leaf paths, containers and task keys of the resolved template plan."""
    from kehoach.pipeline.check import load_and_validate
    from kehoach.reporting import Reporter

    plan = load_and_validate(ROOT / "plans", template_id, Reporter(quiet=True, verbose=False)).plans[template_id]
    leaves, containers = [], []

    def walk(nodes, path):
        for node in nodes:
            here = path + (node.key,)
            if node.items:
                containers.append((here, [c.key for c in node.items]))
                walk(node.items, here)
            elif node.text and len(here) >= 2:
                leaves.append(here)

    walk(plan.body, ())
    return leaves, containers, [t.key for t in plan.tasks]


class _Body:
    """Nested override entries, addressed by key paths."""

    def __init__(self):
        self.root: list = []

    def entry(self, path: tuple) -> dict:
        """The entry at ``path``, made (with its containers) if it is not there yet."""
        items, node = self.root, None
        for depth, key in enumerate(path):
            if depth:
                items = node.setdefault("items", [])
            node = next((e for e in items if e["key"] == key), None)
            if node is None:
                node = {"key": key}
                items.append(node)
        return node

    def insert(self, parent: tuple, entry: dict) -> None:
        container = self.entry(parent) if parent else None
        (container.setdefault("items", []) if container else self.root).append(entry)


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.leaves, self.containers, self.tasks = _tree()
        self.template = (ROOT / "plans/ha-noi/ha-noi-2025.yaml").read_text(encoding="utf-8")

    def province(self, name: str, number: int) -> str:
        text = self.template.replace("Hà Nội", name).replace("HÀ NỘI", name.upper())
        text = text.replace("number: 25", f"number: {number}").replace("  id: ha-noi\n", f"  id: {slug(name)}\n")
        return text

    def child(
        self, parent_id: str, unit: dict, lineage_removed: set, lineage_tasks_removed: set, replaced: bool
    ) -> tuple[str, set, set, bool]:
        rng = self.rng
        full = unit["full"]
        body = _Body()
        removed, tasks_removed = set(lineage_removed), set(lineage_tasks_removed)
        usable = [
            p
            for p in self.leaves
            if not any(p[: len(r)] == r for r in removed) and not (replaced and p[0] == "to-chuc-thuc-hien")
        ]
        for path in rng.sample(usable, min(len(usable), rng.randint(3, 7))):
            body.entry(path)["text"] = (
                f"{full} {rng.choice(PHRASES)}; bảo đảm phù hợp với điều kiện của {unit['short']}."
            )
        for path in rng.sample(usable, min(len(usable), rng.randint(1, 2))):
            entry = body.entry(path)
            if "text" not in entry:  # an item overridden above stays, with its new text
                entry["remove"] = f"{unit['short']} không có nhiệm vụ này."
                removed.add(path)
        for n in range(rng.randint(1, 3)):
            parent, keys = rng.choice(
                [
                    c
                    for c in self.containers
                    if c[0][0] != "to-chuc-thuc-hien" and not any(c[0][: len(r)] == r for r in removed)
                ]
            )
            kept = [k for k in keys if parent + (k,) not in removed]
            if not kept:
                continue
            after = rng.choice(kept)
            body.insert(
                parent,
                {
                    "key": f"bo-sung-{n + 1}",
                    "after": after,
                    "text": f"{full} {rng.choice(PHRASES)} (nội dung bổ sung của đơn vị).",
                },
            )
        now_replaced = replaced
        if rng.random() < 0.7:
            units = [
                {
                    "key": f"don-vi-{k + 1}",
                    "unit": f"{rng.choice(['Phòng', 'Bộ phận', 'Tổ'])} {k + 1} của {unit['short']}",
                    "text": f"Chủ trì {rng.choice(PHRASES)}; báo cáo kết quả định kỳ.",
                }
                for k in range(rng.randint(3, 6))
            ]
            body.entry(("to-chuc-thuc-hien",))["items"] = {"replace": units}
            now_replaced = True
        tasks = []
        for key in rng.sample([t for t in self.tasks if t not in tasks_removed], 2):
            if rng.random() < 0.5:
                tasks.append({"key": key, "remove": f"{unit['short']} không thực hiện nhiệm vụ này."})
                tasks_removed.add(key)
            else:
                tasks.append({"key": key, "deadline": rng.choice(DEADLINES[:4])})
        for j in range(rng.randint(3, 6)):
            tasks.append(
                {
                    "key": f"nv-rieng-{j + 1}",
                    "at": "end",
                    "task": f"{rng.choice(PHRASES).capitalize()} tại {unit['short']}",
                    "lead": rng.choice(["Văn phòng", "Bộ phận một cửa", "Công chức Văn phòng – Thống kê"]),
                    "support": "Các bộ phận liên quan",
                    "deadline": rng.choice(DEADLINES),
                }
            )
        data = {
            "extends": parent_id,
            "unit": unit,
            "document": {
                "symbol": unit.pop("symbol"),
                "place": unit.pop("place"),
                "subject": f"Thông tin, tuyên truyền về cải cách hành chính nhà nước\nnăm {YEAR} của {full}",
            },
            "legal_basis": {
                "closing": f"{full} ban hành Kế hoạch thông tin, tuyên truyền về cải cách hành chính năm {YEAR} như sau:"
            },
            "body": body.root,
            "closing": f"Trên đây là Kế hoạch thông tin, tuyên truyền về cải cách hành chính năm {YEAR} của {full}./.",
            "signature": {
                "authority": ["TM. " + unit["name"].split("\\n")[0]],
                "title": "CHỦ TỊCH",
                "name": rng.choice(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]),
            },
            "recipients": ["Như trên", {"text": "Cấp trên trực tiếp", "note": "để b/c"}, "Lưu: VT"],
            "archive": "VT",
            "appendix": {"tasks": tasks},
        }
        text = "# Kế hoạch tổng hợp cho phép đo hiệu năng (benchmarks/national.py).\n" + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=110
        )
        return text, removed, tasks_removed, now_replaced


KIND_OF_LEVEL = {"so": "so", "xa": "xa"}


PLANS_PER_PROVINCE = 150  # about 5,000 plans a year in the 34 provinces


def province_count(n: int) -> int:
    """How many provinces ``n`` plans are spread over: one per started 150, as in the real country,
    so that 5,000 plans are the 34 provinces (rounding gave 33: a province of the map was missing)."""
    return max(1, -(-n // PLANS_PER_PROVINCE))


def generate(out: Path, n: int, seed: int = 2025, provinces: int | None = None) -> dict[str, Path]:
    """Write ``n`` plans under ``out`` (a plans/ folder), and the registry of their units beside it
    (``units/<province>.yaml``, with a tenth more communes that have no plan); returns the plans'
    files by id. ``provinces``: how many (default: :func:`province_count`)."""
    gen = Generator(seed)
    files: dict[str, Path] = {}
    (out.parent / "units").mkdir(exist_ok=True)
    provinces = provinces or province_count(n)
    per = [n // provinces + (1 if i < n % provinces else 0) for i in range(provinces)]
    for p, budget in enumerate(per):
        name = PROVINCES[p % len(PROVINCES)] + ("" if p < len(PROVINCES) else f" {p // len(PROVINCES) + 1}")
        pslug = slug(name)
        folder = out / pslug
        folder.mkdir(parents=True, exist_ok=True)
        top_id = f"{pslug}-{YEAR}"
        (folder / f"{top_id}.yaml").write_text(gen.province(name, 10 + p), encoding="utf-8")
        files[top_id] = folder / f"{top_id}.yaml"
        rest = budget - 1
        n_dept = round(rest * 0.2)
        n_l4 = round(rest * 0.05)
        n_l3 = round(rest * 0.15)
        n_comm = rest - n_dept - n_l3 - n_l4
        level2, level3 = [], []
        registry = [f"  - {{id: {pslug}, name: UBND {name}, kind: tinh}}"]

        def add(parent: tuple, pid: str, unit: dict, folder: Path = folder, registry: list = registry):
            unit["id"] = pid.removesuffix(f"-{YEAR}")
            kind = KIND_OF_LEVEL.get(unit["level"], "trung-tam" if "-tt-" in pid else "don-vi")
            up = parent[0].removesuffix(f"-{YEAR}")
            registry.append(f'  - {{id: {unit["id"]}, name: "{unit["full"]}", kind: {kind}, parent: {up}}}')
            text, removed, tasks_removed, replaced = gen.child(parent[0], unit, parent[1], parent[2], parent[3])
            (folder / f"{pid}.yaml").write_text(text, encoding="utf-8")
            files[pid] = folder / f"{pid}.yaml"
            return (pid, removed, tasks_removed, replaced)

        top = (top_id, set(), set(), False)
        for j in range(n_dept):
            dept = DEPARTMENTS[j % len(DEPARTMENTS)] + ("" if j < len(DEPARTMENTS) else f" (đơn vị {j + 1})")
            level2.append(
                add(
                    top,
                    f"{pslug}-so-{j + 1:03d}-{YEAR}",
                    {
                        "parent_agency": f"UBND {name.upper()}",
                        "name": dept.upper(),
                        "full": f"{dept} {name}",
                        "short": "Sở",
                        "level": "so",
                        "province": name,
                        "symbol": "KH-S",
                        "place": name,
                    },
                )
            )
        real = vn.communes(PLACES[p % len(PLACES)].code)
        for j in range(n_comm):
            place = real[j % len(real)]
            again = "" if j < len(real) else f" {j // len(real) + 1}"  # beyond the real count: numbered copies
            commune = place.name + again
            unit = {
                "name": f"ỦY BAN NHÂN DÂN\\n{commune.upper()}",
                "full": place.council + again,
                "short": place.division.capitalize(),
                "level": "xa",
                "province": name,
                "symbol": "KH-UBND",
                "place": place.place_name + again,
            }
            if not again:
                unit["code"] = place.code
            level2.append(add(top, f"{pslug}-xa-{j + 1:03d}-{YEAR}", unit))
        for j in range(n_l3):
            parent = level2[j % len(level2)] if level2 else top
            level3.append(
                add(
                    parent,
                    f"{parent[0][:-5]}-tt-{j + 1:03d}-{YEAR}",
                    {
                        "parent_agency": "ĐƠN VỊ CHỦ QUẢN",
                        "name": f"TRUNG TÂM {j + 1}",
                        "full": f"Trung tâm {j + 1} tỉnh {name}",
                        "short": "Trung tâm",
                        "level": "don-vi",
                        "province": name,
                        "symbol": "KH-TT",
                        "place": name,
                    },
                )
            )
        for j in range(n_l4):
            parent = level3[j % len(level3)] if level3 else top
            add(
                parent,
                f"{parent[0][:-5]}-dv-{j + 1:03d}-{YEAR}",
                {
                    "parent_agency": f"TRUNG TÂM {j + 1}",
                    "name": f"PHÒNG {j + 1}",
                    "full": f"Phòng {j + 1} tỉnh {name}",
                    "short": "Phòng",
                    "level": "don-vi",
                    "province": name,
                    "symbol": "KH-P",
                    "place": name,
                },
            )
        for j in range(max(1, n_comm // 10)):
            registry.append(
                f"  - {{id: {pslug}-xa-moi-{j + 1:03d}, name: UBND Xã mới {j + 1}, kind: xa, parent: {pslug}}}"
            )
        lines = [f"province: {name}", "units:", *registry]
        (out.parent / "units" / f"{pslug}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files
