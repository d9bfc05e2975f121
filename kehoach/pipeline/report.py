"""``report ID --period quy-1|6-thang|9-thang|nam``: the periodic report of a plan's results, as
figures in JSON (``--format json``, for a reporting system) or as a DOCX in the Decree 30 format
(``dist/<id>-bao-cao-<period>-<year>.docx``). ``--with-children`` adds up the children's ledgers."""

from __future__ import annotations

import json

from ..errors import UsageError
from ..outputs import write_atomic
from ..plans.corpus import Corpus
from ..plans.ledger import Ledger
from ..plans.progress import STATES, period, period_figures
from ..reporting import Report
from ..text.markup import plain
from ..text.vietnamese import lower_first
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
    rows = period_figures(plan, ledgers.get(plan_id), which)
    out: dict = {
        "plan": plan.id,
        "unit": plan.unit.full,
        "year": year,
        "period": {"id": which.id, "name": which.name, "from": which.start.isoformat(), "to": which.end.isoformat()},
        "tasks": [
            {
                "task": f.task.path,
                "where": f.task.label,
                "text": plain(f.task.text),
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
    ledger = ledgers.get(plan_id)
    out["proposals"] = ledger.proposals if ledger else ""
    if children:
        kids = [k for k in corpus.children.get(plan_id, []) if not corpus.plans[k].reference_only]
        mine = {f.task.path for f in rows}  # the parent's tasks, which the children's rows are added to
        sums: dict[str, int] = {}
        reporting = 0
        for kid in kids:
            child = corpus.plans[kid]
            kid_rows = period_figures(child, ledgers.get(kid), period(period_id, year, child.cutoff_day))
            if ledgers.get(kid) and any(r.done for r in kid_rows):
                reporting += 1
            for r in kid_rows:
                if r.task.path in mine:
                    sums[r.task.path] = sums.get(r.task.path, 0) + r.done
        out["children"] = {"units": len(kids), "reporting": reporting, "done": sums}
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
    which = "năm" if period_id == "nam" else f"{lower_first(data['period']['name'])} năm"
    report.info(f"Đã ghi {out}: báo cáo {which} {data['year']}.")
    return 0
