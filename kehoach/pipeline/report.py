"""``report ID --period quy-1|6-thang|9-thang|nam``: the periodic report of a plan's results, as
figures in JSON (``--format json``, for a reporting system) or as a DOCX in the Decree 30 format
(``dist/<id>-bao-cao-<period>-<year>.docx``). ``--with-children`` adds up the children's ledgers."""

from __future__ import annotations

import json

from ..errors import UsageError
from ..outputs import write_atomic
from ..plans.addressee import kind_of, of_item
from ..plans.corpus import Corpus
from ..plans.ledger import Ledger
from ..plans.model import INHERITED, Node, Plan, Task
from ..plans.numbering import walk
from ..plans.progress import STATES, PeriodFigures, period, period_figures
from ..reporting import Report
from ..text.markup import plain
from .options import BuildOptions


def figures(
    corpus: Corpus, ledgers: dict[str, Ledger], plan_id: str, period_id: str, year: int | None, children: bool
) -> dict:
    """The report's figures: the period and its cut-off, every task (target by the period's end,
    done within the cut-off, state, entries), and with ``children`` the children's sums."""
    plan = corpus.plans[plan_id]
    year = year or plan.year
    if year != plan.year:
        raise UsageError(f"report: kế hoạch '{plan_id}' là của năm {plan.year}, không phải {year}.")
    which = period(period_id, year, plan.cutoff_day)
    rows = own_rows(plan, period_figures(plan, ledgers.get(plan_id), which))
    ledger = ledgers.get(plan_id)
    parent = corpus.plans.get(plan.extends or "")
    out: dict = {
        "plan": plan.id,
        "unit": plan.unit.full,
        "year": year,
        "to": (ledger.report_to if ledger and ledger.report_to else (parent.unit.known_as if parent else "")),
        "period": {
            "id": which.id,
            "name": which.name,
            "phrase": which.phrase(year),
            "cutoff": which.cutoff(),
            "from": which.start.isoformat(),
            "to": which.end.isoformat(),
        },
        "tasks": [
            {
                "task": f.task.path,
                "where": f.task.label,
                "text": plain(f.task.text),
                "inherited": inherited(f.task.item),
                "what": f.task.targets[0].what if f.task.targets else "việc",
                "target": [t.wording() for t in f.task.targets],
                "expected": f.expected,
                "done": f.done,
                "state": f.state,
                "state_text": STATES[f.state],
                "why": f.task.why if f.state == "late" else "",
                "entries": [
                    {"key": r.key, "date": r.date.isoformat(), "title": r.title, "count": r.count, "link": r.link}
                    for r in f.records
                ],
            }
            for f in rows
        ],
    }
    out["proposals"] = ledger.proposals if ledger else ""
    if children:
        kids = [k for k in corpus.children.get(plan_id, []) if not corpus.plans[k].reference_only]
        mine = {f.task.path for f in rows}  # the parent's tasks, which the children's rows are added to
        sums: dict[str, int] = {}
        reporting = 0
        shares, silent = [], []
        for kid in kids:
            child = corpus.plans[kid]
            kid_rows = own_rows(
                child, period_figures(child, ledgers.get(kid), period(period_id, year, child.cutoff_day))
            )
            if ledgers.get(kid) and any(r.done for r in kid_rows):
                reporting += 1
            else:
                silent.append(child.unit.known_as)
            for r in kid_rows:
                if r.task.path in mine:
                    sums[r.task.path] = sums.get(r.task.path, 0) + r.done
            assigned_rows = [r for r in kid_rows if inherited(r.task.item)]
            shares.append(
                {
                    "plan": kid,
                    "unit": child.unit.known_as,
                    "assigned": len(assigned_rows),
                    "done": sum(1 for r in assigned_rows if r.done),
                }
            )
        out["children"] = {"units": len(kids), "reporting": reporting, "done": sums, "shares": shares, "silent": silent}
    return out


def inherited(item: Task | Node) -> bool:
    """Whether an item comes from the parent unchanged (the report cites it by its label)."""
    return item.origin is not None and item.origin.status == INHERITED


def own_rows(plan: Plan, rows: list[PeriodFigures]) -> list[PeriodFigures]:
    """The report's tasks: this unit's own (written or changed in its file), those its parent
    addresses to its kind of unit, and any it logged work against; each once (the same words
    twice, as in a plan that repeats a row of its parent, count as one)."""
    kind, names = kind_of(plan.unit), (plan.unit.full, plan.unit.short, plan.unit.name)
    blocks = {tuple(e.path): e.node for e in walk(plan.body) if e.node.unit}
    out, seen = [], set()
    for row in rows:
        item = row.task.item
        if not (row.records or not inherited(item)):
            if isinstance(item, Task):
                to = of_item(item)
            else:
                parts = tuple(row.task.path.split("/"))
                block = next((blocks[parts[:n]] for n in range(len(parts), 0, -1) if parts[:n] in blocks), None)
                to = of_item(block) if block is not None else None
            if to is not None and kind and not to.includes(kind, names):
                continue
        words = " ".join(plain(row.task.text).casefold().split())
        if words in seen:
            continue
        seen.add(words)
        out.append(row)
    return out


def report_command(  # noqa: PLR0913
    corpus: Corpus,
    ledgers: dict[str, Ledger],
    options: BuildOptions,
    plan_id: str,
    period_id: str,
    year: int | None,
    children: bool,
    format: str,
    report: Report,
) -> int:
    data = figures(corpus, ledgers, plan_id, period_id, year, children)
    if format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from ..render.report import render_report

    out = options.out / f"{plan_id}-bao-cao-{period_id}-{data['year']}.docx"
    options.out.mkdir(parents=True, exist_ok=True)
    plan = corpus.plans[plan_id]
    write_atomic(out, render_report(plan, data, corpus.plans.get(plan.extends or "")))
    report.info(f"Đã ghi {out}: báo cáo {data['period']['phrase']}.")
    return 0
