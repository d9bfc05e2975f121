"""The vocabulary of Decree 30/2020/NĐ-CP (thể thức văn bản hành chính), declared once.

Import reads documents with it, the lint checks plans against it, the renderer and the template
builder (``scripts/make_template.py``) lay pages out by it. Each fact names the rule it comes
from: PL1 is Phụ lục I of the decree (see ``../shared/reference/nd30.md`` in the project notes).
"""

from __future__ import annotations

import re

# -- Quốc hiệu và Tiêu ngữ (PL1 II.1.a–b) -------------------------------------------------------
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # hyphen with a space each side (PL1 II.1.b)
# The lines as clerks type them: the decree's hyphen, or an en dash from Word's autocorrect.
NATIONAL_LINES = (NATIONAL_TITLE, MOTTO, MOTTO.replace(" - ", " – "))
# Words that only the Quốc hiệu and Tiêu ngữ contain: a header part holding them was misread.
NATIONAL_WORDS = re.compile(r"CỘNG HÒA|Độc lập|Tự do\s*-\s*Hạnh phúc", re.I)

# -- Quyền hạn ký (PL1 II.7.b; Điều 13) ------------------------------------------------------------
# TM. a collective body; KT. a deputy for the head; Q. acting; TL. by order; TUQ. by authorisation.
AUTHORITY = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
# The same words as typed by hand: any case, the dot forgotten (for the lint's message).
AUTHORITY_TYPED = re.compile(r"^(" + "|".join(a.rstrip(".").lower() for a in AUTHORITY) + r")\b\.?\s*", re.IGNORECASE)

# -- Bố cục: phần, mục, khoản, điểm (PL1 II.6.c–đ, V; a Kế hoạch uses type 6b) --------------------
# Mục I. II. (Roman), khoản 1. 2. and 1.1. (Arabic), điểm a) b) … đ) (letters), and below the
# điểm the dashes '-' and '+' of practice (not in the decree, see nd30.md 3.6). '•' and '–' are
# what Word's bullets and autocorrect make of a dash.
ROMAN = r"[IVX]{1,5}\."
NUMBER = r"\d{1,2}(?:\.\d{1,2})*\."
LETTER = r"[a-zđ]\)"
DASH = r"[-–•]"
PLUS = r"\+"
ANY_LABEL = f"{ROMAN}|{NUMBER}|{LETTER}|{DASH}|{PLUS}"
# A line that begins with a label and a space (the label and the spaces are group 0).
LABEL_PREFIX = re.compile(rf"^(?:{ANY_LABEL})\s+")
# A line's label by kind, and the text after it.
LABEL = re.compile(
    r"^(?:(?P<roman>[IVX]{1,5})\.|(?P<num>\d{1,2}(?:\.\d{1,2})*)\.|(?P<letter>[a-zđ])\)|(?P<dash>[-–•])|(?P<plus>\+))"
    r"\s+(?P<rest>.*)$",
    re.S,
)
# A label typed into an item's text, where the renderer adds its own (a letter needs no space).
TYPED_LABEL = re.compile(rf"^\s*(?:{LETTER}|(?:{NUMBER}|{ROMAN}|[-–+•])(?=\s))\s*")

# -- Trang (PL1 I.3) --------------------------------------------------------------------------------
# Each margin's allowed range in mm, and its name in a message.
MARGIN_RANGES = {
    "top": (20, 25, "trên"),
    "bottom": (20, 25, "dưới"),
    "left": (30, 35, "trái"),
    "right": (15, 20, "phải"),
}
# The decree's own files use these (nd30.md 2: T 25 / B 20 / L 35 / R 20 mm).
MARGINS = {"top": 25, "bottom": 20, "left": 35, "right": 20}
# The landscape section of the decree's own Phụ lục I (nd30.md 2): where the template's appendix table goes.
LANDSCAPE_MARGINS = {"top": 20, "bottom": 15, "left": 30, "right": 15}
