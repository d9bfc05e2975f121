"""Citable items (issue #32, part 1): every item keeps an anchor made of its key path, which
renaming and renumbering leave alone; the form a reader cites (``#II.1.c``, ``#phu-luc-2``,
``#can-cu-1``) lands on the item that carries that label today; each item's 'liên kết' control
copies its permanent link. In Chromium, on a site built, edited and built again."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from conftest import ARTIFACTS, TOP, PlansDir

from kehoach.plans.numbering import PAGE_IDS, cited_form

# TOP with a citation and a khoản of three points: I.1.a, I.1.b, I.1.c
PLAN = TOP.replace(
    'legal_basis: {closing: "UBND Tỉnh ban hành Kế hoạch như sau:"}',
    'legal_basis:\n  closing: "UBND Tỉnh ban hành Kế hoạch như sau:"\n  documents:\n'
    "    - {key: kh-145, kind: Kế hoạch, number: 145/KH-UBND, date: 14/6/2021, issuer: UBND Tỉnh, about: CCHC}\n",
)
RENUMBERED = PLAN.replace(
    "body:\n",
    "body:\n  - key: boi-canh\n    title: BỐI CẢNH\n    items:\n      - {key: x, text: Mục mới đặt lên đầu.}\n",
).replace("        title: Mục đích\n", "        title: Mục đích và ý nghĩa\n")


def test_cited_forms():
    assert cited_form("II.1.c)") == "II.1.c" and cited_form("IV.10.") == "IV.10" and cited_form("I.") == "I"
    assert cited_form("III.1 (đoạn 2)") == "" and cited_form("ii.1.C") == "II.1.c" and cited_form("V.2.đ)") == "V.2.đ"


def test_every_id_of_a_plan_page_is_unique_and_no_key_can_take_one(built_site):
    for page in sorted((built_site / "ke-hoach").glob("*/index.html")):
        body = page.read_text(encoding="utf-8")
        article = body[body.index("<article") : body.index("</article>")]
        ids = re.findall(r'\bid="([^"]+)"', article)
        assert len(ids) == len(set(ids)), page
        plain = {i for i in ids if "/" not in i}
        tops = set(re.findall(r'<h2 id="([^"/]+)"[^>]*class="kh-d1"', article))
        assert plain - tops <= PAGE_IDS | {"ke-hoach-thong-tin-tuyen-truyen-cchc", "kh-coverage-p"}, page


@pytest.fixture
def built_site(tmp_path) -> Path:
    plans = PlansDir(tmp_path)
    plans.write("p", PLAN)
    code, _, err = plans.run("-q")
    assert code == 0, err
    return tmp_path / "site"


def serve(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def test_key_links_survive_renumbering_and_label_links_follow_the_label(tmp_path, browser):
    plans = PlansDir(tmp_path)
    plans.write("p", PLAN)
    assert plans.run("-q")[0] == 0
    httpd = serve(tmp_path / "site")
    base = f"http://127.0.0.1:{httpd.server_address[1]}/ke-hoach/p/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.split("/ke-hoach")[0])
    page = context.new_page()
    try:

        def lands(fragment: str) -> tuple[str, str]:
            page.goto("about:blank")
            page.goto(base + fragment)
            target = page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
            return target, page.locator(f'[id="{target}"]').first.inner_text()

        assert lands("#I.1.c")[0] == "muc-dich/mot/c"
        assert lands("#i.1.c)")[0] == "muc-dich/mot/c"
        assert lands("#phu-luc-2")[0] == "phu-luc/t2"
        assert lands("#can-cu-1")[0] == "can-cu/kh-145"
        assert lands("#muc-dich-mot-b")[0] == "muc-dich/mot/b"  # a link made before the anchors used '/'
        assert lands("#nv-t1")[0] == "phu-luc/t1"

        # the 'liên kết' control, made by kehoach.js: one after each item a reader can cite and
        # each appendix row, none on the legal basis' citations
        page.goto(base)
        labelled = ".kh-doc [data-label]:not(span), #bang-nhiem-vu-ke-hoach tr[data-label]"
        assert page.locator(labelled).count() == page.locator("a.kh-link").count() > 3
        assert page.locator('[id="can-cu/kh-145"] a.kh-link').count() == 0
        row = page.locator('[id="phu-luc/t2"] td.kh-task a.kh-link')
        assert row.get_attribute("aria-label") == "Liên kết tới Phụ lục, dòng 2"
        assert row.get_attribute("href") == "#phu-luc/t2"
        # the copy control copies the item's permanent link and says which item it is
        page.locator('[id="muc-dich/mot/b"] a.kh-link').click()
        assert page.evaluate("() => navigator.clipboard.readText()") == base + "#muc-dich/mot/b"
        assert page.locator("#kh-copied").inner_text() == f"Liên kết tới I.1.b: đã chép {base}#muc-dich/mot/b"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "lien-ket-muc.png"))

        # renumbered (a new mục I before it) and renamed: the key link still reaches the same item,
        # the label link the item that now carries the label
        plans.write("p", RENUMBERED)
        assert plans.run("-q")[0] == 0
        target, text = lands("#muc-dich/mot/c")
        assert target == "muc-dich/mot/c" and text.startswith("c) Ba")
        assert page.locator('[id="muc-dich/mot/c"]').get_attribute("data-label") == "II.1.c"
        assert lands("#II.1.c")[0] == "muc-dich/mot/c"
        assert lands("#I.1")[0] == "boi-canh/x"
        assert "Mục đích và ý nghĩa" in page.locator('[id="muc-dich/mot"]').inner_text()
    finally:
        context.close()
        httpd.shutdown()


def test_a_plan_without_a_province_takes_its_parents_and_the_rest_are_told_which_field(tmp_path):
    """Issue #32: an imported plan without a province landed under 'Khác' with no word why."""
    from conftest import CHILD_HEAD

    plans = PlansDir(tmp_path)
    plans.write(
        "tinh",
        TOP.replace(
            "unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh}",
            "unit: {name: ỦY BAN NHÂN DÂN TỈNH A, full: UBND Tỉnh, province: Tỉnh A}",
        ),
    )
    plans.write("huyen", "extends: tinh\n" + CHILD_HEAD)
    plans.write("le", TOP.replace("UBND Tỉnh", "UBND Tỉnh B").replace("number: 5,", "number: 6,"))
    assert plans.run("-q")[0] == 0
    units = (tmp_path / "site" / "theo-don-vi" / "index.html").read_text(encoding="utf-8")
    tinh_a = units[units.index('<h2 id="tinh-a"') : units.index('<h2 id="khac')]
    assert "huyen/" in tinh_a and "tinh/" in tinh_a
    other = units[units.index('<h2 id="khac') :]
    assert "le/" in other and "<code>province</code>" in other and "huyen/" not in other
