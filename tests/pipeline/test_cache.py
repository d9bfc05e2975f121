"""The build cache's keys (issue #19): what they are made of, and that stale ones go."""

from __future__ import annotations

import hashlib

from conftest import CHILD_HEAD, ROOT, TOP, resolve

from kehoach.pipeline import cache
from kehoach.pipeline.cache import CODE_FILES, code_version
from kehoach.pipeline.manifest import Manifest


def test_code_version_hashes_the_package_and_its_assets(monkeypatch, tmp_path):
    files = sorted({p for pattern in CODE_FILES for p in ROOT.glob(pattern) if p.is_file()})
    names = {str(p.relative_to(ROOT)) for p in files}
    assert {"kehoach/pipeline/build.py", "kehoach/render/docx.py", "kehoach/assets/kehoach.css", "mkdocs.yml"} <= names
    assert "site-theme/partials/header.html" in names and "kehoach/data/addressees.yaml" in names
    assert not [n for n in names if n.startswith(("tests/", "plans/"))]  # plans are keyed by their own digests
    code_version.cache_clear()
    before = code_version()
    assert len(before) == 64 and before == code_version()
    # a changed byte in any code file changes the version (a copy of the tree, one byte changed)
    for rel in ("kehoach/site/pages.py", "kehoach/assets/kehoach.js"):
        copy = tmp_path / rel.replace("/", "_")
        root = tmp_path / "root" / rel.replace("/", "_")
        root.mkdir(parents=True)
        for f in files:
            dest = root / f.relative_to(ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.read_bytes() + (b" " if str(f.relative_to(ROOT)) == rel else b""))
        monkeypatch.setattr(cache, "ROOT", root)
        code_version.cache_clear()  # computed once per process
        assert code_version() != before, rel
        monkeypatch.setattr(cache, "ROOT", ROOT)
        code_version.cache_clear()
        assert not copy.exists()
    assert code_version() == before


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
    plans.write("khac", TOP.replace("Nguyễn Văn A", "Lê Văn C"))
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
    assert (
        text
        == b'{\n"keys": {\n"docx": {\n"a": "aaa",\n"m": "mmm",\n"x": "xxx"\n},\n"page": {\n"a": "p"\n}\n},\n"version": 1\n}\n'
    )
