"""The build cache: which outputs are already up to date, decided by content, never by time.

Each output has a *key*, the SHA-256 of everything it is made from:

- a plan's DOCX and metadata: the plan's file and its ancestors' files (:func:`kehoach.plans.facts.plan_digest`),
  the template and the code version;
- a plan's web page: the same, its children's digests (the page names them) and which
  downloads exist.

The keys of the last successful build are kept in ``build-cache/manifest.json``
(:mod:`kehoach.pipeline.manifest`). An output whose key is unchanged, and whose file is still in
place, is not made again; so editing a parent re-renders its descendants (their digests include
the parent's file) and nothing else. Deleting ``build-cache/`` only makes the next build a full one.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import stat
import time
from pathlib import Path

from ..outputs import write_atomic
from ..paths import PACKAGE, program
from ..plans.corpus import Corpus
from ..plans.facts import plan_digest

# The libraries whose versions shape the outputs' bytes: a new docxtpl or MkDocs may change them.
LIBRARIES = ("docxtpl", "python-docx", "lxml", "Jinja2", "Markdown", "mkdocs", "mkdocs-material", "PyYAML")


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def code_version() -> str:
    """A digest of what shapes every output, wherever the package is installed: every file of the
    package (code, template, theme, MkDocs defaults, assets, data), named relative to it, the
    versions of :data:`LIBRARIES`, and how the repository types its commands (:func:`program`:
    messages and pages name them)."""
    return _code_version(program())


@functools.cache
def _code_version(program: str) -> str:
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _sha(
        *(part for p in files for part in (p.relative_to(PACKAGE).as_posix(), p.read_bytes())),
        *(f"{name}=={_version(name)}" for name in LIBRARIES),
        program,
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Stamps:
    """The digests of the files a build reads, read again only when a file's stat changed: as
    git's index does, a digest is kept with the file's size, modification and change times and
    inode (``build-cache/stamps.json``), and a file whose stat is the same is not read. Content
    still decides every output; the stat only says that this content was already read. A file
    changed within :data:`RACY_NS` of being read is never trusted by its stat (a second write
    in the same tick of the clock leaves it the same), nor is one that is not a plain file.
    Without a folder (no build cache) every file is read."""

    FILE = "stamps.json"
    RACY_NS = 2_000_000_000

    def __init__(self, cache_dir: Path | None):
        self.path = cache_dir / self.FILE if cache_dir is not None else None
        self.kept: dict[str, list[str]] = {}
        if self.path is not None:
            try:
                kept = json.loads(self.path.read_bytes())
                self.kept = kept if isinstance(kept, dict) else {}
            except (OSError, ValueError):
                pass  # none yet, or damaged: every file is read
        self.seen: dict[str, list[str]] = {}
        self.cwd = os.getcwd()
        self.now = time.time_ns()

    def digest(self, path: Path | str) -> str:
        """The SHA-256 of the file's bytes (:func:`file_digest`), from the stamp when it holds."""
        name = os.path.join(self.cwd, path)
        st = os.stat(name)
        stamp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_mode}"
        kept = self.kept.get(name)
        if isinstance(kept, list) and len(kept) == 2 and kept[0] == stamp:
            digest = kept[1]
        else:
            digest = file_digest(Path(name))
        if self.now - max(st.st_mtime_ns, st.st_ctime_ns) > self.RACY_NS and stat.S_ISREG(st.st_mode):
            self.seen[name] = [stamp, digest]
        return digest

    def save(self) -> None:
        """Keep the stamps of the files read by this build (only when they changed)."""
        if self.path is not None and self.seen != self.kept:
            text = json.dumps(self.seen, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            write_atomic(self.path, text.encode("utf-8"))


def docx_key(corpus: Corpus, plan_id: str, template_digest: str) -> str:
    return _sha(code_version(), template_digest, plan_digest(corpus, plan_id))


def page_key(corpus: Corpus, plan_id: str, downloads: dict[str, str], review: str, ledger: str = "") -> str:
    """What a plan's page is made of: its lineage, its children's, its downloads, its review
    (given by its digest: it also depends on other plans and on the registry of units) and its
    ledger (its fingerprint, '' for none: the page's "Tiến độ thực hiện" section)."""
    kids = corpus.children.get(plan_id, [])
    return _sha(
        code_version(),
        plan_digest(corpus, plan_id),
        *(f"{k}={plan_digest(corpus, k)}" for k in kids),
        *sorted(downloads.values()),
        review,
        ledger,
    )
