"""What a build is asked to do, typed: the command line's options once parsed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    """Folders and choices of one build (``python build.py``, ``serve``, ``check``).

    Every folder is the user's and is relative to the current directory unless absolute.
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

    @classmethod
    def from_args(cls, args) -> BuildOptions:
        return cls(
            plans_dir=Path(args.plans_dir),
            out=Path(args.out or "dist") if args.command != "import" else Path("dist"),
            site_dir=Path(args.site_dir),
            docs_dir=Path(args.docs_dir),
            cache_dir=Path(args.cache_dir),
            plan=args.plan,
            pdf=args.pdf,
            allow_font_fallback=args.allow_font_fallback,
            redline=args.redline,
            site=not args.no_site,
            units_dir=Path(args.units_dir),
            progress_dir=Path(args.progress_dir),
            strict=args.strict,
        )
