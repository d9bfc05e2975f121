"""``build-cache/manifest.json``: what the last build made, and from what. The only code that
knows its keys.

What it holds, by section:

- ``build.state``: the code, template, registry, ledgers and ``--strict`` of the last build that
  ran to its end. Absent while a build runs (:meth:`Manifest.mark_in_progress`), so the next one
  never takes "nothing changed" on trust after a killed build.
- ``sources``, ``parents``: each plan file's digest and parent at the last whole build, from
  which :meth:`Manifest.changes` says which plans to read again.
- ``parts``, ``part_names``: with ``--split province``, the part (province folder) of each plan and
  each part's name at the last build, from which an incremental build knows which parts an edit
  touches without reading the other plans (:mod:`kehoach.pipeline.split`).
- ``docx``: each plan's DOCX key (:func:`cache.docx_key`) as ``dist/<id>.docx`` was last written.
- ``inputs``: each generated site source's input key (a plan page's :func:`cache.page_key`, a
  province's task page's, a calendar's …, see :class:`kehoach.site.generate.Unchanged`) as its
  output was last published: a source whose key is the same is not even made again.
- ``published``: each site source's digest as its output in ``site/`` was last built from;
  ``site.state``: the code version the site was built with; ``site.date``: its sitemap's date.

**Recovery.** Before an output is replaced, its entry is emptied *on disk*
(:meth:`mark_documents_stale`, :meth:`mark_pages_stale`, :meth:`distrust_site`); it is recorded
again only once the output is in place, and saved with the rest at the end (:meth:`save`). So
whatever moment a build is killed at, the next build sees every output that may be stale as
stale, and makes it again: it gives byte for byte what a clean build gives. A site source about
to get an output for the first time is recorded with an empty digest, so that if the clerk drops
it before the next build, that build still knows to delete its output. A missing or damaged
manifest only means a full build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..outputs import write_atomic


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_HEAD = '{"keys":{'
_scan = json.JSONDecoder().raw_decode


def _sections(text: str, tail: str) -> tuple[dict[str, dict[str, str]], dict[str, bytes]] | None:
    """The record's sections, and each one's JSON as the file holds it (UTF-8), when the file is
    laid out as :meth:`Manifest.save` writes it (``tail``: what ends it); else None."""
    if not text.startswith(_HEAD):
        return None
    keys: dict[str, dict[str, str]] = {}
    raw: dict[str, bytes] = {}
    at = len(_HEAD)
    try:
        while text[at] != "}":
            kind, at = _scan(text, at)
            if text[at] != ":":
                return None
            section, end = _scan(text, at + 1)
            if not isinstance(kind, str) or not isinstance(section, dict):
                return None
            keys[kind], raw[kind], at = section, text[at + 1 : end].encode("utf-8"), end
            at += text[at] == ","
    except (ValueError, IndexError):
        return None
    return (keys, raw) if text[at + 1 :] == tail else None


class Manifest:
    """The keys of the outputs of the last successful build, by section and name."""

    VERSION = 1

    def __init__(self, folder: Path | None):
        """The record in ``folder``; with None, an empty record that is never saved (a build
        that keeps no cache: every output is made again)."""
        self.path = folder / "manifest.json" if folder is not None else None
        self.keys: dict[str, dict[str, str]] = {}
        # each section's JSON as on disk (UTF-8), until the section changes (see save)
        self._saved: dict[str, bytes] = {}
        if self.path is None:
            return
        try:
            text = self.path.read_bytes().decode("utf-8")
            found = _sections(text, self._tail())
            if found is not None:
                self.keys, self._saved = found
            else:  # not laid out as save() writes it
                data = json.loads(text)
                if data.get("version") == self.VERSION:
                    self.keys = data["keys"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # missing or damaged: everything is rebuilt

    def _tail(self) -> str:
        return f',"version":{_json(self.VERSION)}}}\n'

    def _changing(self, kind: str) -> dict[str, str]:
        """The section ``kind``, about to change: its JSON is made again at the next save."""
        self._saved.pop(kind, None)
        return self.keys.setdefault(kind, {})

    def _replace(self, kind: str, entries: dict[str, str] | None) -> None:
        """The section ``kind`` replaced by ``entries`` (None: dropped); equal, it is left as it is
        (comparing thousands of keys takes a tenth of the time of encoding them)."""
        if entries is not None and self.keys.get(kind) == entries:
            return
        self._saved.pop(kind, None)
        if entries is None:
            self.keys.pop(kind, None)
        else:
            self.keys[kind] = entries

    # -- the low-level record, used by the named operations below ------------------------------
    def get(self, kind: str, name: str) -> str | None:
        return self.keys.get(kind, {}).get(name)

    def record(self, kind: str, name: str, key: str) -> None:
        self._changing(kind)[name] = key

    def forget(self, kind: str, names: Iterable[str]) -> None:
        """Drop the keys of outputs about to change: until they are set again, they count as stale."""
        self._saved.pop(kind, None)
        entries = self.keys.get(kind, {})
        for name in names:
            entries.pop(name, None)

    def keep_only(self, kind: str, names: set[str]) -> None:
        """Forget the keys of outputs that no longer exist."""
        self._replace(kind, {k: v for k, v in self.keys.get(kind, {}).items() if k in names})

    def save(self) -> None:
        """The record on disk, as ``json.dumps`` of ``{"version", "keys"}`` gives it (sorted,
        compact). A build saves it at every stage, and most stages change one section: a section
        not changed since it was read or saved (every change goes through :meth:`_changing` or
        :meth:`_replace`) is written as its JSON was, not encoded again, nor compared entry by
        entry (at national scale each save encoded tens of thousands of keys, a fifth of a
        second of every edit, issue #31)."""
        if self.path is None:
            return
        sections = []
        for kind in sorted(self.keys):
            saved = self._saved.get(kind)
            if saved is None:  # compact: an indent sends json to its pure-Python encoder, ten times slower
                saved = self._saved[kind] = _json(self.keys[kind]).encode("utf-8")
            sections.append(f"{_json(kind)}:".encode() + saved)
        # bytes, not text: one section with a letter beyond ASCII made the whole text four times larger
        data = b"".join((_HEAD.encode(), b",".join(sections), b"}", self._tail().encode()))
        write_atomic(self.path, data, sync=True)

    # -- the build as a whole ------------------------------------------------------------------
    def build_state(self) -> str | None:
        """The state of the last build that ran to its end (None: none did, or one was killed)."""
        return self.get("build", "state")

    def mark_in_progress(self) -> str | None:
        """Until this build completes, the next one must not take 'nothing changed' on trust.
        Returns the state it replaces (saved on disk with the first outputs marked stale)."""
        previous = self.build_state()
        self.forget("build", {"state"})
        return previous

    def record_completed(self, state: str) -> None:
        self.record("build", "state", state)

    def record_sources(self, digests: dict[str, str], parents: dict[str, str]) -> None:
        """The plan files a whole build was made from, for :meth:`changes` next time."""
        self._replace("sources", dict(digests))
        self._replace("parents", dict(parents))

    def record_issued(self, issued: dict[str, list]) -> None:
        """The số, ký hiệu, body, year and place of each issued plan of a whole build: an
        incremental build compares a changed plan's number with the others' without reading them."""
        self._replace("issued", {pid: json.dumps(record, ensure_ascii=False) for pid, record in issued.items()})

    def parents(self) -> dict[str, str]:
        """Each plan's parent at the last build ('' for none)."""
        return dict(self.keys.get("parents", {}))

    def record_parts(self, members: dict[str, str], names: dict[str, str]) -> None:
        """The part of each plan and the name of each part of a split build (none: forgotten)."""
        if members:
            self._replace("parts", dict(members))
            self._replace("part_names", dict(names))
        else:
            self._replace("parts", None)
            self._replace("part_names", None)

    def parts(self) -> tuple[dict[str, str], dict[str, str]]:
        """The part of each plan and each part's name, as the last split build recorded them."""
        return dict(self.keys.get("parts", {})), dict(self.keys.get("part_names", {}))

    def issued(self) -> dict[str, list]:
        return {pid: json.loads(record) for pid, record in self.keys.get("issued", {}).items()}

    def changes(self, digests: dict[str, str]) -> tuple[set[str], set[str]]:
        """Since the last build: the plans to read again, and the plans whose file is gone.

        To read again: the files that changed or are new, and all their descendants (also
        the descendants of deleted files), by the parent links of the last build.
        """
        old = self.keys.get("sources", {})
        deleted = set(old) - set(digests)
        changed = {pid for pid, d in digests.items() if old.get(pid) != d} | deleted
        children: dict[str, list[str]] = {}
        for pid, parent in self.keys.get("parents", {}).items():
            if parent:
                children.setdefault(parent, []).append(pid)
        affected, todo = set(changed), list(changed)
        while todo:
            for kid in children.get(todo.pop(), ()):
                if kid not in affected:
                    affected.add(kid)
                    todo.append(kid)
        return affected & set(digests), deleted

    # -- dist/: DOCX and metadata --------------------------------------------------------------
    def document_key(self, plan_id: str) -> str | None:
        return self.get("docx", plan_id)

    def documents(self) -> list[str]:
        """The plans whose DOCX the record knows."""
        return list(self.keys.get("docx", {}))

    def mark_documents_stale(self, plan_ids: Iterable[str]) -> None:
        """Before these plans' DOCX are written: on disk, they are stale until recorded again."""
        self.forget("docx", plan_ids)
        self.save()

    def record_document(self, plan_id: str, key: str) -> None:
        self.record("docx", plan_id, key)

    def keep_documents(self, plan_ids: set[str]) -> None:
        self.keep_only("docx", plan_ids)

    # -- site/ -----------------------------------------------------------------------------------
    def site_state(self) -> str | None:
        return self.get("site", "state")

    def site_date(self) -> str | None:
        """The date of the sitemap of the site as last published (see :func:`site.generate.build_date`)."""
        return self.get("site", "date")

    def input_keys(self) -> dict[str, str]:
        """Each site source's input key as its output was last published (see ``inputs`` above)."""
        return self.keys.get("inputs", {})

    def published(self) -> dict[str, str]:
        """Each site source's digest as its output was last built ('' while one is being made)."""
        return self.keys.get("published", {})

    def distrust_site(self) -> None:
        """A full site build: nothing of the old site is trusted from here on (saved at once)."""
        self._replace("published", None)
        self._replace("inputs", None)
        self.forget("site", {"state", "date"})
        self.save()

    def mark_pages_stale(self, sources: set[str]) -> None:
        """Before these sources are written and their outputs rebuilt in place (saved at once).

        '' = an output in the making: rebuilt if its source is still there, else deleted.
        """
        self._changing("published").update(dict.fromkeys(sources, ""))
        self.forget("inputs", sources)
        self.save()

    def record_published(
        self, inputs: dict[str, str], digests: dict[str, str], sources: set[str], state: str, date: str = ""
    ) -> None:
        """MkDocs has built the site: the sources' input keys, the digests of the sources built, and
        the sources the site now has (others' entries dropped); ``date``: its sitemap's."""
        self._replace(
            "inputs", {rel: key for rel, key in inputs.items() if rel in sources}
        )  # not a group's former members
        self._changing("published").update(digests)
        self.keep_only("published", sources)
        self.record("site", "state", state)
        self.record("site", "date", date)
