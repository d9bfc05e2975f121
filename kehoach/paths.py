"""Where the tool's own files are, inside the installed package, whatever the current folder.

The plans, the outputs and the build cache are the user's: folders of the current directory
(``plans/``, ``dist/``, ``site/``, ``build-cache/``), set by kehoach.yml or the command line. The
tool's files ship in the package: the default DOCX template, the site's MkDocs configuration
and theme, the assets and data. A repository of plans overrides the template and the theme
with its own files (see :mod:`kehoach.pipeline.config`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE / "assets"
TEMPLATE = PACKAGE / "templates" / "ke-hoach.docx"
MKDOCS_CONFIG = PACKAGE / "site" / "mkdocs.yml"  # the site's defaults; a repository's mkdocs.yml may replace it
THEME = PACKAGE / "site" / "theme"  # MkDocs Material's custom_dir
STARTER = PACKAGE / "starter"  # the files of a new repository of plans (kehoach init)
# The repository's JSON Schemas for editors (python build.py schema), relative to the current folder
SCHEMA = Path("schema") / "plan.schema.json"
PROGRESS_SCHEMA = Path("schema") / "progress.schema.json"  # the ledgers, progress/<id>.yaml


SHIM = "build.py"  # this project's entry script, at the root of the repository of the bundled plans


def program() -> str:
    """How commands are typed in the repository of the current folder, as messages, help and pages
    name them: ``python build.py`` where the repository keeps this project's entry script,
    ``kehoach`` (the installed command, which the repositories ``kehoach init`` makes use) elsewhere.
    Read from the repository, not from how this process was started, so that pages and cached
    warnings are the same whichever way a build runs."""
    return f"python {SHIM}" if os.path.isfile(SHIM) else "kehoach"


def schema_ref(target: Path, schema: Path = SCHEMA) -> str:
    """The editor-schema path a file about to be written at ``target`` names in its first line
    (``# yaml-language-server: $schema=…``): the repository's schema, from the file's folder."""
    return Path(os.path.relpath(schema, target.parent.resolve())).as_posix()


def template_cache() -> jinja2.BytecodeCache | None:
    """Where the site theme's Jinja templates are kept compiled: the user's cache folder
    (``$XDG_CACHE_HOME/kehoach/jinja``, else ``~/.cache/…``), as Python keeps its own
    ``__pycache__``; never the repository's ``build-cache/``, which CI may restore from a
    pull request's run (compiled code must not come from there). None when it cannot be made:
    templates are then compiled as before."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "kehoach", "jinja")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    from jinja2 import FileSystemBytecodeCache  # only where MkDocs runs

    return FileSystemBytecodeCache(folder)
