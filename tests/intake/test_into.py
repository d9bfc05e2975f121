"""`import EDITED.docx --into plan.yaml`: a leader's edits in Word flow back into the plan's own YAML,
at exactly the places edited, the rest of the file untouched byte for byte."""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess

import docx
import pytest
from conftest import ROOT, require_tool
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from kehoach.plans.numbering import walk
from kehoach.render import markers
from kehoach.render.docx import render
from kehoach.text.markup import paragraphs

REAL = ["ha-noi-2025", "ha-noi-ttpvhcc-2025", "kim-thanh-2025", "thinh-liet-2024"]
EDITED = "Nội dung này do lãnh đạo sửa trên Word."
ADDED = "Nội dung mới do lãnh đạo thêm vào."


def leaves(plan):
    return [e for e in walk(plan.body) if not e.node.items and not e.rest and e.label]


def paragraph_of(document, path):
    name = markers.marker(path)
    return next(
        p for p in document.paragraphs if name in {b.get(qn("w:name")) for b in p._p.iter(qn("w:bookmarkStart"))}
    )


def edit_three_ways(plan) -> tuple[bytes, list]:
    """Change one text, delete one item, add one paragraph, as a leader does in Word."""
    document = docx.Document(io.BytesIO(render(plan)))
    items = leaves(plan)
    changed, deleted, before = items[0], items[2], items[4]
    p = paragraph_of(document, "body/" + "/".join(changed.path))
    for run in p.runs[1:]:
        run.text = ""
    p.runs[-1].text = EDITED
    gone = paragraph_of(document, "body/" + "/".join(deleted.path))
    gone._p.getparent().remove(gone._p)
    anchor = paragraph_of(document, "body/" + "/".join(before.path))
    new = anchor.insert_paragraph_before(f"{before.label} {ADDED}", style=anchor.style)
    anchor._p.addnext(new._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), [changed, deleted, before]


def changed_places(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return sum(1 for op, *_ in matcher.get_opcodes() if op != "equal")


def libreoffice(data: bytes, folder) -> bytes:
    soffice = require_tool("soffice")
    (folder / "sua.docx").write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/p",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder / "lo"),
            str(folder / "sua.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (folder / "lo" / "sua.docx").read_bytes()


@pytest.mark.parametrize("via", ["python-docx", "libreoffice"])
@pytest.mark.parametrize("plan_id", REAL)
def test_three_edits_come_back_at_three_places(plans, corpus, tmp_path, plan_id, via):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    for other in corpus.plans.values():  # a child that edits the deleted item would refuse the edit (tested below)
        if plan_id in other.lineage:
            (plans.plans / other.file.split("plans/", 1)[1]).unlink()
    plan = corpus.plans[plan_id]
    data, (changed, deleted, before) = edit_three_ways(plan)
    if via == "libreoffice":
        data = libreoffice(data, tmp_path)
    (plans.root / "sua.docx").write_bytes(data)
    target = plans.plans / plan.file.split("plans/", 1)[1]
    old = target.read_text(encoding="utf-8")
    code, out, err = plans.run("import", "sua.docx", "--into", str(target.relative_to(plans.root)))
    assert code == 0, err
    assert out.splitlines()[0].endswith(": 1 mục sửa, 1 mục bỏ, 1 mục thêm, 0 góp ý.")
    new = target.read_text(encoding="utf-8")
    assert changed_places(old, new) <= 3  # only the entries edited (two may share a place)
    code, _, err = plans.run("-q", "--plan", plan_id, "--no-site")
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(plans.root / "dist" / f"{plan_id}.docx")).paragraphs)
    assert EDITED in text and ADDED in text
    assert deleted.head not in text


def test_an_edit_that_would_break_a_child_plan_is_refused(plans, corpus):
    """Check, then write (#25): the city removes an item the Trung tâm's plan edits; the city's
    file is left as it was, and the message names the child's line that would break."""
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    plan = corpus.plans["ha-noi-2025"]
    data, _ = edit_three_ways(plan)
    (plans.root / "sua.docx").write_bytes(data)
    target = plans.plans / "ha-noi" / "ha-noi-2025.yaml"
    old = target.read_bytes()
    code, out, err = plans.run("import", "sua.docx", "--into", "plans/ha-noi/ha-noi-2025.yaml")
    assert code == 1
    assert err.splitlines()[0].startswith("plans/ha-noi/ha-noi-ttpvhcc-2025.yaml:45:18: ")
    assert "mục 'c' không có trong kế hoạch cấp trên 'ha-noi-2025'" in err
    assert target.read_bytes() == old
    assert "@@" in out  # what it would have changed was shown first


def test_a_docx_without_the_plans_keys_changes_nothing(plans, tmp_path):
    """A Word file that is not the plan's own export deleted the whole body (#25): now refused."""
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    target = plans.plans / "ha-noi" / "thinh-liet-2024.yaml"
    old = target.read_bytes()
    foreign = ROOT / "tests" / "fixtures" / "foreign" / "thinh-liet-2024-libreoffice.docx"
    code, out, err = plans.run("import", str(foreign), "--into", "plans/ha-noi/thinh-liet-2024.yaml")
    assert code == 2
    assert err.startswith("--into: 'thinh-liet-2024-libreoffice.docx' không mang khóa nào của kế hoạch"), err
    assert target.read_bytes() == old


def test_tracked_changes_are_accepted_and_comments_listed(plans, corpus):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    plan = corpus.plans["thinh-liet-2024"]
    document = docx.Document(io.BytesIO(render(plan)))
    item = leaves(plan)[0]
    p = paragraph_of(document, "body/" + "/".join(item.path))
    w = nsdecls("w")
    p._p.append(
        parse_xml(
            f'<w:ins {w} w:id="901" w:author="Lãnh đạo" w:date="2025-01-02T00:00:00Z">'
            '<w:r><w:t xml:space="preserve"> Thêm khi duyệt.</w:t></w:r></w:ins>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:del {w} w:id="902" w:author="Lãnh đạo" w:date="2025-01-02T00:00:00Z">'
            "<w:r><w:delText>Bỏ khi duyệt.</w:delText></w:r></w:del>"
        )
    )
    document.add_comment(p.runs[0], text="Xem lại số liệu", author="Phó Chủ tịch")
    document.save(str(plans.root / "duyet.docx"))
    code, out, err = plans.run("import", "duyet.docx", "--into", "plans/ha-noi/thinh-liet-2024.yaml", "--dry-run")
    assert code == 0, err
    path = "body/" + "/".join(item.path)
    assert f"  Góp ý (Phó Chủ tịch) ở {path}: Xem lại số liệu" in out.splitlines()
    assert "Thêm khi duyệt." in out and "Bỏ khi duyệt." not in out
    assert "(--dry-run: chưa ghi gì)" in out
    assert (plans.plans / "ha-noi" / "thinh-liet-2024.yaml").read_text(encoding="utf-8") == (
        ROOT / "plans" / "ha-noi" / "thinh-liet-2024.yaml"
    ).read_text(encoding="utf-8")


def test_an_edited_appendix_cell_becomes_that_field(plans, corpus):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    plan = corpus.plans["ha-noi-ttpvhcc-2025"]
    document = docx.Document(io.BytesIO(render(plan)))
    table = document.tables[-1]
    row = table.rows[1]  # Phụ lục, dòng 1
    for run in row.cells[2].paragraphs[0].runs:
        run.text = ""
    row.cells[2].paragraphs[0].runs[0].text = "Phòng Hành chính – Quản trị và Văn phòng Đảng ủy"
    for run in row.cells[4].paragraphs[0].runs:
        run.text = ""
    row.cells[4].paragraphs[0].runs[0].text = "Chậm nhất ngày 28/02/2025"
    document.save(str(plans.root / "phu-luc.docx"))
    target = "plans/ha-noi/ha-noi-ttpvhcc-2025.yaml"
    code, out, err = plans.run("import", "phu-luc.docx", "--into", target)
    assert code == 0, err
    assert "  sửa: Phụ lục, dòng 1" in out.splitlines()
    from conftest import resolve

    task = resolve(plans.plans).plans["ha-noi-ttpvhcc-2025"].tasks[0]
    assert task.lead == "Phòng Hành chính – Quản trị và Văn phòng Đảng ủy"
    assert task.deadline.wording() == "Chậm nhất ngày 28/02/2025"


def test_a_new_lettered_paragraph_under_a_clause_becomes_its_first_item(plans, corpus):
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    plan = corpus.plans["ha-noi-ttpvhcc-2025"]
    document = docx.Document(io.BytesIO(render(plan)))
    clause = paragraph_of(document, "body/to-chuc-thuc-hien/phong-tai-cau-truc")  # 3. Phòng Tái cấu trúc …
    new = clause.insert_paragraph_before("a) Nhiệm vụ mới giao cho phòng.", style=clause.style)
    clause._p.addnext(new._p)
    document.save(str(plans.root / "them.docx"))
    code, out, err = plans.run("import", "them.docx", "--into", "plans/ha-noi/ha-noi-ttpvhcc-2025.yaml")
    assert code == 0, err
    assert "  thêm: trong IV.3." in out.splitlines()
    from conftest import resolve

    node = next(n for n in resolve(plans.plans).plans["ha-noi-ttpvhcc-2025"].body if n.key == "to-chuc-thuc-hien")
    clause_node = next(n for n in node.items if n.key == "phong-tai-cau-truc")
    assert [i.text for i in clause_node.items] == ["Nhiệm vụ mới giao cho phòng."]


def test_every_paragraph_of_a_long_closing_comes_back(plans):
    """A closing of 41 paragraphs, its last edited in Word: all 41 come back, the last as edited
    (the reader once looked for at most 39)."""
    shutil.rmtree(plans.plans)
    shutil.copytree(ROOT / "plans", plans.plans)
    target = plans.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml"
    text = target.read_text(encoding="utf-8")
    start, end = text.index("closing: >-\n", text.index("\nbody:")), text.index("\nsignature:")
    closing = [f"Đoạn kết thứ {n}." for n in range(1, 42)]
    block = "closing: |-\n" + "\n\n".join(f"  {p}" for p in closing) + "\n"  # a blank line between paragraphs
    target.write_text(text[:start] + block + text[end + 1 :], "utf-8")
    from conftest import resolve

    plan = resolve(plans.plans).plans["ha-noi-ttpvhcc-2025"]
    assert paragraphs(plan.closing) == closing
    document = docx.Document(io.BytesIO(render(plan)))
    last = paragraph_of(document, "closing#41")
    for run in last.runs[1:]:
        run.text = ""
    last.runs[0].text = EDITED
    document.save(str(plans.root / "ket.docx"))
    code, out, err = plans.run("import", "ket.docx", "--into", "plans/ha-noi/ha-noi-ttpvhcc-2025.yaml")
    assert code == 0, err
    assert paragraphs(resolve(plans.plans).plans["ha-noi-ttpvhcc-2025"].closing) == closing[:40] + [EDITED]
