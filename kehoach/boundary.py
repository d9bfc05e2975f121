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


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, every link followed, lies inside ``folder`` (itself resolved)."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def outside(path: Path, folder: Path, file: str) -> tuple[str, str] | None:
    """The problem (message, hint) when ``path`` leads out of ``folder``, else None. ``file`` is
    how the link is shown to the clerk."""
    if inside(path, folder):
        return None
    return (
        f"'{file}' là liên kết (symlink) trỏ ra ngoài thư mục {os.path.basename(os.path.normpath(folder))}/: không đọc",
        "Chép nội dung thật vào kho thay cho liên kết; công cụ chỉ đọc tệp nằm trong kho.",
    )
