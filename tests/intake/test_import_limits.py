"""Every hostile document is refused by ``import`` with a message saying what was too large or
broken, exit 3, and the plans folder untouched (issue #25, point 3). Their time and memory are
measured by benchmarks/national.py, not here."""

from __future__ import annotations

import sys

import pytest
from conftest import FIXTURES, TOP

sys.path.insert(0, str(FIXTURES))
from hostile import HOSTILE


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_document_is_refused_with_a_message(plans, tmp_path, name):
    make, words = HOSTILE[name]
    if name == "many-pages":
        from conftest import require_tool

        require_tool("pdfinfo")
    document = make(tmp_path)
    plans.write("p", TOP)
    before = {p: p.read_bytes() for p in plans.plans.rglob("*")}
    code, out, err = plans.run("import", str(document), "--id", "x-2025")
    assert code == 3, err
    assert words in err, err
    assert err.startswith(f"Không nhập '{document.name}'") or err.startswith(f"Không đọc được '{document.name}'"), err
    assert "Lỗi nội bộ" not in err
    assert {p: p.read_bytes() for p in plans.plans.rglob("*")} == before


def test_a_real_foreign_document_still_imports(plans):
    code, out, err = plans.run("import", str(FIXTURES / "foreign" / "ha-noi-2025-numbered.docx"), "--id", "x-2025")
    assert code == 0, err
    assert (plans.plans / "x-2025.yaml").exists()
