"""Hostile YAML runs nothing and is refused quickly; harmless oddities (BOM, NFD) are accepted.

The exact messages of every refusal are pinned in test_catalogue.py."""

import tracemalloc

from conftest import TOP


def errors(plans, text=None, raw=None, all_lines=False):
    plans.write("p", text or "", raw=raw)
    code, out, err = plans.run("check")
    assert code == 1
    return err.splitlines() if all_lines else err.splitlines()[0]


def test_python_tag_is_refused_without_running(plans, tmp_path):
    marker = tmp_path / "pwned"
    lines = errors(plans, f"year: !!python/object/apply:os.system ['touch {marker}']\n", all_lines=True)
    assert any(
        x.startswith(
            "plans/p.yaml:1:7: year: thẻ YAML 'tag:yaml.org,2002:python/object/apply:os.system' không được phép"
        )
        for x in lines
    )
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(plans):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
    )
    tracemalloc.start()
    line = errors(plans, bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, "the bomb must be refused before it is expanded"
    assert line.startswith("plans/p.yaml:2:8: không dùng bí danh YAML (*tên) trong kế hoạch")


def test_nfd_text_is_normalised(plans):
    import unicodedata

    plans.write("p", unicodedata.normalize("NFD", TOP))
    code, out, err = plans.run("show", "p")
    assert code == 0, err
    assert "Thông tin tuyên truyền CCHC" in out


def test_bom_is_accepted(plans):
    plans.write("p", "", raw=b"\xef\xbb\xbf" + TOP.encode())
    assert plans.run("check")[0] == 0


def test_libyaml_and_python_composers_agree_on_values_and_positions():
    from pathlib import Path

    from conftest import ROOT

    from kehoach.errors import Problems
    from kehoach.plans import source

    for path in sorted((ROOT / "plans").rglob("*.yaml")):
        text = source.read_text(path.read_bytes(), "x", Problems())
        fast, slow = (source._parse(text, [], "x", Problems(), python_only=p) for p in (False, True))
        assert (fast.data, fast.pos, fast.keypos) == (slow.data, slow.pos, slow.keypos), Path(path).name


def test_calendar_text_carries_no_control_character():
    """RFC 5545 TEXT allows no control character: line breaks of any kind become '\\n', others a space."""
    from kehoach.site.ical import ics

    row = {"plan": "p", "key": "t", "year": 2025, "dates": ["2025-02-20"], "kind": "", "unit": "UBND\rphường",
           "deadline": "Tháng 2/2025", "lead": ["A\r\nB"], "task": "Báo\rcáo\x01; tháng, quý"}
    text = ics([row]).decode("utf-8")
    lines = text.split("\r\n")
    assert "SUMMARY:Báo\\ncáo \\; tháng\\, quý" in lines
    assert "DESCRIPTION:UBND\\nphường — Tháng 2/2025 — chủ trì: A\\nB" in lines
    assert not [c for c in text.replace("\r\n", "") if ord(c) < 32]
