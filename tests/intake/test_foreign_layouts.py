"""A real plan typed by a clerk in Word comes in exactly (issue #26): each of the four real plans,
made again in every layout of tests/fixtures/layouts.py (tables, Shift+Enter lines, tabs, text
boxes, the motto on one line, Nơi nhận beside or under the signature, Word numbering, bullets),
is imported and compared **field by field** with what the clerk signed: unit name lines, parent
agency, number, symbol, place, date, signer's authority, title and name, each recipient with its
note, the Lưu line, the number of citations, sections and items. Word recall is not enough.
"""

from __future__ import annotations

import sys

import pytest
import yaml
from conftest import FIXTURES, ROOT

from kehoach.text.markup import plain

sys.path.insert(0, str(FIXTURES))
from layouts import LAYOUTS, make

REAL = ["ha-noi-2025", "ha-noi-ttpvhcc-2025", "kim-thanh-2025", "thinh-liet-2024"]  # the four real plans


def lines(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").replace("\\n", "\n").split("\n") if x.strip()]


def expected(plan) -> dict:
    doc = plan.document
    return {
        "unit.name": lines(plan.unit.name),
        "unit.parent_agency": plan.unit.parent_agency or None,
        "document.number": doc.number,
        "document.symbol": doc.symbol,
        "document.place": doc.place or None,
        "document.date": doc.date.strftime("%d/%m/%Y") if doc.date else None,
        "signature.authority": list(plan.signature.authority),
        "signature.title": plan.signature.title,
        "signature.name": plan.signature.name,
        "recipients": [(r.text, r.note or None) for r in plan.recipients],
        "archive": plan.archive.rstrip("."),
        "citations": len([c for c in plan.citations]),
        "sections": len(plan.body),
        "tasks": [(" ".join(plain(t.task).split()), t.deadline.wording() if t.deadline else "") for t in plan.tasks],
    }


def found(data: dict) -> dict:
    unit, doc, sig = data["unit"], data["document"], data["signature"]
    recipients = [(r, None) if isinstance(r, str) else (r["text"], r.get("note")) for r in data["recipients"]]
    return {
        "unit.name": lines(unit.get("name")),
        "unit.parent_agency": unit.get("parent_agency"),
        "document.number": doc.get("number"),
        "document.symbol": doc.get("symbol"),
        "document.place": doc.get("place"),
        "document.date": doc.get("date"),
        "signature.authority": sig.get("authority", []),
        "signature.title": sig.get("title"),
        "signature.name": sig.get("name"),
        "recipients": recipients,
        "archive": data.get("archive"),
        "citations": len(data.get("legal_basis", {}).get("documents", [])),
        "sections": len(data.get("body", [])),
        "tasks": [
            (" ".join(plain(t["task"]).split()), t["deadline"]) for t in data.get("appendix", {}).get("tasks", [])
        ],
    }


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda x: x.name)
@pytest.mark.parametrize("plan_id", REAL)
def test_signed_parts_come_in_exactly(plans, corpus, tmp_path, plan_id, layout):
    plan = corpus.plans[plan_id]
    source = make(plan, layout, tmp_path / f"{plan_id}.docx")
    code, out, err = plans.run("import", str(source), "--id", "nhap", "--out", str(tmp_path / "nhap.yaml"))
    assert code == 0, err
    data = yaml.safe_load((tmp_path / "nhap.yaml").read_text(encoding="utf-8"))
    want, got = expected(plan), found(data)
    wrong = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
    assert not wrong, wrong
    alone = tmp_path / "alone" / "plans"  # the imported file on its own: the same plan, item by item
    alone.mkdir(parents=True)
    (alone / "nhap.yaml").write_text((tmp_path / "nhap.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    from conftest import resolve

    assert body_items(resolve(alone).plans["nhap"]) == body_items(plan)


def test_each_doubtful_part_becomes_a_visible_blank():
    """Never silently wrong: what cannot be the part it was read as is replaced by '…' and said."""
    from kehoach.intake.parse import check_signed_parts

    data = {
        "unit": {"name": "UBND PHƯỜNG MỖ LAO\nSố: 41/KH-UBND", "parent_agency": "UBND QUẬN HÀ ĐÔNG"},
        "document": {"place": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"},
        "signature": {"title": "CHỦ TỊCH", "name": "t/h);"},
        "recipients": ["UBND Quận", {"text": "Lưu: VT", "note": "để b/c"}],
        "archive": "NV, VT.CHỦ TỊCH Dương Văn Hòa",  # a table LibreOffice flattened: Lưu and the signature on one line
    }
    doubts = check_signed_parts(data, [])
    assert doubts == [
        "KIỂM TRA unit.name: đọc được \"UBND PHƯỜNG MỖ LAO Số: 41/KH-UBND\": có dòng Số, ký hiệu; đã để trống '…', hãy điền",
        'KIỂM TRA document.place: đọc được "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc": '
        "có Quốc hiệu, Tiêu ngữ; đã để trống '…', hãy điền",
        'KIỂM TRA signature.name: đọc được "t/h);": không giống họ tên người (chữ hoa đầu mỗi tiếng, không số, '
        "không dấu câu, không viết hoa cả); đã để trống '…', hãy điền",
        'KIỂM TRA archive: đọc được "NV, VT.CHỦ TỊCH Dương Văn Hòa": dòng Lưu có chữ của khối chữ ký dính vào; '
        "đã để trống '…', hãy điền",
        "KIỂM TRA recipients: đọc được \"Lưu: VT\": không giống một nơi nhận; đã để trống '…', hãy điền",
    ]
    assert data["unit"]["name"] == data["document"]["place"] == data["signature"]["name"] == "…"
    assert data["unit"]["parent_agency"] == "UBND QUẬN HÀ ĐÔNG" and data["signature"]["title"] == "CHỦ TỊCH"
    assert data["recipients"] == ["UBND Quận", {"text": "…", "note": "để b/c"}]


def test_an_unreadable_signer_is_a_blank_and_import_says_so(plans, corpus, tmp_path):
    """The PDF of issue #26 gave 'signature.name: "t/h);"': now a '# KIỂM TRA' blank, exit 1."""
    text = (FIXTURES / "foreign" / "thinh-liet-2024.txt").read_text(encoding="utf-8")
    source = tmp_path / "ke-hoach.txt"
    source.write_text(text.replace("Dương Văn Hòa", "(t/h);"), encoding="utf-8")
    code, out, err = plans.run("import", str(source), "--id", "x-2024")
    assert code == 1
    assert "1 phần người ký phải ký dưới chưa đọc chắc được" in err
    written = (plans.plans / "x-2024.yaml").read_text(encoding="utf-8")
    assert '# KIỂM TRA signature.name: đọc được "(t/h);", dòng 215:' in written
    assert yaml.safe_load(written)["signature"]["name"] == "…"


def body_items(plan) -> list[tuple]:
    """The body as printed: each item's label (a) 1. - …, so a list's style), heading and text."""
    from kehoach.plans.numbering import walk
    from kehoach.text.markup import plain

    return [(e.label, plain(e.node.heading or ""), " ".join(plain(e.node.text or "").split())) for e in walk(plan.body)]


def items(plan) -> list[tuple]:
    """A plan item by item as printed: label, heading, text; rows; citations."""
    from kehoach.plans.numbering import walk
    from kehoach.text.markup import plain

    body = [(e.label, plain(e.node.heading or ""), " ".join(plain(e.node.text or "").split())) for e in walk(plan.body)]
    rows = [(t.task, t.lead, t.support, t.deadline.wording() if t.deadline else "") for t in plan.tasks]
    cited = [(c.kind, c.number) for c in plan.citations]
    return body + rows + cited


@pytest.mark.parametrize("layout", LAYOUTS[:4] + LAYOUTS[12:], ids=lambda x: x.name)
def test_import_extends_gives_the_plan_as_resolved_today(plans, corpus, tmp_path, layout):
    """`import --extends ha-noi-2025` of the Trung tâm's foreign layouts: no '-2' key, the summary
    counts what the file shows, and the resolved plan equals today's item by item."""
    import re
    import shutil

    from conftest import resolve

    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    (plans.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml").unlink()
    plan = corpus.plans["ha-noi-ttpvhcc-2025"]
    source = make(plan, layout, tmp_path / "trung-tam.docx")
    code, out, err = plans.run("import", str(source), "--extends", "ha-noi-2025", "--id", "ha-noi-ttpvhcc-2025")
    assert code == 0, err
    text = (plans.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml").read_text(encoding="utf-8")
    assert not re.findall(r"key: [\w.-]+-2\b", text)
    summary = next(x for x in out.splitlines() if "Kế thừa 'ha-noi-2025'" in x)
    removed = int(re.search(r"(\d+) mục bỏ", summary).group(1))
    assert removed == text.count("remove: true"), summary
    again = resolve(plans.plans).plans["ha-noi-ttpvhcc-2025"]
    assert items(again) == items(plan)


def test_converted_layouts_are_exact_or_say_what_to_check(plans, corpus, tmp_path):
    """The same layouts saved by LibreOffice as .odt and printed to PDF (text layer): an .odt comes in
    exactly; a PDF, whose side-by-side Nơi nhận and signature pdftotext lays out in columns, comes
    in exactly or exits 1 with '# KIỂM TRA' blanks: never exit 0 with a wrong part."""
    import subprocess

    from conftest import require_tool

    soffice = require_tool("soffice")
    require_tool("pdftotext")
    chosen = [LAYOUTS[0], LAYOUTS[1], LAYOUTS[9]]
    docs = [make(corpus.plans[p], layout, tmp_path / f"{p}--{n}.docx") for p in REAL for n, layout in enumerate(chosen)]
    for kind in ("odt", "pdf", "doc"):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--headless",
                "--convert-to",
                kind,
                "--outdir",
                str(tmp_path / kind),
                *map(str, docs),
            ],
            capture_output=True,
            timeout=600,
            check=True,
        )
    table = []
    for kind in ("odt", "pdf", "doc"):
        for doc in docs if kind != "doc" else docs[::3]:  # old Word: one layout a plan (each import runs LibreOffice)
            plan = corpus.plans[doc.stem.split("--")[0]]
            out = tmp_path / f"{doc.stem}-{kind}" / "nhap.yaml"
            out.parent.mkdir()
            code, _, err = plans.run(
                "import", str(tmp_path / kind / f"{doc.stem}.{kind}"), "--id", "nhap", "--out", str(out)
            )
            want, got = expected(plan), found(yaml.safe_load(out.read_text(encoding="utf-8")))
            wrong = sorted(k for k in want if want[k] != got[k])
            table.append((kind, doc.stem, code, wrong))
    print(
        "\n".join(
            f"{k:4} {name:40} exit {code}  {'exact' if not wrong else 'KIỂM TRA: ' + ', '.join(wrong)}"
            for k, name, code, wrong in table
        )
    )
    assert [row for row in table if row[0] in ("odt", "doc") and (row[2] != 0 or row[3])] == []
    assert [row for row in table if row[2] == 0 and row[3]] == []  # never silently wrong
    assert [row for row in table if row[0] == "pdf" and (row[2] != 0 or row[3])] == []  # columns read apart
