"""Mutation testing of the core modules with mutmut, and the score of each module.

    pip install mutmut==3.8.1
    python benchmarks/mutation.py                          # mutmut run, then the table
    python benchmarks/mutation.py --report                 # the table of the last run only
    python benchmarks/mutation.py kehoach.text.deadline    # run one module's mutants again

mutmut's configuration is ``[tool.mutmut]`` in pyproject.toml: the modules it mutates, the
files the tests read, the fast tests that exercise those modules. It copies them into
``mutants/`` (git-ignored), makes small faults one at a time (a flipped comparison, a changed
constant, a deleted call) and runs the tests that reach the changed function.

A module's score is killed / (mutants - listed equivalents) (the last column: killed / all): a mutant is killed when a test
fails or it runs past its time limit (an endless loop is caught too); a mutant that no test
reaches counts as surviving. ``mutmut-equivalents.txt`` lists the surviving mutants judged
equivalent (no behaviour can tell them from the original), one per line with the reason.
``mutmut show NAME`` prints a mutant's diff. Exits 1 when a module scores below 90 %.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "mutmut-equivalents.txt"
TARGET = 0.90

# mutmut's exit codes (mutmut/stats.py): what a run of the tests against one mutant said.
KILLED = {1, 3, 36, 24, -24, 152, 255, -9, -11}  # a test failed, or the time limit ended it
SURVIVED = {0}
NO_TESTS = {5, 33}


def modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return [path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]]


def equivalents() -> dict[str, str]:
    """The listed equivalent mutants: name → reason."""
    listed = {}
    for line in EQUIVALENTS.read_text("utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            listed[name.strip()] = reason.strip()
    return listed


def results(module: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / (module.replace(".", "/") + ".py.meta")
    if not meta.exists():
        return {}
    return json.loads(meta.read_text("utf-8"))["exit_code_by_key"]


def verdict(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "not run" if code is None else "other"


def table(names: list[str]) -> tuple[list[str], list[str], list[str], bool]:
    """The score of each module; the survivors not listed as equivalent; listed names that are
    wrong now (no longer a mutant, or killed: a test tells them apart after all)."""
    listed = equivalents()
    seen: set[str] = set()
    wrong: list[str] = []
    survivors: list[str] = []
    rows = [
        "| module | mutants | killed | survived | no tests | not run | equivalent | score | killed / all |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ok = True
    for module in names:
        codes = results(module)
        counts: Counter[str] = Counter()
        for name, code in codes.items():
            kind = verdict(code)
            if name in listed:
                seen.add(name)
                if kind != "killed":
                    counts["equivalent"] += 1
                    continue
                wrong.append(f"{name} (killed)")
            counts[kind] += 1
            if kind in ("survived", "no tests"):
                survivors.append(name)
        judged = len(codes) - counts["equivalent"]
        score = counts["killed"] / judged if judged else 0.0
        ok = ok and score >= TARGET and not counts["not run"]
        rows.append(
            f"| `{module}` | {len(codes)} | {counts['killed']} | {counts['survived']} | {counts['no tests']} "
            f"| {counts['not run']} | {counts['equivalent']} | {score:.1%} | {counts['killed'] / max(len(codes), 1):.1%} |"
        )
    wrong += sorted(name for name in listed if name not in seen and any(name.startswith(m + ".") for m in names))
    return rows, survivors, wrong, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="run only these modules' mutants again (e.g. kehoach.text.deadline)")
    parser.add_argument("--report", action="store_true", help="print the table of the last run, run nothing")
    parser.add_argument("--max-children", type=int, default=None, help="mutants tested at once (default: cores)")
    args = parser.parse_args()
    names = modules()
    unknown = [m for m in args.modules if m not in names]
    if unknown:
        parser.error(f"not mutated (see [tool.mutmut] only_mutate): {', '.join(unknown)}")
    if not args.report:
        command = [sys.executable, "-m", "mutmut", "run"]
        if args.max_children:
            command += ["--max-children", str(args.max_children)]
        command += [f"{m}.*" for m in args.modules]
        subprocess.run(command, cwd=ROOT, check=False)
    rows, survivors, wrong, ok = table(args.modules or names)
    print("\n".join(rows))
    if wrong:
        print(f"\nListed in {EQUIVALENTS.name} but killed, or no longer a mutant (the function changed):")
        print("\n".join(f"  {name}" for name in wrong))
    if survivors:
        print(f"\n{len(survivors)} not killed and not listed as equivalent (mutmut show NAME):")
        print("\n".join(f"  {name}" for name in sorted(survivors, key=_natural)))
    return 0 if ok else 1


def _natural(name: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


if __name__ == "__main__":
    sys.exit(main())
