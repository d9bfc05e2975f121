"""Writing output files atomically: a killed or failed build never leaves a truncated file.

Every step that changes an output on disk passes a :func:`checkpoint` first. The recovery
test kills the build at chosen checkpoints (``KEHOACH_CRASH_AT=n``: SIGKILL at the n-th) and
checks that the next build gives exactly what a clean one gives; ``KEHOACH_CHECKPOINTS=file``
lists them. Neither variable is meant for anything but that test.
"""

from __future__ import annotations

import itertools
import os
import signal
from pathlib import Path

_crash_at = int(os.environ.get("KEHOACH_CRASH_AT") or 0)
_trace = os.environ.get("KEHOACH_CHECKPOINTS")
_passed = 0


def checkpoint(what: str) -> None:
    """A point where the build is about to change an output (``what`` names it, for the trace)."""
    global _passed
    if not (_crash_at or _trace):
        return
    _passed += 1
    if _trace:
        with open(_trace, "a", encoding="utf-8") as fh:
            fh.write(f"{_passed}\t{what}\n")
    if _passed == _crash_at:
        os.kill(os.getpid(), signal.SIGKILL)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what a file created in place would get (normally 0644): read once, at start
_temporaries = itertools.count()


def write_atomic(path: Path, data: bytes, sync: bool = False) -> bool:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Returns False (and writes nothing) when the file already holds exactly these bytes, so
    unchanged outputs keep their timestamps. The file gets the permissions the umask gives
    (normally 0644), as if it had been created in place. The rename is what guarantees that a killed
    build leaves the old file or the new one, never half of one; ``sync`` also flushes the
    bytes to disk first (against power loss), which costs milliseconds a file: it is used
    for the build cache's manifest, not for thousands of pages.
    """
    name = os.fspath(path)
    try:
        if os.stat(name).st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        folder = os.path.dirname(name)
        if folder and not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)
    # a name no other writer uses (process id, a counter), in the same folder so the rename is atomic
    tmp = os.path.join(os.path.dirname(name), f".{os.path.basename(name)}.{os.getpid()}.{next(_temporaries)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, _MODE)
    except FileExistsError:  # left by a killed build whose process had the same id
        os.unlink(tmp)
        fd = os.open(tmp, flags, _MODE)
    try:
        os.fchmod(fd, _MODE)  # as the umask gives, whatever the folder's default ACL
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        checkpoint(str(path))
        os.replace(tmp, name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def remove_stale_temporaries(folder: Path, recursive: bool = False) -> None:
    """Delete temporary files that a killed build left behind (never a final name)."""
    if folder.is_dir():
        for tmp in folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
