"""Facts: what pure functions of one plan computed in an earlier build, kept to be asked again.

A leaf edit in a national repository spent most of its time working out again, for every plan,
what only that plan's edit could change: its progress, its review, its search entries, its task
rows (issue #31). A *fact* is such a result, kept per plan under a key: the digest of everything
the function reads (the files of the plan and its ancestors, :func:`plan_digest`, plus what the
caller names: the plan's ledger, its children …). A build asks :func:`remember` for it: the
kept value when the key is the same, else the function's result, kept for the next build.

The store (:class:`Facts`) is, for each kind of fact, files (*shards*) in
``build-cache/facts/``: a plan's facts in the shard its province hashes to, one of 256, so that a
build that works out again one province's facts reads about a thirtieth of the store, not all of
it; a fact about something else, in the one of sixteen its name hashes to. Each shard has the
store's ``salt`` (the code version and the registry of units) written in it: a different salt, a
missing or damaged file only means computing again. A shard is written whole, atomically, at the end of a build, and
only when what it keeps changed: a leaf edit rewrites its province's shards, not the whole store.
A killed build leaves the last shards, whose facts are still true of their keys. Facts
are JSON (compressed), never pickles: a cache folder restored from elsewhere must not run code
(the one pickle a build keeps, the resolved corpus, is signed with a key outside the repository:
:mod:`kehoach.pipeline.snapshot`). Without a
store (tests, ``serve``'s first build, ``--plan``), :func:`remember` just computes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..outputs import write_atomic

if TYPE_CHECKING:  # the corpus reads its files through facts (kehoach.plans.corpus)
    from .corpus import Corpus

T = TypeVar("T")


def digest(*parts: str) -> str:
    """The digest of ``parts``: each, then a NUL, through SHA-256."""
    return _fed(hashlib.sha256(), parts).hexdigest()


def hashed(*parts: str) -> Any:
    """The hash of ``parts`` as :func:`digest` makes it, to be continued by :func:`digest_from`
    (a salt that starts thousands of digests is hashed once)."""
    return _fed(hashlib.sha256(), parts)


def digest_from(start: Any, *parts: str) -> str:
    """``digest(*first, *parts)`` where ``start`` is ``hashed(*first)`` (left as it is)."""
    return _fed(start.copy(), parts).hexdigest()


def _fed(h: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h


def plan_digest(corpus: Corpus, plan_id: str) -> str:
    """The digests of a plan's file and its ancestors' files: equal digests, equal resolved plan."""
    known = corpus.lineage_digests.get(plan_id)
    if known is None:
        plan = corpus.plans[plan_id]
        known = corpus.lineage_digests[plan_id] = digest(
            *(corpus.sources[pid].digest for pid in plan.lineage + (plan_id,))
        )
    return known


def shape_digest(corpus: Corpus) -> str:
    """What every plan's place in the corpus is: its id, parent, unit and year. Facts about how
    plans relate (a unit's second plan for a year, the units of a parent's unit with no plan yet)
    change with it, never with an edit of a plan's text."""
    return digest(
        *(
            f"{p.id}|{p.extends or ''}|{p.unit.id}|{p.unit.full}|{p.unit.province}|{p.year}|{p.reference_only}"
            for p in sorted(corpus.plans.values(), key=lambda p: p.id)
        )
    )


MAGIC = b"kehoach-facts 2 "


@functools.lru_cache(maxsize=4096)
def _shard(name: str) -> str:
    """The shard of a fact about ``name`` that is not a plan (a province's, a group's): one of
    sixteen, by the first hex digit of its digest."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[0]


@functools.lru_cache(maxsize=4096)
def _province_shard(province: str) -> str:
    """The shard of the facts of a province's plans: one of 256, by two hex digits of its name's
    digest, so that each of 34 provinces mostly has its own (with sixteen, a leaf edit read and
    wrote back the facts of two or three provinces, a tenth of it, issue #31)."""
    return hashlib.sha256(province.encode("utf-8")).hexdigest()[:2]


def _plan_shard(corpus: Corpus, plan_id: str) -> str:
    """The shard of a plan's facts: its province's (its id's when it has none)."""
    plan = corpus.plans.get(plan_id)
    return _province_shard((plan.unit.province if plan is not None else "") or plan_id)


def _json(value: Any) -> bytes:
    """A fact as it is kept (before compression)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def value_digest(value: Any) -> str:
    """The digest of a fact's value as it is kept (what :func:`remembered_digest` gives)."""
    return hashlib.sha256(_json(value)).hexdigest()


Hit = tuple[str, bytes, str]  # a kept fact: its key, its value (JSON, compressed) and the value's digest


class Facts:
    """The facts kept in ``folder`` for builds with the same ``salt``.

    Each shard's file (``<kind>.<shard>.facts``) is a line ``kehoach-facts 2 <salt>``, then for
    each plan a line ``<plan id> <key> <length> <digest>`` and that many bytes: the value as JSON,
    compressed (zlib); the digest is the JSON's, so that a build that only needs to know whether a
    value changed (a page's key) does not unpack it. Values stay compressed in memory until asked
    for, and a kept value is written back as it was read: at national scale the facts are
    hundreds of megabytes as Python objects, a tenth of that as compressed bytes (the build's
    peak memory, issue #31).
    """

    def __init__(self, folder: Path, salt: str):
        self.folder, self.salt = folder, salt
        self.kept: dict[tuple[str, str], dict[str, Hit]] = {}  # (kind, shard) → plan id → its fact
        self.asked: dict[str, dict[str, Hit]] = {}
        self.where: dict[str, str] = {}  # the shard of each name asked about

    def file(self, kind: str, name: str) -> Path:
        """The file that keeps the facts of ``kind`` about ``name``, not a plan's."""
        return self._file(kind, _shard(name))

    def province_file(self, kind: str, province: str) -> Path:
        """The file that keeps the facts of ``kind`` about the plans of ``province``."""
        return self._file(kind, _province_shard(province))

    def _file(self, kind: str, shard: str) -> Path:
        return self.folder / f"{kind}.{shard}.facts"

    def _load(self, kind: str, shard: str) -> dict[str, Hit]:
        try:
            data = self._file(kind, shard).read_bytes()
        except OSError:
            return {}
        head, _, rest = data.partition(b"\n")
        if head != MAGIC + self.salt.encode("utf-8"):
            return {}
        out, at = {}, 0
        try:
            while at < len(rest):
                end = rest.index(b"\n", at)
                plan_id, key, size, value = rest[at:end].decode("utf-8").split(" ")
                at = end + 1 + int(size)
                if at > len(rest):
                    return {}  # cut short: none of it is trusted
                out[plan_id] = (key, rest[end + 1 : at], value)
        except (ValueError, UnicodeDecodeError):
            return {}  # damaged: computed again
        return out

    def _shard_kept(self, kind: str, shard: str) -> dict[str, Hit]:
        if (kind, shard) not in self.kept:
            self.kept[kind, shard] = self._load(kind, shard)
        return self.kept[kind, shard]

    def _kept(self, kind: str, plan_id: str, shard: str | None) -> Hit | None:
        """The fact asked for already in this build (a digest asked before the value: computed
        once, not twice), else the one kept by the last. ``shard``: where it is kept (None: the
        shard its name hashes to)."""
        shard = self.where[plan_id] = shard or _shard(plan_id)
        asked = self.asked.get(kind, {}).get(plan_id)
        return asked if asked is not None else self._shard_kept(kind, shard).get(plan_id)

    def get(self, kind: str, plan_id: str, key: str, compute: Callable[[], Any], shard: str | None = None) -> Any:
        """The value kept for ``plan_id`` under ``key``, else ``compute()`` (JSON), kept. Either
        way the value is as JSON gives it back (lists, str keys): a build from facts is the same
        as one without."""
        hit = self._kept(kind, plan_id, shard)
        if hit is not None and hit[0] == key:
            try:
                value = json.loads(zlib.decompress(hit[1]))
            except (zlib.error, ValueError):
                hit = None
        if hit is None or hit[0] != key:
            raw = _json(compute())
            value = json.loads(raw)
            hit = (key, zlib.compress(raw, 1), hashlib.sha256(raw).hexdigest())
        if value is not None:  # None: nothing to keep (a ledger with errors is checked again)
            self.asked.setdefault(kind, {})[plan_id] = hit
        return value

    def kept_digest(self, kind: str, plan_id: str, key: str, shard: str | None = None) -> str | None:
        """The digest of the value kept for ``plan_id`` under ``key`` (not unpacked), else None."""
        hit = self._kept(kind, plan_id, shard)
        return hit[2] if hit is not None and hit[0] == key else None

    def value_digest(
        self, kind: str, plan_id: str, key: str, compute: Callable[[], Any], shard: str | None = None
    ) -> str:
        """The digest of the JSON :meth:`get` would give, a kept value not unpacked."""
        kept = self.kept_digest(kind, plan_id, key, shard)
        return kept if kept is not None else value_digest(self.get(kind, plan_id, key, compute, shard))

    def has(self, kind: str, plan_id: str, key: str, shard: str | None = None) -> bool:
        return self.kept_digest(kind, plan_id, key, shard) is not None

    def save(self, plan_ids: set[str]) -> None:
        """Write each shard of each kind asked for whose facts changed: what was asked, and what
        was kept of plans not asked about (an incremental build asks about some plans only), of
        the plans in ``plan_ids``. Facts about the registry (named ``units/``) and other names
        with a '/' (a province's, a group's) are kept too: a registry file changed or gone
        changes the salt, and with it every fact. A shard this build neither read nor asked
        about is left as it is, facts of plans gone included, until a build asks about one of
        its plans (reading every shard of every kind to drop them was a twentieth of a leaf
        edit, issue #31); they take room, never a place: a fact is given only for its own key."""
        for kind, asked in self.asked.items():
            by_shard: dict[str, dict[str, Hit]] = {}
            for plan_id, hit in asked.items():
                by_shard.setdefault(self.where[plan_id], {})[plan_id] = hit
            for shard in sorted(by_shard.keys() | {s for k, s in self.kept if k == kind}):
                kept = self._shard_kept(kind, shard)
                merged = {  # not a plan gone, nor one now kept in another shard (its province changed)
                    pid: v
                    for pid, v in kept.items()
                    if (pid in plan_ids or "/" in pid) and self.where.get(pid, shard) == shard
                } | by_shard.get(shard, {})
                if merged == kept:  # the same objects, mostly: compared by identity
                    continue
                parts = [MAGIC + self.salt.encode("utf-8") + b"\n"]
                for plan_id in sorted(merged):
                    key, data, value = merged[plan_id]
                    parts += [f"{plan_id} {key} {len(data)} {value}\n".encode(), data]
                write_atomic(self._file(kind, shard), b"".join(parts))
                self.kept[kind, shard] = merged  # a store that lives on (serve's) answers the next build from memory
            (self.folder / f"{kind}.facts").unlink(missing_ok=True)  # the store as one file per kind, before shards
        self.asked = {}

    def sweep(self) -> int:
        """Remove the files of the folder kept for another salt (another version of the code, another
        registry of units), never read again: the shards of kinds no longer kept, or named as an
        earlier version named them. Asked after a build that worked out every plan's facts (a
        new salt is such a build's), each file's first line read; returns how many went."""
        gone = 0
        head = MAGIC + self.salt.encode("utf-8") + b"\n"
        for path in sorted(self.folder.glob("*.facts")):
            try:
                with path.open("rb") as fh:
                    first = fh.readline()
            except OSError:
                continue
            if first != head:
                path.unlink(missing_ok=True)
                gone += 1
        return gone


_store: Facts | None = None


@contextlib.contextmanager
def kept_in(store: Facts | None) -> Iterator[None]:
    """Within the block, :func:`remember` asks ``store`` (None: always computes)."""
    global _store
    previous, _store = _store, store
    try:
        yield
    finally:
        _store = previous


def recall(kind: str, name: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` unless the store kept a value for ``name`` under ``key`` (both chosen by the
    caller: :func:`remember` for facts about a resolved plan; the corpus for a file's contents)."""
    if _store is None:
        return json.loads(_json(compute()))
    return _store.get(kind, name, key, compute)


def remember(kind: str, corpus: Corpus, plan_id: str, inputs: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()``, a JSON value that depends on the plan ``plan_id`` (its file and its
    ancestors') and on ``inputs`` (the digests of whatever else it reads), unless the store
    kept it for the same. What it gives back is the value as JSON reads it (lists, not tuples),
    whether kept or computed now, so that a build from facts is the same as one without."""
    if _store is None:
        return json.loads(_json(compute()))
    return _store.get(kind, plan_id, _key(corpus, plan_id, inputs), compute, _plan_shard(corpus, plan_id))


def _key(corpus: Corpus, plan_id: str, inputs: tuple[str, ...]) -> str:
    """The key of a fact about a plan: its lineage's files and the digests of what else it reads."""
    return digest(plan_digest(corpus, plan_id), *inputs)


def remembered_digest(
    kind: str, corpus: Corpus, plan_id: str, inputs: tuple[str, ...], compute: Callable[[], Any]
) -> str:
    """The digest of what :func:`remember` gives, a kept value not read back: for a caller that
    needs to know only whether a fact changed (the search index: is every plan's part the same?)."""
    if _store is None:
        return value_digest(compute())
    return _store.value_digest(kind, plan_id, _key(corpus, plan_id, inputs), compute, _plan_shard(corpus, plan_id))


def kept_digest(kind: str, corpus: Corpus, plan_id: str, inputs: tuple[str, ...]) -> str | None:
    """The digest of the value :func:`remember` would give back kept (:func:`remembered_digest`),
    or None when it is not kept: one question where :func:`known` and :func:`remembered_digest` ask two."""
    if _store is None:
        return None
    return _store.kept_digest(kind, plan_id, _key(corpus, plan_id, inputs), _plan_shard(corpus, plan_id))


def known(kind: str, corpus: Corpus, plan_id: str, inputs: tuple[str, ...]) -> bool:
    """Whether :func:`remember` would give a kept value (a caller computes what the others need at once)."""
    return _store is not None and _store.has(kind, plan_id, _key(corpus, plan_id, inputs), _plan_shard(corpus, plan_id))


def family_inputs(corpus: Corpus, plan_id: str, shape: str, ledgers: dict[str, str] | None = None) -> tuple[str, ...]:
    """The inputs of a fact about a plan and its children (its review, its conformance matrix):
    the corpus's shape (:func:`shape_digest`), each child's files and, with ``ledgers`` (plan id →
    ledger digest), each child's ledger."""
    ledgers = ledgers if ledgers is not None else {}
    return (
        shape,
        *(f"{k}={plan_digest(corpus, k)}={ledgers.get(k, '')}" for k in corpus.children.get(plan_id, [])),
    )
