"""Conformance: each child carries out what its parent assigns (issue #14).

A small city plan assigns three appendix rows to districts (huyen); a district child drops one
without a reason, moves one deadline past the parent's and lowers one quota: each gives exactly
one warning, pinned. The real plans: the Trung tâm's row of ha-noi-2025's matrix.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil

from conftest import ROOT, PlansDir

CITY = """\
year: 2025
unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh A, level: tinh, id: tinh-a}
document: {number: 5, symbol: KH-UBND, place: A, date: 10/01/2025, subject: Thông tin tuyên truyền CCHC}
legal_basis: {closing: "UBND Tỉnh ban hành Kế hoạch như sau:"}
body:
  - key: to-chuc
    title: TỔ CHỨC THỰC HIỆN
    items:
      - {key: cac-huyen, unit: "UBND các huyện, thị xã, thành phố", text: Thực hiện Kế hoạch (Phụ lục).}
      - {key: so-noi-vu, unit: Sở Nội vụ, text: Theo dõi.}
closing: Trên đây là Kế hoạch./.
signature: {title: CHỦ TỊCH, name: Nguyễn Văn A}
recipients: [Bộ Nội vụ]
archive: VT
appendix:
  title: NHIỆM VỤ
  tasks:
    - {key: ke-hoach, task: Ban hành kế hoạch, lead: "UBND các huyện, thị xã, thành phố", deadline: Chậm nhất ngày 20/02/2025}
    - {key: truyen-thanh, task: Có ít nhất 02 tin/bài về CCHC trên đài truyền thanh, lead: UBND cấp huyện, deadline: Định kỳ hằng tháng}
    - {key: bao-cao, task: Báo cáo kết quả, lead: UBND cấp huyện, deadline: Định kỳ hằng quý}
    - {key: tap-huan, task: Tập huấn, lead: Sở Nội vụ, deadline: Tháng 8/2025}
"""

HEAD = """\
extends: tinh-a
unit: {{name: ỦY BAN NHÂN DÂN {upper}, full: UBND {name}, level: {level}}}
document: {{symbol: KH-UBND, place: B, subject: Thông tin tuyên truyền CCHC}}
legal_basis: {{closing: "UBND {name} ban hành Kế hoạch như sau:"}}
closing: Trên đây là Kế hoạch./.
signature: {{title: CHỦ TỊCH, name: Trần Văn B}}
recipients: [UBND Tỉnh A]
archive: VT
"""


def district(name: str = "huyện B", tasks: str = "") -> str:
    """A district's plan: Sở Nội vụ's block and row removed with reasons, then ``tasks``."""
    text = HEAD.format(upper=name.upper(), name=name, level="huyen")
    text += "body:\n  - key: to-chuc\n    items:\n      - {key: so-noi-vu, remove: Việc của Sở Nội vụ.}\n"
    text += "appendix:\n  tasks:\n    - {key: tap-huan, remove: Việc của Sở Nội vụ.}\n"
    return text + tasks


def write_registry(plans: PlansDir):
    """units/tinh-a.yaml: the city and two districts, B and C."""
    units = plans.root / "units"
    units.mkdir()
    (units / "tinh-a.yaml").write_text(
        "province: A\nunits:\n"
        "  - {id: tinh-a, name: UBND Tỉnh A, kind: tinh}\n"
        "  - {id: huyen-b, name: UBND huyện B, kind: huyen, parent: tinh-a}\n"
        "  - {id: huyen-c, name: UBND huyện C, kind: huyen, parent: tinh-a}\n",
        encoding="utf-8",
    )
    return units


def test_three_faults_give_exactly_one_warning_each(plans: PlansDir):
    plans.write("tinh-a", CITY)
    plans.write(
        "huyen-b",
        district(
            tasks=(
                "    - {key: ke-hoach, deadline: Chậm nhất ngày 15/03/2025}\n"
                "    - {key: truyen-thanh, task: Có ít nhất 01 tin/bài về CCHC trên đài truyền thanh}\n"
                "    - {key: bao-cao, remove: true}\n"
            )
        ),
    )
    code, out, err = plans.run("check")
    assert code == 0, err
    assert err.splitlines()[-1].startswith("Có 3 cảnh báo trong 1 tệp")
    lines = [line for line in err.splitlines() if "plans/huyen-b.yaml" in line]
    assert lines == [
        "plans/huyen-b.yaml:16:33: Phụ lục, dòng 1 — appendix.tasks[ke-hoach].deadline: cảnh báo [tre-han]: "
        "thời hạn muộn hơn việc cấp trên 'tinh-a' giao (Phụ lục, dòng 1: “Ban hành kế hoạch”): "
        "'Chậm nhất ngày 15/03/2025' sau 'Chậm nhất ngày 20/02/2025' "
        "Gợi ý: Đặt thời hạn bằng hoặc sớm hơn thời hạn cấp trên giao.",
        "plans/huyen-b.yaml:17:33: Phụ lục, dòng 2 — appendix.tasks[truyen-thanh].task: cảnh báo [giam-chi-tieu]: "
        "chỉ tiêu thấp hơn việc cấp trên 'tinh-a' giao (Phụ lục, dòng 2: “Có ít nhất 02 tin/bài về CCHC trên đài "
        "truyền thanh”): 01 tin/bài/tháng < 02 tin/bài/tháng "
        "Gợi ý: Giữ chỉ tiêu ít nhất bằng cấp trên giao; nếu câu chữ bị hiểu sai, ghi 'target:'.",
        "plans/huyen-b.yaml:18:30: Phụ lục, dòng 3 của kế hoạch cấp trên — appendix.tasks[bao-cao]: "
        "cảnh báo [thieu-viec-giao]: bỏ việc cấp trên 'tinh-a' giao (Phụ lục, dòng 3: “Báo cáo kết quả”) mà không "
        'ghi lý do Gợi ý: Ghi lý do thay cho true: remove: "…" (ví dụ đơn vị không có đài truyền thanh).',
    ]
    # the matrix says the same: the block inherited, then » ↓ !
    code, out, _ = plans.run("conformance", "tinh-a")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("huyen-b"))
    assert row.split()[2:] == ["✓", "»", "↓", "!"]
    # no mark is an emoji (Miscellaneous Technical, pictographs): without an emoji font it is a box
    from kehoach.plans.conformance import STATES

    assert not [m for m, _ in STATES.values() if any(0x2300 <= ord(c) <= 0x23FF or ord(c) >= 0x1F000 for c in m)]


def test_matrix_states_and_json(plans: PlansDir):
    plans.write("tinh-a", CITY)
    plans.write("huyen-b", district(tasks="    - {key: ke-hoach, lead: Phòng Nội vụ huyện B}\n"))
    plans.write("huyen-c", district("huyện C", tasks="    - {key: bao-cao, remove: Lồng ghép vào báo cáo CCHC.}\n"))
    code, out, _ = plans.run("conformance", "tinh-a", "--format", "json")
    assert code == 0
    data = json.loads(out)
    refs = {tuple(i["keys"]): i["ref"] for i in data["items"]}
    cells = {c["id"]: c["cells"] for c in data["children"]}
    b, c = cells["huyen-b"], cells["huyen-c"]
    assert b[str(refs[("to-chuc", "cac-huyen")])]["state"] == "inherited"
    assert b[str(refs[("ke-hoach",)])]["state"] == "adapted"
    assert b[str(refs[("truyen-thanh",)])]["state"] == "inherited"
    assert c[str(refs[("bao-cao",)])] == {"state": "removed", "mark": "✗", "detail": "Lồng ghép vào báo cáo CCHC."}
    assert str(refs[("tap-huan",)]) not in b  # Sở Nội vụ's row is not the district's
    assert data["items"][refs[("tap-huan",)] - 1]["names"] == ["Sở Nội vụ"]
    assert data["coverage"] == {"planned": 2, "expected": 2}


def test_wrong_level_inherited_unchanged(plans: PlansDir):
    """A ward's plan that inherits, unchanged, rows the city gave to districts is told so."""
    plans.write("tinh-a", CITY)
    ward = HEAD.format(upper="PHƯỜNG X", name="phường X", level="xa")
    plans.write("phuong-x", ward)
    code, _, err = plans.run("check")
    assert code == 0
    lines = [line for line in err.splitlines() if "[sai-cap]" in line]
    assert len(lines) == 6  # two blocks and four rows, for districts or for Sở Nội vụ
    assert lines[1] == (
        "plans/phuong-x.yaml:1:10: Phụ lục, dòng 1 — appendix.tasks[ke-hoach]: cảnh báo [sai-cap]: dòng này giao "
        "cho cấp huyện; kế hoạch cấp xã cần ghi đơn vị chủ trì của mình Gợi ý: Sửa 'lead' (hoặc 'unit') cho đơn vị "
        "mình, bỏ kèm lý do (remove: \"…\"), hoặc ghi 'for:' nếu việc này đúng là giao cho cấp xã."
    )
    # for: says the row is the ward's too; the warning goes
    plans.write(
        "tinh-a",
        CITY.replace(
            "lead: UBND cấp huyện, deadline: Định kỳ hằng quý}",
            "lead: UBND cấp huyện, deadline: Định kỳ hằng quý, for: [huyen, xa]}",
        ),
    )
    _, _, err = plans.run("check")
    assert sum("[sai-cap]" in line for line in err.splitlines()) == 5


def test_silenced_rule_and_strict(plans: PlansDir):
    plans.write("tinh-a", CITY)
    plans.write("huyen-b", district(tasks="    - {key: bao-cao, remove: true}\n"))
    code, _, err = plans.run("check", "--strict")
    assert code == 1 and "[thieu-viec-giao]" in err and "cảnh báo" not in err.split("Gợi ý")[0]
    code, _, err = plans.run("--strict", "--no-site")
    assert code == 1 and not (plans.root / "dist").exists()
    plans.write(
        "huyen-b", district(tasks="    - {key: bao-cao, remove: true}\n") + "lint: {ignore: [thieu-viec-giao]}\n"
    )
    code, _, err = plans.run("check", "--strict")
    assert code == 0, err


def test_units_without_a_plan(plans: PlansDir):
    plans.write("tinh-a", CITY)
    plans.write("huyen-b", district())
    units = write_registry(plans)
    code, out, _ = plans.run("conformance", "tinh-a")
    assert code == 0
    assert out.splitlines()[-3:] == [
        "Đơn vị chưa có kế hoạch năm 2025 (1):",
        "  - UBND huyện C (huyen-c, huyen)",
        "Độ phủ: 1/2 đơn vị có kế hoạch (50%).",
    ]
    (units / "tinh-a.yaml").write_text("province: A\nunits:\n  - {id: huyen-c, name: C, kind: quan, parent: x}\n")
    code, _, err = plans.run("check")
    assert code == 1
    assert "units/tinh-a.yaml:3:34: units[0].kind: giá trị 'quan' không được hỗ trợ" in err
    assert "đơn vị 'huyen-c' có cấp trên 'x' không có trong danh mục" not in err or "units/tinh-a.yaml:3:" in err


def test_real_plans_matrix_shows_the_centre_row():
    from conftest import resolve

    from kehoach.errors import Problems
    from kehoach.plans.conformance import matrix
    from kehoach.plans.registry import load_registry

    corpus = resolve(ROOT / "plans")
    registry = load_registry(ROOT / "units", Problems())
    m = matrix(corpus, "ha-noi-2025", registry)
    (row,) = m.rows
    assert row.child.id == "ha-noi-ttpvhcc-2025" and row.kind == "trung-tam"
    assert row.cells[("tasks", ("ban-hanh-ke-hoach",))].mark == "✎"
    assert row.cells[("tasks", ("doi-thoai-tthc",))].mark == "✎"  # named 'Trung tâm Phục vụ hành chính công'
    assert ("tasks", ("tap-huan",)) not in row.cells
    assert {u.id for u in m.unplanned} >= {"hoang-mai", "ba-dinh", "son-tay"} and len(m.unplanned) == 36
    hm = matrix(corpus, "hoang-mai-2024", registry)
    # Thịnh Liệt (real) and Yên Sở (the illustrative plan of the 2027 merger example) have plans
    assert len(hm.unplanned) == 12 and (hm.planned, hm.expected) == (2, 14)


def test_matrix_cells_are_short_and_read_out(plans: PlansDir):
    """Four cells in five of a national matrix are "không giao": they take the shortest form that
    still says so to a screen reader (issue #31); every cell's state is read out, not its mark."""
    from conftest import resolve

    from kehoach.errors import Problems
    from kehoach.plans.conformance import matrix
    from kehoach.plans.registry import load_registry
    from kehoach.site.review import below_section

    plans.write("tinh-a", CITY)
    plans.write("huyen-b", district(tasks="    - {key: ke-hoach, lead: Phòng Nội vụ huyện B}\n"))
    plans.write("so-noi-vu", HEAD.format(upper="SỞ NỘI VỤ", name="Sở Nội vụ", level="so"))
    corpus = resolve(plans.root / "plans")
    section = below_section(matrix(corpus, "tinh-a", load_registry(write_registry(plans), Problems())), corpus)
    cells = re.findall(r"<td>(.*?)</td>", section)
    assert cells and all(
        re.fullmatch(r'(?:<span class="kh-state [^>]+>)?\S<span class="kh-sr"> [^<]+</span>(?:</span>)?', c)
        for c in cells
    )
    assert '·<span class="kh-sr"> không giao</span>' in cells  # the district is not given Sở Nội vụ's row
    assert (
        '<span class="kh-state kh-state-adapted" title="đã điều chỉnh">✎<span class="kh-sr"> đã điều chỉnh</span></span>'
        in cells
    )
    assert "aria-hidden" not in section and "; · không giao.</p>" in section  # the legend explains the dot


def test_show_for_prints_what_was_inferred(plans: PlansDir):
    plans.write("tinh-a", CITY)
    code, out, _ = plans.run("show", "tinh-a", "--for")
    assert code == 0
    assert "I.1.  [cac-huyen]  → huyen  (suy từ: UBND các huyện, thị xã, thành phố)" in out
    assert "Phụ lục, dòng 4  [tap-huan]  → don-vi + Sở Nội vụ  (suy từ: Sở Nội vụ)" in out


def test_github_format(plans: PlansDir):
    plans.write("tinh-a", CITY)
    plans.write("huyen-b", district(tasks="    - {key: bao-cao, remove: true}\n"))
    code, out, _ = plans.run("conformance", "tinh-a", "--format", "github")
    assert code == 0
    assert out == (
        "::warning file=plans/huyen-b.yaml,line=16,col=30,title=Phụ lục%2C dòng 3 của kế hoạch cấp trên — "
        "appendix.tasks[bao-cao]::cảnh báo [thieu-viec-giao]: bỏ việc cấp trên 'tinh-a' giao (Phụ lục, dòng 3: "
        '“Báo cáo kết quả”) mà không ghi lý do Gợi ý: Ghi lý do thay cho true: remove: "…" (ví dụ đơn vị không '
        "có đài truyền thanh).\n"
    )


def test_site_shows_the_review(tmp_path):
    """The real plans' pages: the parent's matrix and units without a plan, the child's assigned
    items, the warnings for editors."""
    work = tmp_path / "repo"
    work.mkdir()
    for name in ("plans", "units"):
        shutil.copytree(ROOT / name, work / name)
    p = PlansDir.__new__(PlansDir)
    p.root, p.plans = work, work / "plans"
    code, _, err = p.run("--no-site")
    assert code == 0, err
    from conftest import Quiet

    from kehoach.pipeline.check import load_and_validate, load_units
    from kehoach.plans.review import all_warnings as warnings
    from kehoach.site.review import sections

    corpus = load_and_validate(work / "plans", None, Quiet())
    html = sections(corpus, load_units(work / "units"), warnings(corpus))
    parent = html["ha-noi-2025"]
    assert '<h2 id="thuc-hien-o-cap-duoi">' in parent and "1/37" in parent and "UBND quận Hoàng Mai" in parent
    assert 'class="kh-state kh-state-adapted"' in parent
    # the columns' key: each item's label linking to it and its opening words, not its whole text again
    key = parent.split('<ol class="kh-matrix-items">')[1].split("</ol>")[0]
    entries = re.findall(r'<li><a href="#([^"]+)">[^<]+</a> ([^<]*)</li>', key)
    assert entries and len(entries) == key.count("<li>")
    assert all(len(html_lib.unescape(text)) <= 70 for _, text in entries)
    assert any(text.endswith("…") for _, text in entries)
    child = html["ha-noi-ttpvhcc-2025"]
    assert '<h2 id="viec-cap-tren-giao">' in child and "mất khi thay cả danh sách" in child
    works = re.findall(r'<tr><td><a href="\.\./ha-noi-2025/#[^"]+">[^<]+</a></td><td>([^<]*)</td>', child)
    assert works and all(len(html_lib.unescape(w)) <= 70 for w in works) and any(w.endswith("…") for w in works)
    assert "[luu-vt]" not in html["thinh-liet-2024"] and "<code>luu-vt</code>" in html["thinh-liet-2024"]
