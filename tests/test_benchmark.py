"""Smoke run of the national benchmark (N=50); the big runs are in the README, not here."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT


def _targets() -> tuple:
    """benchmarks/national.py's TARGETS, imported without leaving benchmarks/ on sys.path."""
    saved = sys.path[:]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import national

        return national.TARGETS
    finally:
        sys.path[:] = saved


pytestmark = pytest.mark.slow

KEYS = {
    "plans",
    "total_s",
    "floor_s",
    "noop_s",
    "leaf_edit_s",
    "search_query_bytes",
    "site_bytes",
    "peak_rss_mb",
    "load_s",
    "docx_s",
    "pages_s",
    "mkdocs_s",
    "import_s",
    "conformance_s",
    "progress_s",
    "report_s",
    "docx_ms_per_plan_core",
    "floor_docx_ms_per_plan",
    "cores_speedup",
    "docx_step_one_core_s",
    "docx_step_all_cores_s",
    "site_ms_per_page",
    "floor_mkdocs_ms_per_page",
    "ratio_to_floor_per_core",
    "search_query_wire_bytes",
    "pagefind_query_bytes",
    "province_edit_s",
    "serve_edit_s",
    "facts_bytes",
    "site_bytes_by_province",
    "split_total_s",
    "split_part_bytes_max",
    "split_leaf_edit_total_s",
    "split_serve_edit_s",
}


def test_national_benchmark_smoke(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/national.py"), "--plans", "50", "--work", str(tmp_path / "national")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures.keys() >= KEYS
    table = result.stdout.strip().splitlines()[-3 - len(_targets()) : -1]  # the targets, before the JSON
    assert table[0].startswith("| mục tiêu |")
    assert [row.split("`")[-2] for row in table[2:]] == [t.key for t in _targets()]
    assert all(row.endswith(("| ✓ |", "| ✗ |")) for row in table[2:])  # each measured (the floor too)
    assert figures["plans"] == 50
    assert 0 < figures["noop_s"] < figures["total_s"]
    assert figures["conformance_warnings"] > 0  # the synthetic children inherit rows given to other units
    assert 0 < figures["leaf_edit_s"] < figures["total_s"]
    assert 0 < figures["search_query_bytes"] < figures["site_bytes"]
    assert figures["split_parts"] >= 1 and 0 < figures["split_part_bytes_max"] < figures["split_site_bytes"]
    assert 0 < figures["split_leaf_edit_total_s"] < figures["split_total_s"]
    assert 0 < figures["split_serve_edit_s"] < figures["split_total_s"]
    by_province = figures["site_bytes_by_province"]
    assert sum(by_province.values()) == figures["site_bytes"] and "ha-noi" in by_province
    for query, side in figures["search_queries"].items():  # ours beside Pagefind, for the same queries
        assert side["ours"]["wire"] > 0 and side["pagefind"]["wire"] > 0 and side["pagefind"]["plans"] > 0, query
    queries = figures["search_queries"]  # typed with or without diacritics, the same search
    assert queries["cai cach hanh chinh"]["ours"] == queries["cải cách hành chính"]["ours"]
    assert figures["serve_edit_s"] > 0 and figures["province_edit_s"] > 0 and figures["province_edit_plans"] > 1
    parts = figures["site_bytes_by_part"]  # where the bytes go (issue #31)
    assert sum(parts.values()) == figures["site_bytes"] and {"ke-hoach", "tai-ve", "lich", "du-lieu"} <= set(parts)
    assert figures["floor_s"] > 0 and figures["peak_rss_mb"] > 0
    assert (
        figures["import_s"] > 0 and (figures["import_pages"] or 20) >= 18
    )  # 19 with Liberation Serif 2 (Times metrics)


def test_synthetic_corpus_is_deterministic_and_deep(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    from corpus import generate
    from national import deepest_leaf, levels

    a = generate(tmp_path / "a", 160, seed=7)
    b = generate(tmp_path / "b", 160, seed=7)
    assert len(a) == 160
    assert [p.read_bytes() for p in a.values()] == [p.read_bytes() for p in b.values()]
    depth = levels(a)
    assert max(depth.values()) == 4
    assert depth[deepest_leaf(a)] == 4


def test_a_national_corpus_has_every_province_of_the_map(monkeypatch):
    """5,000 plans are the 34 provinces of the map of 1 July 2025 (issue #31, part 5), not 33."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    from corpus import PROVINCES, province_count

    assert len(PROVINCES) == 34 and province_count(5000) == 34
    assert [province_count(n) for n in (60, 150, 151, 1000)] == [1, 1, 2, 7]


def test_hostile_import_benchmark_runs(tmp_path):
    """benchmarks/hostile.py (README, "An toàn"): every hostile document refused, figures printed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/hostile.py")], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["hostile_all_refused"] is True
    assert summary["real_import_s"] > 0 and summary["hostile_max_rss_mb"] > 0


def test_targets_table_says_met_or_not_from_a_saved_run(tmp_path):
    """`national.py --table run.json` prints the targets of a saved run, each met or not, with the
    figure as Vietnamese writes it; a figure the run did not measure is said so, not taken as met."""
    saved = tmp_path / "run.json"
    figures = {"leaf_edit_total_s": 1.68, "cores_speedup": 1.44, "site_bytes": 495_123_456, "peak_rss_mb": 1234.5}
    figures |= {"docx_ms_per_plan_core": 6.2, "floor_docx_ms_per_plan": 29.9}  # docx_to_floor from them
    saved.write_text("dựng đủ: …\n" + json.dumps(figures) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/national.py"), "--table", str(saved)],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {row.split("`")[-2]: row for row in result.stdout.splitlines()[2:]}
    assert rows.keys() == {t.key for t in _targets()}
    assert rows["leaf_edit_total_s"].endswith("| 1,68 s | ≤ 2,00 s | ✓ |")
    assert rows["cores_speedup"].endswith("| 1,44× | ≥ 1,80× | ✗ |")
    assert rows["site_bytes"].endswith("| 495 MB | ≤ 500 MB | ✓ |")
    assert rows["peak_rss_mb"].endswith("| 1.234 MB | ≤ 1.000 MB | ✗ |")
    assert rows["docx_to_floor"].endswith("| 0,21× | ≤ 0,25× | ✓ |")
    assert rows["noop_s"].endswith("| chưa đo | ≤ 1,00 s | — |")
