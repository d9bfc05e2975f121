"""Generated pages skip Python-Markdown (issue #16) and the site stays the same, byte for byte.

The site of the real plans (with a ledger, so the progress pages have content) and of a
synthetic sample is built twice from the same sources: with the pre-rendered pages handed to
MkDocs as they are, and through Python-Markdown like any page. Every output file is compared.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, Quiet

from kehoach.paths import MKDOCS_CONFIG
from kehoach.pipeline.check import load_and_validate, load_progress
from kehoach.plans.registry import Registry
from kehoach.plans.review import all_warnings as warnings
from kehoach.site.generate import generate, write_docs
from kehoach.site.mkdocs_build import mkdocs_build
from kehoach.site.review import sections


def both_ways(plans, progress, tmp_path):
    corpus = load_and_validate(plans, None, Quiet())
    ledgers = load_progress(progress, corpus)
    files = dict(
        generate(
            corpus, tmp_path / "dist", reviews=sections(corpus, Registry(), warnings(corpus), ledgers), ledgers=ledgers
        )
    )
    docs = tmp_path / "docs"
    write_docs(files.items(), docs)
    marked = [rel for rel, data in files.items() if data and b"kehoach_html: true" in data[:400]]
    assert len(marked) >= len(corpus.real())
    sites = []
    for fast in (True, False):
        site = tmp_path / f"site-{fast}"
        assert mkdocs_build(site, docs, MKDOCS_CONFIG, dt.date(2025, 1, 1), prerendered=fast) is None
        sites.append(site)
    fast, slow = sites
    names = sorted(p.relative_to(slow) for p in slow.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(fast) for p in fast.rglob("*") if p.is_file())
    different = [str(n) for n in names if (fast / n).read_bytes() != (slow / n).read_bytes()]
    assert different == []


def test_real_plans_site_is_the_same(tmp_path):
    progress = tmp_path / "progress"
    progress.mkdir()
    shutil.copy(FIXTURES / "progress" / "ha-noi-ttpvhcc-2025.yaml", progress)
    both_ways(ROOT / "plans", progress, tmp_path)


@pytest.mark.slow
def test_synthetic_site_is_the_same(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate as national
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    national(tmp_path / "plans", 30)
    both_ways(tmp_path / "plans", tmp_path / "progress", tmp_path)


def test_remove_stale_keeps_the_wanted_and_drops_the_rest(tmp_path):
    from kehoach.site.generate import KEEP_FILE, remove_stale

    docs = tmp_path / "docs-gen"
    for rel in (
        KEEP_FILE,
        "index.md",
        "ke-hoach/a.md",
        "ke-hoach/b.md",
        "ke-hoach-cu/c.md",
        "lich/ke-hoach/a.ics",
        "lich/ke-hoach/b.ics",
        "search/s1.json",
    ):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(rel, encoding="utf-8")
    (docs / "rong" / "sau").mkdir(parents=True)  # a folder already empty goes too

    removed = remove_stale(docs, {"index.md", "ke-hoach/a.md", "lich/ke-hoach/a.ics"})

    assert removed == 4
    left = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*"))
    assert left == [KEEP_FILE, "index.md", "ke-hoach", "ke-hoach/a.md", "lich", "lich/ke-hoach", "lich/ke-hoach/a.ics"]
    assert remove_stale(docs, {"index.md", "ke-hoach/a.md", "lich/ke-hoach/a.ics"}) == 0


def test_link_downloads_links_once_and_drops_the_stale(tmp_path):
    import os

    from kehoach.site.mkdocs_build import link_downloads

    dist, site = tmp_path / "dist", tmp_path / "site"
    dist.mkdir()
    for name in ("a.docx", "a.akn.xml", "b.docx", "b.json"):
        (dist / name).write_bytes(name.encode())
    offered = site / "tai-ve"
    offered.mkdir(parents=True)
    (offered / "z.docx").write_bytes(b"a plan gone")
    (offered / "a.akn.xml.gz").write_bytes(b"offered by an older build")
    (offered / "a.docx").write_bytes(b"a.docx")  # a copy, not a link: linked again

    assert link_downloads(["a", "b"], dist, site) == 2
    # the texts are open data (a province's archive), not downloads: an older build's are removed
    assert sorted(p.name for p in offered.iterdir()) == ["a.docx", "b.docx"]
    assert os.path.samefile(dist / "a.docx", offered / "a.docx") and os.path.samefile(
        dist / "b.docx", offered / "b.docx"
    )
    assert link_downloads(["a", "b"], dist, site) == 0  # all in place: nothing done
    (dist / "a.docx").unlink()
    (dist / "a.docx").write_bytes(b"new")  # a new file, as the build writes it (atomically)
    assert link_downloads(["a", "b"], dist, site) == 1 and (offered / "a.docx").read_bytes() == b"new"
    assert link_downloads(["a"], dist, site) == 0 and not (offered / "b.docx").exists()


def test_the_theme_files_mkdocs_copies_are_the_same_without_walking_hidden_folders(tmp_path):
    """kehoach.site.mkdocs_build.theme_listed_without_hidden_folders: the loader that skips
    Material's .icons/ gives MkDocs the same static files to copy as jinja2's own."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from kehoach.site import mkdocs_build as module

    (tmp_path / "docs").mkdir()
    cfg = load_config(str(MKDOCS_CONFIG), docs_dir=str(tmp_path / "docs"), site_dir=str(tmp_path / "site"))
    plain, quick = Files([]), Files([])
    plain.add_files_from_theme(cfg.theme.get_env(), cfg)
    module.theme_listed_without_hidden_folders(cfg.theme)
    env = cfg.theme.get_env()
    assert type(env.loader).__name__ == "NoHiddenFolders"
    quick.add_files_from_theme(env, cfg)
    listed = [(f.src_uri, f.abs_src_path) for f in quick]
    assert listed == [(f.src_uri, f.abs_src_path) for f in plain] and len(listed) > 20
    assert any(uri.startswith("assets/javascripts/") for uri, _ in listed)


def test_the_docs_files_mkdocs_builds_from_are_its_own_get_files(tmp_path, caplog):
    """kehoach.site.mkdocs_build.docs_files: the Files MkDocs' get_files gives, in the same order
    and with every attribute a build reads, for a docs folder with pages in folders, assets, a
    hidden file, a templates/ folder, a page left out of the navigation, and README.md beside
    index.md (the warning MkDocs gives for it too: strict makes it an error)."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from kehoach.site.mkdocs_build import docs_files

    docs = tmp_path / "docs"
    for rel in (
        "index.md",
        "tim-kiem.md",
        "ke-hoach/ha-noi-2025.md",
        "ke-hoach/a b.md",
        "tien-do/x.md",
        "lich/ke-hoach/x.ics",
        "search/0.json",
        "assets/kehoach.css",
        ".hidden.md",
        "templates/t.html",
        "guide/README.md",
        "guide/index.md",
        "other/README.md",
    ):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# x\n", encoding="utf-8")
    cfg = load_config(str(MKDOCS_CONFIG), docs_dir=str(docs), site_dir=str(tmp_path / "site"))

    def seen(files):
        return [
            (f.src_uri, f.src_path, f.dest_uri, f.url, f.name, f.inclusion, f.abs_src_path, f.abs_dest_path)
            + (f.src_dir, f.dest_dir, f.use_directory_urls, f.is_documentation_page(), f.edit_uri)
            for f in files
        ]

    with caplog.at_level(logging.WARNING, logger="mkdocs.structure.files"):
        theirs = seen(get_files(cfg))
        warned = [r.getMessage() for r in caplog.records]
        caplog.clear()
        ours = seen(docs_files(cfg))
        assert [r.getMessage() for r in caplog.records] == warned and len(warned) == 1
    assert ours == theirs and len(ours) == 12  # the excluded ones too, marked so


def test_the_public_review_names_each_broken_rule_once_with_the_places_as_the_document_cites_them():
    """The review's warnings on the page (issue #31): a rule once, its places in the document's order,
    a warning about the whole plan without a place; messages and hints are the drafter's (`check`)."""
    from types import SimpleNamespace

    from kehoach.errors import WARNING, Problem
    from kehoach.plans.rules import RULES
    from kehoach.site.review import warnings_section

    def warning(rule: str, where: str) -> Problem:
        return Problem("plans/p.yaml", 4, 1, "x", f"lỗi ở {where}", "Cách sửa", where, rule=rule, severity=WARNING)

    found = [
        warning("sai-cap", "Phụ lục, dòng 10"),
        warning("tre-han", "Phụ lục, dòng 2"),
        warning("sai-cap", "Phụ lục, dòng 9"),
        warning("phu-luc-dan-chieu", ""),
        warning("sai-cap", "Phụ lục, dòng 9"),
        warning("sai-cap", "<b>I.1.a)</b>"),
    ]
    html = warnings_section(SimpleNamespace(lint_ignore=()), found)
    assert "Dành cho người soạn: 6 điểm" in html and "<code>python build.py check</code>" in html
    items = html.split("<li>")[1:]
    assert [i.split("</code>")[0] for i in items] == ["<code>sai-cap", "<code>tre-han", "<code>phu-luc-dan-chieu"]
    assert items[0] == (
        f"<code>sai-cap</code> ({RULES['sai-cap'].source}) — {RULES['sai-cap'].title.rstrip('.')}."
        " Tại: &lt;b&gt;I.1.a)&lt;/b&gt;; Phụ lục, dòng 9; Phụ lục, dòng 10.</li>"
    )
    assert "Tại" not in items[2] and "lỗi ở" not in html and "Cách sửa" not in html


def test_a_state_shown_in_words_has_no_tooltip_repeating_its_note():
    """The 'Việc cấp trên giao' table shows each state's note in a column: no title repeats it;
    the matrix's compact marks keep theirs (the word is for screen readers only)."""
    from kehoach.site.review import _state

    assert "title=" not in _state("missing", "mất khi thay cả danh sách")
    compact = _state("missing", "mất khi thay cả danh sách", compact=True)
    assert 'title="' in compact and "mất khi thay cả danh sách" in compact


def test_a_plan_page_writes_an_item_link_only_where_no_label_names_the_item_and_badges_only_where_it_differs(
    tmp_path,
):
    """kehoach.js adds the '#' link after each item with a data-label (tests/site/test_item_links.py);
    the page writes it only for items a reader cannot cite (a paragraph, a dash item). Only items
    that differ from the parent's carry a badge, without a tooltip; an inherited one carries none
    (the summary box counts them)."""
    corpus = load_and_validate(ROOT / "plans", None, Quiet())
    files = dict(generate(corpus, tmp_path / "dist"))
    written = labelled = differing = 0
    for rel, data in files.items():
        if not (rel.startswith("ke-hoach/") and data):
            continue
        page = data.decode("utf-8")
        labelled += len(re.findall(r'<(?:h2|h3|p|tr) id="[^"]+" data-label=', page))
        body = page.partition('<div class="kh-doc"')[2]
        assert "kh-ke-thua" not in body, rel
        differing += len(re.findall(r'class="kh-badge kh-(?:da-sua|bo-sung)"', body))
        assert not re.findall(r'<a class="kh-badge[^>]*title=', page)
        for anchor in re.findall(r'<a class="kh-link" href="#([^"]+)"', page):
            written += 1
            opening = re.search(rf'<\w+ id="{re.escape(anchor)}"[^>]*>', page).group(0)
            assert "data-label" not in opening, (rel, opening)
    assert written > 0 and labelled > 2 * written and differing > 20


def test_compact_html_drops_the_themes_indentation_and_keeps_what_shows():
    from kehoach.site.mkdocs_build import compact_html

    page = (
        '<nav>\n  <ul>\n    <li>\n      <span class="md-ellipsis">\n      \n        Mục lục\n      \n    </span>\n'
        "    </li>\n  </ul>\n</nav>\n<p>Kế hoạch số       /KH-UBND <b>ngày</b> 5</p>\n"
        "<pre>\n  a\n    b\n</pre>\n<script>\n  var x = 1;\n</script>\n<textarea>\n  c\n</textarea>\n"
    )
    assert compact_html(page) == (
        '<nav>\n<ul>\n<li>\n<span class="md-ellipsis">\nMục lục\n</span>\n</li>\n</ul>\n</nav>\n'
        "<p>Kế hoạch số       /KH-UBND <b>ngày</b> 5</p>\n"
        "<pre>\n  a\n    b\n</pre>\n<script>\n  var x = 1;\n</script>\n<textarea>\n  c\n</textarea>\n"
    )


def test_each_theme_icon_the_site_uses_is_drawn_by_the_stylesheet_as_material_draws_it():
    """kehoach.css holds each Material icon that theme/partials/icon.html names (the palette's
    toggles of mkdocs.yml, the logo, menu and back-to-top defaults), with Material's own SVG."""
    import material
    import yaml

    from kehoach.paths import ASSETS

    config = yaml.safe_load(MKDOCS_CONFIG.read_text(encoding="utf-8"))["theme"]
    icons = {"material/library", "material/menu", "material/arrow-up"}
    icons |= {option["toggle"]["icon"] for option in config["palette"]}
    css = (ASSETS / "kehoach.css").read_text(encoding="utf-8")
    icon_files = Path(material.__file__).parent / "templates" / ".icons"
    for icon in sorted(icons):
        svg = (icon_files / f"{icon}.svg").read_text(encoding="utf-8").strip()
        rule = f".kh-icon-{icon.replace('/', '-')} {{ --kh-icon: url('data:image/svg+xml;charset=utf-8,{svg}'); }}"
        assert rule in css, icon


def test_the_theme_configuration_carries_no_translations_and_stays_valid():
    """Every page carried the words of Material's search box and copy button, which the site does
    not have (issue #31): the configuration keeps everything else, and an empty translations object."""
    import json

    from kehoach.site.mkdocs_build import compact_html

    config = {
        "base": "../..",
        "features": ["navigation.top"],
        "search": "w.js",
        "translations": {"search.result.none": "Không"},
    }
    page = f'<p>a</p>\n<script id="__config" type="application/json">{json.dumps(config)}</script>\n<script>var x;</script>'
    compacted = compact_html(page)
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', compacted)[1]
    assert json.loads(found) == {**config, "translations": {}}
    assert compacted.endswith("<script>var x;</script>")  # other scripts as they were


def test_the_palette_script_is_materials_own_as_a_file():
    """The script that sets the reader's colour scheme before the page is drawn is a file of the
    site (assets/palette.js), not inline in every page: the same script as the Material installed."""
    import material

    from kehoach.paths import ASSETS

    partial = Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "palette.html"
    inline = re.search(r"<script>(.*?)</script>", partial.read_text(encoding="utf-8"), re.S)[1]
    ours = (ASSETS / "palette.js").read_text(encoding="utf-8")
    assert ours.endswith("\n" + inline + "\n")


def test_a_plan_page_has_no_inline_palette_script_no_ellipsis_spans_and_a_flat_contents(tmp_path):
    corpus = load_and_validate(ROOT / "plans", None, Quiet())
    docs = tmp_path / "docs"
    write_docs(generate(corpus, tmp_path / "dist"), docs)
    site = tmp_path / "site"
    assert mkdocs_build(site, docs, MKDOCS_CONFIG, dt.date(2025, 1, 1)) is None
    page = (site / "ke-hoach" / "ha-noi-2025" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/palette.js"></script>' in page and "var palette=" not in page
    toc = page[page.index('data-md-component="toc"') : page.index('<div class="md-content"')]
    assert "md-ellipsis" not in toc
    assert (
        '<li class="md-nav__item"><a href="#muc-dich-yeu-cau" class="md-nav__link">I. MỤC ĐÍCH, YÊU CẦU</a><nav class="md-nav"'
        in toc
    )
    assert (site / "assets" / "palette.js").is_file()


def test_an_items_label_is_its_text():
    """An item reads as the document prints it, its label first ('a) Các quan điểm…'), with no
    span around the label (nothing styled or read it: a hundredth of a national site, issue #31)."""
    corpus = load_and_validate(ROOT / "plans", None, Quiet())
    page = dict(generate(corpus, Path("/nonexistent")))["ke-hoach/ha-noi-2025.md"].decode()
    assert "kh-label" not in page
    assert re.search(r'<p id="noi-dung-hinh-thuc/noi-dung/a" data-label="II\.1\.a" class="kh-d3">a\) \S', page)
    assert not re.search(r" </(?:p|h2|h3)>", page)  # no space left where an item has no badge


def test_site_complete_finds_any_output_deleted_by_hand(tmp_path):
    """Whether every published source has its output (kehoach.site.built.site_complete): a
    folder of many outputs is listed once, an output alone in its folder looked for; a calendar,
    a plan's page or the home page deleted by hand is found either way."""
    from kehoach.site.built import site_complete

    site = tmp_path / "site"
    rels = ["index.md", "tim-kiem.md"]
    rels += [f"ke-hoach/p{n}.md" for n in range(3)]
    rels += [f"lich/ke-hoach/p{n}.ics" for n in range(20)]
    for rel in ["index.html", "tim-kiem/index.html"]:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    for n in range(3):
        (site / f"ke-hoach/p{n}").mkdir(parents=True)
        (site / f"ke-hoach/p{n}/index.html").write_text("x")
    (site / "lich/ke-hoach").mkdir(parents=True)
    for n in range(20):
        (site / f"lich/ke-hoach/p{n}.ics").write_text("x")
    assert site_complete(rels, site)
    for gone in ("lich/ke-hoach/p7.ics", "ke-hoach/p1/index.html", "index.html"):
        (site / gone).rename(site / "moved")
        assert not site_complete(rels, site), gone
        (site / "moved").rename(site / gone)
        assert site_complete(rels, site)
    shutil.rmtree(site / "lich")
    assert not site_complete(rels, site)
