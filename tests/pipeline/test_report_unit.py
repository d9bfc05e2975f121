"""The quarterly report a leader signs (issue #29): work logged against body items counted, only
the unit's own tasks, the periods worded as reports say them, Kính gửi; pinned against the exact
text of each section for one ward's plan with a hand-made ledger of eight entries."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from conftest import FIXTURES, ROOT, PlansDir, require_tool

PLAN = "thinh-liet-2024"


@pytest.fixture
def repo(tmp_path) -> PlansDir:
    """The real plans, with the ward's ledger of eight entries logged against body items."""
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", work / "plans")
    shutil.copytree(ROOT / "units", work / "units")
    (work / "progress").mkdir()
    shutil.copy(FIXTURES / "progress" / f"{PLAN}.yaml", work / "progress" / f"{PLAN}.yaml")
    p = PlansDir.__new__(PlansDir)
    p.root, p.plans = work, work / "plans"
    return p


def _text(path) -> str:
    xml = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", re.sub(r"<w:p[ >]", "\n<w:p ", xml))


# What a clerk would write by hand for each period, from Kính gửi to the closing sentence.
EXPECTED = {
    "quy-1": (
        "Kính gửi: UBND quận Hoàng Mai.\n"
        "Thực hiện Kế hoạch số /KH-UBND của UBND phường Thịnh Liệt về thông tin, tuyên truyền về cải cách hành chính nhà nước của phường Thịnh Liệt năm 2024, UBND phường Thịnh Liệt báo cáo kết quả thực hiện quý I năm 2024. Số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024, cụ thể như sau:\n"
        "I. KẾT QUẢ THỰC HIỆN\n"
        "1. Tham mưu xây dựng kế hoạch tuyên truyền CCHC: đã thực hiện 01 việc, gồm: Ban hành Kế hoạch 12/KH-UBND.\n"
        "2. Thông tin, tuyên truyền đầy đủ, kịp thời về tình hình, kết quả thực hiện CCHC trên Cổng/Trang thông tin điện tử: đã thực hiện 02 tin/bài (chỉ tiêu: 12 tin/bài/năm), gồm: Phường triển khai CCHC năm 2024; Một cửa điện tử tại phường.\n"
        "3. Phối hợp BP Văn hóa thông tin, hằng quý có ít nhất 01 tin/bài về thực hiện CCHC gửi đăng trên Cổng thông tin điện tử Quận: đã thực hiện 01 tin/bài (chỉ tiêu: 01 tin/bài/quý), gồm: Tin quý I gửi Cổng thông tin Quận.\n"
        "II. TỒN TẠI, HẠN CHẾ\n"
        "1. Các nhiệm vụ được thực hiện đúng tiến độ.\n"
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI\n"
        "1. Tham mưu xây dựng kế hoạch tuyên truyền CCHC.\n"
        "2. Thông tin, tuyên truyền đầy đủ, kịp thời về tình hình, kết quả thực hiện CCHC trên Cổng/Trang thông tin điện tử.\n"
        "3. Phối hợp BP Văn hóa thông tin, hằng quý có ít nhất 01 tin/bài về thực hiện CCHC gửi đăng trên Cổng thông tin điện tử Quận (tiếp tục duy trì).\n"
        "IV. ĐỀ XUẤT, KIẾN NGHỊ\n"
        "Không có.\n"
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước quý I năm 2024 của UBND phường Thịnh Liệt./.\n"
    ),
    "6-thang": (
        "Kính gửi: UBND quận Hoàng Mai.\n"
        "Thực hiện Kế hoạch số /KH-UBND của UBND phường Thịnh Liệt về thông tin, tuyên truyền về cải cách hành chính nhà nước của phường Thịnh Liệt năm 2024, UBND phường Thịnh Liệt báo cáo kết quả thực hiện 6 tháng đầu năm 2024. Số liệu tính từ ngày 15/12/2023 đến ngày 14/6/2024, cụ thể như sau:\n"
        "I. KẾT QUẢ THỰC HIỆN\n"
        "1. Tham mưu xây dựng kế hoạch tuyên truyền CCHC: đã thực hiện 01 việc, gồm: Ban hành Kế hoạch 12/KH-UBND.\n"
        "2. Thông tin, tuyên truyền đầy đủ, kịp thời về tình hình, kết quả thực hiện CCHC trên Cổng/Trang thông tin điện tử: đã thực hiện 04 tin/bài (chỉ tiêu: 12 tin/bài/năm), gồm: Phường triển khai CCHC năm 2024; Một cửa điện tử tại phường; Dịch vụ công trực tuyến.\n"
        "3. Phối hợp BP Văn hóa thông tin, hằng quý có ít nhất 01 tin/bài về thực hiện CCHC gửi đăng trên Cổng thông tin điện tử Quận: đã thực hiện 01 tin/bài (chỉ tiêu: 01 tin/bài/quý), gồm: Tin quý I gửi Cổng thông tin Quận.\n"
        "4. Thường xuyên lồng ghép nội dung tuyên truyền về CCHC vào nội dung phổ biến, giáo dục pháp luật trên địa bàn Phường: đã thực hiện 01 việc, gồm: Lồng ghép CCHC trong phổ biến pháp luật tổ dân phố số 3.\n"
        "II. TỒN TẠI, HẠN CHẾ\n"
        "1. Các nhiệm vụ được thực hiện đúng tiến độ.\n"
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI\n"
        "1. Tham mưu xây dựng kế hoạch tuyên truyền CCHC.\n"
        "2. Thông tin, tuyên truyền đầy đủ, kịp thời về tình hình, kết quả thực hiện CCHC trên Cổng/Trang thông tin điện tử.\n"
        "3. Phối hợp BP Văn hóa thông tin, hằng quý có ít nhất 01 tin/bài về thực hiện CCHC gửi đăng trên Cổng thông tin điện tử Quận.\n"
        "4. Thường xuyên lồng ghép nội dung tuyên truyền về CCHC vào nội dung phổ biến, giáo dục pháp luật trên địa bàn Phường.\n"
        "IV. ĐỀ XUẤT, KIẾN NGHỊ\n"
        "Không có.\n"
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước 6 tháng đầu năm 2024 của UBND phường Thịnh Liệt./.\n"
    ),
    "nam": (
        "Kính gửi: UBND quận Hoàng Mai.\n"
        "Thực hiện Kế hoạch số /KH-UBND của UBND phường Thịnh Liệt về thông tin, tuyên truyền về cải cách hành chính nhà nước của phường Thịnh Liệt năm 2024, UBND phường Thịnh Liệt báo cáo kết quả thực hiện năm 2024. Số liệu tính từ ngày 15/12/2023 đến ngày 14/12/2024, cụ thể như sau:\n"
        "I. KẾT QUẢ THỰC HIỆN\n"
        "1. Tham mưu xây dựng kế hoạch tuyên truyền CCHC: đã thực hiện 01 việc, gồm: Ban hành Kế hoạch 12/KH-UBND.\n"
        "2. Thông tin, tuyên truyền đầy đủ, kịp thời về tình hình, kết quả thực hiện CCHC trên Cổng/Trang thông tin điện tử: đã thực hiện 04 tin/bài (chỉ tiêu: 12 tin/bài/năm), gồm: Phường triển khai CCHC năm 2024; Một cửa điện tử tại phường; Dịch vụ công trực tuyến.\n"
        "3. Phối hợp BP Văn hóa thông tin, hằng quý có ít nhất 01 tin/bài về thực hiện CCHC gửi đăng trên Cổng thông tin điện tử Quận: đã thực hiện 01 tin/bài (chỉ tiêu: 01 tin/bài/quý), gồm: Tin quý I gửi Cổng thông tin Quận.\n"
        "4. Lồng ghép việc thực hiện thông tin, tuyên truyền CCHC trong kế hoạch kiểm tra CCHC năm 2024: đã thực hiện 01 việc, gồm: Kiểm tra CCHC năm 2024 tại các bộ phận.\n"
        "5. Chủ trì, phối hợp với các bộ phận tổ chức Hội nghị Đối thoại giữa chính quyền - người dân về CCHC: đã thực hiện 01 việc, gồm: Hội nghị đối thoại với người dân về CCHC.\n"
        "6. Thường xuyên lồng ghép nội dung tuyên truyền về CCHC vào nội dung phổ biến, giáo dục pháp luật trên địa bàn Phường: đã thực hiện 01 việc, gồm: Lồng ghép CCHC trong phổ biến pháp luật tổ dân phố số 3.\n"
        "II. TỒN TẠI, HẠN CHẾ\n"
        "1. Phối hợp BP Văn hóa thông tin, hằng quý có ít nhất 01 tin/bài về thực hiện CCHC gửi đăng trên Cổng thông tin điện tử Quận: chậm quý II, quý III/2024 (cần 01 tin/bài/quý).\n"
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI\n"
        "1. Tham mưu xây dựng kế hoạch tuyên truyền CCHC.\n"
        "2. Thông tin, tuyên truyền đầy đủ, kịp thời về tình hình, kết quả thực hiện CCHC trên Cổng/Trang thông tin điện tử.\n"
        "3. Phối hợp BP Văn hóa thông tin, hằng quý có ít nhất 01 tin/bài về thực hiện CCHC gửi đăng trên Cổng thông tin điện tử Quận.\n"
        "4. Lồng ghép việc thực hiện thông tin, tuyên truyền CCHC trong kế hoạch kiểm tra CCHC năm 2024.\n"
        "5. Chủ trì, phối hợp với các bộ phận tổ chức Hội nghị Đối thoại giữa chính quyền - người dân về CCHC.\n"
        "6. Thường xuyên lồng ghép nội dung tuyên truyền về CCHC vào nội dung phổ biến, giáo dục pháp luật trên địa bàn Phường.\n"
        "IV. ĐỀ XUẤT, KIẾN NGHỊ\n"
        "Không có.\n"
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước năm 2024 của UBND phường Thịnh Liệt./.\n"
    ),
}


@pytest.mark.parametrize("period", sorted(EXPECTED))
def test_each_section_of_the_report_is_the_text_a_clerk_writes(repo, period):
    code, out, err = repo.run("report", PLAN, "--period", period)
    assert code == 0, err
    text = _text(repo.root / "dist" / f"{PLAN}-bao-cao-{period}-2024.docx")
    assert text[text.index("Kính gửi") : text.index("Nơi nhận")] == EXPECTED[period]


def test_entries_on_body_items_count_in_the_json_the_docx_and_the_progress_page(repo):
    from conftest import Quiet

    from kehoach.pipeline.check import load_and_validate, load_progress
    from kehoach.site.generate import generate

    code, out, err = repo.run("report", PLAN, "--period", "nam", "--format", "json")
    assert code == 0, err
    done = {t["task"]: t["done"] for t in json.loads(out)["tasks"]}
    assert done["to-chuc-thuc-hien/bp-tu-phap"] == 1  # a block of the body (IV.3)
    assert done["to-chuc-thuc-hien/bp-van-phong/doi-thoai"] == 1  # an item nested in a block
    assert done["to-chuc-thuc-hien/bp-van-hoa-thong-tin/tin-bai"] == 4  # counts of 1, 1 and 2
    corpus = load_and_validate(repo.plans, None, Quiet())
    ledgers = load_progress(repo.root / "progress", corpus)
    page = dict(generate(corpus, repo.root / "dist", ledgers=ledgers))[f"ke-hoach/{PLAN}.md"].decode()
    assert "8 việc đã ghi" in page and "Hội nghị đối thoại với người dân về CCHC" in page
    assert "Lồng ghép CCHC trong phổ biến pháp luật tổ dân phố số 3" in page


def test_a_communes_report_lists_only_what_is_addressed_to_it(repo):
    code, out, err = repo.run("report", "soc-son-2027", "--period", "nam", "--format", "json")
    assert code == 0, err
    tasks = json.loads(out)["tasks"]
    assert [t["where"] for t in tasks] == [
        "Phụ lục, dòng 1",
        "Phụ lục, dòng 2",
        "Phụ lục, dòng 3",
        "Phụ lục, dòng 4",
        "Phụ lục, dòng 5",
        "IV.1.d)",
    ]
    assert all(t["inherited"] for t in tasks)  # cited by their label in the DOCX, not pasted
    assert len({t["text"] for t in tasks}) == len(tasks)


def test_the_children_that_logged_nothing_are_named(repo):
    code, out, err = repo.run("report", "ha-noi-2027", "--period", "quy-1", "--with-children", "--format", "json")
    assert code == 0, err
    children = json.loads(out)["children"]
    assert children["silent"] == ["UBND phường Hoàng Mai", "UBND xã Sóc Sơn"]
    assert [c["plan"] for c in children["shares"]] == ["hoang-mai-2027", "soc-son-2027"]


@pytest.mark.slow
def test_the_report_opens_with_kinh_gui_and_ends_on_a_page_with_text(repo, tmp_path):
    soffice = require_tool("soffice")
    require_tool("pdftotext")
    assert repo.run("report", PLAN, "--period", "nam")[0] == 0
    docx = repo.root / "dist" / f"{PLAN}-bao-cao-nam-2024.docx"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / docx.with_suffix(".pdf").name
    pages = int(
        re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1]
    )

    def page(n: int) -> str:
        return subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True
        ).stdout

    assert "Kính gửi: UBND quận Hoàng Mai." in page(1)
    assert page(pages).strip() and "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ NĂM 2024" in page(pages)


def test_the_progress_page_agrees_with_the_reports_json(repo):
    """Issue #29: the progress page's table says what the year's report says, task by task."""
    from conftest import Quiet

    from kehoach.pipeline.check import load_and_validate, load_progress
    from kehoach.site.generate import generate

    code, out, err = repo.run("report", PLAN, "--period", "nam", "--format", "json")
    assert code == 0, err
    corpus = load_and_validate(repo.plans, None, Quiet())
    ledgers = load_progress(repo.root / "progress", corpus)
    page = dict(generate(corpus, repo.root / "dist", ledgers=ledgers))[f"ke-hoach/{PLAN}.md"].decode()
    for task in json.loads(out)["tasks"]:
        progress = page[page.index('<h2 id="tien-do">') :]
        row = re.search(rf'<tr>(<td><a href="#(?:phu-luc/)?{re.escape(task["task"])}">.*?)</tr>', progress)
        assert row, task["task"]
        cells = re.findall(r"<td>(.*?)</td>", row[1])
        assert cells[3].split("<")[0].strip().split("/")[0] == str(task["done"]), task["task"]
        assert task["state_text"] in cells[4], task["task"]


def test_a_task_cut_short_ends_its_sentence_once():
    """The Trung tâm's report listed 'ứng dụng iHanoi và các nền tảng xã hội….': a task named by its
    first 30 words ends with '…', and no full stop is added after it (nor after one already there)."""
    from kehoach.render.report import _sentence

    assert _sentence("các nền tảng xã hội…") == "các nền tảng xã hội…"
    assert _sentence("Ban hành Kế hoạch.") == "Ban hành Kế hoạch."
    assert _sentence("Ban hành Kế hoạch") == "Ban hành Kế hoạch."
