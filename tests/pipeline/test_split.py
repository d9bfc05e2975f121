"""``build --split province``: one site per province and a national index, kept up to date
incrementally, exactly as a clean build makes them, and recovered after a kill."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import CHILD_HEAD, OUTPUTS, TOP, PlansDir, snapshot
from conftest import run_build as run


def province_top(name: str, province: str) -> str:
    return TOP.replace(
        "unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh}",
        f"unit: {{name: ỦY BAN NHÂN DÂN TỈNH {name.upper()}, full: UBND {name}, province: {province}}}",
    )


def write_corpus(root: Path, edition: str = "A", with_b: bool = True) -> None:
    """Province 'Tỉnh A' (a parent and two children), and 'Tỉnh Bê' (a parent and a child);
    edition B edits one child of A."""
    plans = root / "plans"
    shutil.rmtree(plans, ignore_errors=True)
    files = PlansDir(root)
    files.write("tinh-a", province_top("Tỉnh A", "Tỉnh A"))
    for name in ("huyen-1", "huyen-2"):
        text = "extends: tinh-a\n" + CHILD_HEAD.replace("huyện B", f"huyện {name}")
        if name == "huyen-1" and edition == "B":
            text = text.replace("Trên đây là Kế hoạch./.", "Trên đây là Kế hoạch của huyện./.")
        files.write(name, text)
    if with_b:
        files.write("tinh-be", province_top("Tỉnh Bê", "Tỉnh Bê").replace("number: 5", "number: 6"))
        files.write("xa-be", "extends: tinh-be\n" + CHILD_HEAD.replace("huyện B", "xã Bê"))


def stamps(root: Path) -> dict[str, int]:
    return {
        f"{folder}/{p.relative_to(root / folder)}": p.stat().st_mtime_ns
        for folder in OUTPUTS
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Clean builds from nothing: split (editions A and B) and whole (edition A)."""
    out = {}
    for name, edition, args in (
        ("split-A", "A", ("--split", "province")),
        ("split-B", "B", ("--split", "province")),
        ("whole-A", "A", ()),
    ):
        root = tmp_path_factory.mktemp(name)
        write_corpus(root, edition)
        result = run(root, *args)
        assert result.returncode == 0, result.stderr
        out[name] = snapshot(root)
    return out


def test_each_province_is_a_site_of_its_own(clean):
    files = clean["split-A"]
    tops = {k.split("/")[1] for k in files if k.startswith("site/")}
    assert tops == {"tinh-a", "tinh-be", "index.html", "phan.json"}
    pages = lambda part: sorted(  # noqa: E731
        k.split("/")[3] for k in files if k.startswith(f"site/{part}/ke-hoach/") and k.endswith("/index.html")
    )
    assert pages("tinh-a") == ["huyen-1", "huyen-2", "tinh-a"]
    assert pages("tinh-be") == ["tinh-be", "xa-be"]
    for part, plan in (("tinh-a", "huyen-1"), ("tinh-be", "xa-be")):  # a part is whole: downloads, search
        assert f"site/{part}/tai-ve/{plan}.docx" in files
        assert f"site/{part}/index.html" in files and f"site/{part}/tim-kiem/index.html" in files
        assert any(k.startswith(f"site/{part}/search/") for k in files)
    # the child's link to its parent stays in the part
    child = files["site/tinh-a/ke-hoach/huyen-1/index.html"].decode()
    assert 'href="../tinh-a/' in child
    # each part is named after its province, and its home page leads back to the list
    home = files["site/tinh-be/index.html"].decode()
    assert "<title>Kế hoạch tuyên truyền cải cách hành chính: Tỉnh Bê</title>" in home
    assert 'href="../">danh sách các tỉnh, thành phố</a>' in home
    assert "Bê" not in files["site/tinh-a/index.html"].decode()
    # the national index: one row per province, its link and its count, exactly
    index = files["site/index.html"].decode()
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td class="n">(\d+)</td></tr>', index)
    assert rows == [("tinh-a/", "Tỉnh A", "3"), ("tinh-be/", "Tỉnh Bê", "2")]
    assert "<title>Kế hoạch tuyên truyền cải cách hành chính</title>" in index
    assert "<script" not in index
    assert json.loads(files["site/phan.json"]) == [
        {"key": "tinh-a", "name": "Tỉnh A", "plans": 3},
        {"key": "tinh-be", "name": "Tỉnh Bê", "plans": 2},
    ]


def test_an_edit_rebuilds_its_part_only_and_equals_a_clean_build(clean, tmp_path):
    write_corpus(tmp_path, "A")
    assert run(tmp_path, "--split", "province").returncode == 0
    before = stamps(tmp_path)
    assert run(tmp_path, "--split", "province").returncode == 0
    assert stamps(tmp_path) == before  # nothing changed, nothing written
    write_corpus(tmp_path, "B")
    result = run(tmp_path, "--split", "province")
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path) == clean["split-B"]
    after = stamps(tmp_path)
    changed = {k for k, v in after.items() if before.get(k) != v}
    assert "site/tinh-a/ke-hoach/huyen-1/index.html" in changed
    assert not {k for k in changed if k.startswith(("site/tinh-be/", "docs-gen/tinh-be/"))}, changed


def test_switching_split_on_and_off_gives_clean_builds(clean, tmp_path):
    write_corpus(tmp_path, "A")
    assert run(tmp_path).returncode == 0
    assert run(tmp_path, "--split", "province").returncode == 0
    assert snapshot(tmp_path) == clean["split-A"]
    assert run(tmp_path).returncode == 0
    assert snapshot(tmp_path) == clean["whole-A"]
    assert not (tmp_path / "build-cache" / "phan").exists()
    (tmp_path / "kehoach.yml").write_text("split: province\n", encoding="utf-8")  # the key, as the flag
    assert run(tmp_path).returncode == 0
    assert snapshot(tmp_path) == clean["split-A"]


def test_a_province_without_plans_leaves_no_site(tmp_path):
    write_corpus(tmp_path, "A")
    assert run(tmp_path, "--split", "province").returncode == 0
    write_corpus(tmp_path, "A", with_b=False)
    result = run(tmp_path, "--split", "province")
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "site")) == ["index.html", "phan.json", "tinh-a"]
    assert sorted(os.listdir(tmp_path / "docs-gen")) == ["tinh-a"]
    assert sorted(os.listdir(tmp_path / "build-cache" / "phan")) == ["tinh-a"]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_corpus(fresh, "A", with_b=False)
    assert run(fresh, "--split", "province").returncode == 0
    assert snapshot(tmp_path) == snapshot(fresh)


def test_a_part_deleted_by_hand_is_built_again(tmp_path):
    write_corpus(tmp_path, "A")
    assert run(tmp_path, "--split", "province").returncode == 0
    want = snapshot(tmp_path)
    shutil.rmtree(tmp_path / "site" / "tinh-be" / "ke-hoach")
    assert run(tmp_path, "--split", "province").returncode == 0
    assert snapshot(tmp_path) == want


def test_a_wrong_split_value_is_reported_where_it_is(tmp_path):
    write_corpus(tmp_path, "A")
    (tmp_path / "kehoach.yml").write_text("site_name: Kho\nsplit: tinh\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode != 0
    assert "kehoach.yml:2:8" in result.stderr and "province" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    bad = run(tmp_path.parent, "--split", "huyen")
    assert bad.returncode == 2 and "province" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_killed_split_builds_recover_exactly(clean, tmp_path):
    """Killed at checkpoints spread over the A → B build (both parts, the index, the records),
    the next build gives the clean split build's outputs."""
    base = tmp_path / "base"
    base.mkdir()
    write_corpus(base, "A")
    assert run(base, "--split", "province").returncode == 0
    trace_root = tmp_path / "trace"
    shutil.copytree(base, trace_root, symlinks=True)
    write_corpus(trace_root, "B")
    trace = tmp_path / "trace.txt"
    assert run(trace_root, "--split", "province", KEHOACH_CHECKPOINTS=str(trace)).returncode == 0
    points = [int(line.split("\t", 1)[0]) for line in trace.read_text(encoding="utf-8").splitlines()]
    assert len(points) >= 10
    chosen = sorted({points[round(i * (len(points) - 1) / 11)] for i in range(12)})
    failures = []
    for n in chosen:
        root = tmp_path / f"kill-{n}"
        shutil.copytree(base, root, symlinks=True)
        write_corpus(root, "B")
        killed = run(root, "--split", "province", KEHOACH_CRASH_AT=str(n))
        assert killed.returncode == -9, killed.stderr
        again = run(root, "--split", "province")
        assert again.returncode == 0, again.stderr
        got, want = snapshot(root), clean["split-B"]
        if got != want:
            failures.append(f"kill #{n}: {sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))[:3]}")
        shutil.rmtree(root)
    assert not failures, "\n".join(failures)


def test_each_part_is_named_and_addressed_after_its_province(tmp_path):
    """kehoach.yml's site_name and site_url, as each part's MkDocs sees them: the province
    follows the name, its folder the address (the sitemap and canonical links use it)."""
    write_corpus(tmp_path, "A")
    (tmp_path / "kehoach.yml").write_text(
        "site_name: Kế hoạch CCHC\nsite_url: https://vi-du.github.io\nsplit: province\n", encoding="utf-8"
    )
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "tinh-be" / "index.html").read_text(encoding="utf-8")
    assert "<title>Kế hoạch CCHC: Tỉnh Bê</title>" in home
    assert '<link rel="canonical" href="https://vi-du.github.io/tinh-be/">' in home
    assert (
        "https://vi-du.github.io/tinh-be/ke-hoach/xa-be/" in (tmp_path / "site" / "tinh-be" / "sitemap.xml").read_text()
    )
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Kế hoạch CCHC</title>" in index and "<h1>Kế hoạch CCHC</h1>" in index


def _move_xa_be_to_a(plans: Path) -> None:
    path = plans / "xa-be.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("extends: tinh-be", "extends: tinh-a"), encoding="utf-8")


def _new_province(plans: Path) -> None:
    (plans / "tinh-ce.yaml").write_text(province_top("Tỉnh Cê", "Tỉnh Cê").replace("number: 5", "number: 7"), "utf-8")


def _drop_xa_be(plans: Path) -> None:
    (plans / "xa-be.yaml").unlink()


def _edit_parent_b(plans: Path) -> None:
    path = plans / "tinh-be.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("text: Một", "text: Một (sửa)"), encoding="utf-8")


@pytest.mark.parametrize("edit", [_move_xa_be_to_a, _new_province, _drop_xa_be, _edit_parent_b])
def test_an_incremental_split_build_equals_a_clean_one(edit, tmp_path):
    """Only the parts an edit touches are read and made again (a plan moving to another
    province, a new province, a plan deleted, a parent edited): the result is a clean build's."""
    work, fresh = tmp_path / "work", tmp_path / "fresh"
    for root in (work, fresh):
        root.mkdir()
        write_corpus(root, "A")
    assert run(work, "--split", "province").returncode == 0
    before = stamps(work)
    for root in (work, fresh):
        edit(root / "plans")
    result = run(work, "--split", "province", verbose=True)
    assert result.returncode == 0, result.stderr
    read = [int(n) for n in re.findall(r"đã đọc và kiểm tra (\d+) kế hoạch", result.stdout)]
    assert read and max(read) < len(list((work / "plans").glob("*.yaml"))), result.stdout  # never every plan
    assert run(fresh, "--split", "province").returncode == 0
    assert snapshot(work) == snapshot(fresh)
    after = stamps(work)
    changed = {k.split("/")[1] for k, v in after.items() if k.startswith("site/") and before.get(k) != v}
    untouched = {"tinh-a"} if edit in (_drop_xa_be, _edit_parent_b) else {"tinh-be"} if edit is _new_province else set()
    assert not changed & untouched, changed


def test_a_ledger_left_of_a_deleted_plan_is_reported_as_a_whole_build_reports_it(tmp_path):
    write_corpus(tmp_path, "A")
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress" / "xa-be.yaml").write_text("entries: []\n", encoding="utf-8")
    assert run(tmp_path, "--split", "province").returncode == 0
    site = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("dist/")}
    (tmp_path / "plans" / "xa-be.yaml").unlink()
    result = run(tmp_path, "--split", "province")
    assert result.returncode == 1 and "progress/xa-be.yaml" in result.stderr and "Traceback" not in result.stderr
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("dist/")} == site  # the site as it was
