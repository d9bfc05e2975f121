"""The opening words of an item (kehoach.text.markup.opening), as the site's lists name it."""

from __future__ import annotations

from kehoach.text.markup import opening


def test_a_short_text_is_given_whole():
    assert opening("Trang thông tin CCHC") == "Trang thông tin CCHC"
    assert opening("x" * 70) == "x" * 70


def test_a_long_text_is_cut_between_words_with_an_ellipsis():
    text = "Các Sở, ban, ngành Thành phố, các cơ quan ngành dọc Trung ương đóng trên địa bàn Thành phố"
    cut = opening(text)
    assert cut == "Các Sở, ban, ngành Thành phố, các cơ quan ngành dọc Trung ương đóng…"
    assert len(cut) <= 70 and text.startswith(cut[:-1])


def test_no_punctuation_before_the_ellipsis_and_a_word_longer_than_the_half_is_cut():
    assert opening("Tuyên truyền, phổ biến, " * 5, 30) == "Tuyên truyền, phổ biến…"
    assert opening("a " + "x" * 100, 20) == "a " + "x" * 17 + "…"
