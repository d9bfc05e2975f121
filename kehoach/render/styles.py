"""The paragraph styles of the DOCX template, declared once: the template is made from this
table (``scripts/make_template.py``) and the renderer names its paragraphs from it.

Styles are named by role, as a clerk restyling the template in Word sees them (*KH Nội dung*,
*KH Mục* …); the renderer refers to each by its style id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    name: str  # as Word shows it
    id: str  # w:styleId, what the rendered paragraphs refer to
    size: int  # pt
    bold: bool
    italic: bool
    align: str  # justify, center, left
    indent_cm: float  # first line
    before_pt: int  # space before
    keep_with_next: bool


STYLES = (
    Style("KH Nội dung", "KHNoiDung", 14, False, False, "justify", 1.0, 6, False),
    Style("KH Mục", "KHMuc", 14, True, False, "justify", 1.0, 6, True),
    Style("KH Khoản", "KHKhoan", 14, True, False, "justify", 1.0, 6, True),
    Style("KH Điểm", "KHDiem", 14, False, False, "justify", 1.0, 6, False),
    Style("KH Cơ quan chủ quản", "KHCoQuanChuQuan", 13, False, False, "center", 0, 0, False),
    Style("KH Cơ quan ban hành", "KHCoQuanBanHanh", 13, True, False, "center", 0, 0, False),
    Style("KH Số ký hiệu", "KHSoKyHieu", 13, False, False, "center", 0, 6, False),
    Style("KH Quốc hiệu", "KHQuocHieu", 13, True, False, "center", 0, 0, False),
    Style("KH Tiêu ngữ", "KHTieuNgu", 14, True, False, "center", 0, 0, False),
    Style("KH Địa danh", "KHDiaDanh", 14, False, True, "center", 0, 6, False),
    Style("KH Tên loại", "KHTenLoai", 14, True, False, "center", 0, 24, True),
    Style("KH Trích yếu", "KHTrichYeu", 14, True, False, "center", 0, 0, True),
    Style("KH Đường kẻ", "KHDuongKe", 2, False, False, "center", 0, 0, False),
    Style("KH Nhãn nơi nhận", "KHNhanNoiNhan", 12, True, True, "left", 0, 6, False),
    Style("KH Nơi nhận", "KHNoiNhan", 11, False, False, "left", 0, 0, False),
    Style("KH Chữ ký", "KHChuKy", 14, True, False, "center", 0, 0, False),
    Style("KH Phụ lục", "KHPhuLuc", 14, True, False, "center", 0, 0, False),
    Style("KH Tên phụ lục", "KHTenPhuLuc", 14, True, False, "center", 0, 0, False),
    Style("KH Kèm theo", "KHKemTheo", 14, False, True, "center", 0, 0, False),
    Style("KH Bảng", "KHBang", 12, False, False, "left", 0, 3, False),
    Style("KH Bảng tiêu đề", "KHBangTieuDe", 12, True, False, "center", 0, 3, False),
    Style("KH Số trang", "KHSoTrang", 14, False, False, "center", 0, 0, False),
)
_BY_NAME = {s.name: s for s in STYLES}

BODY = _BY_NAME["KH Nội dung"]
SECTION = _BY_NAME["KH Mục"]  # mục I. II.
CLAUSE = _BY_NAME["KH Khoản"]  # khoản 1. 2.
ITEM = _BY_NAME["KH Điểm"]  # điểm a) b) and deeper
PARENT_AGENCY = _BY_NAME["KH Cơ quan chủ quản"]
AGENCY = _BY_NAME["KH Cơ quan ban hành"]
NUMBER = _BY_NAME["KH Số ký hiệu"]
PLACE_DATE = _BY_NAME["KH Địa danh"]
SUBJECT = _BY_NAME["KH Trích yếu"]
KIND = _BY_NAME["KH Tên loại"]
APPENDIX = _BY_NAME["KH Phụ lục"]
APPENDIX_TITLE = _BY_NAME["KH Tên phụ lục"]
ATTACHMENT = _BY_NAME["KH Kèm theo"]
RECIPIENT = _BY_NAME["KH Nơi nhận"]
SIGNATURE = _BY_NAME["KH Chữ ký"]
RULE = _BY_NAME["KH Đường kẻ"]  # the short line under the agency's name
PAGE_NUMBER = _BY_NAME["KH Số trang"]
# 'Kính gửi' (ô 9a) looks as the page number does: 14, upright, centred, no spacing; the template
# has no style of its own for it (a plan has no Kính gửi, only a báo cáo does).
ADDRESSEE = PAGE_NUMBER
