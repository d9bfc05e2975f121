"""Keys inside the DOCX: every item carries an invisible bookmark naming it, which survives edits
made with python-docx (as Word makes them: run by run) and a LibreOffice round trip."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest
from conftest import require_tool
from docx.oxml.ns import qn

from kehoach.render import markers
from kehoach.render.docx import render
from kehoach.render.wording import citation

REAL = ["ha-noi-2025", "ha-noi-ttpvhcc-2025", "kim-thanh-2025", "thinh-liet-2024"]


@pytest.mark.parametrize("plan_id", REAL)
def test_every_item_is_marked_once_and_invisibly(corpus, plan_id):
    plan = corpus.plans[plan_id]
    data = render(plan)
    assert render(plan) == data  # still deterministic
    document = docx.Document(io.BytesIO(data))
    found = markers.read(document)
    names = markers.names(plan)
    assert len(names) == len(markers.paths(plan))  # one name per path
    assert set(names) <= set(found)
    for c in plan.citations:
        assert found[markers.marker(f"documents/{c.key}")] == citation(c)
    for n, t in enumerate(plan.tasks, 1):
        assert found[markers.marker(f"tasks/{t.key}")] == f"{n}."
    for element in document.element.body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        assert len(element) == 0  # empty elements: nothing a reader sees
    # each bookmark's id is its path's place in paths(), whether written with the text or added after
    starts = document.element.body.iter(qn("w:bookmarkStart"))
    ids = {e.get(qn("w:name")): int(e.get(qn("w:id"))) for e in starts}
    assert ids == {markers.marker(p): n for n, p in enumerate(markers.paths(plan))}
    ends = sorted(int(e.get(qn("w:id"))) for e in document.element.body.iter(qn("w:bookmarkEnd")))
    assert ends == sorted(ids.values())  # every bookmark closed, once


def test_markers_survive_edits_run_by_run(corpus, tmp_path):
    plan = corpus.plans["ha-noi-ttpvhcc-2025"]
    document = docx.Document(io.BytesIO(render(plan)))
    edited, deleted = (
        markers.marker("body/muc-dich-yeu-cau/muc-dich/a"),
        markers.marker("body/muc-dich-yeu-cau/muc-dich/b"),
    )
    for p in document.paragraphs:
        names = {b.get(qn("w:name")) for b in p._p.iter(qn("w:bookmarkStart"))}
        if edited in names:
            p.runs[-1].text = "Nội dung do lãnh đạo sửa trên Word;"
            p.add_run(" thêm một câu.")
        if deleted in names:
            p._p.getparent().remove(p._p)
    path = tmp_path / "sua.docx"
    document.save(str(path))
    found = markers.read(docx.Document(str(path)))
    assert found[edited].endswith("Nội dung do lãnh đạo sửa trên Word;")
    assert deleted not in found
    assert set(markers.names(plan)) - set(found) == {deleted}


def test_markers_survive_a_libreoffice_round_trip(corpus, tmp_path):
    soffice = require_tool("soffice")
    for plan_id in REAL:
        plan = corpus.plans[plan_id]
        source = tmp_path / f"{plan_id}.docx"
        source.write_bytes(render(plan))
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path}/p",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                str(tmp_path / "lo"),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        found = markers.read(docx.Document(str(tmp_path / "lo" / f"{plan_id}.docx")))
        assert set(markers.names(plan)) <= set(found), plan_id
