"""The font a PDF will really use for Times New Roman, checked before LibreOffice converts.

Decree 30 asks for Times New Roman with the Vietnamese characters of TCVN 6909:2001 (NĐ
30/2020, Phụ lục I, I.4). A Linux machine has no Times New Roman: fontconfig gives LibreOffice
a substitute. A substitute with the same metrics (Liberation Serif 2, Tinos) keeps every line
break of the DOCX; one without them, or one missing a glyph (Liberation Serif 1.07 has no ơ, ư
in some forms), makes LibreOffice draw those characters in yet another typeface, so lines move
and page 1 of the PDF differs from the DOCX. :func:`check` finds this out before converting.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FAMILY = "Times New Roman"
# Families drawn with Times New Roman's metrics (the same advance widths), so text lays out alike.
METRIC_COMPATIBLE = ("Times New Roman", "Liberation Serif", "Tinos", "Thorndale")
PACKAGES = "'fonts-liberation2' (Liberation Serif 2) hoặc 'fonts-croscore' (Tinos)"


@dataclass(frozen=True)
class FontCheck:
    family: str  # what fontconfig gives for Times New Roman
    file: Path
    missing: tuple[str, ...]  # characters of the text the font has no glyph for

    @property
    def compatible(self) -> bool:
        return self.family in METRIC_COMPATIBLE

    @property
    def ok(self) -> bool:
        return self.compatible and not self.missing

    def problem(self) -> str:
        """What is wrong and what to do, in Vietnamese (empty when nothing is)."""
        if self.ok:
            return ""
        if not self.compatible:
            what = f"phông máy này dùng thay cho {FAMILY} là {self.family} ({self.file}), không cùng kích thước chữ"
        else:
            shown = " ".join(self.missing[:20]) + (" …" if len(self.missing) > 20 else "")
            what = f"phông {self.family} ({self.file}) dùng thay cho {FAMILY} thiếu các chữ: {shown}"
        return (
            f"Không tạo PDF: {what}, nên LibreOffice sẽ vẽ chữ bằng phông khác và trang PDF lệch với DOCX "
            f"(NĐ 30/2020, Phụ lục I, I.4: phông {FAMILY}, bộ mã TCVN 6909:2001). Cài gói {PACKAGES} "
            "(trên Debian: sudo apt-get install fonts-liberation2), rồi chạy lại; hoặc thêm --allow-font-fallback "
            "để vẫn tạo PDF với phông thay thế."
        )


def characters(texts: Iterable[str]) -> set[str]:
    """The characters a text prints (NFC), without spaces and control characters."""
    out: set[str] = set()
    for text in texts:
        out.update(unicodedata.normalize("NFC", text))
    return {c for c in out if not c.isspace() and unicodedata.category(c)[0] != "C"}


STYLES = ("", ":bold", ":italic", ":bold:italic")  # the document uses all four


def check(chars: set[str]) -> FontCheck | None:
    """The substitute for Times New Roman and the characters of ``chars`` it lacks (in any of
    its regular, bold, italic faces); None when fontconfig is not there to ask (LibreOffice
    then decides alone)."""
    from fontTools.ttLib import TTFont

    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    found: list[tuple[Path, str]] = []
    for style in STYLES:
        result = subprocess.run(
            [fc_match, "--format=%{file}\n%{family[0]}\n", FAMILY + style], capture_output=True, text=True, timeout=60
        )
        lines = result.stdout.splitlines()
        if result.returncode != 0 or len(lines) < 2:
            return None
        found.append((Path(lines[0]), lines[1]))
    missing: set[str] = set()
    for file, _ in found:
        with TTFont(str(file), fontNumber=0, lazy=True) as font:
            cmap = font.getBestCmap() or {}
        missing |= {c for c in chars if ord(c) not in cmap}
    families = {family for _, family in found}
    family = found[0][1] if len(families) == 1 else " / ".join(sorted(families))
    return FontCheck(family, found[0][0], tuple(sorted(missing)))
