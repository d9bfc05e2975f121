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
