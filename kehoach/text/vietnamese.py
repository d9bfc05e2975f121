"""Vietnamese writing conventions used across the product.

- *điểm* letters: the 23-letter Vietnamese sequence a b c d đ e g h i k l m n o p q r s t u v x y
  (no f j w z, no vowels with diacritics). Decree 30/2020 Phụ lục I II.6.đ.
- dates: a leading 0 for days below 10 and for months 1 and 2 only (Phụ lục I II.4.b),
  e.g. "ngày 07 tháng 3 năm 2025", "24/01/2025".
- folding: removing diacritics so that "tuyen truyen" finds "tuyên truyền".
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable

LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
]

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def letter(index: int) -> str:
    """The điểm letter for a 0-based position; past 'y' the sequence doubles (aa, ab …)."""
    if index < len(LETTERS):
        return LETTERS[index]
    head, tail = divmod(index, len(LETTERS))
    return letter(head - 1) + LETTERS[tail]


def roman(number: int) -> str:
    """Roman numeral for a mục number (1 → I)."""
    out = []
    for value, digits in _ROMAN:
        while number >= value:
            out.append(digits)
            number -= value
    return "".join(out)


def day_str(day: int) -> str:
    return f"{day:02d}"


def month_str(month: int) -> str:
    """Months 1 and 2 take a leading zero; the others do not."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_short(date: dt.date) -> str:
    """24/01/2025, 07/3/2025, 14/6/2021."""
    return f"{day_str(date.day)}/{month_str(date.month)}/{date.year}"


def date_long(date: dt.date) -> str:
    """ngày 24 tháng 01 năm 2025."""
    return f"ngày {day_str(date.day)} tháng {month_str(date.month)} năm {date.year}"


def nfc(text: str) -> str:
    """Compose decomposed (NFD) Vietnamese as some editors save it."""
    return unicodedata.normalize("NFC", text)


class _Marks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks: each code point is asked about once
    (``unicodedata.combining``), then looked up in C. Folding the search index of 5,000 plans
    character by character in Python took over two seconds."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower-case and strip diacritics: 'Tuyên truyền' → 'tuyen truyen', 'Đ' → 'd'."""
    text = text.lower().replace("đ", "d")
    return unicodedata.normalize("NFD", text).translate(_MARKS)


ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"  # the Vietnamese letters, in dictionary order
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The dictionary order of Vietnamese names: 'Điện Biên' after 'Đà Nẵng' and after every
    name in D, 'Ă' after 'A'; letters first, tones (ngang, huyền, hỏi, ngã, sắc, nặng) only to
    break ties. A space sorts first; characters outside the alphabet after it, by code point."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
            continue
        if unicodedata.combining(ch) and letters:  # the breve, circumflex, horn: part of the letter
            base = ALPHABET[letters[-1]] if letters[-1] < len(ALPHABET) else ""
            composed = unicodedata.normalize("NFC", base + ch)
            if composed in ALPHABET:
                letters[-1] = ALPHABET.index(composed)
            continue
        if ch.isspace():  # a word ends before any letter: 'Hà Nội' before 'Hải Phòng'
            letters.append(-1)
        else:
            letters.append(ALPHABET.index(ch) if ch in ALPHABET else len(ALPHABET) + ord(ch))
        tones.append(0)
    return tuple(letters), tuple(tones)


def slug(text: str) -> str:
    """A URL-safe name without diacritics: 'Hà Nội' → 'ha-noi'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "khac"


def upper(text: str) -> str:
    """Capitals for mục headings and signature lines."""
    return text.upper()


def number(value: float, digits: int = 0) -> str:
    """A number as Vietnamese writes it: 4.000.000, 1.234,5."""
    return f"{value:,.{digits}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to ``word`` (also ignoring diacritics), or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    if not close:
        folded = {fold(c): c for c in choices}
        close = [folded[m] for m in difflib.get_close_matches(fold(word), sorted(folded), n=1, cutoff=0.6)]
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A Vietnamese 'did you mean' fragment, or '' when nothing is close."""
    meant = closest(word, choices)
    return f"Có phải ý bạn là '{meant}'?" if meant else ""
