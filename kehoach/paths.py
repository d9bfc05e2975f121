"""Where the tool's own files are, inside the installed package, whatever the current folder.

The plans, the outputs and the build cache are the user's: folders of the current directory
(``plans/``, ``dist/``, ``site/``, ``build-cache/``), set by kehoach.yml or the command line. The
tool's files ship in the package: the default DOCX template, the site's MkDocs configuration
and theme, the assets and data. A repository of plans overrides the template and the theme
with its own files (see :mod:`kehoach.pipeline.config`).
"""

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE / "assets"
TEMPLATE = PACKAGE / "templates" / "ke-hoach.docx"
MKDOCS_CONFIG = PACKAGE / "site" / "mkdocs.yml"  # the site's defaults; a repository's mkdocs.yml may replace it
THEME = PACKAGE / "site" / "theme"  # MkDocs Material's custom_dir
STARTER = PACKAGE / "starter"  # the files of a new repository of plans (kehoach init)
# The repository's JSON Schemas for editors (python build.py schema), relative to the current folder
SCHEMA = Path("schema") / "plan.schema.json"
PROGRESS_SCHEMA = Path("schema") / "progress.schema.json"  # the ledgers, progress/<id>.yaml


def schema_ref(target: Path, schema: Path = SCHEMA) -> str:
    """The editor-schema path a file about to be written at ``target`` names in its first line
    (``# yaml-language-server: $schema=…``): the repository's schema, from the file's folder."""
    return Path(os.path.relpath(schema, target.parent.resolve())).as_posix()
