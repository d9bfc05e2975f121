"""The compiled renderer gives the reference renderer's bytes (issue #16).

:func:`kehoach.render.docx.render` compiles the template once per process and serialises only
the parts a plan changes; :func:`render_with_docxtpl` is stock docxtpl and python-docx, again
for every plan. Both must give the same bytes for every real plan and a synthetic sample, in
any order (one process renders many plans: nothing may leak from one to the next).
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT, resolve

from kehoach.render.docx import compiled, render, render_with_docxtpl


def test_every_real_plan_in_both_orders(corpus):
    plans = corpus.real()
    for plan in plans + plans[::-1] + plans:
        assert render(plan) == render_with_docxtpl(plan), plan.id


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("national") / "plans"
    generate(folder, 40)
    return resolve(folder)


@pytest.mark.slow  # a sample of the synthetic national corpus: a test of scale
def test_a_synthetic_sample(synthetic):
    for plan in synthetic.real():
        assert render(plan) == render_with_docxtpl(plan), plan.id


def test_a_changed_template_is_compiled_again(tmp_path, corpus):
    import shutil

    from kehoach.paths import TEMPLATE

    copy = tmp_path / "mau.docx"
    shutil.copy(TEMPLATE, copy)
    plan = corpus.plans["ha-noi-2025"]
    first = compiled(copy)
    assert render(plan, copy) == render_with_docxtpl(plan, copy)
    copy.write_bytes(copy.read_bytes())  # same bytes, new modification time
    import os

    os.utime(copy, ns=(1, 1))
    assert compiled(copy) is not first


def test_a_template_with_merged_cells_takes_docxtpls_table_fix(tmp_path, corpus, monkeypatch):
    """A clerk who merges cells in the template (w:gridSpan) gets docxtpl's fix_tables, as
    the reference does; a plain template's tables are left as parsed."""
    import docx
    from docxtpl import DocxTemplate

    from kehoach.paths import TEMPLATE

    document = docx.Document(str(TEMPLATE))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Ghi chú"
    table.cell(1, 0).merge(table.cell(1, 1))
    merged = tmp_path / "mau-gop-o.docx"
    document.save(str(merged))
    calls = []
    original = DocxTemplate.fix_tables
    monkeypatch.setattr(DocxTemplate, "fix_tables", lambda self, xml: calls.append(1) or original(self, xml))
    for plan in corpus.real():
        assert render(plan, merged) == render_with_docxtpl(plan, merged), plan.id
    assert len(calls) == 2 * len(corpus.real())  # the compiled path used it too, for every plan
    calls.clear()
    plan = corpus.plans["ha-noi-2025"]
    render(plan)
    render(plan)
    assert len(calls) <= 1  # the plain template: only a first, reference render
