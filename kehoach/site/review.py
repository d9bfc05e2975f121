"""The review on a plan's page: what the parent assigned it, how its children carry out what it
assigns, and the content warnings for its editors.

- "Việc cấp trên giao" (a child): every item its parent addresses to it, with its state;
- "Thực hiện ở cấp dưới" (a parent): the matrix of children × assigned items, the registered
  units without a plan for the year and a bar of coverage;
- "Kiểm tra nội dung" (every plan): the warnings of the review rules, and the rules it silences.

Each section is HTML made once per plan by :func:`sections`; the build puts its digest in the
page's cache key, so a page changes exactly when its review does. Every text is escaped.
"""

from __future__ import annotations

import functools
import html
import re
from collections import defaultdict
from collections.abc import Callable, Mapping

from ..errors import Problem
from ..paths import program
from ..plans.addressee import KINDS, kind_of
from ..plans.conformance import STATES, Matrix, assignments, matrix
from ..plans.corpus import Corpus
from ..plans.facts import family_inputs, kept_digest, known, remember, shape_digest, value_digest
from ..plans.ledger import Ledger
from ..plans.model import Plan
from ..plans.registry import Registry
from ..plans.rules import RULES
from .pages import province_of
from .progress import chart, link, share_of

e = html.escape


class Reviews(Mapping[str, str]):
    """The review HTML of each real plan, by id, made when asked for and not kept.

    A national build asks for each once, while writing that plan's page: the sections of
    thousands of plans are never held at once (:attr:`digests` keeps what the build cache
    needs). Each review is a fact (:mod:`kehoach.plans.facts`) of the plan, its children and
    their ledgers, and the shape of the corpus: a build that changed none of these takes it as
    it was, without the warnings it is made from.

    ``warnings``: every real plan's, consumed (each plan's let go once its review is made, so a
    review can be asked for once only: a second time is an error, not a review without its
    warnings); or a function giving the warnings of some plans, asked once a province (a
    province's plans are worked out again together, see :func:`kehoach.site.generate.standings`),
    for its plans whose review is not kept.
    """

    def __init__(
        self,
        corpus: Corpus,
        registry: Registry,
        warnings: list[Problem] | Callable[[list[str]], list[Problem]],
        ledgers: dict[str, Ledger] | None = None,
    ):
        self.corpus, self.registry, self.ledgers = corpus, registry, ledgers or {}
        self.by_file: dict[str, list[Problem]] = defaultdict(list)
        self.warnings_of = warnings if callable(warnings) else None
        if not callable(warnings):
            self._sort(warnings)
            warnings.clear()
        real = corpus.real()
        self.ids = [p.id for p in real]
        # by province, the plans whose warnings are not asked for yet (asked a province at a time)
        self.unwarned: dict[str, list[str]] = defaultdict(list)
        for p in real:
            self.unwarned[province_of(p)].append(p.id)
        self.digests: dict[str, str] = {}
        self.given: set[str] = set()  # the reviews handed out (their warnings let go)
        self.made: dict[str, str] = {}  # made by digest(), until asked for
        self.shape = shape_digest(corpus)
        self.ledger_keys = {pid: ledger.fingerprint for pid, ledger in self.ledgers.items()}

    def _sort(self, warnings: list[Problem]) -> None:
        for w in warnings:
            self.by_file[w.file].append(w)

    def _inputs(self, plan_id: str) -> tuple[str, ...]:
        return family_inputs(self.corpus, plan_id, self.shape, self.ledger_keys)

    def digest(self, plan_id: str) -> str:
        """The digest of the plan's review (in its page's key), a kept review not unpacked to learn
        it (:func:`~kehoach.plans.facts.kept_digest`): only the pages that change need their
        review. One made now is held until it is asked for."""
        if plan_id not in self.digests:
            kept = kept_digest("xem-xet", self.corpus, plan_id, self._inputs(plan_id))
            if kept is not None:
                self.digests[plan_id] = kept
            else:
                self.made[plan_id] = self[plan_id]
        return self.digests[plan_id]

    def __getitem__(self, plan_id: str) -> str:
        if plan_id in self.made:
            return self.made.pop(plan_id)
        plan = self.corpus.plans.get(plan_id)
        if plan is None or plan.reference_only:
            raise KeyError(plan_id)
        if plan_id in self.given:
            raise RuntimeError(f"the review of {plan_id} was made already and its warnings let go")
        self.given.add(plan_id)
        waiting = self.unwarned.pop(province_of(plan), None)  # its province's, the first time
        if self.warnings_of is not None and waiting is not None:
            # the warnings of every review of its province to be made now, at once: those whose
            # kept digest was found (digest()) are kept, and a build asks for one province's
            # reviews, not all 5,000 (issue #31)
            wanted = [
                pid
                for pid in waiting
                if pid not in self.digests and not known("xem-xet", self.corpus, pid, self._inputs(pid))
            ]
            self._sort(self.warnings_of(wanted) if wanted else [])
        out = remember("xem-xet", self.corpus, plan_id, self._inputs(plan_id), lambda: self._make(plan))
        self.by_file.pop(plan.file, None)
        self.digests[plan_id] = value_digest(out)
        return out

    @functools.cached_property
    def planned(self) -> dict[int, set[str]]:
        return self.registry.planned(self.corpus.plans.values())

    def _make(self, plan: Plan) -> str:
        parts = [assigned_section(plan, self.corpus)]
        unit = self.registry.unit_of(plan)
        if self.corpus.children.get(plan.id) or (unit is not None and self.registry.children(unit.id)):
            matrix_ = matrix(self.corpus, plan.id, self.registry, self.planned)
            parts.append(below_section(matrix_, self.corpus, self.ledgers))
        parts.append(warnings_section(plan, self.by_file.get(plan.file, [])))
        return "".join(p for p in parts if p)

    def __iter__(self):
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def sections(
    corpus: Corpus, registry: Registry, warnings: list[Problem], ledgers: dict[str, Ledger] | None = None
) -> dict[str, str]:
    """The review HTML of every real plan, by id; ``ledgers`` give the children's progress chart."""
    return dict(Reviews(corpus, registry, list(warnings), ledgers))


def _state(state: str, detail: str = "", compact: bool = False) -> str:
    """A state as a coloured mark; ``compact``: the word only for screen readers, the detail in a
    tooltip (matrix cells). Otherwise the word is shown and the detail is the caller's to show
    (a column of its own: as a tooltip too it was a twentieth of a plan page, issue #31)."""
    mark, word = STATES[state]
    if not compact:
        return f'<span class="kh-state kh-state-{state}"><span>{mark}</span> {e(word)}</span>'
    title = f"{word}: {detail}" if detail else word
    # the mark is read as punctuation (or not at all) by screen readers: no span to hide it
    return f'<span class="kh-state kh-state-{state}" title="{e(title)}">{mark}<span class="kh-sr"> {e(title)}</span></span>'


# A matrix cell of an item the parent does not assign to that child: most cells of a matrix (four
# in five at national scale), so the shortest accessible form, explained by the legend (issue #31)
NOT_ASSIGNED = ("·", "không giao")
_NOT_ASSIGNED_CELL = f'{NOT_ASSIGNED[0]}<span class="kh-sr"> {NOT_ASSIGNED[1]}</span>'


def assigned_section(plan: Plan, corpus: Corpus) -> str:
    """The section "Việc cấp trên giao": each item the parent assigns this plan's unit, by its label
    linking to it on the parent's page and its opening words (issue #31), with its state here."""
    rows = assignments(corpus, plan)
    if not rows:
        return ""
    parent = corpus.plans[plan.extends or ""]
    out = [
        '<h2 id="viec-cap-tren-giao">Việc cấp trên giao</h2>\n',
        f'<p>Những việc kế hoạch cấp trên (<a href="../{e(parent.id)}/">{e(parent.unit.known_as)}</a>) giao cho '
        f"{e(KINDS.get(kind_of(plan.unit), 'đơn vị'))}, và kế hoạch này thực hiện từng việc thế nào.</p>\n",
        '<table class="kh-assigned"><thead><tr><th scope="col">Ở kế hoạch cấp trên</th>'
        '<th scope="col">Việc</th><th scope="col">Ở kế hoạch này</th><th scope="col">Ghi chú</th></tr></thead><tbody>',
    ]
    for item, cell in rows:
        where = f'<a href="../{e(parent.id)}/#{e(item.anchor)}">{e(item.label)}</a>'
        out.append(
            f"<tr><td>{where}</td><td>{e(item.summary)}</td><td>{_state(cell.state, cell.detail)}</td>"
            f"<td>{e(cell.detail)}</td></tr>"
        )
    out.append("</tbody></table>\n")
    return "".join(out)


def below_section(m: Matrix, corpus: Corpus, ledgers: dict[str, Ledger] | None = None) -> str:
    p = m.parent
    pct = round(100 * m.coverage)
    out = [
        '<h2 id="thuc-hien-o-cap-duoi">Thực hiện ở cấp dưới</h2>\n',
        f'<p class="kh-coverage"><label for="kh-coverage-{e(p.id)}">Đơn vị có kế hoạch năm {p.year}: '
        f"{m.planned}/{m.expected} ({pct}%)</label> "
        f'<progress id="kh-coverage-{e(p.id)}" max="{m.expected}" value="{m.planned}">{pct}%</progress></p>\n',
    ]
    columns = [i for i in m.items if any((i.kind, i.keys) in row.cells for row in m.rows)]
    if m.rows and columns:
        head = "".join(
            f'<th scope="col"><abbr title="{e(i.label + " " + i.summary)}">{n}</abbr></th>'
            for n, i in enumerate(columns, 1)
        )
        out.append(
            '<div class="kh-matrix-wrap" tabindex="0" role="region" aria-label="Bảng thực hiện ở cấp dưới">'
            f'<table class="kh-matrix"><thead><tr><th scope="col">Kế hoạch cấp dưới</th>{head}</tr></thead><tbody>'
        )
        for row in m.rows:
            cells = []
            for i in columns:
                cell = row.cells.get((i.kind, i.keys))
                cells.append(_state(cell.state, cell.detail, compact=True) if cell else _NOT_ASSIGNED_CELL)
            out.append(
                f'<tr><th scope="row"><a href="../{e(row.child.id)}/">{e(row.child.unit.known_as)}</a></th>'
                + "".join(f"<td>{c}</td>" for c in cells)
                + "</tr>"
            )
        out.append('</tbody></table></div>\n<ol class="kh-matrix-items">')
        # the columns' key: each item's opening words (its whole text is on this page, at the link)
        out += [f'<li><a href="#{e(i.anchor)}">{e(i.label)}</a> {e(i.summary)}</li>' for i in columns]
        out.append(
            '</ol>\n<p class="kh-legend">'
            + "; ".join(f"{m} {e(w)}" for m, w in STATES.values())
            + f"; {NOT_ASSIGNED[0]} {NOT_ASSIGNED[1]}.</p>\n"
        )
    elif not m.rows:
        out.append("<p>Chưa có kế hoạch cấp dưới nào kế thừa kế hoạch này.</p>\n")
    if m.rows and ledgers is not None:
        shares = sorted(
            (
                (
                    row.child.unit.known_as if row.child.id in ledgers else f"{row.child.unit.known_as} (chưa có sổ)",
                    link(row.child.id, "../../"),
                    share_of(corpus, row.child, ledgers.get(row.child.id)),
                )
                for row in m.rows
            ),
            key=lambda u: (-u[2], u[0]),
        )
        out.append(
            '<h3 id="tien-do-cap-duoi">Tiến độ của cấp dưới (tỉ lệ chỉ tiêu đạt)</h3>\n<div class="kh-chart-wrap">'
            + chart(shares)
            + "</div>\n"
        )
    if m.unplanned:
        out.append(
            f'<h3 id="chua-co-ke-hoach">Đơn vị chưa có kế hoạch ({len(m.unplanned)})</h3>\n<ul class="kh-unplanned">'
        )
        out += [f"<li>{e(u.name)}{f' (mã {e(u.code)})' if u.code else ''}</li>" for u in m.unplanned]
        out.append("</ul>\n")
    return "".join(out)


def _cite_order(place: str) -> list:
    """'Phụ lục, dòng 10' after 'Phụ lục, dòng 9': the numbers in a place compared as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", place)]


def warnings_section(plan: Plan, warnings: list[Problem]) -> str:
    """The section "Kiểm tra nội dung": each review rule the plan breaks, once, in the order the
    rules were first broken, with the places it breaks them as the document cites them, in the
    document's order (:func:`_cite_order`). The messages and their hints,
    line by line, are the drafter's, in ``python build.py check``: on the public page they were
    a fourteenth of a national site's plan pages (issue #31), while a reviewer at the upper
    level needs what is wrong and where."""
    if not warnings and not plan.lint_ignore:
        return ""
    out = [
        '<h2 id="kiem-tra-noi-dung">Kiểm tra nội dung</h2>\n',
        f"<p>Dành cho người soạn: {len(warnings)} điểm nên xem lại theo Nghị định 30/2020/NĐ-CP và theo việc "
        f"cấp trên giao. Từng điểm, dòng của tệp và cách sửa: <code>{e(program())} check</code>.</p>\n",
    ]
    if warnings:
        places: dict[str, set[str]] = {}
        for w in warnings:  # a warning about the whole plan has no place (where) to cite
            places.setdefault(w.rule, set()).update([w.where] if w.where else [])
        out.append('<ul class="kh-warnings">')
        for rule_id, where in places.items():
            rule = RULES.get(rule_id)
            what = f" ({e(rule.source)}) — {e(rule.title.rstrip('.'))}" if rule else ""
            cited = "; ".join(sorted(where, key=_cite_order))
            out.append(f"<li><code>{e(rule_id)}</code>{what}.{' Tại: ' + e(cited) + '.' if cited else ''}</li>")
        out.append("</ul>\n")
    if plan.lint_ignore:
        out.append("<p>Quy tắc kế hoạch này cố ý tắt (<code>lint: {ignore: …}</code>):</p><ul>")
        out += [
            f"<li><code>{e(r)}</code> ({e(RULES[r].source)}): {e(RULES[r].title)}</li>"
            for r in plan.lint_ignore
            if r in RULES
        ]
        out.append("</ul>\n")
    return "".join(out)
