"""`python build.py import`: existing plans in, as YAML that checks, without losing text."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import ROOT

from kehoach.plans.numbering import walk
from kehoach.render.docx import render
from kehoach.render.outline import lines

REAL = ["ha-noi-2025", "ha-noi-ttpvhcc-2025", "kim-thanh-2025", "thinh-liet-2024"]


def imported(plans, source, *args):
    from conftest import resolve

    code, out, err = plans.run("import", str(source), "--id", "nhap", *args)
    assert code == 0, err
    return resolve(plans.plans).plans["nhap"], out


def same_plan(original, back) -> None:
    """Item by item: texts with their emphasis and labels, structure, header, citations, tasks,
    recipients and signature."""
    assert lines(back) == lines(original)
    assert [(e.label, e.head, e.rest, e.depth) for e in walk(back.body)] == [
        (e.label, e.head, e.rest, e.depth) for e in walk(original.body)
    ]
    for field in ("parent_agency", "name", "full"):
        assert getattr(back.unit, field).replace("\\n", "\n") == getattr(original.unit, field).replace("\\n", "\n")
    for field in ("kind", "number", "symbol", "place", "date", "subject"):
        assert getattr(back.document, field) == getattr(original.document, field), field
    assert back.year == original.year
    fields = ("kind", "number", "date", "issuer", "about")
    assert [[getattr(c, f) for f in fields] for c in back.citations] == [
        [getattr(c, f) for f in fields] for c in original.citations
    ]
    fields = ("task", "lead", "support", "deadline")
    assert [[getattr(t, f) for f in fields] for t in back.tasks] == [
        [getattr(t, f) for f in fields] for t in original.tasks
    ]
    assert back.appendix_title == original.appendix_title
    assert (back.recipients, back.archive, back.signature, back.opening, back.closing) == (
        original.recipients,
        original.archive,
        original.signature,
        original.opening,
        original.closing,
    )


@pytest.mark.parametrize("plan_id", REAL)
def test_round_trip_of_every_real_plan_through_its_docx(plans, corpus, plan_id, tmp_path):
    original = corpus.plans[plan_id]
    source = tmp_path / f"{plan_id}.docx"
    source.write_bytes(render(original))
    back, out = imported(plans, source)
    same_plan(original, back)
    assert "Cảnh báo" not in out
    text = (plans.plans / "nhap.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert f'# Nhập từ "{plan_id}.docx"' in text.splitlines()[1]


def test_import_never_overwrites_without_force(plans, corpus, tmp_path):
    source = tmp_path / "kh.docx"
    source.write_bytes(render(corpus.plans["thinh-liet-2024"]))
    imported(plans, source)
    code, _, err = plans.run("import", str(source), "--id", "nhap")
    assert code == 3 and err.strip() == "Đã có tệp 'plans/nhap.yaml'; không ghi đè. Thêm --force nếu muốn thay nó."
    assert plans.run("import", str(source), "--id", "nhap", "--force", "-q")[0] == 0


def test_import_derives_the_id_from_unit_and_year(plans, corpus, tmp_path):
    source = tmp_path / "kh.docx"
    source.write_bytes(render(corpus.plans["thinh-liet-2024"]))
    code, out, err = plans.run("import", str(source))
    assert code == 0, err
    assert (plans.plans / "thinh-liet-2024.yaml").exists()


def test_unknown_file_kinds_and_missing_files_are_usage_errors(plans, tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"x")
    code, _, err = plans.run("import", str(tmp_path / "a.xlsx"))
    assert code == 2 and "không đọc được tệp '.xlsx'" in err
    code, _, err = plans.run("import", str(tmp_path / "khong-co.docx"))
    assert code == 2 and "không có tệp" in err


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def recall(source_words: list[str], plan) -> float:
    """Share of the source's words found in the imported plan's text, as multisets."""
    from collections import Counter

    have = Counter(words("\n".join(lines(plan)) + " " + plan.unit.name + " " + (plan.unit.parent_agency or "")))
    want = Counter(source_words)
    found = sum(min(n, have[w]) for w, n in want.items())
    return found / max(1, sum(want.values()))


FOREIGN = ROOT / "tests" / "fixtures" / "foreign"


@pytest.mark.parametrize(
    "name, plan_id, tools",
    [
        ("ha-noi-2025-numbered.docx", "ha-noi-2025", ()),
        ("thinh-liet-2024.doc", "thinh-liet-2024", ("soffice",)),
        ("thinh-liet-2024.txt", "thinh-liet-2024", ()),
        ("thinh-liet-2024-libreoffice.docx", "thinh-liet-2024", ()),
        ("thinh-liet-2024.pdf", "thinh-liet-2024", ("pdftotext",)),
    ],
)
def test_foreign_documents(plans, corpus, name, plan_id, tools):
    """Documents our template did not make (tests/fixtures/make_foreign.py): the words of the real
    plan come back (recall ≥ 0.98) with as many sections and items, and the appendix rows."""
    from conftest import require_tool

    for tool in tools:
        require_tool(tool)
    original = corpus.plans[plan_id]
    back, out = imported(plans, FOREIGN / name)
    source = words("\n".join(lines(original)) + " " + original.unit.name.replace("\\n", " "))
    assert recall(source, back) >= 0.98, out
    assert len(back.body) == len(original.body)
    assert [e.label for e in walk(back.body)] == [e.label for e in walk(original.body)]
    if original.tasks:
        assert [t.deadline for t in back.tasks] == [t.deadline for t in original.tasks]
    assert back.signature is not None and back.signature.name == original.signature.name
    assert [r.text for r in back.recipients] == [r.text for r in original.recipients]


def test_extends_writes_only_the_differences_of_the_centre_plan(plans, corpus, tmp_path):
    """The Trung tâm's plan, imported against the city's: the same resolved plan as today's, in a
    file no bigger than 1.2× the hand-written one."""
    import shutil

    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    hand = (plans.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml").read_text(encoding="utf-8")
    (plans.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml").unlink()
    original = corpus.plans["ha-noi-ttpvhcc-2025"]
    source = tmp_path / "ttpvhcc.docx"
    source.write_bytes(render(original))
    code, out, err = plans.run("import", str(source), "--extends", "ha-noi-2025", "--id", "ha-noi-ttpvhcc-2025")
    assert code == 0, err
    from conftest import resolve

    back = resolve(plans.plans).plans["ha-noi-ttpvhcc-2025"]
    same_plan(original, back)
    assert back.extends == "ha-noi-2025"
    written = (plans.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml").read_text(encoding="utf-8")
    assert written.count("key:") <= 1.2 * hand.count("key:")
    assert "remove: true  # TODO lý do" in written
    summary = next(line for line in out.splitlines() if "Kế thừa 'ha-noi-2025'" in line)
    assert "mục kế thừa nguyên văn" in summary and "mục sửa" in summary and "mục thêm" in summary
    statuses = [e.node.origin.status for e in walk(back.body)]
    assert statuses.count("inherited") >= 12  # what the centre did not change stays the city's


def test_a_missing_converter_names_the_package_to_install(plans, monkeypatch):
    import shutil as sh

    monkeypatch.setattr(sh, "which", lambda name: None)
    code, _, err = plans.run("import", str(FOREIGN / "thinh-liet-2024.pdf"))
    assert code == 3
    assert err.strip() == (
        "Không đọc được tệp: máy này chưa có 'pdftotext'. Cài bằng 'apt-get install poppler-utils' rồi chạy lại."
    )
    code, _, err = plans.run("import", str(FOREIGN / "thinh-liet-2024.doc"))
    assert code == 3 and "apt-get install libreoffice-writer-nogui" in err
