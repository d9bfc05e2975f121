"""A sharded, diacritic-folded search index: a query downloads only the shards it needs.

Documents are each plan's title and its *own* items (changed or added here); inherited
items are indexed once, in the plan that wrote them, so they do not flood the results.
Words are folded ('tuyên truyền' → 'tuyen truyen'), so readers may type without
diacritics. Each word's posting list (gap-encoded, see :func:`encode`) lives in one of N
shards chosen by a hash of the word, about 16 words a shard; document titles and snippets
live in chunks of 32 (:func:`chunk`). A query for two words fetches two shards and the chunks of its top
results, never the whole corpus: about 220 KB on the wire for a query of six common words over
5,000 plans, a sixteenth of what Pagefind fetches for the same query (benchmarks/search_bytes.py).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping

from ..plans.corpus import Corpus
from ..plans.facts import digest, remember, remembered_digest
from ..plans.model import INHERITED
from ..plans.numbering import locations, task_anchor, walk
from ..text import markup
from ..text.vietnamese import fold
from .pages import title

CHUNK = 32  # documents per d<N>.json: a query fetches the chunks of its top 30 results
TOKENS_PER_SHARD = 16
STOP = {"va", "cua", "cac", "trong", "cho", "voi", "the", "la", "co", "duoc", "nhung"}


def tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", fold(text)) if len(t) > 1 or t.isdigit()]


def encode(hits: dict[int, int]) -> list[int]:
    """A posting list as small integers: (gap to the previous document) * 4 + (count - 1).

    Counts above 4 are cut to 4. Gaps are small, so a word found in 25,000 of 77,000
    documents costs about 90 KB instead of 400 KB as [document, count] pairs.
    """
    docs = sorted(hits)
    previous = [-1, *docs[:-1]]
    return [(d - p) * 4 + (c if c < 4 else 4) - 1 for d, p, c in zip(docs, previous, map(hits.__getitem__, docs))]


def decode(values: list[int]) -> list[tuple[int, int]]:
    """The [document, count] pairs of :func:`encode` (as assets/kehoach.js decodes them)."""
    out, doc = [], -1
    for v in values:
        doc += v // 4
        out.append((doc, v % 4 + 1))
    return out


def shard_of(token: str, shards: int) -> int:
    return zlib.crc32(token.encode("utf-8")) % shards


def plan_documents(corpus: Corpus, plan) -> list[list]:
    """A plan's documents of the index, each with its words: [document, tokens]; a fact of the
    plan (:mod:`kehoach.plans.facts`), so that a build indexes again only the plans that changed."""
    return remember("tim-kiem", corpus, plan.id, (), lambda: _documents(plan))


def inputs(corpus: Corpus, digests: Mapping[str, str]) -> str:
    """What the index is made from: every plan's documents, in order, by their digests (each real
    plan's :func:`documents_digest`). An edit that leaves a plan's documents as they were (its
    closing, signer, date, recipients …) leaves the index as it was, and the documents of the
    plans not edited are not read back to learn it (issue #31)."""
    return digest(*(f"{p.id}={digests[p.id]}" for p in corpus.real()))


def documents_digest(corpus: Corpus, plan) -> str:
    """The digest of a plan's documents of the index, a kept value not unpacked."""
    return remembered_digest("tim-kiem", corpus, plan.id, (), lambda: _documents(plan))


def _documents(plan) -> list[list]:
    docs: list[dict] = [
        {"u": f"ke-hoach/{plan.id}/", "t": title(plan), "p": plan.unit.known_as, "s": plan.unit.known_as}
    ]
    where = locations(plan)  # results are named as a reader cites them: 'II.2.e)', 'IV.2 (đoạn 3)'
    for entry in walk(plan.body):
        node = entry.node
        if node.origin is None or node.origin.status == INHERITED:
            continue
        text = markup.plain(" ".join(x for x in (node.heading, node.text) if x))
        docs.append(
            {
                "u": f"ke-hoach/{plan.id}/#{entry.anchor}",
                "t": f"{where[entry.path]} {markup.plain(node.heading)}".strip(),
                "p": plan.unit.known_as,
                "s": text[:220],
            }
        )
    for n, t in enumerate(plan.tasks, 1):
        if t.origin is not None and t.origin.status != INHERITED:
            docs.append(
                {
                    "u": f"ke-hoach/{plan.id}/#{task_anchor(t.key)}",
                    "t": f"Phụ lục, dòng {n}",
                    "p": plan.unit.known_as,
                    "s": markup.plain(t.task)[:220],
                }
            )
    return [[d, [tok for tok in tokens(d["t"] + " " + d["s"] + " " + d["p"]) if tok not in STOP]] for d in docs]


def chunk(docs: list[dict]) -> list[list]:
    """A chunk of documents as its file holds them: ``[plans, documents]``, each plan once as
    ``[page, unit]`` and each document as ``[plan's index, anchor, title, snippet]``. A plan's
    documents follow each other, and as objects each repeated its page's address, its unit and
    the four keys: a quarter of the index at national scale (issue #31)."""
    plans: dict[tuple[str, str], int] = {}
    rows = []
    for d in docs:
        page, hash_, anchor = d["u"].partition("#")
        at = plans.setdefault((page, d["p"]), len(plans))
        rows.append([at, hash_ + anchor, d["t"], d["s"]])
    return [[list(plan) for plan in plans], rows]


def unchunk(data: list[list]) -> list[dict]:
    """The documents of a chunk (:func:`chunk`), as assets/kehoach.js reads them."""
    plans, rows = data
    return [{"u": plans[at][0] + anchor, "t": t, "p": plans[at][1], "s": s} for at, anchor, t, s in rows]


def build(corpus: Corpus) -> dict[str, bytes]:
    """Files of the index, by path under ``search/``."""
    docs: list[dict] = []
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    for plan in corpus.real():
        for doc, words in plan_documents(corpus, plan):
            n = len(docs)
            for tok, count in Counter(words).items():  # a document's words counted in C
                postings[tok][n] = count
            docs.append(doc)
    shards = max(16, min(4096, len(postings) // TOKENS_PER_SHARD))
    files: dict[str, dict] = defaultdict(dict)
    for tok, hits in postings.items():
        files[f"s{shard_of(tok, shards)}.json"][tok] = encode(hits)
    out = {
        name: json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
        for name, v in sorted(files.items())
    }
    for start in range(0, len(docs), CHUNK):
        out[f"d{start // CHUNK}.json"] = json.dumps(
            chunk(docs[start : start + CHUNK]), ensure_ascii=False, separators=(",", ":")
        ).encode()
    out["meta.json"] = json.dumps({"shards": shards, "chunk": CHUNK, "docs": len(docs), "stop": sorted(STOP)}).encode()
    return out
