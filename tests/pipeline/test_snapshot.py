"""The corpus kept between two build processes (``build-cache/corpus.snapshot``): used when it is
ours, never unpickled when it is not, and the site always a fresh build's."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from conftest import CHILD, GRANDCHILD, PlansDir, same_as_fresh, three_levels

from kehoach.pipeline import snapshot

SNAPSHOT = Path("build-cache") / snapshot.FILE


def resolved_during(plans: PlansDir, monkeypatch, *args: str) -> list[str]:
    """The plans a build (a new :class:`Build`, as in a new process) reads and resolves anew."""
    from kehoach.plans import corpus

    resolved: list[str] = []
    real = corpus.resolve_one
    monkeypatch.setattr(corpus, "resolve_one", lambda plan_id, *a: resolved.append(plan_id) or real(plan_id, *a))
    code, _, err = plans.run("-q", *args)
    assert code == 0, err
    monkeypatch.setattr(corpus, "resolve_one", real)
    return resolved


def test_a_leaf_edit_takes_the_other_plans_from_the_snapshot(plans, monkeypatch, tmp_path_factory):
    three_levels(plans)
    assert (plans.root / SNAPSHOT).is_file()
    plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch của xã"))
    # its lineage read for its DOCX, then, for the site, every plan from the snapshot but the edited one
    assert resolved_during(plans, monkeypatch) == ["tinh", "huyen", "xa", "xa"]
    same_as_fresh(plans, tmp_path_factory.mktemp("fresh"))
    plans.write("huyen", CHILD.replace("huyện B}", "huyện B (sửa)}"))  # a parent: its child is read again too
    assert resolved_during(plans, monkeypatch) == ["tinh", "huyen", "xa", "huyen", "xa"]
    same_as_fresh(plans, tmp_path_factory.mktemp("fresh"))


class Payload:
    """What a forged snapshot would run when unpickled: it leaves a mark."""

    def __init__(self, mark: Path):
        self.mark = mark

    def __reduce__(self):
        return (Path.touch, (self.mark,))


def test_a_snapshot_not_signed_with_the_users_key_is_never_unpickled(plans, monkeypatch, tmp_path, tmp_path_factory):
    """A cache folder restored from elsewhere must not run code: a forged snapshot, or one
    signed with another key (another machine's, another user's), is not read; the build reads
    the plans and makes the same site."""
    three_levels(plans)
    mark = tmp_path / "ran"
    body = pickle.dumps(Payload(mark))
    path = plans.root / SNAPSHOT
    for n, forged in enumerate(
        (
            snapshot.MAGIC + b"0" * 64 + b"\n" + body,  # no valid signature
            snapshot.MAGIC + body,  # none at all
            b"",
        )
    ):
        plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", f"Trên đây là Kế hoạch {n}"))
        path.write_bytes(forged)
        assert snapshot.load(plans.root / "build-cache", "any code") is None
        assert resolved_during(plans, monkeypatch) == ["tinh", "huyen", "xa"] * 2  # the site's: every plan
        assert not mark.exists()
    # signed properly, but with another key: this user's key was replaced since
    state = Path(os.environ["XDG_STATE_HOME"])
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "elsewhere"))
    from kehoach.pipeline.cache import code_version

    snapshot.save(plans.root / "build-cache", code_version(), _forged_corpus(mark))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    assert snapshot.load(plans.root / "build-cache", code_version()) is None
    plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch nữa"))
    assert resolved_during(plans, monkeypatch) == ["tinh", "huyen", "xa"] * 2
    assert not mark.exists()
    same_as_fresh(plans, tmp_path_factory.mktemp("fresh"))


def _forged_corpus(mark: Path):
    """A corpus-looking value whose unpickling leaves a mark."""
    from kehoach.plans.corpus import Corpus

    corpus = Corpus()
    corpus.children = {"x": Payload(mark)}  # type: ignore[dict-item]
    return corpus


def test_the_key_is_the_users_alone(plans):
    three_levels(plans)
    key = snapshot.key_path()
    assert key.is_file() and key.stat().st_mode & 0o077 == 0
    assert not key.is_relative_to(plans.root)


def test_a_build_that_writes_every_plan_does_not_read_the_snapshot(plans, monkeypatch):
    """Read back one by one, plans share less than plans resolved together: a build that writes
    them all (a full build, every part of a split site) resolves them, and saves a new snapshot."""
    three_levels(plans)
    read: list[bool] = []
    real = snapshot.load
    monkeypatch.setattr(snapshot, "load", lambda *a: read.append(True) or real(*a))
    before = (plans.root / SNAPSHOT).stat().st_mtime_ns
    for options in (("--split", "province"), ()):  # a new state: every plan is written
        plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", f"Trên đây là Kế hoạch {options}"))
        assert resolved_during(plans, monkeypatch, *options) == ["tinh", "huyen", "xa"]
        assert read == []
    assert (plans.root / SNAPSHOT).stat().st_mtime_ns != before
    plans.write("xa", GRANDCHILD)
    assert resolved_during(plans, monkeypatch) == ["tinh", "huyen", "xa", "xa"]
    assert read == [True]


def test_a_prefetched_snapshot_is_checked_as_one_read_when_loaded(plans, tmp_path, monkeypatch):
    """A build reads the snapshot and hashes it on another thread while it lists the plans
    (:func:`snapshot.prefetch`): what it loads is the same corpus, and a forged file read that way
    is refused as one read when loaded."""
    three_levels(plans)
    monkeypatch.chdir(plans.root)  # the code version of the repository's builds (it names its commands)
    cache = plans.root / "build-cache"
    from kehoach.pipeline.cache import code_version

    direct = snapshot.load(cache, code_version())
    assert direct is not None
    snapshot.prefetch(cache)
    assert cache / snapshot.FILE in snapshot._prefetched
    prefetched = snapshot.load(cache, code_version())
    assert prefetched is not None and sorted(prefetched.plans) == sorted(direct.plans)
    assert cache / snapshot.FILE not in snapshot._prefetched  # used once, then let go
    mark = tmp_path / "ran"
    body = pickle.dumps(Payload(mark))
    (cache / snapshot.FILE).write_bytes(snapshot.MAGIC + b"0" * 64 + b"\n" + body)
    snapshot.prefetch(cache)
    assert snapshot.load(cache, code_version()) is None
    assert not mark.exists()
    snapshot.prefetch(cache)
    snapshot.forget(cache)  # a build that will not load it lets it go
    assert snapshot._prefetched == {}


def test_a_build_of_few_plans_runs_without_the_cycle_collector(plans, monkeypatch):
    """A leaf edit runs without the cycle collector (kehoach.pipeline.build.few_changed), a
    build of many plans with it; either way it is as before once the build ends."""
    import gc

    from kehoach.pipeline import build, publish

    three_levels(plans)
    seen: list[bool] = []
    real = publish.prepare_site
    monkeypatch.setattr(publish, "prepare_site", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    plans.write("xa", GRANDCHILD.replace("Trên đây là Kế hoạch", "Trên đây là Kế hoạch (sửa)"))
    assert build.few_changed({"xa"}, 50) and not build.few_changed({"xa"}, 49)
    monkeypatch.setattr(build, "few_changed", lambda affected, n: affected is not None and len(affected) <= 1)
    resolved_during(plans, monkeypatch)
    plans.write("huyen", CHILD.replace("huyện B}", "huyện B (sửa)}"))  # two plans: many, here
    resolved_during(plans, monkeypatch)
    assert seen == [False, True] and gc.isenabled()
