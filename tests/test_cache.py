"""The build cache's keys (issue #19): what they are made of, and that stale ones go."""

from __future__ import annotations

import hashlib

from conftest import ROOT

from kehoach.pipeline import cache
from kehoach.pipeline.cache import CODE_FILES, Manifest, code_version


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
