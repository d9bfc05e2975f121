"""The repository is the boundary: plan, unit, ledger and template files are read only when their
real path lies inside their folder.

Plans arrive through pull requests. A symbolic link committed as ``plans/x.yaml`` and pointing at
``/etc/passwd`` (or at a plan somewhere else on the build machine) must neither be read, nor
built and published, nor quoted in an error message: the message names the link, never what it
points to, let alone the target's content.
"""

from __future__ import annotations

import os
from pathlib import Path


def inside(path: Path | str, folder: Path | str) -> bool:
    """Whether ``path``, every link followed, lies inside ``folder`` (itself resolved).

    A path below ``folder`` with no symbolic link on the way (and no ``..``) is inside whatever
    ``folder`` resolves to: checked with one ``lstat`` per step instead of resolving both, which
    matters when a build looks at every one of 10,000 plans and ledgers."""
    full, root = os.path.normpath(path), os.path.normpath(folder)
    if os.path.isabs(full) != os.path.isabs(root) or root == os.curdir:
        full, root = os.path.abspath(full), os.path.abspath(root)
    if os.pardir not in os.fspath(path).split(os.sep) and _plain_below(full, root):
        return True
    real, resolved = os.path.realpath(path), os.path.realpath(folder)
    return real == resolved or real.startswith(resolved.rstrip(os.sep) + os.sep)


def _plain_below(full: str, root: str) -> bool:
    """Whether ``full`` is ``root`` or below it, no step of the way a symbolic link (both
    normalized, both absolute or both relative to the current folder)."""
    prefix = root.rstrip(os.sep) + os.sep
    while full != root:
        if not full.startswith(prefix) or os.path.islink(full):
            return False
        full = os.path.dirname(full)
    return True


def outside(path: Path, folder: Path, file: str) -> tuple[str, str] | None:
    """The problem (message, hint) when ``path`` leads out of ``folder``, else None. ``file`` is
    how the link is shown to the clerk."""
    if inside(path, folder):
        return None
    return (
        f"'{file}' là liên kết (symlink) trỏ ra ngoài thư mục {os.path.basename(os.path.normpath(folder))}/: không đọc",
        "Chép nội dung thật vào kho thay cho liên kết; công cụ chỉ đọc tệp nằm trong kho.",
    )
