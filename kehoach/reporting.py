"""What a command says while it works: progress, problems, warnings, timings.

Every stage of the pipeline takes a :class:`Report` (the protocol) and calls only these
methods; the command line passes a :class:`Reporter`, which prints in Vietnamese and honours
``-q``, ``-v`` and ``--format``. A test or the MkDocs plugin passes one that prints less.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from .annotations import RENDER
from .errors import Problem

STAGES = {
    "load": "đọc, giải kế thừa và kiểm tra",
    "docx": "DOCX",
    "pages": "trang nguồn của web",
    "mkdocs": "MkDocs",
    "pdf": "PDF",
}
MAX_SHOWN = 200  # problems printed in text; the rest are counted


class Report(Protocol):
    """What the pipeline may say; nothing it says changes what it does."""

    timings: dict[str, float]

    def info(self, message: str) -> None: ...
    def detail(self, message: str) -> None: ...
    def progress(self, done: int, total: int, what: str) -> None: ...
    def problems(self, problems: Sequence[Problem]) -> None: ...
    def warnings(self, warnings: Sequence[Problem]) -> None: ...
    def note_others(self, problems: Sequence[Problem], plan_id: str) -> None: ...
    def stage(self, name: str) -> AbstractContextManager[None]: ...
    def elapsed(self) -> str: ...
    def restart(self) -> None: ...


class Reporter:
    """Progress and result messages, in Vietnamese, honouring -q, -v and --format."""

    def __init__(self, quiet: bool, verbose: bool, format: str = "text"):
        self.quiet, self.verbose, self.format = quiet, verbose, format
        self.started = time.monotonic()
        self.timings: dict[str, float] = {}

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, flush=True)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            print(f"  {message}", flush=True)

    def progress(self, done: int, total: int, what: str) -> None:
        if self.quiet or total < 20:
            return
        step = max(1, total // 10)
        if done % step == 0 or done == total:
            print(f"  {what}: {done}/{total}", flush=True)

    def problems(self, problems: Sequence[Problem]) -> None:
        """Every problem: in --format on standard output, or as the clerk's lines (at most 200)."""
        self._listed(problems, "lỗi")
        files = len({p.file for p in problems})
        print(
            f"Có {len(problems)} lỗi trong {files} tệp. Chưa ghi gì vào dist/ và site/; sửa các lỗi trên rồi chạy lại.",
            file=sys.stderr,
        )

    def warnings(self, warnings: Sequence[Problem]) -> None:
        """The review rules' warnings (the work goes on), as :meth:`problems` lists them; none with -q."""
        if self.quiet and self.format not in RENDER:
            return
        self._listed(warnings, "cảnh báo")
        if warnings and self.format not in RENDER:
            files = len({p.file for p in warnings})
            print(
                f"Có {len(warnings)} cảnh báo trong {files} tệp (không chặn việc dựng; --strict để coi là lỗi, "
                "check --fix để sửa tự động những cảnh báo sửa được).",
                file=sys.stderr,
            )

    def _listed(self, problems: Sequence[Problem], noun: str) -> None:
        """In --format on standard output (an empty report too), else at most 200 lines on standard error."""
        if self.format in RENDER:
            sys.stdout.write(RENDER[self.format](list(problems)))
            sys.stdout.flush()
            return
        for p in problems[:MAX_SHOWN]:
            print(p.format(), file=sys.stderr)
        if len(problems) > MAX_SHOWN:
            print(f"… và {len(problems) - MAX_SHOWN} {noun} khác.", file=sys.stderr)

    def note_others(self, problems: Sequence[Problem], plan_id: str) -> None:
        """Problems in plans other than the one asked for: they do not fail it, but block the site."""
        print(
            f"Ghi chú: '{plan_id}' đã được ghi. Các kế hoạch khác có {len(problems)} lỗi nên trang web chưa "
            "được dựng lại:",
            file=sys.stderr,
        )
        for p in problems[:MAX_SHOWN]:
            print(f"  {p.format()}", file=sys.stderr)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage of the build; the seconds go to --timings and to -v."""
        start = time.monotonic()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0) + time.monotonic() - start, 3)
            self.detail(f"{STAGES.get(name, name)}: {self.timings[name]:.1f} giây")

    def elapsed(self) -> str:
        return f"{time.monotonic() - self.started:.1f} giây"

    def restart(self) -> None:
        """Another build in the same process (``serve``, at each save): the clock and the stages'
        seconds count from zero again."""
        self.started = time.monotonic()
        self.timings = {}


class Silent(Reporter):
    """Says nothing, problems included (the caller reports them): for tests and library use."""

    def __init__(self) -> None:
        super().__init__(quiet=True, verbose=False)

    def problems(self, problems: Sequence[Problem]) -> None:
        pass
