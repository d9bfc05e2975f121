"""Placeholders block an issued plan; a draft shows what is missing (issue #26, point 3).

The catalogue pins the errors of an issued plan (test_catalogue.py: issued-plan-with-a-blank,
issued-child-removes-without-a-reason). Here: a draft made by 'new' warns about each blank and its
page on the site carries a 'chưa hoàn thiện' badge listing them, seen in Chromium.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

from conftest import ARTIFACTS, ROOT, PlansDir


def test_a_drafts_page_lists_what_is_missing(tmp_path, browser):
    for name in ("plans", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    runner = PlansDir.__new__(PlansDir)
    runner.root, runner.plans = tmp_path, tmp_path / "plans"
    code, out, err = runner.run("new", "dinh-cong-2025", "--extends", "ha-noi-2025", "--unit", "UBND phường Định Công")
    assert code == 0, err
    code, out, err = runner.run()
    assert code == 0, err
    assert "[chua-hoan-thien]: dự thảo còn chỗ trống '…' chưa điền" in err

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path / "site"))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/ke-hoach/dinh-cong-2025/")
        badge = page.locator(".kh-facts .kh-chua-xong")
        assert badge.inner_text() == "chưa hoàn thiện"
        page.locator(".kh-missing summary").click()
        items = page.locator(".kh-missing li").all_inner_texts()
        assert items and all("chỗ trống '…' chưa điền (dòng " in x for x in items)
        assert any(x.startswith("Khối chữ ký") for x in items), items
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "du-thao-chua-hoan-thien.png"))
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/ke-hoach/ha-noi-2025/")
        assert page.locator(".kh-chua-xong").count() == 0  # an issued plan has no blank
    finally:
        httpd.shutdown()
