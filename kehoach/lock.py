"""One writer at a time: a lock file beside what is written, holding the holder's pid and command.

Two builds of one output folder, two ``log`` calls on one ledger, two commands writing one plan:
the second waits for the first (saying whom it waits for), then goes on with what the first left;
after :data:`WAIT` seconds it gives up with a clear message. The lock is the operating system's
(``flock``), so a killed holder releases it at once: a stale file never blocks anyone. The file
is removed by its holder when done.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

WAIT = 600.0  # seconds a second writer waits before giving up


def lock_file(path: Path) -> Path:
    """The lock of ``path`` (a file or a folder): ``.<name>.lock`` beside it."""
    return path.with_name(f".{path.name}.lock")


def _holder(lock: Path) -> str:
    try:
        return lock.read_text(encoding="utf-8").strip() or "không rõ"
    except OSError:
        return "không rõ"


@contextlib.contextmanager
def held(path: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of ``path`` while the block runs (see the module's docstring)."""
    lock = lock_file(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (WAIT if wait is None else wait)
    told = False
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise OutputError(
                    f"'{path}' đang được một lệnh khác ghi ({_holder(lock)}); đã chờ mà chưa xong. "
                    f"Chờ lệnh đó kết thúc rồi chạy lại (nếu chắc không còn lệnh nào chạy, xóa tệp '{lock}')."
                ) from None
            if not told:
                print(f"Đang chờ lệnh khác ghi xong '{path}' ({_holder(lock)})…", file=sys.stderr)
                told = True
            time.sleep(0.05)
            continue
        try:  # the holder before may have removed the file after we opened it: take the lock anew
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"tiến trình {os.getpid()}: {command}".encode())
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        os.close(fd)


@contextlib.contextmanager
def held_all(paths: list[Path], command: str) -> Iterator[None]:
    """The locks of several paths, always taken in one order (no two writers wait for each other)."""
    with contextlib.ExitStack() as stack:
        for path in sorted({Path(os.path.abspath(p)) for p in paths}):
            stack.enter_context(held(path, command))
        yield
