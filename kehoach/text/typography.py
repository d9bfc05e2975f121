"""Text widths in Times New Roman, for rules that must match a line of text.

Decree 30/2020 wants the rule under the Tiêu ngữ exactly as long as the text and the rules
under the issuing body and the trích yếu 1/3–1/2 of it. Widths come from the font's advance
widths (1/1000 em); a Vietnamese letter is as wide as its base letter.
"""

from __future__ import annotations

import unicodedata

_REGULAR = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        [
            444,
            500,
            444,
            500,
            444,
            333,
            500,
            500,
            278,
            278,
            500,
            278,
            778,
            500,
            500,
            500,
            500,
            333,
            389,
            278,
            500,
            500,
            722,
            500,
            500,
            444,
        ],
    )
)
_REGULAR.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            722,
            667,
            667,
            722,
            611,
            556,
            722,
            722,
            333,
            389,
            722,
            611,
            889,
            722,
            722,
            556,
            722,
            667,
            556,
            611,
            722,
            722,
            944,
            722,
            722,
            611,
        ],
    )
)
_BOLD = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        [
            500,
            556,
            444,
            556,
            444,
            333,
            500,
            556,
            278,
            333,
            556,
            278,
            833,
            556,
            500,
            556,
            556,
            444,
            389,
            333,
            556,
            500,
            722,
            500,
            500,
            444,
        ],
    )
)
_BOLD.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            722,
            667,
            722,
            722,
            667,
            611,
            778,
            778,
            389,
            500,
            778,
            667,
            944,
            722,
            778,
            611,
            778,
            722,
            556,
            667,
            722,
            722,
            1000,
            722,
            722,
            667,
        ],
    )
)
_COMMON = {" ": 250, "-": 333, ",": 250, ".": 250, ":": 333, "/": 278, "(": 333, ")": 333, "–": 500}


def width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Approximate width of ``text`` in points."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("Đ", "D").replace("đ", "d"))[0]
        total += table.get(base) or _COMMON.get(base) or (556 if base.isdigit() else 500)
    return total * size_pt / 1000
