"""The build cache's keys (issue #19): what they are made of, and that stale ones go."""

from __future__ import annotations

import hashlib

from conftest import CHILD_HEAD, ROOT, TOP, resolve

from kehoach.paths import PACKAGE
from kehoach.pipeline import cache
from kehoach.pipeline.cache import code_version
from kehoach.pipeline.manifest import Manifest


def test_code_version_hashes_the_installed_package_and_its_libraries(monkeypatch, tmp_path):
    """Wherever the package is installed (issue #30): its files named relative to it, the template,
    theme and MkDocs defaults among them, and the versions of the libraries that shape the bytes."""
    import shutil

    monkeypatch.chdir(ROOT)  # this repository: commands typed 'python build.py …'
    cache._code_version.cache_clear()
    before = code_version()
    assert len(before) == 64 and before == code_version()
    copy = tmp_path / "site-packages" / "kehoach"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache._code_version.cache_clear()
    assert code_version() == before, "the same files elsewhere: the same version"
    for rel in (
        "site/pages.py",
        "assets/kehoach.js",
        "templates/ke-hoach.docx",
        "site/theme/main.html",
        "site/mkdocs.yml",
    ):
        target = copy / rel
        original = target.read_bytes()
        target.write_bytes(original + b" ")
        cache._code_version.cache_clear()
        assert code_version() != before, rel
        target.write_bytes(original)
    (copy / "site" / "__pycache__").mkdir(exist_ok=True)
    (copy / "site" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    cache._code_version.cache_clear()
    assert code_version() == before, "compiled files are not the code"
    monkeypatch.setattr(cache, "_version", lambda name: "9.9" if name == "mkdocs" else "1.0")
    cache._code_version.cache_clear()
    assert code_version() != before, "a new MkDocs may change the pages"
    monkeypatch.undo()
    cache._code_version.cache_clear()
    assert code_version() == before
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")  # a repository without build.py types 'kehoach …'
    assert code_version() != before, "messages and pages name the commands as the repository types them"


def test_stale_keys_are_pruned_and_forgotten(tmp_path):
    m = Manifest(tmp_path)
    for pid in ("a", "b", "c"):
        m.record("docx", pid, hashlib.sha256(pid.encode()).hexdigest())
    m.keep_only("docx", {"a", "c"})
    assert sorted(m.keys["docx"]) == ["a", "c"]
    m.forget("docx", ["c", "khong-co"])
    assert sorted(m.keys["docx"]) == ["a"]
    m.save()
    again = Manifest(tmp_path)
    assert again.get("docx", "a") == hashlib.sha256(b"a").hexdigest() and again.get("docx", "b") is None


def _keys(plans):
    from kehoach.pipeline.cache import docx_key, page_key

    c = resolve(plans.plans)
    return {pid: (docx_key(c, pid, "mau"), page_key(c, pid, {"docx": "d1"}, "r")) for pid in c.plans}, c


def test_a_docx_key_is_its_lineage_template_and_code(plans, monkeypatch):
    from kehoach.pipeline.cache import docx_key

    plans.write("tinh", TOP)
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD)
    plans.write("khac", TOP.replace("Nguyễn Văn A", "Lê Văn C").replace("number: 5,", "number: 6,"))
    first, c = _keys(plans)
    assert docx_key(c, "huyen", "mau") == first["huyen"][0]  # the same inputs, the same key
    assert docx_key(c, "huyen", "mau-khac") != first["huyen"][0]  # a restyled template
    plans.write("tinh", TOP.replace("Một", "Một (sửa)"))
    second, _ = _keys(plans)
    assert second["huyen"][0] != first["huyen"][0] and second["tinh"][0] != first["tinh"][0]  # the parent's file
    assert second["khac"] == first["khac"]  # an unrelated plan keeps its keys
    monkeypatch.setattr(cache, "code_version", lambda: "phien-ban-khac")
    third, _ = _keys(plans)
    assert third["khac"][0] != second["khac"][0] and third["khac"][1] != second["khac"][1]


def test_a_page_key_is_its_lineage_children_downloads_and_review(plans):
    from kehoach.pipeline.cache import page_key

    plans.write("tinh", TOP)
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD)
    first, c = _keys(plans)
    page = first["tinh"][1]
    assert page_key(c, "tinh", {"docx": "d1"}, "r") == page
    assert page_key(c, "tinh", {"docx": "d1", "pdf": "p1"}, "r") != page  # a PDF to download appeared
    assert page_key(c, "tinh", {"docx": "d2"}, "r") != page  # the DOCX changed
    assert page_key(c, "tinh", {"docx": "d1"}, "r2") != page  # its review changed
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD.replace("Trần Văn B", "Trần Văn D"))
    second, _ = _keys(plans)
    assert second["tinh"][1] != page  # the page names its children: a child's file changed
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD.replace("Trần Văn B", "Trần Văn F"))
    third, _ = _keys(plans)
    assert third["huyen"][1] != second["huyen"][1]  # a leaf's own file changed
    assert second["tinh"][0] == first["tinh"][0]  # but the parent's DOCX does not depend on it


def test_changes_reads_again_what_changed_and_its_descendants(tmp_path):
    m = Manifest(tmp_path)
    assert m.changes({"a": "1"}) == ({"a"}, set())  # a first build: everything, nothing deleted
    m.keys = {"sources": {"a": "1", "b": "2", "c": "3", "d": "4"}, "parents": {"a": "", "b": "a", "c": "b", "d": ""}}
    assert m.changes({"a": "1", "b": "2", "c": "3", "d": "4"}) == (set(), set())
    assert m.changes({"a": "9", "b": "2", "c": "3", "d": "4"}) == ({"a", "b", "c"}, set())
    assert m.changes({"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}) == ({"e"}, set())
    # a deleted parent: its children are read again (they no longer resolve the same way)
    assert m.changes({"a": "1", "c": "3", "d": "4"}) == ({"c"}, {"b"})


def test_a_missing_or_damaged_manifest_means_a_full_build(tmp_path):
    (tmp_path / "manifest.json").write_text("{khong phai json", encoding="utf-8")
    assert Manifest(tmp_path).keys == {}
    for data in ('{"version": 2, "keys": {"docx": {"a": "1"}}}', '{"version": 1}', "[1]", '{"version": 1, "keys": {}}'):
        (tmp_path / "manifest.json").write_text(data, encoding="utf-8")
        m = Manifest(tmp_path)
        assert m.keys == {} and m.get("docx", "a") is None, data
        assert m.changes({"a": "1"}) == ({"a"}, set())
        m.keep_only("docx", {"a"})
        assert m.keys == {"docx": {}}


def test_the_manifest_is_saved_the_same_whatever_the_order_of_recording(tmp_path):
    one, two = tmp_path / "1", tmp_path / "2"
    a, b = Manifest(one), Manifest(two)
    for pid in ("x", "a", "m"):
        a.record("docx", pid, pid * 3)
    b.record("page", "a", "p")
    for pid in ("m", "a", "x"):
        b.record("docx", pid, pid * 3)
    a.record("page", "a", "p")
    a.save()
    b.save()
    text = (one / "manifest.json").read_bytes()
    assert text == (two / "manifest.json").read_bytes()
    assert text == b'{"keys":{"docx":{"a":"aaa","m":"mmm","x":"xxx"},"page":{"a":"p"}},"version":1}\n'  # compact: fast


def test_stamps_trust_a_files_stat_only_once_it_is_past_the_racy_window(tmp_path, monkeypatch):
    """kehoach.pipeline.cache.Stamps: a digest is taken from the stamp only when the file's
    stat is the same and was recorded well after the file was written; otherwise it is read."""
    import time
    from pathlib import Path

    from kehoach.pipeline.cache import Stamps, file_digest

    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "build-cache"
    cache.mkdir()
    plan = Path("plan.yaml")
    plan.write_text("a: 1\n", encoding="utf-8")

    fresh = Stamps(cache)  # just written: read, and not kept (a second write could keep its stat)
    assert fresh.digest(plan) == file_digest(plan)
    fresh.save()
    assert not fresh.seen and not (cache / Stamps.FILE).exists()

    later = Stamps(cache)
    later.now += 10 * Stamps.RACY_NS  # the same file, read long after it was written: kept
    assert later.digest(plan) == file_digest(plan)
    later.save()
    kept = Stamps(cache)
    assert list(kept.kept) == [str(tmp_path / "plan.yaml")]

    kept.kept[str(tmp_path / "plan.yaml")][1] = "0" * 64  # the stamp holds: the file is not read
    assert kept.digest(plan) == "0" * 64
    time.sleep(0.05)  # past the clock's tick: the faked 'now' above trusted a file just written
    plan.write_text("a: 2\n", encoding="utf-8")  # same size, new content: its change time moved
    assert Stamps(cache).digest(plan) == file_digest(plan)

    (cache / Stamps.FILE).write_text("[damaged", encoding="utf-8")
    assert Stamps(cache).digest(plan) == file_digest(plan)
    assert Stamps(None).digest(plan) == file_digest(plan)


def test_a_manifest_saved_at_every_stage_is_what_one_save_of_the_whole_gives(tmp_path):
    """Each save encodes again only the sections that changed since the last (issue #31); what it
    writes is always ``json.dumps`` of the whole record, sorted and compact."""
    import json

    m = Manifest(tmp_path)
    for stage in range(4):
        m.record("docx", f"p{stage}", "k")
        if stage == 1:
            m.forget("docx", {"p0"})
        if stage == 2:
            m.keys["published"] = {"ke-hoach/a.md": "", "index.md": "d"}
            m.mark_pages_stale({"index.md"})
        m.record_completed(f"state {stage} — Hà Nội")
        m.save()
        data = {"version": Manifest.VERSION, "keys": m.keys}
        whole = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == whole
    assert Manifest(tmp_path).keys == m.keys


def test_a_manifest_encodes_again_only_the_sections_that_changed(tmp_path, monkeypatch):
    """A record read from disk takes each section's JSON as the file holds it, and a save encodes
    again only the sections changed since (issue #31: serve reads the record again at every
    save, and every build saves it at every stage); what is written is still the whole record,
    as one ``json.dumps`` gives it. A file not laid out as a save writes it is read whole."""
    import json

    from kehoach.pipeline import manifest as module

    first = Manifest(tmp_path)
    first.record("docx", "a", "1")
    first.record("inputs", "x.md", "k — Hà Nội")
    first.record("published", "x.md", "d")
    first.save()
    encoded: list[object] = []
    real = module._json
    monkeypatch.setattr(module, "_json", lambda value: encoded.append(value) or real(value))
    again = Manifest(tmp_path)
    assert again.keys == first.keys
    again.record("docx", "b", "2")
    again.forget("published", {"x.md"})
    again.save()
    assert {"a": "1", "b": "2"} in encoded and {} in encoded and {"x.md": "k — Hà Nội"} not in encoded
    whole = json.dumps({"version": 1, "keys": again.keys}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == whole + "\n"
    encoded.clear()
    again.save()
    assert encoded == ["docx", "inputs", "published", 1]  # only the names: nothing changed
    spaced = json.dumps({"version": 1, "keys": {"docx": {"a": "1"}}}, indent=1)
    (tmp_path / "manifest.json").write_text(spaced, encoding="utf-8")
    other = Manifest(tmp_path)
    assert other.keys == {"docx": {"a": "1"}}
    other.save()
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == '{"keys":{"docx":{"a":"1"}},"version":1}\n'
