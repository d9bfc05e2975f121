"""``python build.py serve``: preview the site and refresh it while plans are edited."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from .errors import PlanError


def _regenerate(plans_dir: Path, dist: Path, report) -> None:
    from .build import load_and_validate
    from .site import DOCS_DIR, generate, write_docs
    try:
        corpus = load_and_validate(plans_dir, None, report)
    except PlanError as exc:
        report.problems(exc.problems)
        return
    changed = write_docs(generate(corpus, dist)[0], DOCS_DIR)
    report.info(f"Đã cập nhật {changed} trang.")


def _watch(plans_dir: Path, dist: Path, report) -> None:
    seen = None
    while True:
        stamp = sorted((str(p), p.stat().st_mtime_ns) for p in plans_dir.rglob("*.y*ml"))
        if stamp != seen:
            if seen is not None:
                _regenerate(plans_dir, dist, report)
            seen = stamp
        time.sleep(1)


def serve(args, report) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    plans_dir, dist = Path(args.plans_dir), Path(args.out)
    _regenerate(plans_dir, dist, report)
    threading.Thread(target=_watch, args=(plans_dir, dist, report), daemon=True).start()
    report.info("Xem trước tại http://127.0.0.1:8000/ (Ctrl+C để dừng). Sửa tệp YAML, trang tự cập nhật.")
    try:
        mkdocs_serve(config_file=str(Path(__file__).resolve().parent.parent / "mkdocs.yml"), livereload=True)
    except KeyboardInterrupt:
        pass
    print("Đã dừng.", file=sys.stderr)
    return 0
