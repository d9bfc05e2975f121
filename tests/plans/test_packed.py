"""Plans and sources pickled with their text apart (kehoach.plans.packed), as the snapshot of the
corpus keeps them: read back whole when asked, equal to what was pickled."""

from __future__ import annotations

import pickle

from kehoach.plans.model import Plan


def test_a_plan_comes_back_with_its_text_packed_and_reads_it_back_whole(corpus):
    plans = [p for p in corpus.plans.values() if p.body and p.extends]
    assert plans
    text = set(Plan.GROUPS[0])
    for plan in plans:
        back = pickle.loads(pickle.dumps(plan))
        assert set(Plan.PACKED) & set(vars(back)) == set()  # not read yet
        assert (back.id, back.unit, back.year, back.extends) == (plan.id, plan.unit, plan.year, plan.extends)
        assert set(Plan.PACKED) & set(vars(back)) == set()  # what every plan is asked for leaves the rest packed
        assert back.tasks == plan.tasks  # read back alone: the text stays packed
        assert "tasks" in vars(back) and text & set(vars(back)) == set()
        # a packed field with a default is the plan's own, never the class's default (())
        assert back.body == plan.body and back.body != ()
        assert back == plan and set(Plan.PACKED) <= set(vars(back))


def test_a_plan_not_read_back_is_pickled_again_as_it_came(corpus):
    plan = next(p for p in corpus.plans.values() if p.body)
    back = pickle.loads(pickle.dumps(plan))
    again = pickle.loads(pickle.dumps(back))
    assert vars(again)["_packed"] == vars(back)["_packed"]  # kept as they came, not read back and packed again
    assert set(Plan.PACKED) & set(vars(back)) == set()
    assert again == plan
