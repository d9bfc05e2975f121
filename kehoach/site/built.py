"""What MkDocs makes of the site's sources, and whether the site still has it all.

Apart from :mod:`kehoach.site.mkdocs_build` (which loads the site's generator): a build that
finds nothing changed asks only whether every output is in place (issue #31).
"""

from __future__ import annotations

import os
from pathlib import Path


def output_of(rel: str) -> str:
    """Where MkDocs puts the output of a docs file: 'a/b.md' → 'a/b/index.html'."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    return (
        "index.html"
        if stem == "index"
        else (stem[:-6] + "/index.html" if stem.endswith("/index") else stem + "/index.html")
    )


def site_complete(rels, site_dir: Path) -> bool:
    """Whether every source in ``rels`` has its output in the site (none was deleted by hand):
    a folder of many outputs listed once (a national site's 5,000 calendars are in one), an
    output alone in its folder (a plan's page) looked for."""
    root = os.path.join(site_dir, "")
    by_folder: dict[str, list[str]] = {}
    for rel in rels:
        folder, _, name = output_of(rel).rpartition("/")
        by_folder.setdefault(folder, []).append(name)
    exists = os.path.exists  # thousands of pages: no Path objects
    if not exists(root + "index.html"):
        return False
    for folder, names in by_folder.items():
        if len(names) < 8:
            if not all(exists(f"{root}{folder}/{name}" if folder else root + name) for name in names):
                return False
            continue
        try:
            present = set(os.listdir(root + folder))
        except OSError:
            return False
        if not present.issuperset(names):
            return False
    return True
