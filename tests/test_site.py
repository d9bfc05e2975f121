"""The published site, built with MkDocs Material and driven in Debian's Chromium."""

import functools
import http.server
import shutil
import threading
import zipfile

import pytest
from conftest import ROOT, require_tool

from kehoach.site.search import tokens

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """python build.py into a temporary copy of the repository; returns its site/."""
    work = tmp_path_factory.mktemp("repo")
    for name in ("plans", "templates", "mkdocs.yml", "site-theme"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, work / name)
    from conftest import PlansDir

    runner = PlansDir.__new__(PlansDir)
    runner.root = work
    code, out, err = runner.run("-q")
    assert code == 0, err
    return work / "site"


def test_site_has_every_page(site):
    for page in (
        "index.html",
        "nhiem-vu/index.html",
        "nhiem-vu/ha-noi/index.html",
        "theo-don-vi/index.html",
        "theo-cap/index.html",
        "theo-nam/index.html",
        "tim-kiem/index.html",
        "ke-hoach/ha-noi-ttpvhcc-2025/index.html",
    ):
        assert (site / page).exists(), page
    ics = (site / "lich/ha-noi.ics").read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "DTSTART;VALUE=DATE:20250220" in ics


def test_page_titles_survive_colons(site):
    page = (site / "nhiem-vu/ha-noi/index.html").read_text(encoding="utf-8")
    assert "<title>Nhiệm vụ: Hà Nội" in page
    assert "title: Nhiệm vụ" not in page


def test_downloads_are_linked_not_copied(site):
    import os

    dist = site.parent / "dist"
    for docx in sorted(dist.glob("*.docx")):
        assert os.path.samefile(docx, site / "tai-ve" / docx.name)
    assert not (site.parent / "docs-gen" / "tai-ve").exists()


def test_plan_page_shows_origins_and_comparison(site):
    html = (site / "ke-hoach/ha-noi-ttpvhcc-2025/index.html").read_text(encoding="utf-8")
    assert "kh-ke-thua" in html and "kh-da-sua" in html and "kh-bo-sung" in html
    assert "So với kế hoạch cấp trên" in html
    assert "<del>" in html and "<ins>" in html
    assert 'href="../ha-noi-2025/#noi-dung-hinh-thuc-noi-dung-a"' in html
    assert "Cẩm nang điện tử do Văn phòng UBND Thành phố thực hiện." in html
    assert "<small>(II.2.e))</small>" in html  # removed items are located as a reader cites them
    assert "<small>(Phụ lục, dòng 3)</small>" in html
    assert '<a href="#muc-dich-yeu-cau-muc-dich-a">I.1.a)</a>' in html


def test_search_index_is_folded_and_own_text_only(site):
    import json

    meta = json.loads((site / "search/meta.json").read_text())
    assert meta["docs"] > 10
    assert tokens("Tuyên truyền") == ["tuyen", "truyen"]
    titles = [d["t"] for f in sorted((site / "search").glob("d*.json")) for d in json.loads(f.read_text())]
    assert "I.1.a)" in titles and "Phụ lục, dòng 1" in titles  # results named as a reader cites them
    assert not [t for t in titles if t in ("", "-") or t.endswith(" -")]


def test_postings_are_gap_encoded():
    from kehoach.site.search import decode, encode

    hits = {0: 1, 3: 2, 4: 9, 1000: 1}
    assert encode(hits) == [4, 13, 7, 3984]
    assert decode(encode(hits)) == [(0, 1), (3, 2), (4, 4), (1000, 1)]


@pytest.fixture(scope="module")
def server(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def browser_args() -> list[str]:
    """Debian's Chromium, headless as root, with no traffic of its own (the machine has no network)."""
    return [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=browser_args())
        yield b
        b.close()


def test_browse_plan_parent_download_and_search(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    assert page.locator("h1").first.inner_text().startswith("Kế hoạch thông tin")
    page.screenshot(path=str(ARTIFACTS / "site-trang-chu.png"), full_page=True)

    page.get_by_role("link", name="Trung tâm Phục vụ hành chính công thành phố Hà Nội").first.click()
    page.wait_for_url("**/ke-hoach/ha-noi-ttpvhcc-2025/")
    assert "Thông tin, tuyên truyền" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "site-ke-hoach.png"), full_page=False)

    with page.expect_download() as info:
        page.locator("a.md-button", has_text="Tải DOCX").click()
    target = tmp_path / "kh.docx"
    info.value.save_as(target)
    with zipfile.ZipFile(target) as z:
        core = z.read("docProps/core.xml").decode()
    assert "ha-noi-ttpvhcc-2025" in core

    page.locator("a[rel=up]").click()
    page.wait_for_url("**/ke-hoach/ha-noi-2025/")
    assert "thành phố Hà Nội năm 2025" in page.locator("h1").inner_text()

    for query in ("tuyên truyền", "tuyen truyen"):
        page.goto(server + "/tim-kiem/")
        page.fill("#kh-q", query)
        page.click("#kh-go")
        page.wait_for_selector("#kh-results li")
        assert page.locator("#kh-results li").count() > 0
        assert "Tìm thấy" in page.locator("#kh-status").inner_text()
    page.screenshot(path=str(ARTIFACTS / "site-tim-kiem.png"))


def test_task_page_filters(server, browser):
    page = browser.new_page()
    page.goto(server + "/nhiem-vu/")
    page.get_by_role("link", name="Hà Nội", exact=True).click()
    page.wait_for_url("**/nhiem-vu/ha-noi/")
    total = page.locator("#bang-nhiem-vu tbody tr:visible").count()
    page.select_option("#loc-ke-hoach", "ha-noi-ttpvhcc-2025")
    assert page.locator("#bang-nhiem-vu tbody tr:visible").count() == 6 < total
    page.select_option("#loc-thang", "8")
    assert 0 < page.locator("#bang-nhiem-vu tbody tr:visible").count() <= 6


def test_headings_in_order_tables_have_headers(server, browser):
    page = browser.new_page()
    page.goto(server + "/ke-hoach/ha-noi-2025/")
    levels = page.eval_on_selector_all("article h1, article h2, article h3", "els => els.map(e => +e.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert page.locator("table.kh-tasks th").count() >= 5
    empty = page.eval_on_selector_all("article a", "els => els.filter(e => !e.textContent.trim()).length")
    assert empty == 0


def test_calendar_uses_rules_for_recurring_deadlines():
    import datetime as dt

    from kehoach.site.ical import ics
    from kehoach.text.deadline import parse

    rows = []
    for key, wording in (
        ("tuan", "Định kỳ hằng tuần"),
        ("thang", "Định kỳ hằng tháng"),
        ("quy", "Định kỳ hằng quý"),
        ("han", "Chậm nhất ngày 20/02/2025"),
    ):
        d = parse(wording)
        rows.append(
            {
                "plan": "p",
                "key": key,
                "year": 2025,
                "task": "Việc",
                "unit": "UBND",
                "deadline": wording,
                "lead": ["Sở"],
                "kind": d.kind,
                "dates": [x.isoformat() for x in d.due_dates(2025)],
            }
        )
    text = ics(rows).decode()
    assert text.count("BEGIN:VEVENT") == 4
    assert "DTSTART;VALUE=DATE:20250103\r\nRRULE:FREQ=WEEKLY;COUNT=52" in text  # the Fridays of 2025
    assert "DTSTART;VALUE=DATE:20250131\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=12" in text
    assert "DTSTART;VALUE=DATE:20250331\r\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=4" in text
    assert "DTSTART;VALUE=DATE:20250220\r\nSUMMARY" in text
    assert dt.date(2025, 1, 3).weekday() == 4
