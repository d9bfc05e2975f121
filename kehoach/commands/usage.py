"""argparse in Vietnamese: its own messages translated by their msgid, as gettext would.

argparse marks every message it prints with ``_()`` (``gettext``). :func:`vietnamese` puts a
catalogue of those msgids in place while the parser is built and used, so usage errors and
help headings come out in Vietnamese. A message CPython rewords is not found in the catalogue
and comes out in English, never garbled; ``tests/commands/test_usage.py`` checks that every msgid
below is still one argparse uses, so a rewording fails a test instead of passing quietly.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from ..paths import SHIM, program

CANONICAL = f"python {SHIM}"  # how help and examples spell a command; shown as the repository types it


def typed(text: str) -> str:
    """Help, examples and usage messages as the repository types its commands (:func:`program`):
    written once with ``python build.py``, shown with ``kehoach`` in a repository made by
    ``kehoach init``, which has no build.py."""
    return text.replace(CANONICAL, program())


# argparse's msgid → Vietnamese, with the same %-placeholders.
CATALOGUE = {
    "usage: ": "cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không nhận %(value)r; chọn một trong: %(choices)s.",
    "invalid %(type)s value: %(value)r": "cần %(type)s, không phải %(value)r.",
    "expected one argument": "cần một giá trị.",
    "expected at most one argument": "nhận nhiều nhất một giá trị.",
    "expected at least one argument": "cần ít nhất một giá trị.",
    "the following arguments are required: %s": "thiếu: %s.",
    "ignored explicit argument %r": "không nhận giá trị %r.",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s không rõ là: %(matches)s.",
    "not allowed with argument %s": "không dùng cùng %s.",
    "unrecognized arguments: %s": "không hiểu: %s.",
}
TYPES = {"int": "một số nguyên"}  # the %(type)s of 'invalid %(type)s value'


def _translate(message: str) -> str:
    return CATALOGUE.get(message, message)


@contextmanager
def vietnamese() -> Iterator[None]:
    """argparse speaks Vietnamese inside this block (its module-level ``_`` is the catalogue)."""
    previous = argparse._  # type: ignore[attr-defined]
    argparse._ = _translate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = previous  # type: ignore[attr-defined]


def integer(text: str) -> int:
    """``type=`` for a whole number, named in Vietnamese in argparse's 'invalid … value' message."""
    return int(text)


integer.__name__ = TYPES["int"]


class Parser(argparse.ArgumentParser):
    """A parser whose usage errors end with where to read more, exit code 2 as argparse's."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} Xem '{self.prog} --help'.\n")
