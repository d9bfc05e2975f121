"""The corpus a build loaded, kept for the next process: ``build-cache/corpus.snapshot``.

A new ``python build.py`` process otherwise reads, checks and resolves every plan again for the
site, even after a one-word edit (3.1 s of a leaf edit at 5,000 plans, issue #31). The snapshot
is the resolved corpus as a build that read many plans loaded it; the next build takes from it
every plan whose file and ancestors' files are unchanged, as ``serve`` takes from the corpus it
keeps in memory (:class:`kehoach.plans.corpus.Kept`). It is a cache and nothing more: deleting
it, or a stale, damaged or foreign one, only makes loading read the plans.

It is a pickle, and reading a pickle can run code: a cache folder restored from elsewhere (a CI
cache, an archive, a shared drive) must never do that. So the file is signed (HMAC-SHA256 of its
body's SHA-256) with a secret key kept outside the repository and its caches, in the user's state
folder (:func:`key_path`), made on first use and readable by the user alone; a snapshot whose
signature does not match is never unpickled. When no key can be made or read, there is no snapshot.

Reading it and hashing its tens of megabytes are a tenth of a second a build need not wait for:
a build that may use it starts both on another thread as it begins (:func:`prefetch`; the file
is read and hashed without holding the interpreter), while it lists and digests the plans. The
facts stay JSON (:mod:`kehoach.plans.facts`): many small values, each checked as it is read.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
import sys
import threading
from pathlib import Path

from ..outputs import write_atomic
from ..plans.corpus import Corpus

FILE = "corpus.snapshot"
MAGIC = b"kehoach-snapshot 2\n"
KEY_BYTES = 32


def key_path() -> Path:
    """``$XDG_STATE_HOME/kehoach/snapshot.key``, else ``~/.local/state/kehoach/snapshot.key``:
    state of this user on this machine, which no cache of a repository holds."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "kehoach" / "snapshot.key"


def key() -> bytes | None:
    """The secret key, made on first use (``O_EXCL``, mode 0600); None when it can be neither
    read nor made (a read-only home: then no snapshot is written or read)."""
    path = key_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(KEY_BYTES))
    try:
        secret = path.read_bytes()
    except OSError:
        return None
    return secret if len(secret) == KEY_BYTES else None


def _signature(secret: bytes, salt: str, body_digest: bytes) -> bytes:
    """The signature of a body whose SHA-256 is ``body_digest``, for builds of ``salt``."""
    return hmac.new(secret, salt.encode() + b"\0" + body_digest, hashlib.sha256).hexdigest().encode()


def _salt(code: str) -> str:
    """What a snapshot must share with this build to be read: the code (``code``: its version,
    which names the classes pickled) and the Python that pickled it."""
    return f"{code}:{sys.version}"


_START = len(MAGIC) + 65  # the magic line, then the signature's 64 hex digits and a newline
Read = tuple[bytes, bytes]  # a snapshot file's bytes and its body's SHA-256
_prefetched: dict[Path, tuple[threading.Thread, list[Read | None]]] = {}


def _read(path: Path) -> Read | None:
    """The file's bytes and its body's digest; None when it is missing or not a snapshot."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC) or data[_START - 1 : _START] != b"\n":
        return None
    return data, hashlib.sha256(memoryview(data)[_START:]).digest()  # the body hashed in place, not copied


def prefetch(cache_dir: Path) -> None:
    """Start reading the snapshot in ``cache_dir``, and hashing it, on another thread, for a
    :func:`load` to come (which waits for it); :func:`forget` lets it go when none will."""
    path = cache_dir / FILE
    if path in _prefetched:
        return
    got: list[Read | None] = []
    thread = threading.Thread(target=lambda: got.append(_read(path)), name="snapshot", daemon=True)
    thread.start()
    _prefetched[path] = (thread, got)


def forget(cache_dir: Path) -> None:
    """Let go of what :func:`prefetch` read (tens of megabytes), when no :func:`load` will use it."""
    _prefetched.pop(cache_dir / FILE, None)


def load(cache_dir: Path, code: str, freeze: bool = False) -> Corpus | None:
    """The corpus of the snapshot in ``cache_dir``, when there is one signed with this user's key
    by this ``code`` (:func:`kehoach.pipeline.cache.code_version`); else None. Unpickled without
    the cycle collector (it would run a hundred times over a national corpus's objects, five times
    the unpickling itself); ``freeze``: and left out of it, for a build that ends with its process
    (as :func:`kehoach.pipeline.check.load_and_validate` leaves the plans it loads)."""
    path = cache_dir / FILE
    prefetched = _prefetched.pop(path, None)
    if prefetched is not None:
        thread, got = prefetched
        thread.join()
        read = got[0] if got else None
    else:
        read = _read(path)
    secret = key()
    if read is None or secret is None:
        return None
    data, body_digest = read
    if not hmac.compare_digest(data[len(MAGIC) : _START - 1], _signature(secret, _salt(code), body_digest)):
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        corpus = pickle.loads(memoryview(data)[_START:])  # read in place, not copied
    except Exception:
        return None
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
    return corpus if isinstance(corpus, Corpus) else None


FEW = 50  # a build that reads again at most one plan in FEW is a leaf edit's, not a province's


def few(changed: int, plans: int) -> bool:
    """Whether ``changed`` of ``plans`` plans are few: one in :data:`FEW` at most."""
    return changed * FEW <= plans


def worth_saving(corpus: Corpus, read: int, kept: bool) -> bool:
    """Whether a build that loaded ``corpus`` whole, reading ``read`` of its plans anew (the
    others taken from a snapshot: ``kept``), saves it: when it read no snapshot, or when more than
    :func:`few` were read anew (a leaf edit leaves the snapshot as it is; the plans changed since
    are read again, each in well under a millisecond)."""
    return not kept or not few(read, len(corpus.plans))


def save(cache_dir: Path, code: str, corpus: Corpus) -> None:
    """The snapshot of ``corpus``, signed, for builds of this ``code``; none when no key can be had."""
    secret = key()
    if secret is None:
        return
    body = pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL)
    signature = _signature(secret, _salt(code), hashlib.sha256(body).digest())
    write_atomic(cache_dir / FILE, MAGIC + signature + b"\n" + body)
