"""Work proportional to the change (issue #31): editing one leaf plan of a 60-plan corpus rewrites
only that plan's outputs, and the result is byte for byte a clean build's.

Files are compared by their modification time (a rewrite) and their bytes (a change). MkDocs'
sitemap is written again only when the site gains or loses a page or its date changes.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, PlansDir

pytestmark = pytest.mark.slow  # a 60-plan corpus built three times: a test of scale

OUTPUTS = ("dist", "site", "docs-gen")


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for folder in OUTPUTS
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus60(tmp_path_factory) -> tuple[Path, str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
        from national import deepest_leaf
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    root = tmp_path_factory.mktemp("national60")
    files = generate(root / "plans", 60)
    return root, deepest_leaf(files)


def run(root: Path, *args: str) -> None:
    runner = PlansDir.__new__(PlansDir)
    runner.root = root
    code, _, err = runner.run("-q", *args)
    assert code == 0, err


def test_a_leaf_edit_rewrites_only_that_plans_outputs(corpus60, tmp_path):
    root, leaf = corpus60
    work = tmp_path / "work"
    shutil.copytree(root, work)
    run(work)
    before = snapshot(work)
    source = next((work / "plans").rglob(f"{leaf}.yaml"))
    source.write_text(
        source.read_text(encoding="utf-8").replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch (sửa)", 1),
        encoding="utf-8",
    )
    run(work)
    after = snapshot(work)
    texts = f"{source.parent.name}-2025-van-ban.akn.tar.xz"  # the corpus's provinces are its folders

    rewritten = {name for name in after if name not in before or after[name][0] != before[name][0]}
    changed = {name for name in after if name not in before or after[name][1] != before[name][1]}
    assert set(before) == set(after)
    assert changed == {
        f"dist/{leaf}.docx",
        f"dist/{leaf}.akn.xml",
        f"docs-gen/ke-hoach/{leaf}.md",
        f"site/ke-hoach/{leaf}/index.html",
        f"site/tai-ve/{leaf}.docx",  # hard links to dist/
        f"docs-gen/du-lieu/{texts}",  # its province's texts, open data
        f"site/du-lieu/{texts}",
    }
    assert rewritten == changed  # the sitemap too is left as it is: the same pages, the same date

    clean = tmp_path / "clean"
    shutil.copytree(work / "plans", clean / "plans")
    shutil.copytree(work / "units", clean / "units")
    run(clean)
    assert {k: v[1] for k, v in snapshot(clean).items()} == {k: v[1] for k, v in after.items()}


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory) -> tuple[Path, str]:
    """60 plans in two provinces, each with a ledger of 5 entries, built once."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
        from national import deepest_leaf, write_ledgers
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    root = tmp_path_factory.mktemp("two-provinces")
    files = generate(root / "plans", 60, provinces=2)
    write_ledgers(root, per_plan=5)
    run(root)
    return root, deepest_leaf(files)


def edit(path: Path, words: str) -> None:
    path.write_text(
        path.read_text(encoding="utf-8").replace("Trên đây là Kế hoạch", f"Trên đây là Kế hoạch ({words})", 1),
        encoding="utf-8",
    )


def test_a_leaf_edit_makes_only_that_plans_sources(two_provinces, tmp_path, monkeypatch):
    """Not only written: made. The other plans' calendars and progress sections, the other
    province's task page and open data are left as they are without being made again (their
    input keys are those recorded: kehoach.site.generate.Unchanged). A province's task page and
    open data are made from their plans' rows, so an edit of a plan's closing words, which
    changes no row, makes neither again; an edit of a task makes its province's. A province's
    edit makes the calendars and progress sections of its own plans only. The other plans' ledgers are not read back from
    the facts (kehoach.plans.ledger.KeptLedger): only their digests are asked. Either way the
    site is a clean build's."""
    from kehoach.plans.ledger import Ledger
    from kehoach.site import ical, opendata, pages, progress, search

    root, leaf = two_provinces
    work = tmp_path / "work"
    shutil.copytree(root, work)
    made: dict[str, list] = {"ics": [], "tasks": [], "progress": [], "csv": [], "ledger": [], "index": []}

    def counting(name, fn, what):
        def wrapper(*args, **kwargs):
            made[name].append(what(*args))
            return fn(*args, **kwargs)

        return wrapper

    def csv_plan(columns, rows):
        return rows[0].get("ke_hoach") or rows[0]["ke_hoach_cap_tren"]

    monkeypatch.setattr(ical, "ics", counting("ics", ical.ics, lambda rows, name="": rows[0]["plan"]))
    monkeypatch.setattr(
        pages, "tasks_page", counting("tasks", pages.tasks_page, lambda province, rows: rows[0]["plan"])
    )
    monkeypatch.setattr(progress, "section", counting("progress", progress.section, lambda plan, *_: plan.id))
    monkeypatch.setattr(opendata, "_csv", counting("csv", opendata._csv, csv_plan))
    monkeypatch.setattr(search, "build", counting("index", search.build, lambda corpus: len(corpus.plans)))
    read_back = Ledger.from_json.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Ledger, "from_json", classmethod(counting("ledger", read_back, lambda cls, data: data["plan"])))
    plans = {p.stem: p for p in (work / "plans").rglob("*.yaml")}
    province_of = {pid: path.parent.name for pid, path in plans.items()}  # a province's plans, in its folder
    province = province_of[leaf]
    assert len(set(province_of.values())) == 2

    edit(plans[leaf], "sửa")
    run(work)
    assert made["ics"] == [leaf] and made["progress"] == [leaf]
    assert made["tasks"] == [] and made["csv"] == []  # no task row changed
    assert made["ledger"] == []  # the leaf's is read from its file: its plan changed
    assert made["index"] == []  # the closing is not searched: the index is the same

    for rows in made.values():
        rows.clear()
    edit(plans[f"{province}-2025"], "tỉnh sửa")
    run(work)
    mine = sorted(pid for pid in plans if province_of[pid] == province)
    assert sorted(made["progress"]) == mine
    assert sorted(made["ics"]) == mine
    assert made["tasks"] == []
    assert {province_of[pid] for pid in made["ledger"]} <= {province}
    assert made["index"] == []

    for rows in made.values():
        rows.clear()
    text = plans[leaf].read_text(encoding="utf-8")
    assert "task: Phát thanh" in text
    plans[leaf].write_text(text.replace("task: Phát thanh", "task: Phát thanh (sửa)", 1), encoding="utf-8")
    run(work)
    assert len(made["index"]) == 1 and made["progress"] == [leaf]  # a searched text: the index is made again
    assert [province_of[pid] for pid in made["tasks"]] == [province]  # a task row changed: its province's page
    assert made["csv"] and {province_of[pid] for pid in made["csv"]} == {province}

    clean = tmp_path / "clean"
    for folder in ("plans", "units", "progress"):
        shutil.copytree(work / folder, clean / folder)
    run(clean)
    assert {k: v[1] for k, v in snapshot(clean).items()} == {k: v[1] for k, v in snapshot(work).items()}


def test_an_edit_works_out_again_only_its_own_provinces_keys(two_provinces, tmp_path, monkeypatch):
    """What a build works out of a province's plans for its sources' keys (each page's, the task
    page's, the open data's) is kept under the province's standing (kehoach.site.generate.standings):
    after a leaf edit, no plan of the other province has its review, task rows or open-data rows
    asked about. A ledger is part of the standing: an entry added in the other province makes
    that province's keys worked out again. Either way the site is a clean build's."""
    from kehoach.site import opendata, pages, review

    root, leaf = two_provinces
    work = tmp_path / "work"
    shutil.copytree(root, work)
    asked: list[str] = []

    def counting(fn, plan_id):
        def wrapper(*args, **kwargs):
            asked.append(plan_id(*args))
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(review.Reviews, "digest", counting(review.Reviews.digest, lambda self, pid: pid))
    monkeypatch.setattr(pages, "task_rows_digest", counting(pages.task_rows_digest, lambda corpus, plan: plan.id))
    monkeypatch.setattr(opendata.PlanRows, "digest", counting(opendata.PlanRows.digest, lambda self, plan: plan.id))
    plans = {p.stem: p for p in (work / "plans").rglob("*.yaml")}
    province_of = {pid: path.parent.name for pid, path in plans.items()}
    province = province_of[leaf]

    edit(plans[leaf], "sửa")
    run(work)
    assert asked and {province_of[pid] for pid in asked} == {province}

    asked.clear()
    other = next(
        pid for pid in sorted(plans) if province_of[pid] != province and (work / "progress" / f"{pid}.yaml").exists()
    )
    ledger = work / "progress" / f"{other}.yaml"
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace("title: Việc 1,", "title: Việc 1 (sửa),", 1), encoding="utf-8")
    assert ledger.read_text(encoding="utf-8") != text
    run(work)
    assert {province_of[pid] for pid in asked} == {province_of[other]}

    clean = tmp_path / "clean"
    for folder in ("plans", "units", "progress"):
        shutil.copytree(work / folder, clean / folder)
    run(clean)
    assert {k: v[1] for k, v in snapshot(clean).items()} == {k: v[1] for k, v in snapshot(work).items()}


def test_a_leaf_edit_makes_the_list_row_of_that_plan_alone(two_provinces, tmp_path, monkeypatch):
    """Each plan's row of the lists is kept as a fact of the plan: when a leaf edit makes its
    province's rows worked out again, only the leaf's row is made, the others read back (making
    them unpacked each plan's tasks). The lists are a clean build's."""
    from kehoach.site import listing

    root, leaf = two_provinces
    work = tmp_path / "work"
    shutil.copytree(root, work)
    made: list[str] = []
    row = listing.row
    monkeypatch.setattr(listing, "row", lambda plan: made.append(plan.id) or row(plan))
    plans = {p.stem: p for p in (work / "plans").rglob("*.yaml")}

    edit(plans[leaf], "sửa")
    run(work)
    assert made == [leaf]

    clean = tmp_path / "clean"
    for folder in ("plans", "units", "progress"):
        shutil.copytree(work / folder, clean / folder)
    run(clean)
    assert {k: v[1] for k, v in snapshot(clean).items()} == {k: v[1] for k, v in snapshot(work).items()}


def test_an_untouched_provinces_ledgers_are_not_checked_one_by_one(two_provinces, tmp_path, monkeypatch):
    """A province's ledgers found without error are kept as one fact of the province
    (kehoach.plans.ledger._province_ledgers): after a leaf edit, no ledger of the other province
    is checked, or asked about, one by one. A ledger of that province broken since is still
    found, at its line, and nothing is written."""
    from kehoach.plans import ledger as ledger_module

    root, leaf = two_provinces
    work = tmp_path / "work"
    shutil.copytree(root, work)
    checked: list[str] = []
    real = ledger_module._ledger
    monkeypatch.setattr(
        ledger_module, "_ledger", lambda name, plan_id, *a: checked.append(plan_id) or real(name, plan_id, *a)
    )
    plans = {p.stem: p for p in (work / "plans").rglob("*.yaml")}
    province_of = {pid: path.parent.name for pid, path in plans.items()}
    province = province_of[leaf]
    with_ledgers = {p.stem for p in (work / "progress").glob("*.yaml")}
    assert {province_of[pid] for pid in with_ledgers} == set(province_of.values())  # both provinces have some

    edit(plans[leaf], "sửa")
    run(work)
    assert checked and {province_of[pid] for pid in checked} == {province}

    other = next(pid for pid in sorted(with_ledgers) if province_of[pid] != province)
    ledger = work / "progress" / f"{other}.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("task: ", "task: khong-co-", 1), encoding="utf-8")
    before = snapshot(work)
    runner = PlansDir.__new__(PlansDir)
    runner.root = work
    code, _, err = runner.run("-q")
    assert code == 1 and f"progress/{other}.yaml:" in err and "khong-co-" in err
    assert snapshot(work) == before
