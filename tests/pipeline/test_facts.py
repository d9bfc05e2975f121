"""Facts kept between builds (issue #31, :mod:`kehoach.plans.facts`): a build that takes most of
what it shows from the last build's facts gives byte for byte what a clean build gives, whatever
changed (a ledger, a child, the registry), and never keeps what it must report again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, PlansDir

from kehoach.plans.facts import Facts

OUTPUTS = ("dist", "docs-gen", "site")


def test_a_fact_is_given_back_only_for_the_same_key_and_salt(tmp_path):
    calls = []

    def compute(value):
        calls.append(value)
        return {"v": (value, value)}  # a tuple: given back as JSON reads it, computed or kept

    store = Facts(tmp_path, "salt-1")
    assert store.get("k", "p", "key-1", lambda: compute(1)) == {"v": [1, 1]}
    store.save({"p"})
    again = Facts(tmp_path, "salt-1")
    assert again.get("k", "p", "key-1", lambda: compute(2)) == {"v": [1, 1]} and calls == [1]
    assert again.get("k", "p", "key-2", lambda: compute(3)) == {"v": [3, 3]}  # the plan changed
    assert Facts(tmp_path, "salt-2").get("k", "p", "key-1", lambda: compute(4)) == {"v": [4, 4]}  # new code
    store.file("k", "p").write_bytes(b"kehoach-facts 2 salt-1\np key-1 999 abc\nshort")
    assert Facts(tmp_path, "salt-1").get("k", "p", "key-1", lambda: compute(5)) == {"v": [5, 5]}  # damaged
    store.file("k", "p").write_bytes(b"kehoach-facts 1 salt-1\np key-1 5\nshort")
    assert Facts(tmp_path, "salt-1").get("k", "p", "key-1", lambda: compute(6)) == {"v": [6, 6]}  # the old format
    assert calls == [1, 3, 4, 5, 6]


def test_a_kept_values_digest_is_known_without_unpacking_it(tmp_path, monkeypatch):
    """A page's key needs only whether a fact changed: its digest is kept beside it (issue #31)."""
    import zlib

    from kehoach.plans.facts import value_digest

    store = Facts(tmp_path, "s")
    assert store.value_digest("k", "p", "1", lambda: ["v", 1]) == value_digest(["v", 1])
    store.save({"p"})
    monkeypatch.setattr(zlib, "decompress", None)  # not unpacked
    assert Facts(tmp_path, "s").value_digest("k", "p", "1", lambda: 1 / 0) == value_digest(["v", 1])


def test_a_value_whose_digest_was_asked_is_computed_once(tmp_path):
    """A province's open data asks each plan's rows' digest, then the rows of the plans whose
    digest changed: a value computed for its digest is given back, not computed again (issue #31:
    every row of a full build was computed twice)."""
    store, calls = Facts(tmp_path, "salt"), []

    def compute():
        calls.append(1)
        return {"rows": [1, 2]}

    digest = store.value_digest("k", "p", "key-1", compute)
    assert store.get("k", "p", "key-1", compute) == {"rows": [1, 2]} and len(calls) == 1
    assert store.value_digest("k", "p", "key-1", compute) == digest and len(calls) == 1
    store.get("k", "p", "key-2", compute)  # another key: computed
    assert len(calls) == 2


def test_save_keeps_the_plans_not_asked_about_and_drops_the_plans_gone(tmp_path):
    """A plan gone is dropped from the shards the save writes; a shard the build neither read nor
    asked about is left as it is (reading all of them was a twentieth of a leaf edit, issue #31)."""
    from kehoach.plans.facts import _shard

    c_too = next(f"c{n}" for n in range(1000) if _shard(f"c{n}") == _shard("c"))  # in c's shard
    elsewhere = next(f"x{n}" for n in range(1000) if _shard(f"x{n}") not in {_shard("a"), _shard("c")})
    store = Facts(tmp_path, "s")
    for pid in ("a", "b", "c", c_too, elsewhere):
        store.get("k", pid, "1", lambda pid=pid: pid)
    store.get("k", "none", "1", lambda: None)  # nothing to keep
    store.save({"a", "b", "c", c_too, elsewhere, "none"})
    untouched = (tmp_path / f"k.{_shard(elsewhere)}.facts").read_bytes()
    later = Facts(tmp_path, "s")
    later.get("k", "a", "2", lambda: "a2")
    later.get("k", c_too, "2", lambda: "c2")
    later.save({"a", "b", c_too})  # c and the other are gone
    assert (tmp_path / f"k.{_shard(elsewhere)}.facts").read_bytes() == untouched  # not read, not written
    kept = Facts(tmp_path, "s")
    got = {pid: kept.get("k", pid, key, lambda: "computed") for pid, key in (("a", "2"), ("b", "1"), ("c", "1"))}
    assert got == {"a": "a2", "b": "b", "c": "computed"}  # c gone at the last save, which wrote its shard


def test_a_save_rewrites_only_the_shards_whose_facts_changed(tmp_path):
    ids = [f"plan-{n}" for n in range(200)]
    store = Facts(tmp_path, "s")
    for pid in ids:
        store.get("k", pid, "1", lambda pid=pid: pid)
    store.save(set(ids))
    files = sorted(tmp_path.iterdir())
    assert len(files) == 16  # every shard holds some of 200 plans
    before = {f: f.stat().st_ino for f in files}  # written atomically: a new file, a new inode
    later = Facts(tmp_path, "s")
    for pid in ids:  # a leaf edit asks about every plan, one of them changed
        later.get("k", pid, "2" if pid == "plan-7" else "1", lambda pid=pid: pid + "!")
    later.save(set(ids))
    changed = {f for f in files if f.stat().st_ino != before[f]}
    assert changed == {later.file("k", "plan-7")}
    assert Facts(tmp_path, "s").get("k", "plan-7", "2", lambda: "computed") == "plan-7!"


@pytest.fixture
def repo(tmp_path) -> PlansDir:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copytree(ROOT / "units", root / "units")
    shutil.copytree(FIXTURES / "progress", root / "progress")
    runner = PlansDir.__new__(PlansDir)
    runner.root, runner.plans = root, root / "plans"
    return runner


def build(runner: PlansDir) -> None:
    code, _, err = runner.run("-q")
    assert code == 0, err


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in OUTPUTS
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def assert_as_clean(runner: PlansDir, tmp_path: Path) -> None:
    """The outputs equal those of a build of the same inputs in a fresh folder (no cache)."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    clean.mkdir()
    for folder in ("plans", "units", "progress"):
        shutil.copytree(runner.root / folder, clean / folder)
    fresh = PlansDir.__new__(PlansDir)
    fresh.root, fresh.plans = clean, clean / "plans"
    build(fresh)
    assert files(runner.root) == files(clean)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_builds_from_facts_equal_clean_builds_whatever_changed(repo, tmp_path):
    build(repo)
    facts = repo.root / "build-cache" / "facts"
    assert {"tien-do", "xem-xet", "so-theo-doi", "tim-kiem"} <= {p.name.split(".")[0] for p in facts.iterdir()}
    parent_page = repo.root / "site" / "ke-hoach" / "ha-noi-2025" / "index.html"

    before = parent_page.read_bytes()
    ledger = repo.root / "progress" / "ha-noi-ttpvhcc-2025.yaml"  # new entries: its page, its parent's chart
    more = [
        f"  - {{key: them-{n}, task: tin-bai-trang-thanh-pho, date: 0{n}/12/2025, title: Bài thêm {n}}}\n"
        for n in range(1, 10)
    ]
    edit(ledger, "entries:\n", "entries:\n" + "".join(more))
    build(repo)
    assert "Bài thêm 9" in (repo.root / "site/ke-hoach/ha-noi-ttpvhcc-2025/index.html").read_text(encoding="utf-8")
    assert parent_page.read_bytes() != before  # the child's share of targets met, in the parent's chart
    assert_as_clean(repo, tmp_path)

    before = parent_page.read_bytes()
    child = repo.plans / "ha-noi" / "ha-noi-ttpvhcc-2025.yaml"  # a child's item: the parent's matrix shows it
    task = "    - key: tin-bai-trang-don-vi\n      task: >-\n"
    edit(
        child,
        task,
        "    - {key: tin-bai-trang-don-vi, remove: Trung tâm chưa có trang thông tin.}\n    - key: x\n      task: >-\n",
    )
    edit(
        child,
        "    - key: x\n      task: >-\n",
        "    - key: x\n      at: end\n      deadline: Thường xuyên\n      task: >-\n",
    )
    build(repo)
    assert parent_page.read_bytes() != before
    assert_as_clean(repo, tmp_path)

    store = Facts(facts, "").province_file(
        "xem-xet", "Hà Nội"
    )  # its province's shard, cut short: computed again, the same
    store.write_bytes(store.read_bytes()[:5000])
    edit(child, "Trên đây là Kế hoạch", "Trên đây là Kế hoạch (đã sửa)")
    build(repo)
    assert_as_clean(repo, tmp_path)


def test_a_ledger_with_an_error_fails_every_build_until_it_is_mended(repo):
    build(repo)
    ledger = repo.root / "progress" / "thinh-liet-2024.yaml"
    good = ledger.read_text(encoding="utf-8")
    edit(ledger, "entries:\n", "entries:\n  - {key: sai, task: khong-co-viec-nay, date: 02/12/2024, title: Sai}\n")
    for _ in range(2):  # the second time too: a ledger with errors is never kept as a fact
        code, _, err = repo.run("-q")
        assert code == 1 and "khong-co-viec-nay" in err and "Traceback" not in err
    ledger.write_text(good, encoding="utf-8")
    build(repo)


def test_a_kept_ledger_is_not_read_again_its_digest_comes_from_its_stamp(repo, tmp_path, monkeypatch):
    """The build knows each ledger's digest from its stamp (cache.Stamps): a ledger kept as a fact
    is not even read when the site is made again (issue #31: 5,000 reads in every edit). Only the
    stamps read a file, when its stat cannot be trusted."""
    import sys

    build(repo)
    edit(repo.plans / "hai-phong" / "kim-thanh-2025.yaml", "Trên đây là Kế hoạch", "Trên đây là Kế hoạch (sửa)")
    read: list[str] = []
    read_bytes = Path.read_bytes

    def reading(self: Path) -> bytes:
        if sys._getframe(1).f_code.co_filename.endswith(os.path.join("plans", "ledger.py")):
            read.append(str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", reading)
    build(repo)
    monkeypatch.undo()
    assert read == []
    assert_as_clean(repo, tmp_path)


def test_a_store_that_lives_on_answers_the_next_build(tmp_path):
    """serve keeps one store for all its rebuilds: what it saved is what it answers next."""
    store, calls = Facts(tmp_path, "s"), []
    for _ in range(3):
        assert store.get("k", "p", "1", lambda: calls.append(1) or "v") == "v"
        store.save({"p"})
    assert calls == [1]


def test_a_plan_file_read_once_is_given_back_exactly_and_one_with_problems_never(tmp_path, monkeypatch):
    """The corpus keeps what reading each file gave (kehoach.plans.corpus.load_plan_file): the
    same data and positions (problems point at the same line and column), read from the facts
    without parsing the YAML; a file with a problem is read again, so its problem is reported
    again."""
    from kehoach.errors import Problems
    from kehoach.plans import corpus as corpus_module
    from kehoach.plans.facts import kept_in

    good = next((ROOT / "plans").rglob("ha-noi-2025.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Một\nunit: {name: A\n", encoding="utf-8")  # an unclosed '{'
    store = Facts(tmp_path / "facts", "s")
    with kept_in(store):
        first, problems = corpus_module.load_plan_file("ha-noi-2025", good, Problems()), Problems()
        assert corpus_module.load_plan_file("bad", bad, problems) is None and problems.items
    store.save({"ha-noi-2025", "bad"})

    parsed = []
    load_bytes = corpus_module.load_bytes
    monkeypatch.setattr(
        corpus_module, "load_bytes", lambda raw, file, problems: parsed.append(file) or load_bytes(raw, file, problems)
    )
    with kept_in(Facts(tmp_path / "facts", "s")):
        again, problems = corpus_module.load_plan_file("ha-noi-2025", good, Problems()), Problems()
        assert corpus_module.load_plan_file("bad", bad, problems) is None and problems.items
    assert [Path(file).name for file in parsed] == ["bad.yaml"]  # the good file was not parsed again
    assert first is not None and again is not None
    assert (again.data, again.pos, again.keypos, again.digest) == (first.data, first.pos, first.keypos, first.digest)
    assert again.at(("unit", "name")) == first.at(("unit", "name")) != (1, 1)


def test_the_registry_read_once_is_given_back_the_same_and_one_with_problems_never(tmp_path, monkeypatch):
    """kehoach.plans.registry.load_registry keeps the units it read (with the map's communes) as
    a fact of the files' bytes: given back equal, without reading the YAML; a registry with a
    problem is read and reported every time."""
    from kehoach.errors import Problems
    from kehoach.plans import registry as registry_module
    from kehoach.plans.facts import kept_in

    units = tmp_path / "units"
    shutil.copytree(ROOT / "units", units)
    store = Facts(tmp_path / "facts", "s")
    with kept_in(store):
        first = registry_module.load_registry(units, Problems())
    store.save(set())
    assert any(u.since for u in first.units.values()) and any(u.until for u in first.units.values())

    read = []
    load = registry_module.load
    monkeypatch.setattr(registry_module, "load", lambda *a: read.append(a[1]) or load(*a))
    with kept_in(Facts(tmp_path / "facts", "s")):
        again = registry_module.load_registry(units, Problems())
    assert read == [] and again.units == first.units and list(again.units) == list(first.units)
    assert again.files == first.files

    broken = sorted(units.glob("*.yaml"))[0]
    broken.write_text(broken.read_text(encoding="utf-8") + "  - {id: x}\n", encoding="utf-8")
    for _ in range(2):
        problems = Problems()
        with kept_in(Facts(tmp_path / "facts", "s")):
            registry_module.load_registry(units, problems)
        assert problems.items  # reported, not taken from a fact


def test_a_plans_facts_are_kept_in_its_provinces_shard(tmp_path):
    """A build that works out again one province's facts reads that province's shard of each kind,
    not every shard (issue #31); a plan whose province changed is kept in its new shard only."""
    from types import SimpleNamespace as NS

    from kehoach.plans.facts import _province_shard as _shard
    from kehoach.plans.facts import kept_in, remember

    def corpus(provinces: dict[str, str]):
        plans = {pid: NS(unit=NS(province=province)) for pid, province in provinces.items()}
        return NS(plans=plans, lineage_digests=dict.fromkeys(provinces, "d"))

    x = "Tỉnh X"
    y = next(f"Tỉnh Y{n}" for n in range(100) if _shard(f"Tỉnh Y{n}") != _shard(x))
    assert len(_shard(x)) == 2  # one of 256: 34 provinces mostly each in its own
    first = Facts(tmp_path, "s")
    with kept_in(first):
        for pid in ("a", "b", "c"):
            remember("k", corpus(dict.fromkeys("abc", x)), pid, (), lambda pid=pid: pid)
    first.save({"a", "b", "c"})
    assert [p.name for p in tmp_path.iterdir()] == [f"k.{_shard(x)}.facts"]  # one shard for the province

    later = Facts(tmp_path, "s")
    with kept_in(later):
        moved = corpus({"a": y, "b": x, "c": x})
        assert remember("k", moved, "a", (), lambda: "a in Y") == "a in Y"
        assert remember("k", moved, "b", (), lambda: "computed") == "b"  # kept
    later.save({"a", "b", "c"})
    shards = Facts(tmp_path, "s")
    assert set(shards._load("k", _shard(x))) == {"b", "c"} and set(shards._load("k", _shard(y))) == {"a"}


def test_a_whole_build_drops_the_facts_kept_for_another_salt(repo):
    """Facts kept for another salt (an earlier version of the code, which named its shards
    otherwise, or kept kinds no longer asked for) are never read again: a whole build removes
    them, and leaves those of its own salt; an incremental build leaves the folder alone."""
    build(repo)
    facts = repo.root / "build-cache" / "facts"
    ours = sorted(p.name for p in facts.iterdir())
    stale = facts / "tien-do.7.facts"  # as the version that kept sixteen shards of a province's plans named one
    stale.write_bytes(b"kehoach-facts 2 another-salt\nx k 2 d\n{}")
    gone = facts / "kieu-cu.facts"
    gone.write_bytes(b"kehoach-facts 1 old\n")
    plan = next((repo.root / "plans").rglob("*.yaml"))
    edit(plan, "Trên đây là", "Trên đây, là")  # incremental: not swept
    build(repo)
    assert stale.exists() and gone.exists()
    (repo.root / "build-cache" / "manifest.json").unlink()  # no record: a whole build
    build(repo)
    assert not stale.exists() and not gone.exists()
    assert set(ours) <= {p.name for p in facts.iterdir()}
