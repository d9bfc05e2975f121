"""Writing output files atomically: a killed or failed build never leaves a truncated file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, sync: bool = False) -> bool:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Returns False (and writes nothing) when the file already holds exactly these bytes, so
    unchanged outputs keep their timestamps. The file gets the permissions the umask gives
    (normally 0644), as if it had been created in place. The rename is what guarantees that a killed
    build leaves the old file or the new one, never half of one; ``sync`` also flushes the
    bytes to disk first (against power loss), which costs milliseconds a file: it is used
    for the build cache's manifest, not for thousands of pages.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; published files are for everyone to read
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files that a killed build left behind (never a final name)."""
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
