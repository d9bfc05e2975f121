"""What one search query costs a reader, for our index and for Pagefind over the same site.

    python benchmarks/search_bytes.py SITE_FOLDER

For each query (with and without diacritics): the bytes the browser downloads, as files
(``raw``) and as a host that compresses text sends them (``wire``: each file gzipped, or as it
is when that is smaller; GitHub Pages and GitLab Pages compress), and how many plans the query
finds (``plans``), so that lighter never means finding less.

- Ours: the files assets/kehoach.js fetches (meta.json, the query's shards, the chunks of its
  top 30 results), computed here the way the script does.
- Pagefind (``pagefind[extended]``, the binary from PyPI): the site's plan pages indexed with
  ``--root-selector article`` (the plan's text, not the theme's menus), then, in Chromium, its
  own ``pagefind.js`` searching and loading the first 10 results, as its default UI does; every
  file the page fetches is counted.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = (
    "tuyên truyền dịch vụ công trực tuyến",
    "tuyen truyen dich vu cong truc tuyen",
    "cải cách hành chính",
    "cai cach hanh chinh",
    "Zalo",
)
RESULTS_SHOWN = 10  # Pagefind's UI loads the first page of results


def wire(data: bytes) -> int:
    """Bytes a compressing host sends for this file."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def ours(site: Path, query: str) -> dict:
    """Our index: the files kehoach.js fetches for ``query``, and the plans it finds."""
    from kehoach.site.search import decode, tokens, unchunk

    root = site / "search"
    fetched = [root / "meta.json"]
    meta = json.loads(fetched[0].read_bytes())
    words = [t for t in tokens(query) if t not in meta["stop"]]
    shards = {w: zlib.crc32(w.encode()) % meta["shards"] for w in words}
    fetched += [root / f"s{n}.json" for n in sorted(set(shards.values()))]
    lists = [dict(decode(json.loads((root / f"s{shards[w]}.json").read_bytes()).get(w, []))) for w in words]
    score = lists[0] if lists else {}
    for other in lists[1:]:
        score = {d: s + other[d] for d, s in score.items() if d in other}
    top = sorted(score, key=lambda d: (-score[d], d))[:30]
    fetched += [root / f"d{c}.json" for c in sorted({d // meta["chunk"] for d in top})]
    plans = set()
    for chunk in sorted({d // meta["chunk"] for d in score}):
        docs = unchunk(json.loads((root / f"d{chunk}.json").read_bytes()))
        plans |= {docs[d % meta["chunk"]]["u"].split("/")[1] for d in score if d // meta["chunk"] == chunk}
    data = [f.read_bytes() for f in fetched]
    return {"raw": sum(map(len, data)), "wire": sum(map(wire, data)), "plans": len(plans), "files": len(fetched)}


def pagefind_index(site: Path, out: Path) -> None:
    """Pagefind's index of the plan pages of ``site`` into ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--glob",
            "ke-hoach/*/index.html",
            "--root-selector",
            "article",
            "--output-path",
            str(out),
            "--silent",
        ],
        check=True,
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def pagefind(site: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, dict]:
    """Pagefind over the same plan pages: per query, what the browser fetched and the plans found."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "pagefind"
        pagefind_index(site, bundle)
        (Path(tmp) / "index.html").write_text("<!doctype html><html lang='vi'><title>pf</title></html>")
        handler = functools.partial(_Quiet, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        out = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=shutil.which("chromium"),
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                for query in queries:
                    page = browser.new_page()  # a fresh page: nothing cached from the last query
                    bodies: list[bytes] = []
                    page.on("requestfinished", lambda r, bodies=bodies: bodies.append(r.response().body()))
                    page.goto(base)
                    found = page.evaluate(
                        """async ([q, shown]) => {
                            const pf = await import('/pagefind/pagefind.js');
                            const search = await pf.search(q);
                            const data = await Promise.all(search.results.slice(0, shown).map(r => r.data()));
                            return [search.results.length, data.length];
                        }""",
                        [query, RESULTS_SHOWN],
                    )
                    page.wait_for_load_state("networkidle")  # every body read before the page closes
                    page.close()
                    pf_bodies = bodies[1:]  # not the blank page itself
                    out[query] = {
                        "raw": sum(map(len, pf_bodies)),
                        "wire": sum(map(wire, pf_bodies)),
                        "plans": found[0],
                        "files": len(pf_bodies),
                    }
                browser.close()
        finally:
            server.shutdown()
    return out


def compare(site: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, dict]:
    """Per query: ours and Pagefind's figures side by side."""
    theirs = pagefind(site, queries)
    return {q: {"ours": ours(site, q), "pagefind": theirs[q]} for q in queries}


if __name__ == "__main__":
    print(json.dumps(compare(Path(sys.argv[1])), ensure_ascii=False, indent=1))
