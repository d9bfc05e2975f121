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
from pathlib import Path

from ..boundary import inside
from ..paths import PACKAGE
from ..plans.corpus import Corpus
from ..plans.facts import plan_digest
from ..plans.registry import registry_files
from .options import BuildOptions

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


@functools.cache
def code_version() -> str:
    """A digest of what shapes every output, wherever the package is installed: every file of the
    package (code, template, theme, MkDocs defaults, assets, data), named relative to it, and the
    versions of :data:`LIBRARIES`."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _sha(
        *(part for p in files for part in (p.relative_to(PACKAGE).as_posix(), p.read_bytes())),
        *(f"{name}=={_version(name)}" for name in LIBRARIES),
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def registry_digest(options: BuildOptions) -> str:
    """The digest of the registry of units: part of every fact's salt (the units shape reviews)
    and of every site source's input key (:class:`kehoach.site.generate.Unchanged`)."""
    return ",".join(file_digest(f) if inside(f, f.parent) else "outside" for f in registry_files(options.units_dir))


def docx_key(corpus: Corpus, plan_id: str, template_digest: str) -> str:
    return _sha(code_version(), template_digest, plan_digest(corpus, plan_id))


def page_key(corpus: Corpus, plan_id: str, downloads: dict[str, str], review: str) -> str:
    """What a plan's page is made of: its lineage, its children's, its downloads and its review
    (given by its digest: it also depends on other plans and on the registry of units)."""
    kids = corpus.children.get(plan_id, [])
    return _sha(
        code_version(),
        plan_digest(corpus, plan_id),
        *(f"{k}={plan_digest(corpus, k)}" for k in kids),
        *sorted(downloads.values()),
        review,
    )
