"""Where the repository's own files are, whatever the current folder.

The plans, the outputs and the build cache are the user's and default to folders of the
current directory (``plans/``, ``dist/``, ``site/``, ``build-cache/``, options of the command
line); the template, the site's configuration and theme and the schema belong to this tool.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
ASSETS = PACKAGE / "assets"
TEMPLATE = ROOT / "templates" / "ke-hoach.docx"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SCHEMA = ROOT / "schema" / "plan.schema.json"
PROGRESS_SCHEMA = ROOT / "schema" / "progress.schema.json"  # the ledgers, progress/<id>.yaml
