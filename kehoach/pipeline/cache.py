"""The build cache: which outputs are already up to date, decided by content, never by time.

Each output has a *key*, the SHA-256 of everything it is made from:

- a plan's DOCX and metadata: the plan's file and its ancestors' files (:func:`lineage`),
  the template and the code version;
- a plan's web page: the same, its children's digests (the page names them) and which
  downloads exist.

The keys of the last successful build are kept in ``build-cache/manifest.json``. An output
whose key is unchanged, and whose file is still in place, is not made again; so editing a
parent re-renders its descendants (their digests include the parent's file) and nothing else.
Deleting ``build-cache/`` only makes the next build a full one.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from ..outputs import write_atomic
from ..paths import ROOT
from ..plans.corpus import Corpus

# What the code version covers: our code and assets, the site's configuration and theme, and
# the pinned library versions (a new docxtpl or MkDocs may change the bytes of the outputs).
CODE_FILES = (
    "kehoach/**/*.py",
    "kehoach/assets/*",
    "kehoach/data/*",
    "mkdocs.yml",
    "site-theme/**/*",
    "requirements.txt",
)


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()


@functools.cache
def code_version() -> str:
    """A digest of the code and configuration that shape every output."""
    files = sorted({p for pattern in CODE_FILES for p in ROOT.glob(pattern) if p.is_file()})
    return _sha(*(part for p in files for part in (str(p.relative_to(ROOT)), p.read_bytes())))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lineage(corpus: Corpus, plan_id: str) -> str:
    """The digests of a plan's file and its ancestors' files: equal lineage, equal resolved plan."""
    plan = corpus.plans[plan_id]
    return _sha(*(corpus.sources[pid].digest for pid in plan.lineage + (plan_id,)))


def docx_key(corpus: Corpus, plan_id: str, template_digest: str) -> str:
    return _sha(code_version(), template_digest, lineage(corpus, plan_id))


def page_key(corpus: Corpus, plan_id: str, downloads: dict[str, str], review: str) -> str:
    """What a plan's page is made of: its lineage, its children's, its downloads and its review
    (given by its digest: it also depends on other plans and on the registry of units)."""
    kids = corpus.children.get(plan_id, [])
    return _sha(
        code_version(),
        lineage(corpus, plan_id),
        *(f"{k}={lineage(corpus, k)}" for k in kids),
        *sorted(downloads.values()),
        review,
    )


class Manifest:
    """The keys of the outputs of the last successful build, by kind and plan id."""

    VERSION = 1

    def __init__(self, folder: Path):
        self.path = folder / "manifest.json"
        self.keys: dict[str, dict[str, str]] = {}
        try:
            data = json.loads(self.path.read_bytes())
            if data.get("version") == self.VERSION:
                self.keys = data["keys"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # missing or damaged: everything is rebuilt

    def get(self, kind: str, name: str) -> str | None:
        return self.keys.get(kind, {}).get(name)

    def record(self, kind: str, name: str, key: str) -> None:
        self.keys.setdefault(kind, {})[name] = key

    def changes(self, digests: dict[str, str]) -> tuple[set[str], set[str]]:
        """Since the last build: the plans to read again, and the plans whose file is gone.

        To read again: the files that changed or are new, and all their descendants (also
        the descendants of deleted files), by the parent links of the last build.
        """
        old = self.keys.get("sources", {})
        deleted = set(old) - set(digests)
        changed = {pid for pid, d in digests.items() if old.get(pid) != d} | deleted
        children: dict[str, list[str]] = {}
        for pid, parent in self.keys.get("parents", {}).items():
            if parent:
                children.setdefault(parent, []).append(pid)
        affected, todo = set(changed), list(changed)
        while todo:
            for kid in children.get(todo.pop(), ()):
                if kid not in affected:
                    affected.add(kid)
                    todo.append(kid)
        return affected & set(digests), deleted

    def forget(self, kind: str, names) -> None:
        """Drop the keys of outputs about to change: until they are set again, they count as stale."""
        entries = self.keys.get(kind, {})
        for name in names:
            entries.pop(name, None)

    def keep_only(self, kind: str, names: set[str]) -> None:
        """Forget the keys of outputs that no longer exist."""
        self.keys[kind] = {k: v for k, v in self.keys.get(kind, {}).items() if k in names}

    def save(self) -> None:
        data = {"version": self.VERSION, "keys": self.keys}
        write_atomic(self.path, (json.dumps(data, sort_keys=True, indent=0) + "\n").encode(), sync=True)
