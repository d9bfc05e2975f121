"""The published site, built with MkDocs Material and driven in Debian's Chromium."""

import functools
import http.server
import os
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import ARTIFACTS, ROOT

from kehoach.site.search import tokens, unchunk


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """python build.py into a temporary copy of the repository; returns its site/."""
    work = tmp_path_factory.mktemp("repo")
    for name in ("plans", "mkdocs.yml"):
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
    ics = (site / "lich/ke-hoach/ha-noi-2025.ics").read_text(encoding="utf-8")
    assert not (site / "lich/ha-noi.ics").exists()  # a calendar per plan, none per province (issue #31)
    assert ics.startswith("BEGIN:VCALENDAR") and "DTSTART;VALUE=DATE:20250220" in ics


def test_no_page_carries_the_themes_english_credit(site):
    """The site speaks Vietnamese: Material's "Made with Material for MkDocs" footer is off."""
    pages = [site / "index.html", site / "ke-hoach/ha-noi-2025/index.html", site / "404.html"]
    assert all("Made with" not in p.read_text(encoding="utf-8") for p in pages)


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
    assert 'href="../ha-noi-2025/"' in html  # the summary links the parent; its items carry no link each
    assert "Cẩm nang điện tử do Văn phòng UBND Thành phố thực hiện." in html
    assert "<small>(II.2.e))</small>" in html  # removed items are located as a reader cites them
    assert "<small>(Phụ lục, dòng 3)</small>" in html
    assert '<a href="#muc-dich-yeu-cau/muc-dich/a">I.1.a)</a>' in html
    # an added item by its opening words and a link: its whole text is on this page already
    added = html.split('id="so-sanh-bo-sung"')[1].split("</ul>")[0]
    entries = re.findall(r'<li><a href="#([^"]+)">[^<]+</a> ([^<]*)</li>', added)
    assert entries and all(len(text) <= 70 for _, text in entries) and any(t.endswith("…") for _, t in entries)
    assert all(f'id="{anchor}"' in html for anchor, _ in entries)


def test_search_index_is_folded_and_own_text_only(site):
    import json

    meta = json.loads((site / "search/meta.json").read_text())
    assert meta["docs"] > 10
    assert tokens("Tuyên truyền") == ["tuyen", "truyen"]
    chunks = [json.loads(f.read_text()) for f in sorted((site / "search").glob("d*.json"))]
    docs = [d for c in chunks for d in unchunk(c)]
    titles = [d["t"] for d in docs]
    assert "I.1.a)" in titles and "Phụ lục, dòng 1" in titles  # results named as a reader cites them
    assert not [t for t in titles if t in ("", "-") or t.endswith(" -")]
    # each plan once in a chunk: its page and unit, which its documents do not repeat (issue #31)
    assert all(len({tuple(p) for p in c[0]}) == len(c[0]) for c in chunks)
    assert {
        "u": "ke-hoach/ha-noi-2025/#phu-luc/ban-hanh-ke-hoach",
        "t": "Phụ lục, dòng 1",
        "p": "UBND thành phố Hà Nội",
    }.items() <= next(d for d in docs if d["u"] == "ke-hoach/ha-noi-2025/#phu-luc/ban-hanh-ke-hoach").items()
    assert all(d["u"].startswith("ke-hoach/") and d["u"].endswith("/") or "/#" in d["u"] for d in docs)


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
    # the lead units are read from the "Chủ trì" cell, one a line (no data attribute repeats them)
    unit = page.locator("#loc-don-vi option").nth(1).get_attribute("value")
    page.select_option("#loc-don-vi", unit)
    leads = page.locator("#bang-nhiem-vu tbody tr:visible td:nth-child(3)").all_inner_texts()
    assert 0 < len(leads) < total and all(unit in cell.split("\n") for cell in leads), (unit, leads)
    page.select_option("#loc-don-vi", "")
    page.select_option("#loc-ke-hoach", "ha-noi-ttpvhcc-2025")
    assert page.locator("#bang-nhiem-vu tbody tr:visible").count() == 6 < total
    page.select_option("#loc-thang", "2025-8")
    assert 0 < page.locator("#bang-nhiem-vu tbody tr:visible").count() <= 6
    # a task the 2027 plans word alike is one row naming the others; each plan's filter shows it
    page.select_option("#loc-ke-hoach", "")
    page.select_option("#loc-thang", "")
    shared = page.locator('#bang-nhiem-vu tbody tr[data-plans="ha-noi-2027 hoang-mai-2027 soc-son-2027"]')
    assert shared.count() > 1
    assert shared.first.locator("td").nth(1).inner_text() == "UBND thành phố Hà Nội và 2 kế hoạch khác"
    assert "ke-hoach/ha-noi-2027/#phu-luc/" in shared.first.locator("a").get_attribute("href")
    page.select_option("#loc-ke-hoach", "soc-son-2027")
    visible = page.locator("#bang-nhiem-vu tbody tr:visible")
    assert visible.count() >= shared.count() and shared.first.is_visible()
    assert all("soc-son-2027" in v.split() for v in [r.get_attribute("data-plans") for r in visible.all()])
    # filtered, a shared row is shown as that plan's: its unit, and the link to the task in it
    assert shared.first.locator("td").nth(1).inner_text() == "UBND xã Sóc Sơn và 2 kế hoạch khác"
    assert "ke-hoach/soc-son-2027/#phu-luc/" in shared.first.locator("a").get_attribute("href")
    page.select_option("#loc-ke-hoach", "")
    assert shared.first.locator("td").nth(1).inner_text() == "UBND thành phố Hà Nội và 2 kế hoạch khác"
    assert "ke-hoach/ha-noi-2027/#phu-luc/" in shared.first.locator("a").get_attribute("href")


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
    from kehoach.text.deadline import parse_deadline as parse

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


# --- The site as its readers want it (issue #17) -------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _page(browser, scheme: str = "light", when: str = "2025-03-10T09:00:00", bypass_csp: bool = False):
    """A page in a context with a fixed clock (Playwright's clock), light or dark; ``bypass_csp``
    for a test that injects a script of its own (axe-core)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=scheme, accept_downloads=True, bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.clock.set_fixed_time(when)
    return page


def test_header_search_shows_highlighted_results_as_you_type(server, browser):
    page = _page(browser)
    page.goto(server + "/ke-hoach/thinh-liet-2024/")
    page.keyboard.press("/")  # as in Material: '/' goes to the search box
    assert page.evaluate("document.activeElement.id") == "kh-hq"
    for query, word in (("tuyen truyen", "tuyên"), ("tuyên truyền", "truyền")):
        page.fill("#kh-hq", query)
        page.wait_for_selector("#kh-hresults a.kh-hresult-title, #kh-hresults .kh-hresult-title", state="attached")
        results = page.locator("#kh-hresults a.kh-hresult:not(.kh-hall)")
        assert results.count() == 8
        marks = page.locator("#kh-hresults mark").all_inner_texts()
        assert marks and word in [m.lower() for m in marks]
        assert page.get_attribute("#kh-hq", "aria-expanded") == "true"
    assert page.locator("#kh-hresults .kh-hall").inner_text().startswith("Xem tất cả")
    page.keyboard.press("Escape")
    assert page.locator("#kh-hresults").is_hidden()
    page.fill("#kh-hq", "tuyen truyen")
    page.press("#kh-hq", "Enter")  # the form opens the results page, with its deep link
    page.wait_for_url("**/tim-kiem/?q=tuyen+truyen")
    page.wait_for_selector("#kh-results li")


def test_results_page_pages_past_thirty(server, browser):
    page = _page(browser)
    page.goto(server + "/tim-kiem/?q=tuyen%20truyen")
    page.wait_for_selector("#kh-results li")
    status = page.locator("#kh-status").inner_text()
    total = int(status.split()[2])
    assert total > 60 and page.locator("#kh-results li").count() == 30
    assert "đang hiện 30" in status
    page.click("#kh-more")
    page.wait_for_function("document.querySelectorAll('#kh-results li').length > 30")
    assert page.locator("#kh-results li").count() == 60
    assert page.locator("#kh-results li mark").count() > 0


def test_plan_page_has_contents_summary_and_readable_comparison(server, browser):
    page = _page(browser)
    page.goto(server + "/ke-hoach/ha-noi-ttpvhcc-2025/")
    toc = page.locator("nav.md-nav--secondary").inner_text()
    for entry in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "IV. TỔ CHỨC THỰC HIỆN",
        "So với kế hoạch cấp trên",
        "Phụ lục",
    ):
        assert entry in toc, entry
    assert "kế thừa" not in toc  # badges stay out of the contents
    summary = page.locator(".kh-summary").inner_text()
    assert "Kế hoạch này thực hiện" in summary and "UBND thành phố Hà Nội" in summary
    for word in ("kế thừa", "đã sửa", "bổ sung", "đã bỏ"):
        assert word in summary
    page.locator(".kh-summary a", has_text="đã sửa").click()
    assert page.evaluate("location.hash") == "#so-sanh-da-sua"
    # the comparison comes before the appendix
    ids = page.eval_on_selector_all("article h2", "els => els.map(e => e.id)")
    assert ids.index("so-voi-cap-tren") < ids.index("phu-luc")
    # inherited is neutral, and only the summary shows it: the items that differ carry a badge
    colour = page.eval_on_selector(".kh-summary .kh-ke-thua", "e => getComputedStyle(e).color")
    assert colour == "rgb(59, 59, 59)"
    assert page.locator(".kh-doc .kh-ke-thua").count() == 0 and page.locator(".kh-doc .kh-da-sua").count() > 0
    # the signature as in the document: one line each
    lines = page.locator(".kh-sign-role").inner_text().split("\n")
    assert lines == ["GIÁM ĐỐC"] and page.locator(".kh-sign-name").inner_text() == "Cù Ngọc Trang"


def test_due_this_month_with_a_fixed_clock(server, browser):
    page = _page(browser, when="2025-03-10T09:00:00")
    page.goto(server + "/ke-hoach/ha-noi-2025/")
    box = page.locator(".kh-due")
    assert "Việc đến hạn tháng này (tháng 3/2025)" in box.inner_text()
    assert "Sắp đến hạn (tháng sau) (tháng 4/2025)" in box.inner_text()
    due = box.locator("ul.kh-due-list").first.locator("li")
    assert due.count() > 0
    highlighted = page.locator("#bang-nhiem-vu-ke-hoach tr.kh-due-row").count()
    assert highlighted == due.count()
    quiet = _page(browser, when="2026-06-15T09:00:00")
    quiet.goto(server + "/ke-hoach/ha-noi-2025/")
    # the plan's year is over: said once, not as "nothing due in June 2026" (issue #31's review)
    said = quiet.locator(".kh-due").inner_text()
    assert "Các việc ở đây thuộc năm 2025, đã qua: không còn việc nào đến hạn." in said
    assert "tháng 6/2026" not in said and quiet.locator("tr.kh-due-row").count() == 0
    # within its year, a month with nothing due says so
    calm = _page(browser, when="2025-01-15T09:00:00")
    calm.goto(server + "/ke-hoach/ha-noi-2025/")
    assert "Việc đến hạn tháng này (tháng 1/2025)" in calm.locator(".kh-due").inner_text()
    # a province's tasks of every year, then filtered to a plan whose year is over: the rows shown decide
    later = _page(browser, when="2026-06-15T09:00:00")
    later.goto(server + "/nhiem-vu/ha-noi/")
    assert "Việc đến hạn tháng này (tháng 6/2026)" in later.locator("#kh-den-han").inner_text()
    later.select_option("#loc-ke-hoach", "ha-noi-ttpvhcc-2025")
    assert "Các việc ở đây thuộc năm 2025, đã qua" in later.locator("#kh-den-han").inner_text()
    # the tasks page: per unit, and the month filter says the year
    tasks = _page(browser, when="2025-03-10T09:00:00")
    tasks.goto(server + "/nhiem-vu/ha-noi/")
    labels = tasks.locator("#loc-thang option").all_inner_texts()
    assert "Tháng 3/2025" in labels
    units = tasks.locator("#loc-don-vi option").all_inner_texts()
    assert not [u for u in units if u in ("UBND phường", "UBND Thành phố", "UBND xã")]
    tasks.select_option("#loc-ke-hoach", "ha-noi-ttpvhcc-2025")
    text = tasks.locator("#kh-den-han").inner_text()
    assert "tháng 3/2025" in text
    # a row several plans share names, in the list of what is due, the plan filtered by
    later = _page(browser, when="2027-03-10T09:00:00")
    later.goto(server + "/nhiem-vu/ha-noi/")
    later.select_option("#loc-ke-hoach", "soc-son-2027")
    due = later.locator("#kh-den-han ul.kh-due-list").first.locator("li").all_inner_texts()
    assert due and all(d.endswith(" — UBND xã Sóc Sơn") for d in due), due


def test_each_plan_has_its_own_calendar(server, browser, site):
    page = _page(browser)
    page.goto(server + "/ke-hoach/ha-noi-ttpvhcc-2025/")
    with page.expect_download() as info:
        page.locator("a.md-button", has_text="Lịch các thời hạn").click()
    text = Path(info.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert "Trung tâm Phục vụ hành chính công thành phố Hà Nội" in text.replace("\r\n ", "")
    assert text.count("BEGIN:VEVENT") > 0
    assert "UID:ha-noi-ttpvhcc-2025-" in text and "UID:ha-noi-2025-" not in text


def test_no_serious_accessibility_violations_light_and_dark(site, server, browser):
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is required in CI (npm ci, run by .ci/run)")
        pytest.skip("axe-core not installed: npm ci")
    ARTIFACTS.mkdir(exist_ok=True)
    pages = {
        "trang-chu": "/",
        "so-sanh": "/ke-hoach/ha-noi-ttpvhcc-2025/#so-voi-cap-tren",
        "nhiem-vu": "/nhiem-vu/ha-noi/",
        "tim-kiem": "/tim-kiem/?q=tuyen%20truyen",
        "tien-do": "/tien-do/",
        "du-lieu": "/du-lieu/",
    }
    # every plan page, not a sample (issue #32: a scrolling table box of one of them was out of reach)
    for plan_page in sorted((site / "ke-hoach").glob("*/index.html")):
        pages[f"ke-hoach-{plan_page.parent.name}"] = f"/ke-hoach/{plan_page.parent.name}/"
    found = []
    for scheme in ("light", "dark"):
        page = _page(browser, scheme, bypass_csp=True)
        for name, path in pages.items():
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(ARTIFACTS / f"site-{name}-{scheme}.png"))
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    found.append(
                        (
                            scheme,
                            name,
                            v["id"],
                            [n["target"] for n in v["nodes"]][:3],
                            v["nodes"][0]["any"][0]["message"] if v["nodes"][0]["any"] else "",
                        )
                    )
    assert not found, found


def test_task_tables_fit_the_content_column_at_1280px(server, browser):
    """At 1280 px every column of the tasks tables shows without scrolling (issue #32: the province's
    table was cut off after 'Chủ trì')."""
    page = _page(browser)
    for path, table in (("/nhiem-vu/ha-noi/", "#bang-nhiem-vu"), ("/ke-hoach/ha-noi-2025/", "#bang-nhiem-vu-ke-hoach")):
        page.goto(server + path)
        widths = page.evaluate(
            f"(() => {{ const w = document.querySelector('{table}').closest('.kh-table-wrap');"
            " return [w.scrollWidth, w.clientWidth]; })()"
        )
        assert widths[0] <= widths[1], (path, widths)


def test_keyboard_reaches_search_filters_and_downloads(server, browser):
    page = _page(browser)
    page.goto(server + "/ke-hoach/ha-noi-ttpvhcc-2025/")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "(document.activeElement.id || '') + '|' + (document.activeElement.textContent || '').trim().slice(0, 20)"
            )
        )
    assert any(r.startswith("kh-hq|") for r in reached)
    assert any("Tải DOCX" in r for r in reached)
    page.goto(server + "/nhiem-vu/ha-noi/")
    ids = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        ids.add(page.evaluate("document.activeElement.id"))
    assert {"loc-don-vi", "loc-ke-hoach", "loc-thang"} <= ids


def test_print_shows_the_document_without_navigation(server, browser):
    page = _page(browser)
    page.goto(server + "/ke-hoach/ha-noi-ttpvhcc-2025/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".kh-summary", ".kh-compare", ".kh-review", ".kh-downloads"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator(".kh-doc").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_word_diff_marks_changes_within_sentences():
    import html as html_module
    import random
    import re

    from kehoach.site.pages import word_diff

    diff = word_diff(
        "Các bộ phận chuyên môn tổ chức tuyên truyền. Báo cáo kết quả hằng quý.",
        "Các Sở, ban, ngành tổ chức tuyên truyền. Báo cáo kết quả hằng tháng.",
    )
    assert diff == (
        "Các <del>bộ phận chuyên môn</del><ins>Sở, ban, ngành</ins> tổ chức tuyên truyền. "
        "Báo cáo kết quả hằng <del>quý.</del><ins>tháng.</ins>"
    )
    assert word_diff("Một câu hoàn toàn khác.", "Hai chữ.") == "<del>Một câu hoàn toàn khác.</del><ins>Hai chữ.</ins>"
    # whatever the texts, the old text is the diff without <ins>, the new one without <del>
    words = ["a", "b", "c", "dd", "ee", "fff", "gg.", "hh;", "ii", "jj", "kk", "<x>", "&"]
    rng = random.Random(1)
    for _ in range(2000):
        old = " ".join(rng.choice(words) for _ in range(rng.randint(0, 14)))
        new = " ".join(rng.choice(words) for _ in range(rng.randint(0, 14)))
        d = word_diff(old, new)
        assert "<x>" not in d  # escaped
        kept_old = re.sub(r"<ins>.*?</ins>", "", d).replace("<del>", "").replace("</del>", "")
        kept_new = re.sub(r"<del>.*?</del>", "", d).replace("<ins>", "").replace("</ins>", "")
        assert html_module.unescape(kept_old) == old and html_module.unescape(kept_new) == new


def test_units_are_named_in_full(corpus):
    from kehoach.plans.model import Unit
    from kehoach.site.pages import named

    assert Unit(name="", full="UBND Thành phố", province="Hà Nội").known_as == "UBND thành phố Hà Nội"
    assert Unit(name="", full="Ủy ban nhân dân thành phố", province="Hải Phòng").known_as == (
        "Ủy ban nhân dân thành phố Hải Phòng"
    )
    assert Unit(name="", full="UBND phường Thịnh Liệt", province="Hà Nội").known_as == "UBND phường Thịnh Liệt"
    assert Unit(name="", full="Sở Nội vụ", province="Hà Nội").known_as == "Sở Nội vụ"
    ward = corpus.plans["thinh-liet-2024"]
    assert named(["UBND phường", "Văn phòng"], ward) == ["UBND phường Thịnh Liệt", "Văn phòng"]


def test_a_review_is_made_once_its_warnings_then_let_go(corpus):
    from kehoach.plans.registry import Registry
    from kehoach.plans.review import all_warnings as warnings
    from kehoach.site.review import Reviews

    found = warnings(corpus)
    assert found
    reviews = Reviews(corpus, Registry(), found)
    assert found == []  # consumed
    page = reviews["ha-noi-ttpvhcc-2025"]
    assert "Kiểm tra nội dung" in page and len(reviews.digests["ha-noi-ttpvhcc-2025"]) == 64
    with pytest.raises(RuntimeError, match="made already"):
        reviews["ha-noi-ttpvhcc-2025"]  # a second one would lack the warnings: refused


def test_content_security_policy_lets_the_theme_run_and_no_handler(server, browser):
    """Every page carries a CSP <meta> (issue #25): the theme's own inline scripts run (each allowed
    by its digest), the site's scripts run, and an inline event handler, had markup slipped
    through the escaping, does not."""
    page = _page(browser)
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    for path in ("/", "/ke-hoach/ha-noi-ttpvhcc-2025/", "/nhiem-vu/ha-noi/", "/tim-kiem/?q=tuyen%20truyen"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof __md_scope") == "object", path  # Material's inline script ran
        assert not blocked, (path, blocked)
    assert page.locator("#kh-results li").count() > 0  # the site's own script ran the search
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.pwned=1\">')")
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert any("inline event handler" in m or "script-src" in m for m in blocked), blocked


def test_theme_icons_are_drawn_by_the_stylesheet_not_written_into_each_page(site, server, browser):
    """Material's icons (logo, menu, palette, back to top) are empty spans that kehoach.css draws
    with a mask (theme/partials/icon.html): no page carries an inline <svg>, and each icon shows."""
    for rel in ("index.html", "ke-hoach/ha-noi-2025/index.html", "tien-do/index.html"):
        body = (site / rel).read_text(encoding="utf-8")
        chrome = body[: body.index("<article")] + body[body.index("</article>") :]  # the charts are content
        assert "<svg" not in chrome and chrome.count('class="kh-icon ') == 6, rel
    page = _page(browser)
    page.goto(server + "/ke-hoach/ha-noi-2025/")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.md-header .kh-icon')].filter(i => i.offsetParent)
                 .map(i => { const s = getComputedStyle(i);
                             return [i.className, s.maskImage || s.webkitMaskImage, i.offsetWidth]; })"""
    )
    assert {d[0].split()[-1] for d in drawn} >= {"kh-icon-material-library", "kh-icon-material-weather-night"}
    assert all(d[1].startswith('url("data:image/svg+xml') and d[2] > 10 for d in drawn), drawn
    page.context.close()
