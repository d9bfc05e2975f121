"""A loaded file's positions (kehoach.plans.source): the same whether read from YAML or from the
facts an earlier build kept, and light enough for a national corpus."""

import json

from kehoach.errors import Problems
from kehoach.plans.source import Source, load_bytes

PLAN = b"""id: a
body:
  - key: muc-dich
    text: "M\xe1\xbb\xa5c \xc4\x91\xc3\xadch"
    items:
      - {key: mot, text: "M\xe1\xbb\x99t"}
"""


def _name_objects(source: Source) -> dict[str, int]:
    return {k: id(k) for path in (*source.pos, *source.keypos) for k in path if isinstance(k, str)}


def test_field_names_are_one_object_across_files_and_read_back_from_facts():
    first = load_bytes(PLAN, "a.yaml", Problems())
    second = load_bytes(PLAN.replace(b"id: a", b"id: b"), "b.yaml", Problems())
    assert first is not None and second is not None
    kept = json.loads(json.dumps(first.as_json()))
    again = Source.from_json("a.yaml", "digest", kept)
    assert (again.data, again.pos, again.keypos) == (first.data, first.pos, first.keypos)
    # every 'items', 'text', 'key' … names one string, not one per file and per position
    names = _name_objects(first)
    assert names == _name_objects(second) == _name_objects(again)
    # and every path one tuple
    assert {id(p) for p in first.pos} == {id(p) for p in second.pos} == {id(p) for p in again.pos}
    assert again.at(("body", 0, "items", 0, "text")) == (6, 26)


def test_a_pickled_source_is_read_back_only_when_asked_and_then_whole():
    """A source comes out of a pickle (the build's snapshot of the corpus) with its file and
    digest; its data and positions are unpickled on first use, equal to the original's."""
    import pickle

    problems = Problems()
    source = load_bytes(b"year: 2025\nunit: {name: A}\nbody:\n  - key: a\n    text: X\n", "plans/x.yaml", problems)
    assert source is not None and not problems.items
    source.digest = "d"
    back = pickle.loads(pickle.dumps(source))
    assert (back.file, back.digest) == ("plans/x.yaml", "d")
    assert set(vars(back)) == {"file", "digest", "_packed"}  # the rest not read yet
    assert back.at(("body", 0, "text")) == source.at(("body", 0, "text")) == (5, 11)
    assert back == source and "_packed" not in vars(back)
    assert pickle.loads(pickle.dumps(back)) == source
