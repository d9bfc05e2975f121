import datetime as dt

from kehoach.text.vietnamese import LETTERS, date_long, date_short, fold, letter, roman


def test_letter_sequence_has_dd_after_d_and_g_after_e():
    assert [letter(i) for i in range(10)] == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]


def test_letter_sequence_skips_f_j_w_z_and_ends_at_y():
    assert not {"f", "j", "w", "z"} & set(LETTERS)
    assert len(LETTERS) == 23 and LETTERS[-1] == "y"
    assert letter(23) == "aa"


def test_roman():
    assert [roman(n) for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]


def test_dates_pad_day_below_10_and_months_1_2_only():
    assert date_long(dt.date(2025, 1, 24)) == "ngày 24 tháng 01 năm 2025"
    assert date_long(dt.date(2025, 2, 28)) == "ngày 28 tháng 02 năm 2025"
    assert date_long(dt.date(2025, 3, 7)) == "ngày 07 tháng 3 năm 2025"
    assert date_short(dt.date(2021, 6, 14)) == "14/6/2021"
    assert date_short(dt.date(2025, 8, 1)) == "01/8/2025"


def test_fold_removes_diacritics():
    assert fold("Tuyên truyền ĐỔI MỚI") == "tuyen truyen doi moi"


def test_fold_drops_exactly_the_combining_marks_of_every_character():
    import unicodedata

    def by_character(text: str) -> str:  # fold as it was written first, one character at a time
        text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
        return "".join(ch for ch in text if not unicodedata.combining(ch))

    every = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    assert fold(every) == by_character(every)
    assert fold(every) == fold(every)  # asked again: from the table


def test_sort_key_is_dictionary_order():
    from kehoach.text.vietnamese import sort_key

    names = ["Điện Biên", "Hải Phòng", "Hà Nội", "Cao Bằng", "Đà Nẵng", "Dak Lak", "Ăn Khê", "An Giang", "Hà Giang"]
    assert sorted(names, key=sort_key) == [
        "An Giang", "Ăn Khê", "Cao Bằng", "Dak Lak", "Đà Nẵng", "Điện Biên", "Hà Giang", "Hà Nội", "Hải Phòng",
    ]  # fmt: skip
    assert sort_key("Ha") < sort_key("Hà") < sort_key("Hả") < sort_key("Hã") < sort_key("Há") < sort_key("Hạ")


def test_province_lists_are_in_dictionary_order_with_other_last():
    from kehoach.site.pages import OTHER, province_order

    names = [OTHER, "Điện Biên", "Hải Phòng", "Hà Nội", "Đà Nẵng", "Cao Bằng"]
    assert sorted(names, key=province_order) == ["Cao Bằng", "Đà Nẵng", "Điện Biên", "Hà Nội", "Hải Phòng", OTHER]
