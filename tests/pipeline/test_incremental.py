"""The build cache: a rebuild redoes only what changed, decided by content, never by time."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import CHILD, GRANDCHILD, ROOT, TOP, PlansDir, same_as_fresh, three_levels


def stamps(root: Path) -> dict[str, int]:
    """Modification time of every output file, by path."""
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for folder in ("dist", "site", "docs-gen")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {k for k, v in after.items() if before.get(k) != v}


def test_nothing_changed_reads_nothing_and_writes_nothing(plans):
    three_levels(plans)
    before = stamps(plans.root)
    os.utime(plans.plans / "huyen.yaml")  # a newer timestamp is not a change
    code, out, err = plans.run()
    assert code == 0, err
    assert out.startswith("Không có gì thay đổi kể từ lần dựng trước (3 kế hoạch")
    assert rewritten(before, stamps(plans.root)) == set()


def edit_and_rebuild(plans: PlansDir, name: str, text: str) -> tuple[str, set[str]]:
    """After a first build, rewrite one plan and build again: the output and the rewritten files."""
    three_levels(plans)
    before = stamps(plans.root)
    plans.write(name, text)
    code, out, err = plans.run()
    assert code == 0, err
    return out, rewritten(before, stamps(plans.root))


def test_editing_a_leaf_renders_only_that_plan(plans):
    out, changed = edit_and_rebuild(
        plans, "xa", GRANDCHILD.replace("closing: Trên đây là Kế hoạch", "closing: Trên đây là Kế hoạch của xã")
    )
    assert "DOCX: 1 kế hoạch dựng lại, 0 không đổi" in out
    assert {"dist/xa.docx", "docs-gen/ke-hoach/xa.md", "site/ke-hoach/xa/index.html"} <= changed
    assert (
        not {
            "dist/tinh.docx",
            "dist/huyen.docx",
            "docs-gen/ke-hoach/tinh.md",
            "docs-gen/ke-hoach/huyen.md",
            "site/ke-hoach/tinh/index.html",
            "site/ke-hoach/huyen/index.html",
        }
        & changed
    )


def test_editing_a_parent_renders_its_descendants(plans):
    out, changed = edit_and_rebuild(plans, "tinh", TOP.replace("text: Một", "text: Một (sửa)"))
    assert "DOCX: 3 kế hoạch dựng lại" in out
    assert {"dist/tinh.docx", "dist/huyen.docx", "dist/xa.docx"} <= changed


def test_new_code_rebuilds_everything(plans, monkeypatch):
    from kehoach.pipeline import build, cache

    three_levels(plans)
    monkeypatch.setattr(build, "code_version", lambda: "another version")
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    code, out, err = plans.run()
    assert code == 0, err
    assert "DOCX: 3 kế hoạch dựng lại" in out


def test_deleting_a_plan_removes_its_outputs(plans):
    three_levels(plans)
    (plans.plans / "xa.yaml").unlink()
    code, out, err = plans.run("-q")
    assert code == 0, err
    root = plans.root
    assert not (root / "dist/xa.docx").exists() and not (root / "dist/xa.json").exists()
    assert not (root / "docs-gen/ke-hoach/xa.md").exists() and not (root / "site/ke-hoach/xa").exists()
    assert not (root / "site/tai-ve/xa.docx").exists()
    assert (root / "site/ke-hoach/huyen/index.html").exists()


def test_an_error_in_a_leaf_is_found_without_reading_the_rest(plans):
    three_levels(plans)
    before = stamps(plans.root)
    cache = (plans.root / "build-cache/manifest.json").read_bytes()
    plans.write("xa", GRANDCHILD.replace("archive: VT", "archive: [VT"))
    code, out, err = plans.run()
    assert code == 1
    assert err.splitlines()[0].startswith("plans/xa.yaml:")
    assert rewritten(before, stamps(plans.root)) == set()
    assert (plans.root / "build-cache/manifest.json").read_bytes() == cache


def test_incremental_site_equals_a_full_build(plans, tmp_path_factory):
    three_levels(plans)
    plans.write("xa", GRANDCHILD.replace("closing: Trên đây là Kế hoạch", "closing: Trên đây là Kế hoạch của xã"))
    plans.write("tinh", TOP.replace("text: Hai", "text: Hai (sửa)"))
    assert plans.run("-q")[0] == 0
    fresh = PlansDir(tmp_path_factory.mktemp("fresh"))
    for name in ("tinh", "huyen", "xa"):
        fresh.write(name, (plans.plans / f"{name}.yaml").read_text(encoding="utf-8"))
    assert fresh.run("-q")[0] == 0
    for folder in ("dist", "site"):
        ours = {
            str(p.relative_to(plans.root / folder)): p.read_bytes()
            for p in sorted((plans.root / folder).rglob("*"))
            if p.is_file()
        }
        theirs = {
            str(p.relative_to(fresh.root / folder)): p.read_bytes()
            for p in sorted((fresh.root / folder).rglob("*"))
            if p.is_file()
        }
        assert ours.keys() == theirs.keys()
        assert [k for k in ours if ours[k] != theirs[k]] == []


def test_a_deleted_output_is_made_again(plans):
    three_levels(plans)
    docx = plans.root / "dist/xa.docx"
    first = docx.read_bytes()
    docx.unlink()
    (plans.root / "site/ke-hoach/huyen/index.html").unlink()
    code, out, err = plans.run("-q")
    assert code == 0, err
    assert docx.read_bytes() == first
    assert (plans.root / "site/ke-hoach/huyen/index.html").exists()


def test_every_file_of_the_package_ships_and_counts_in_the_code_version():
    """A change to any file the tool reads (code, template, theme, assets, the phrase table of
    addressees) must rebuild: the code version hashes every file of the package. And each of them
    ships in the wheel (issue #30): pyproject.toml's package-data names every file that is not code."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    files = {p for p in (ROOT / "kehoach").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    shipped = {p for pattern in ["**/*.py", *data["kehoach"]] for p in (ROOT / "kehoach").glob(pattern) if p.is_file()}
    assert files - shipped == set()
    assert {"templates/ke-hoach.docx", "site/mkdocs.yml", "site/theme/main.html"} <= {
        p.relative_to(ROOT / "kehoach").as_posix() for p in shipped
    }


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failure_inside_an_incremental_site_build_leaves_the_previous_site_whole(plans, monkeypatch, tmp_path):
    """Publish whole or not at all (#25, point 6): a full disk in the middle of MkDocs' in-place
    rebuild put new search shards beside old pages; now every file of site/ is as it was, and the
    next build gives exactly what a clean build gives."""
    import errno

    import kehoach.site.mkdocs_build as mkdocs_build

    three_levels(plans)
    before = snapshot(plans.root / "site")
    plans.write("tinh", TOP.replace("text: Một}", "text: Một việc tuyên truyền mới}"))  # every page, the search
    real = mkdocs_build.write_atomic
    calls = []

    def full_disk(path, data, sync=False):
        if Path(path).exists() and Path(path).read_bytes() == data:
            return False
        calls.append(path)  # a file that really changes
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, sync)

    monkeypatch.setattr(mkdocs_build, "write_atomic", full_disk)
    code, out, err = plans.run("-q")
    assert code == 3 and err.startswith("Đĩa đã đầy"), err
    assert len(calls) == 3  # the failure came in the middle, after two files were replaced
    assert snapshot(plans.root / "site") == before
    assert not (plans.root / "site.undo").exists()
    monkeypatch.setattr(mkdocs_build, "write_atomic", real)
    assert plans.run("-q")[0] == 0
    (tmp_path / "clean").mkdir()
    clean = PlansDir(tmp_path / "clean")
    for name in ("tinh", "huyen", "xa"):
        clean.write(name, (plans.plans / f"{name}.yaml").read_text(encoding="utf-8"))
    assert clean.run("-q")[0] == 0
    assert snapshot(plans.root / "site") == snapshot(clean.root / "site")


def test_a_deleted_plans_documents_go_on_a_plan_build_and_are_named(plans):
    three_levels(plans)
    (plans.plans / "xa.yaml").unlink()
    code, out, err = plans.run("--plan", "huyen")
    assert code == 0, err
    assert not (plans.root / "dist" / "xa.docx").exists() and not (plans.root / "dist" / "xa.json").exists()
    assert "Đã xóa dist/xa.docx: không còn kế hoạch 'xa' trong kho (đã xóa hoặc đổi tên)." in out.splitlines()


def test_a_stale_comparison_is_removed_with_a_word(plans):
    """redline, an edit, then build --plan: the comparison went silently ('0 tệp thay đổi')."""
    three_levels(plans)
    assert plans.run("-q", "redline", "huyen")[0] == 0
    assert (plans.root / "dist" / "huyen-so-sanh.docx").exists()
    plans.write("huyen", CHILD.replace("Trên đây là Kế hoạch./.", "Trên đây là Kế hoạch của huyện./."))
    code, out, err = plans.run("--plan", "huyen")
    assert code == 0, err
    assert not (plans.root / "dist" / "huyen-so-sanh.docx").exists()
    assert (
        "Đã xóa dist/huyen-so-sanh.docx: bản so sánh làm trước khi 'huyen' được sửa, không còn đúng. "
        "Làm lại bằng: kehoach redline huyen --against parent"
    ) in out.splitlines()


def test_the_sitemap_is_left_as_it_is_until_the_site_gains_or_loses_a_page(plans, tmp_path_factory):
    """An incremental build that adds no page and removes none, with the same date, tells MkDocs
    only of the pages it rebuilds and leaves the sitemap (listing every page, with site_url) as
    it is (issue #31); a new plan, a deleted one, a new date: the sitemap is made again. Every
    time the site is a fresh build's, byte for byte."""
    (plans.root / "kehoach.yml").write_text("site_url: https://vi-du.github.io/ke-hoach/\n", encoding="utf-8")
    three_levels(plans)
    sitemap = plans.root / "site" / "sitemap.xml"
    assert "ke-hoach/xa/" in sitemap.read_text(encoding="utf-8")

    steps = [
        (lambda: plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch của xã")), False),
        (lambda: plans.write("xa2", GRANDCHILD.replace("xã C", "xã D").replace("Trên đây", "Trên đây nữa")), True),
        (lambda: (plans.plans / "xa2.yaml").unlink(), True),
        (lambda: plans.write("tinh", TOP.replace("date: 10/01/2025", "date: 20/01/2025")), True),  # the newest date
    ]
    for change, remade in steps:
        before = stamps(plans.root)
        change()
        code, _, err = plans.run("-q")
        assert code == 0, err
        if remade is not None:
            assert ("site/sitemap.xml" in rewritten(before, stamps(plans.root))) is remade
        same_as_fresh(plans, tmp_path_factory.mktemp("fresh"))


def test_the_lists_are_made_again_only_when_a_plans_row_changes(plans, monkeypatch, tmp_path_factory):
    """The home page, the indexes by unit, level and year and the tasks index are made from one
    row per plan (:mod:`kehoach.site.listing`): an edit of a plan's text changes no row and makes
    none of them (issue #31); an edit of what a list shows (the unit's name, the subject, a new
    plan, the number that issues it) makes them again, and the site is a fresh build's."""
    from kehoach.site import listing

    made: list[str] = []
    for rel, make in list(listing.LISTS.items()):
        monkeypatch.setitem(
            listing.LISTS, rel, lambda rows, part, rel=rel, make=make: made.append(rel) or make(rows, part)
        )
    three_levels(plans)
    assert sorted(made) == sorted(listing.LISTS)
    steps = [
        (lambda: plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch của xã")), False),
        (lambda: plans.write("xa", GRANDCHILD.replace("full: UBND xã C", "full: UBND xã E")), True),
        (lambda: plans.write("huyen", CHILD.replace("huyện B}", "huyện B (sửa)}")), True),
        (
            lambda: plans.write(
                "xa", GRANDCHILD.replace("symbol: KH-UBND", "number: 7, date: 12/02/2025, symbol: KH-UBND")
            ),
            True,
        ),
        (lambda: plans.write("xa2", GRANDCHILD.replace("xã C", "xã D")), True),
    ]
    for change, remade in steps:
        made.clear()
        change()
        code, _, err = plans.run("-q")
        assert code == 0, err
        assert made == (list(listing.LISTS) if remade else [])
        same_as_fresh(plans, tmp_path_factory.mktemp("fresh"))


def test_a_build_that_finds_nothing_changed_loads_no_writer(plans):
    """Nothing changed: the build says so without loading what writes (python-docx, docxtpl,
    Jinja2, MkDocs, the site's generator), half of its time at national scale (issue #31). A
    build that has something to write loads them, and writes."""
    import subprocess
    import sys

    three_levels(plans)
    probe = (
        "import sys; from kehoach.cli import main; code = main(sys.argv[1:]); "
        "print(sorted(m for m in ('docx', 'docxtpl', 'jinja2', 'mkdocs', 'kehoach.site.generate') if m in sys.modules)); "
        "sys.exit(code)"
    )

    def loaded() -> tuple[str, str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=plans.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip().splitlines()[-1], done.stdout

    modules, out = loaded()
    assert modules == "[]" and "Không có gì thay đổi" in out, out
    plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch (sửa)"))
    modules, out = loaded()
    assert modules == "['docx', 'docxtpl', 'jinja2', 'kehoach.site.generate', 'mkdocs']", out
    assert "DOCX: 1 kế hoạch dựng lại" in out, out
