"""Progress on the site: each plan's tasks against its ledger, and an overview of the units.

- the "Tiến độ thực hiện" section of each plan's page (``#tien-do``, :func:`section`): every
  task with its target, what was done, a progress bar, its state (Chậm when a deadline passed
  with nothing done or a period ended below its quota) and the ledger's entries with their
  links. It was a page of its own (``tien-do/<id>/``) until issue #31: a fifth of a national
  site's bytes, most of them the theme's frame around it and the plan's title again;
- ``tien-do.md``: the units ranked by their share of targets met, as an SVG chart made at build
  time (no chart library in the browser), by province, each unit linking to its section.

Progress is counted as of the newest entry of each ledger (see :func:`kehoach.plans.progress.as_of`),
so the same files give the same pages. Every text is escaped.
"""

from __future__ import annotations

import html
from collections import defaultdict

from ..paths import program
from ..plans.corpus import Corpus
from ..plans.facts import remember
from ..plans.ledger import Ledger, fingerprint_of
from ..plans.model import Plan, Task
from ..plans.numbering import PROGRESS, PROGRESS_ENTRIES, task_anchor
from ..plans.progress import STATES, TaskProgress, as_of, progress
from ..text import markup
from .pages import front_matter, province_order, table_wrap

e = html.escape


def link(plan_id: str, up: str = "../") -> str:
    """Where a plan's progress is shown, from a page ``up`` below the site's ke-hoach/ folder's parent."""
    return f"{up}ke-hoach/{plan_id}/#{PROGRESS}"


def plan_progress(plan: Plan, ledger: Ledger | None) -> list[TaskProgress]:
    return progress(plan, ledger, as_of(plan, ledger))


def summary(corpus: Corpus, plan: Plan, ledger: Ledger | None) -> dict:
    """What the site shows of a plan's progress: its page's section (``section``) and the share of
    its targets met (``share``), computed together, a fact of the plan and its ledger
    (:mod:`kehoach.plans.facts`): a build that changes neither takes them as they were."""

    def compute() -> dict:
        rows = plan_progress(plan, ledger)
        return {"section": section(plan, ledger, rows), "share": share(rows)}

    return remember("tien-do", corpus, plan.id, (fingerprint_of(ledger),), compute)


def share_of(corpus: Corpus, plan: Plan, ledger: Ledger | None) -> float:
    """:func:`summary`'s ``share`` alone, a fact of its own: the overview needs every plan's, and
    a page left as it was need not be read back to learn it."""
    return remember(
        "ti-le-dat",
        corpus,
        plan.id,
        (fingerprint_of(ledger),),
        lambda: share(plan_progress(plan, ledger)),
    )


def share(rows: list[TaskProgress]) -> float:
    """The share of the plan's targets met: the mean over tasks with a target (0 when none)."""
    measured = [r.share for r in rows if r.expected]
    return sum(measured) / len(measured) if measured else 0.0


def _bar(value: float, label: str) -> str:
    pct = round(100 * value)
    return f'<progress max="100" value="{pct}" aria-label="{e(label)}">{pct}%</progress> {pct}%'


def _anchor(row: TaskProgress) -> str:
    """The anchor of the row's item on the plan page: an appendix row's or a body item's."""
    return task_anchor(row.path) if isinstance(row.item, Task) else row.path


def section(plan: Plan, ledger: Ledger | None, rows: list[TaskProgress] | None = None) -> str:
    """The plan page's "Tiến độ thực hiện" section (``rows``: its :func:`plan_progress`, when
    already made). Each row links to its item above, named by its opening words (its whole text
    is a link away on the same page: as a copy, it was a twentieth of a national site, issue #31);
    the ledger's entries follow, by task. The rows have no anchor of their own: nothing linked to
    them, and they were a hundredth of a national site."""
    rows = plan_progress(plan, ledger) if rows is None else rows
    out = [f'<h2 id="{PROGRESS}">Tiến độ thực hiện</h2>\n<p>']
    if not rows:  # no table without a row: a region a keyboard reaches with nothing in it
        return out[0] + "Kế hoạch không có nhiệm vụ ở phụ lục hay chỉ tiêu nào để theo dõi.</p>\n"
    if ledger is None:
        out.append(
            "Chưa có sổ theo dõi. Ghi việc đã làm bằng "
            f'<code>{e(program())} log {e(plan.id)} &lt;việc&gt; --title "…"</code>.</p>\n'
        )
    else:
        out.append(f"Số liệu đến ngày {as_of(plan, ledger):%d/%m/%Y} ({len(ledger.records)} việc đã ghi).</p>\n")
    out.append(
        table_wrap("Tiến độ: các nhiệm vụ") + '<table class="kh-progress"><thead><tr><th scope="col">Ở kế hoạch</th>'
        '<th scope="col">Nhiệm vụ</th><th scope="col">Chỉ tiêu</th><th scope="col">Đã thực hiện</th>'
        '<th scope="col">Tình trạng</th></tr></thead><tbody>'
    )
    for r in rows:
        anchor = _anchor(r)
        target = "; ".join(t.wording() for t in r.targets) or "—"
        done = f"{r.done}/{r.expected} " + _bar(r.share, r.label) if r.expected else str(r.done)
        why = f"<br><small>{e(r.why)}</small>" if r.why else ""
        out.append(
            f'<tr><td><a href="#{e(anchor)}">{e(r.label)}</a></td>'
            f"<td>{e(markup.opening(markup.plain(r.text)))}</td><td>{e(target)}</td><td>{done}</td>"
            f'<td><span class="kh-progress-{r.state}">{e(STATES[r.state])}</span>{why}</td></tr>'
        )
    out.append("</tbody></table></div>\n")
    listed = [r for r in rows if r.records]
    if listed:
        out.append(f'<h3 id="{PROGRESS_ENTRIES}">Việc đã làm</h3>\n')
        for r in listed:
            out.append(f'<h4><a href="#{e(_anchor(r))}">{e(r.label)}</a></h4>\n<ul>')
            for rec in r.records:
                title = f'<a href="{e(rec.link)}">{e(rec.title)}</a>' if rec.link else e(rec.title)
                count = f" ({rec.count})" if rec.count != 1 else ""
                note = f" <small>{e(rec.evidence)}</small>" if rec.evidence else ""
                out.append(f"<li>{rec.date:%d/%m/%Y}: {title}{count}{note}</li>")
            out.append("</ul>\n")
    return "".join(out)


def chart(units: list[tuple[str, str, float]]) -> str:
    """A horizontal bar chart (SVG) of units by share of targets met: (label, link, share)."""
    height, width, label_w = 22, 680, 340
    rows = []
    for n, (label, link, value) in enumerate(units):
        y = n * height
        pct = round(100 * value)
        rows.append(
            f'<a href="{e(link)}"><text x="0" y="{y + 15}" font-size="12">{e(label if len(label) <= 52 else label[:51] + "…")}</text></a>'
            f'<rect x="{label_w}" y="{y + 4}" width="{round((width - label_w - 50) * value)}" height="14" fill="#2e7d32"/>'
            f'<text x="{label_w + round((width - label_w - 50) * value) + 4}" y="{y + 15}" font-size="12">{pct}%</text>'
        )
    total = max(1, len(units)) * height
    return (
        f'<svg class="kh-chart" role="group" aria-label="Tỉ lệ chỉ tiêu đạt của các đơn vị" width="{width}" '
        f'height="{total}" viewBox="0 0 {width} {total}" xmlns="http://www.w3.org/2000/svg">' + "".join(rows) + "</svg>"
    )


def overview_page(
    corpus: Corpus, ledgers: dict[str, Ledger], province_of, level_of, shares: dict[str, float] | None = None
) -> str:
    """The levels compared, then the units of each province ranked by share of targets met
    (``shares``: each plan's, from its :func:`summary`)."""
    groups: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    levels: dict[str, list[tuple[bool, float]]] = defaultdict(list)
    for plan in corpus.real():
        value = shares[plan.id] if shares is not None else summary(corpus, plan, ledgers.get(plan.id))["share"]
        named = f"{plan.unit.known_as}, năm {plan.year}"  # a unit has a plan a year: each once, by its year
        label = named if plan.id in ledgers else f"{named} (chưa có sổ)"
        groups[province_of(plan)].append((label, link(plan.id), value))
        levels[level_of(plan)].append((plan.id in ledgers, value))
    out = [
        front_matter("Tiến độ thực hiện") + "# Tiến độ thực hiện\n\n",
        "<p>Tỉ lệ chỉ tiêu đã đạt của từng đơn vị (trung bình trên các nhiệm vụ có chỉ tiêu), theo sổ theo dõi "
        "<code>progress/&lt;id&gt;.yaml</code>.</p>\n",
        '<h2 id="theo-cap">Theo cấp</h2>\n<table class="kh-progress"><thead><tr><th scope="col">Cấp</th>'
        '<th scope="col">Đơn vị</th><th scope="col">Có sổ theo dõi</th><th scope="col">Tỉ lệ chỉ tiêu đạt (trung bình)</th>'
        "</tr></thead><tbody>",
    ]
    for level in sorted(levels):
        units = levels[level]
        mean = sum(v for _, v in units) / len(units)
        out.append(
            f"<tr><td>{e(level)}</td><td>{len(units)}</td><td>{sum(1 for has, _ in units if has)}</td>"
            f"<td>{_bar(mean, level)}</td></tr>"
        )
    out.append("</tbody></table>\n")
    for province in sorted(groups, key=province_order):
        ranked = sorted(groups[province], key=lambda u: (-u[2], u[0]))
        out.append(f'<h2>{e(province)}</h2>\n<div class="kh-chart-wrap">{chart(ranked)}</div>\n')
    return "".join(out)
