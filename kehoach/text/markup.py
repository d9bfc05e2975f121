"""Inline emphasis inside item text: the only markup a plan may use.

``**đậm**`` is bold, ``*nghiêng*`` italic and ``***cả hai***`` both; ``\\*`` is a literal star.
Anything else, raw HTML included, is plain text. The result is a list of :class:`Span`
that the DOCX renderer turns into runs and the site renderer into escaped HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


class MarkupError(ValueError):
    """Emphasis markers that are not closed."""


def parse_markup(text: str) -> list[Span]:
    if "*" not in text and "\\" not in text:  # most text has no emphasis at all
        return [Span(text, False, False)] if text else []
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []
    i = 0

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "*\\":
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == "*":
            run = 1
            while i + run < len(text) and text[i + run] == "*" and run < 3:
                run += 1
            flush()
            if run == 3:
                bold, italic = not bold, not italic
            elif run == 2:
                bold = not bold
            else:
                italic = not italic
            i += run
            continue
        buf.append(ch)
        i += 1
    flush()
    if bold or italic:
        raise MarkupError("dấu nhấn mạnh '*' hoặc '**' mở mà chưa đóng")
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if out and (out[-1].bold, out[-1].italic) == (s.bold, s.italic):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic)
        else:
            out.append(s)
    return out


def escape(text: str) -> str:
    """Text as markup that reads back as exactly this text (``*`` and ``\\`` escaped)."""
    return text.replace("\\", "\\\\").replace("*", "\\*")


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs: a blank line separates them."""
    return [p.strip() for p in text.split("\n\n") if p.strip()] if text else []


def plain(text: str) -> str:
    """The text without emphasis markers."""
    return "".join(s.text for s in parse_markup(text))


def opening(text: str, limit: int = 70) -> str:
    """The opening words of a plain text, at most ``limit`` characters with the '…' that says
    more follows, cut between words: how a list names an item whose whole text is a link away."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut  # a word is not cut, a long one is
    return head.rstrip(" ,;:") + "…"


def to_html(text: str) -> str:
    """Escaped HTML with <strong>/<em>; never passes raw HTML through."""
    out = []
    for s in parse_markup(text):
        piece = html.escape(s.text, quote=True).replace("\n", "<br>")
        if s.italic:
            piece = f"<em>{piece}</em>"
        if s.bold:
            piece = f"<strong>{piece}</strong>"
        out.append(piece)
    return "".join(out)
