"""Tracking what was done and the periodic report (issue #15): the ledger, log, the figures of a
period against hand-computed ones (cut-off boundary days included), the report DOCX, the site."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from conftest import FIXTURES, ROOT, PlansDir, require_tool

LEDGER = FIXTURES / "progress" / "ha-noi-ttpvhcc-2025.yaml"
PLAN = "ha-noi-ttpvhcc-2025"


@pytest.fixture
def repo(tmp_path) -> PlansDir:
    """The real plans, with the Trung tâm's ledger."""
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", work / "plans")
    (work / "progress").mkdir()
    shutil.copy(LEDGER, work / "progress" / LEDGER.name)
    p = PlansDir.__new__(PlansDir)
    p.root, p.plans = work, work / "plans"
    return p


def figures(repo: PlansDir, period: str, *extra: str, plan: str = PLAN) -> dict:
    code, out, err = repo.run("report", plan, "--period", period, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def by_task(data: dict) -> dict:
    return {t["task"]: (t["done"], t["expected"], t["state"]) for t in data["tasks"]}


def test_quarter_one_figures_by_hand(repo):
    data = figures(repo, "quy-1")
    assert data["period"] == {
        "id": "quy-1",
        "name": "Quý I",
        "phrase": "quý I năm 2025",
        "cutoff": "Số liệu tính từ ngày 15/12/2024 đến ngày 14/3/2025",
        "from": "2024-12-15",
        "to": "2025-03-14",
    }
    tasks = by_task(data)
    assert tasks["ban-hanh-ke-hoach"] == (1, 0, "done")  # by 20/02, done 12/02
    assert tasks["tin-bai-trang-thanh-pho"] == (3, 3, "done")  # 20/01, 25/02, 14/03 (the cut-off day); not 15/03
    assert tasks["bao-cao-dinh-ky"] == (1, 0, "on-track")
    assert tasks["doi-thoai-tthc"] == (0, 0, "none")  # 28/03 is after the cut-off
    assert tasks["to-chuc-thuc-hien/tt-quan-tri-he-thong/a"] == (0, 18, "none")  # 31/03: after the cut-off


def test_year_figures_by_hand(repo):
    data = figures(repo, "nam")
    assert (data["period"]["from"], data["period"]["to"]) == ("2024-12-15", "2025-12-14")
    tasks = by_task(data)
    assert tasks["tin-bai-trang-thanh-pho"] == (7, 12, "late")  # one a month; none in July
    assert tasks["to-chuc-thuc-hien/tt-quan-tri-he-thong/a"] == (12, 18, "on-track")  # 3 + 9 (14/12); 15/12 is not in
    row = next(t for t in data["tasks"] if t["task"] == "tin-bai-trang-thanh-pho")
    # every month that ended below its quota, as a report says it (issue #29)
    assert row["why"] == "chậm từ tháng 7 đến tháng 11/2025 (cần 01 tin/bài/tháng)"
    assert row["target"] == ["01 tin/bài/tháng"]
    assert [e["date"] for e in row["entries"]][:3] == ["2025-01-20", "2025-02-25", "2025-03-14"]


def test_cutoff_day_from_the_plan(repo):
    plan = repo.plans / "ha-noi" / f"{PLAN}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "reporting: {cutoff_day: 0}\n", encoding="utf-8")
    data = figures(repo, "quy-1")
    assert (data["period"]["from"], data["period"]["to"]) == ("2025-01-01", "2025-03-31")
    tasks = by_task(data)
    assert tasks["tin-bai-trang-thanh-pho"][0] == 4 and tasks["to-chuc-thuc-hien/tt-quan-tri-he-thong/a"][0] == 3


def test_children_roll_up(repo):
    data = figures(repo, "nam", "--with-children", plan="ha-noi-2025")
    assert data["children"]["units"] == 1 and data["children"]["reporting"] == 1
    # the Trung tâm's inherited rows, added up: 7 news items on the city's site in the year's cut-off
    assert data["children"]["done"]["tin-bai-trang-thanh-pho"] == 7
    assert repo.run("report", "ha-noi-2025", "--period", "nam", "--with-children")[0] == 0
    docx = (repo.root / "dist" / "ha-noi-2025-bao-cao-nam-2025.docx").read_bytes()
    assert (
        "Các đơn vị cấp dưới: 1/1 đơn vị có số liệu trong kỳ."
        in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    )


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "  - {key: x, task: tin-bai-trang-thanh-phoo, date: 01/04/2025, title: T}\n",
            "progress/ha-noi-ttpvhcc-2025.yaml:36:20: entries[x].task: kế hoạch 'ha-noi-ttpvhcc-2025' không có việc "
            "'tin-bai-trang-thanh-phoo' Gợi ý: Có phải ý bạn là 'tin-bai-trang-thanh-pho'?",
        ),
        (
            "  - {key: x, task: bao-cao-dinh-ky, date: 01/04/2024, title: T}\n",
            "progress/ha-noi-ttpvhcc-2025.yaml:36:43: entries[x].date: ngày 01/04/2024 nằm ngoài năm 2025 của kế hoạch "
            "Gợi ý: Ghi việc vào sổ của kế hoạch năm đó.",
        ),
        (
            "  - {key: tp-01, task: bao-cao-dinh-ky, date: 01/04/2025, title: T}\n",
            "progress/ha-noi-ttpvhcc-2025.yaml:36:11: entries[13].key: khóa 'tp-01' bị trùng (đã dùng ở dòng 13) "
            "Gợi ý: Mỗi mục trong một danh sách cần một khóa riêng.",
        ),
        (
            "  - {key: x, task: bao-cao-dinh-ky, date: 01/04/2025, title: T, link: ftp://a.vn/b}\n",
            "progress/ha-noi-ttpvhcc-2025.yaml:36:71: entries[x].link: đường dẫn 'ftp://a.vn/b' không phải http:// "
            "hay https:// Gợi ý: Chép nguyên địa chỉ bài đã đăng, ví dụ https://hanoi.gov.vn/tin-tuc/…",
        ),
        (
            "  - {key: x, task: bao-cao-dinh-ky, date: 31/02/2025, title: T}\n",
            "progress/ha-noi-ttpvhcc-2025.yaml:36:43: entries[x].date: ngày '31/02/2025' không hợp lệ hoặc không có "
            "thật Gợi ý: Viết ngày dạng dd/mm/yyyy, ví dụ 24/01/2025.",
        ),
    ],
)
def test_bad_ledgers_get_exact_messages(repo, entry, message):
    ledger = repo.root / "progress" / LEDGER.name
    ledger.write_text(LEDGER.read_text(encoding="utf-8") + entry, encoding="utf-8")
    code, _, err = repo.run("check")
    assert code == 1
    assert err.splitlines()[0] == message


def test_ledger_of_no_plan(repo):
    (repo.root / "progress" / "khong-co-2025.yaml").write_text("entries: []\n", encoding="utf-8")
    code, _, err = repo.run("check")
    assert code == 1 and "progress/khong-co-2025.yaml:1:1: không có kế hoạch 'khong-co-2025' cho sổ theo dõi này" in err


def test_log_appends_and_keeps_comments(repo):
    ledger = repo.root / "progress" / LEDGER.name
    before = ledger.read_text(encoding="utf-8")
    code, out, err = repo.run(
        "log",
        PLAN,
        "tin-bai-trang-thanh-pho",
        "--title",
        "Tin tháng 7",
        "--date",
        "10/07/2025",
        "--link",
        "https://caicachhanhchinh.hanoi.gov.vn/tin/tp-08",
    )
    assert code == 0, err
    after = ledger.read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and entries as they were
    assert after[len(before) :] == (
        "  - key: tin-bai-trang-thanh-pho-0710\n    task: tin-bai-trang-thanh-pho\n    date: 10/07/2025\n"
        "    title: Tin tháng 7\n    link: https://caicachhanhchinh.hanoi.gov.vn/tin/tp-08\n"
    )
    assert by_task(figures(repo, "nam"))["tin-bai-trang-thanh-pho"][0] == 8


def test_log_refuses_and_changes_nothing(repo):
    ledger = repo.root / "progress" / LEDGER.name
    before = ledger.read_bytes()
    code, _, err = repo.run("log", PLAN, "tin-bai", "--title", "T", "--date", "10/07/2025")
    assert code == 2 and "log: kế hoạch 'ha-noi-ttpvhcc-2025' không có việc 'tin-bai'" in err
    code, _, err = repo.run("log", PLAN, "bao-cao-dinh-ky", "--title", "T", "--date", "10/07/2024")
    assert code == 1 and "nằm ngoài năm 2025 của kế hoạch" in err
    code, _, err = repo.run("log", PLAN, "bao-cao-dinh-ky", "--title", "T", "--date", "10/07/2025", "--link", "a.vn")
    assert code == 1 and "không phải http:// hay https://" in err
    assert ledger.read_bytes() == before


def test_log_creates_a_ledger(repo):
    code, _, err = repo.run(
        "log", "thinh-liet-2024", "noi-dung-hinh-thuc", "--title", "Hội nghị", "--date", "05/05/2024"
    )
    assert code == 0, err
    text = (repo.root / "progress" / "thinh-liet-2024.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/progress.schema.json")
    assert "task: noi-dung-hinh-thuc" in text
    assert repo.run("check")[0] == 0


def test_report_docx_is_deterministic_and_a_report(repo):
    code, out, err = repo.run("report", PLAN, "--period", "quy-1")
    assert code == 0, err
    path = repo.root / "dist" / f"{PLAN}-bao-cao-quy-1-2025.docx"
    first = path.read_bytes()
    assert repo.run("report", PLAN, "--period", "quy-1")[0] == 0
    assert path.read_bytes() == first
    xml = zipfile.ZipFile(io.BytesIO(first)).read("word/document.xml").decode()
    for text in (
        "BÁO CÁO",
        "KẾT QUẢ THỰC HIỆN",
        "TỒN TẠI, HẠN CHẾ",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        "ĐỀ XUẤT, KIẾN NGHỊ",
        "Chỉ tiêu",
        "Đã thực hiện",
        "Tình trạng",
        "15/12/2024",
        "14/3/2025",
        "Kính gửi: UBND thành phố Hà Nội.",
        "/BC-TTPVHCC",
        "Như trên",  # Nơi nhận of a báo cáo with Kính gửi
    ):
        assert text in xml, text
    assert "Cơ quan, đơn vị chủ trì" not in xml


def test_report_docx_opens_in_libreoffice(repo, tmp_path):
    soffice = require_tool("soffice")
    assert repo.run("report", PLAN, "--period", "nam")[0] == 0
    path = repo.root / "dist" / f"{PLAN}-bao-cao-nam-2025.docx"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / path.with_suffix(".pdf").name
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and "Kết quả thực hiện Kế hoạch thông tin" in text and "Chậm" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    page2 = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True
    )
    assert page2.stdout.strip().splitlines()[0].strip() == "2"  # numbered from page 2, as a plan


def test_report_docx_has_the_plan_format(repo):
    """The same format checks as plans (tests/render/test_docx.py): A4, margins, the landscape appendix
    numbered from 1, Times New Roman only, the page number from page 2."""
    import re

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    assert repo.run("report", PLAN, "--period", "quy-1")[0] == 0
    path = repo.root / "dist" / f"{PLAN}-bao-cao-quy-1-2025.docx"
    doc = Document(str(path))
    first, appendix = doc.sections[0], doc.sections[1]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        25,
        20,
        35,
        20,
    ]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert first.different_first_page_header_footer and "PAGE" in first.header._element.xml
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/styles.xml").decode() + z.read("word/document.xml").decode()
    assert set(re.findall(r'<w:rFonts [^>]*?w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', xml)) == {"Times New Roman"}


def test_site_progress_sections(repo):
    from conftest import Quiet

    from kehoach.pipeline.check import load_and_validate, load_progress
    from kehoach.site.generate import generate

    corpus = load_and_validate(repo.plans, None, Quiet())
    ledgers = load_progress(repo.root / "progress", corpus)
    files = dict(generate(corpus, repo.root / "dist", ledgers=ledgers))
    page = files[f"ke-hoach/{PLAN}.md"].decode()  # its "Tiến độ thực hiện" section
    assert "Số liệu đến ngày 15/12/2025 (13 việc đã ghi)" in page
    assert (
        '<span class="kh-progress-late">Chậm</span>' in page
        and 'href="https://caicachhanhchinh.hanoi.gov.vn/tin/tp-01"' in page
    )
    # a section of the plan's page (issue #31), each row and each list of entries linking to its item
    section = page[page.index('<h2 id="tien-do">') :]
    section = section[: section.index("<script")]
    ids = set(re.findall(r' id="([^"]+)"', page))
    links = re.findall(r'<a href="#([^"]+)">', section)
    assert len(links) > 10 and set(links) <= ids, set(links) - ids
    assert '<tr><td><a href="#phu-luc/' in section and '<h3 id="viec-da-lam">Việc đã làm</h3>' in section
    # each row names its item by its opening words: the whole text is a link away on the page
    named = re.findall(r'<tr><td><a href="#[^"]+">[^<]+</a></td><td>([^<]*)</td>', section)
    assert named and all(len(html.unescape(n)) <= 70 for n in named) and any(n.endswith("…") for n in named)
    assert not [rel for rel in files if rel.startswith("tien-do/")]
    overview = files["tien-do.md"].decode()
    assert f'href="../ke-hoach/{PLAN}/#tien-do"' in overview
    assert "<svg" in overview and "(chưa có sổ)" in overview
    assert '<h2 id="theo-cap">Theo cấp</h2>' in overview and "<td>Đơn vị sự nghiệp</td><td>1</td><td>1</td>" in overview
    assert "Chưa có sổ theo dõi" in files["ke-hoach/thinh-liet-2024.md"].decode()
    # a plan with no task and no quota: a sentence, not an empty table
    none = files["ke-hoach/kim-thanh-2025.md"].decode()
    none = none[none.index('<h2 id="tien-do">') : none.index("<script")]
    assert "<table" not in none and "không có nhiệm vụ ở phụ lục hay chỉ tiêu nào" in none
    calendar = files["lich/ke-hoach/ha-noi-2025.ics"].decode()
    assert "SUMMARY:Chốt số liệu báo cáo quý I năm 2025 (từ 15/12/2024)" in calendar
    assert "DTSTART;VALUE=DATE:20250314" in calendar


def test_parent_page_charts_its_children(repo):
    from conftest import Quiet

    from kehoach.pipeline.check import load_and_validate, load_progress
    from kehoach.plans.registry import Registry
    from kehoach.plans.review import all_warnings as warnings
    from kehoach.site.review import sections

    corpus = load_and_validate(repo.plans, None, Quiet())
    html = sections(corpus, Registry(), warnings(corpus), load_progress(repo.root / "progress", corpus))
    parent = html["ha-noi-2025"]
    assert '<h3 id="tien-do-cap-duoi">' in parent and "<svg" in parent and ">65%</text>" in parent


def test_check_verbose_suggests_targets_read_from_the_words(repo):
    code, out, _ = repo.run("check", "-v")
    assert code == 0
    assert (
        "  plans/ha-noi/ha-noi-2025.yaml:396:7: Phụ lục, dòng 3: đọc được chỉ tiêu 02 tin/bài/tháng từ câu chữ; "
        "muốn cố định thì ghi target: {count: 2, what: tin/bài, per: month}"
    ) in out.splitlines()
