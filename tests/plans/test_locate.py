"""Placing a problem in its plan (:func:`kehoach.plans.locate.place`): found by the file's name,
which is the plan's id, and by the plan's file when the name is not its id."""

from __future__ import annotations

import dataclasses
import shutil

from conftest import ROOT

from kehoach.errors import Problem, Problems
from kehoach.plans import locate
from kehoach.plans.corpus import load_corpus, plan_files


def _corpus(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    corpus = load_corpus(
        tmp_path.joinpath("plans").relative_to(tmp_path),
        problems,
        files=plan_files(tmp_path.joinpath("plans").relative_to(tmp_path), problems),
    )
    assert not problems.items
    return corpus


def _problem(file: str) -> Problem:
    return Problem(file, 1, 1, "signature.name", "sai", ref=("part", "Khối chữ ký"))


def test_a_problem_is_placed_in_the_plan_of_its_file_without_listing_every_plan(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, monkeypatch)
    plan = corpus.plans["thinh-liet-2024"]
    expected = locate.label(("part", "Khối chữ ký"), plan, corpus.plans.get(plan.extends or ""))
    assert expected

    class Listed(dict):  # the plans, noting whether every one was listed
        listed = False

        def values(self):
            Listed.listed = True
            return super().values()

    plans = Listed(corpus.plans)
    [placed] = locate.place([_problem(plan.file)], plans)
    assert placed.where == expected
    assert not Listed.listed  # found by its name (the plan's id), not by listing 5,000 plans

    # a plan whose file's name is not its id (a staged file) is still found, by its file
    other = dataclasses.replace(plan, file="plans/ha-noi/ban-nhap.yaml")
    plans = Listed({**corpus.plans, plan.id: other})
    [placed] = locate.place([_problem("plans/ha-noi/ban-nhap.yaml")], plans)
    assert placed.where == expected and Listed.listed
    # a problem in a file that is no plan's is left unplaced
    [kept] = locate.place([_problem("units/ha-noi.yaml")], corpus.plans)
    assert kept.where == ""
