"""What a build is asked to do, typed: the command line's options once parsed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import MKDOCS_CONFIG, TEMPLATE


@dataclass(frozen=True)
class BuildOptions:
    """Folders and choices of one build (``python build.py``, ``serve``, ``check``).

    Every folder is the user's and is relative to the current directory unless absolute. The
    command line fills it from kehoach.yml (:mod:`kehoach.pipeline.config`) and its own options.
    """

    plans_dir: Path = Path("plans")
    out: Path = Path("dist")  # DOCX, metadata and PDF
    site_dir: Path = Path("site")
    docs_dir: Path = Path("docs-gen")  # the site's generated sources, not edited by hand
    cache_dir: Path = Path("build-cache")
    plan: str | None = None  # only this plan's outputs (the site still shows every plan)
    pdf: bool = False  # PDF/A-2b with signature fields (pipeline/pdf.py)
    allow_font_fallback: bool = False  # --pdf even when the font for Times New Roman lacks glyphs
    redline: bool = False  # also dist/<id>-so-sanh.docx against the parent, offered on the site
    site: bool = True
    units_dir: Path = Path("units")  # the registry of units expected to have plans
    progress_dir: Path = Path("progress")  # the ledgers: what was done against each plan
    strict: bool = False  # warnings of the review rules are errors
    template: Path = TEMPLATE  # the DOCX template: the package's, or the repository's (kehoach.yml)
    mkdocs_config: Path = MKDOCS_CONFIG  # the package's defaults, or the repository's mkdocs.yml
    site_inputs: str = ""  # digest of the repository's files that shape every page (Config.site_digest)
    edit_url: str = ""  # the git host's editor for the plans' files (kehoach.yml's repo_url, edit_uri)
    publisher: str = "Kho kế hoạch tuyên truyền cải cách hành chính"  # of the open data: kehoach.yml's province or site
    site_name: str = ""  # kehoach.yml's; else the MkDocs file's (the split site's index needs it)
    split: str = ""  # 'province': one site per province and a national index (pipeline/split.py)
    part: str = ""  # set by the split build: the province whose site this is (its name)
