"""Time and memory of ``import`` on hostile documents (issue #25): each must be refused in under
10 s and 500 MB (peak RSS of the command and its converters), and a 20-page real plan must still
import in under 1 s. Prints one JSON line per document, then a summary line; no thresholds are
asserted (figures, as benchmarks/national.py prints them).

    python benchmarks/hostile.py            # the bombs at the size reported in the issue (1.5 GB)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from hostile import HOSTILE, odt_bomb, zip_bomb  # noqa: E402

RUN = """
import resource, sys, time
sys.argv = ["build.py", "import", sys.argv[1], "--id", "x-2025", "--out", sys.argv[2]]
sys.path.insert(0, {root!r})
from kehoach.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
took = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("RESULT", code, round(took, 2), round(max(own, kids) / 1024, 1), file=sys.stderr)
"""


def measure(document: Path, work: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", RUN.format(root=str(ROOT)), str(document), str(work / "x-2025.yaml")],
        capture_output=True,
        text=True,
        cwd=work,
        timeout=600,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("RESULT"))
    _, code, took, rss = line.split()
    return {
        "document": document.name,
        "bytes": document.stat().st_size,
        "exit": int(code),
        "s": float(took),
        "peak_rss_mb": float(rss),
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "plans").mkdir()
        real = ROOT / "tests" / "fixtures" / "foreign" / "ha-noi-2025-numbered.docx"
        rows.append({**measure(real, work), "kind": "real"})
        for name, (make, _) in sorted(HOSTILE.items()):
            folder = work / name
            folder.mkdir()
            document = make(folder, scale=15) if make in (zip_bomb, odt_bomb) else make(folder)
            rows.append({**measure(document, work), "kind": name})
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    hostile = [r for r in rows if r["kind"] != "real"]
    print(
        json.dumps(
            {
                "real_import_s": rows[0]["s"],
                "hostile_max_s": max(r["s"] for r in hostile),
                "hostile_max_rss_mb": max(r["peak_rss_mb"] for r in hostile),
                "hostile_all_refused": all(r["exit"] == 3 for r in hostile),
            }
        )
    )


if __name__ == "__main__":
    main()
