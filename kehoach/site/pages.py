"""The site's pages as Markdown with escaped HTML blocks, one function per page.

Every text from a plan passes through :func:`markup.to_html` or :func:`html.escape`, so a
plan can never inject markup into the site.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import itertools
import json
import re
from functools import partial

from ..errors import Problems
from ..plans.corpus import Corpus
from ..plans.facts import remember, remembered_digest
from ..plans.lint import unfinished
from ..plans.locate import place
from ..plans.model import ADDED, CHANGED, INHERITED, Node, Plan, Removed, Task, plan_citation
from ..plans.numbering import (
    CITATION_PREFIX,
    PROGRESS,
    TASK_PREFIX,
    anchor,
    citation_anchor,
    citation_label,
    cited_form,
    comparison_anchor,
    locations,
    task_anchor,
    task_label,
    walk,
)
from ..plans.progress import PERIODS, period
from ..render.wording import (
    archive_line,
    attachment_line,
    citation,
    legal_basis_parts,
    number_line,
    recipient_line,
    unit_names,
    units,
)
from ..text import markup
from ..text.vietnamese import date_short, lower_first, slug, sort_key, upper
from .edit import NO_EDIT, EditLinks
from .structured import json_ld, legislation

LEVELS = {
    "tinh": "Cấp tỉnh",
    "so": "Sở, ngành",
    "huyen": "Cấp huyện",
    "xa": "Cấp xã",
    "don-vi": "Đơn vị sự nghiệp",
    "": "Khác",
}
STATUS = {INHERITED: ("kế thừa", "ke-thua"), CHANGED: ("đã sửa", "da-sua"), ADDED: ("bổ sung", "bo-sung")}
REMOVED = ("đã bỏ", "da-bo")  # the badge of a parent's item this plan removed (summary box, legend)
# the anchors of the lists of comparison(), which the summary box links to
_CHANGE_LISTS = {"removed": "so-sanh-da-bo", CHANGED: "so-sanh-da-sua", ADDED: "so-sanh-bo-sung"}

e = html.escape
# Python-Markdown's backslash escapes (markdown.Markdown.ESCAPED_CHARS): the punctuation of its
# links, images, emphasis, code, headings and attr_list braces
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_text(text: str) -> str:
    """``text`` for a line that Python-Markdown reads (a page's '# title' or '## group' line):
    Markdown's own syntax backslash-escaped, then HTML-escaped, on one line. Escaping HTML alone
    lets links, images and attr_list's ``{: onerror=…}`` through (issue #25)."""
    return e(_MARKDOWN_SYNTAX.sub(r"\\\1", " ".join(text.split())))


def md_heading(level: int, text: str) -> str:
    """A Markdown heading line of data (see :func:`md_text`)."""
    return f"{'#' * level} {md_text(text)}\n"


def title(plan: Plan) -> str:
    return f"{plan.document.kind} {plan.document.subject_line}"


def status_word(plan: Plan) -> str:
    return "Dự thảo" if plan.document.is_draft else "Đã ban hành"


def _badge(item, plan: Plan, anchor: str, corpus: Corpus) -> str:
    """The item's status word when it differs from the parent's: 'đã sửa' (linking to its
    comparison) or 'bổ sung'. An inherited item carries no badge: most items of a plan are
    inherited, and marking the usual case was a fourteenth of a national site's plan pages
    (issue #31); the summary box counts them and its legend says that an unmarked item is
    the parent's as written."""
    o = item.origin
    if o.status == INHERITED:
        return ""
    word, css = STATUS[o.status]
    if o.status == CHANGED and plan.extends in corpus.plans:
        return f'<a class="kh-badge kh-{css}" href="#{e(comparison_anchor(anchor))}">{word}</a>'
    return f'<span class="kh-badge kh-{css}">{word}</span>'


def _edit_link(item, plan: Plan, edit: EditLinks, where: str) -> str:
    """The pencil linking an item written in this plan's file to its line in the git host's editor."""
    o = item.origin
    if not edit or o.plan != plan.id or not o.line:
        return ""
    url = edit.url(plan.file, o.line)
    if not url:
        return ""
    what = f"Sửa {where} trên {edit.host} (dòng {o.line} của {plan.file})"
    return f' <a class="kh-edit" href="{e(url)}" title="{e(what)}" aria-label="{e(what)}">✎</a>'


def _link_control(item_anchor: str, where: str) -> str:
    """The item's permanent link (its key anchor): kehoach.js copies it on a click and says which
    item it is; without scripts it is an ordinary link to the item. Named by ``aria-label`` only.

    Written here only for an item a reader cannot cite (a paragraph, a dash item: no
    ``data-label``); for every other item and appendix row kehoach.js adds the same link from the
    element's ``id`` and ``data-label`` (``addItemLinks``): written out, the links were a
    twelfth of a plan page, 35 MB of a 5,000-plan site (issue #31)."""
    what = f"Liên kết tới {where}"
    return f' <a class="kh-link" href="#{e(item_anchor)}" aria-label="{e(what)}">#</a>'


def legal_basis_html(plan: Plan) -> str:
    """The opening paragraph (:func:`legal_basis`), each citation in an element a link can reach:
    ``#can-cu/<key>``, or as a reader cites it, ``#can-cu-2``."""
    lead, cited, opening = legal_basis_parts(plan)
    if not cited:
        return markup.to_html(opening)
    spans = ", ".join(
        f'<span id="{e(citation_anchor(c.key))}" data-label="{citation_label(n)}">{markup.to_html(text)}</span>'
        for n, (c, text) in enumerate(cited, 1)
    )
    return f"{markup.to_html(lead)} {spans}, {markup.to_html(opening)}".strip()


def _node_html(entry, plan: Plan, corpus: Corpus, edit: EditLinks = NO_EDIT) -> str:
    anchor, label = e(entry.anchor), e(entry.label)
    head = markup.to_html(entry.head)
    where = locations(plan).get(entry.path, entry.label).rstrip(".")
    cited = cited_form(where)
    badge = _badge(entry.node, plan, entry.anchor, corpus) + _edit_link(entry.node, plan, edit, f"mục {where}")
    if not cited:
        badge += _link_control(entry.anchor, where)
    data = f' data-label="{e(cited)}"' if cited else ""
    rest = "".join(f'<p class="kh-text">{markup.to_html(p)}</p>' for p in entry.rest)
    # the label is text, not a span of its own: nothing styled or read it, and it was one item
    # in a hundred of a national site's bytes (issue #31)
    tag = {1: "h2", 2: "h3"}.get(entry.depth, "p") if entry.is_heading else "p"
    return f'<{tag} id="{anchor}"{data} class="kh-d{entry.depth}">{f"{label} {head} {badge}".rstrip()}</{tag}>{rest}'


REWRITTEN = 0.5  # below this share of common words a sentence counts as rewritten, not edited
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")  # where a sentence (or a list line) ends


def _sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with the space that follows it (so they join back)."""
    out, start = [], 0
    for m in _SENTENCE.finditer(text):
        out.append(text[start : m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def _words_diff(old: str, new: str) -> str:
    """One sentence against its new wording: deletions and insertions marked word by word, with
    a change's neighbours merged when only a space or a short word lies between them, so that a
    reader sees 'các sở, ban, ngành' replaced by 'các phòng, ban', not fragments interleaved."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < REWRITTEN or matcher.quick_ratio() < REWRITTEN or matcher.ratio() < REWRITTEN:
        return f"<del>{e(old)}</del><ins>{e(new)}</ins>"
    ops: list[list] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        between = "".join(a[i1:i2])
        if op == "equal" and ops and ops[-1][0] != "equal" and len(between.split()) <= 1 and len(between.strip()) <= 3:
            ops[-1] = ["replace", ops[-1][1], i2, ops[-1][3], j2]  # a space or a short word: part of the change
            continue
        if op != "equal" and ops and ops[-1][0] != "equal":
            ops[-1] = ["replace", ops[-1][1], i2, ops[-1][3], j2]
            continue
        ops.append([op, i1, i2, j1, j2])
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.append(e("".join(a[i1:i2])))
            continue
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        out.append((f"<del>{e(gone)}</del>" if gone else "") + (f"<ins>{e(came)}</ins>" if came else ""))
    return "".join(out)


@functools.lru_cache(maxsize=4096)  # sibling plans often make the same change to their parent's text
def word_diff(old: str, new: str) -> str:
    """A readable diff as HTML with <del> and <ins>: sentences are matched first, then each
    changed sentence is compared word by word within itself; a sentence rewritten (less than
    half its words kept) is shown whole, deleted then inserted."""
    a, b = _sentences(old), _sentences(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(e("".join(a[i1:i2])))
        elif op == "replace" and i2 - i1 == j2 - j1:
            out.extend(_words_diff(x, y) for x, y in zip(a[i1:i2], b[j1:j2]))
        elif op == "replace":
            out.append(_words_diff("".join(a[i1:i2]), "".join(b[j1:j2])))
        elif op == "delete":
            out.append(f"<del>{e(''.join(a[i1:i2]))}</del>")
        else:
            out.append(f"<ins>{e(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _node_text(n) -> str:
    if isinstance(n, Node):
        return markup.plain(": ".join(x for x in (n.heading, n.text) if x))
    return markup.plain(getattr(n, "task", "") or getattr(n, "about", ""))


def comparison(plan: Plan, corpus: Corpus) -> str:
    """'So với kế hoạch cấp trên': removed, changed (word diff) and added items; an added item by
    its opening words (:func:`markup.opening`): its whole text is on the same page, at the link."""
    changed, added = [], []
    here = locations(plan)
    for entry in walk(plan.body):
        o = entry.node.origin
        assert o is not None  # every resolved item has one
        if o.status == CHANGED:
            changed.append((entry.anchor, here[entry.path], word_diff(_node_text(o.previous), _node_text(entry.node))))
        elif o.status == ADDED:
            added.append((entry.anchor, here[entry.path], e(markup.opening(_node_text(entry.node)))))
    for n, t in enumerate(plan.tasks, 1):
        assert t.origin is not None  # every resolved item has one
        if t.origin.status == CHANGED:
            prev = t.origin.previous
            assert isinstance(prev, Task)  # the parent's version of a row is a row
            old = f"{markup.plain(prev.task)} — {'; '.join(units(prev.lead))} — {prev.deadline.wording() if prev.deadline else ''}"
            new = f"{markup.plain(t.task)} — {'; '.join(units(t.lead))} — {t.deadline.wording() if t.deadline else ''}"
            changed.append((task_anchor(t.key), f"Phụ lục, dòng {n}", word_diff(old, new)))
        elif t.origin.status == ADDED:
            added.append((task_anchor(t.key), f"Phụ lục, dòng {n}", e(markup.opening(markup.plain(t.task)))))
    out = ['<section class="kh-compare">']
    out.append(f'<h3 id="{_CHANGE_LISTS["removed"]}">Đã bỏ ({len(plan.removed)})</h3><ul>')
    assert plan.extends is not None  # only a child plan is compared
    parent = corpus.plans[plan.extends]
    there = locations(parent)
    parent_rows = {t.key: n for n, t in enumerate(parent.tasks, 1)}

    def where(r: Removed, last: Removed | None = None) -> str:
        """Where ``r`` stood in the parent, as the document cites it; with ``last``, the range from
        ``r`` to it ('IV.1.–IV.13.', 'Phụ lục, dòng 1–5')."""
        if r.where == "tasks":
            rows = [parent_rows.get(x.item.key, "?") for x in (r, last) if x is not None]
            return "Phụ lục, dòng " + "–".join(map(str, rows))
        if r.where == "documents":
            return "Căn cứ"
        cited = [
            there.get(x.path + (x.item.key,), "/".join(x.path + (x.item.key,))) for x in (r, last) if x is not None
        ]
        return "–".join(cited)

    # the items one 'replace:' dropped with their list are one line, linking to the list on the
    # parent's page: one line each repeated the parent's text, a tenth of the comparisons (issue #31)
    for _, same in itertools.groupby(
        plan.removed, key=lambda r: (r.where, r.path, r.line, r.col) if r.replaced else id(r)
    ):
        group = list(same)
        if len(group) > 1:
            target = {"tasks": TASK_PREFIX, "documents": CITATION_PREFIX}.get(group[0].where) or anchor(group[0].path)
            out.append(
                f"<li>Thay cả danh sách {e(where(group[0], group[-1]))} "
                f"của cấp trên ({len(group)} mục) bằng danh sách riêng "
                f'<small>(<a href="../{e(parent.id)}/#{e(target)}">xem ở kế hoạch cấp trên</a>)</small></li>'
            )
            continue
        (r,) = group
        reason = f" <em>Lý do: {e(r.reason)}</em>" if r.reason else ""
        out.append(f"<li><del>{e(_node_text(r.item))}</del> <small>({e(where(r))})</small>{reason}</li>")
    out.append(f'</ul><h3 id="{_CHANGE_LISTS[CHANGED]}">Đã sửa ({len(changed)})</h3><ul>')
    for at, label, diff in changed:
        out.append(f'<li id="{e(comparison_anchor(at))}"><a href="#{e(at)}">{e(label)}</a> {diff}</li>')
    out.append(f'</ul><h3 id="{_CHANGE_LISTS[ADDED]}">Bổ sung ({len(added)})</h3><ul>')
    for at, label, text in added:
        out.append(f'<li><a href="#{e(at)}">{e(label)}</a> {text}</li>')
    out.append("</ul></section>")
    return "".join(out)


def _cell(value) -> str:
    return "<br>".join(e(x) for x in units(value))


def tasks_table(plan: Plan, corpus: Corpus, edit: EditLinks = NO_EDIT) -> str:
    rows = [
        table_wrap("Phụ lục: các nhiệm vụ")
        + f'<table class="kh-tasks kh-plan-tasks" id="bang-nhiem-vu-ke-hoach" data-year="{plan.year}">'
        '<colgroup><col class="kh-c-n"><col class="kh-c-task"><col class="kh-c-unit"><col class="kh-c-unit">'
        '<col class="kh-c-when"></colgroup><thead><tr><th scope="col">TT</th><th scope="col">Nhiệm vụ</th>'
        '<th scope="col">Cơ quan, đơn vị chủ trì</th><th scope="col">Cơ quan, đơn vị phối hợp</th>'
        '<th scope="col">Thời gian hoàn thành</th></tr></thead><tbody>'
    ]
    for n, t in enumerate(plan.tasks, 1):
        badge = _badge(t, plan, task_anchor(t.key), corpus) + _edit_link(t, plan, edit, f"dòng {n} của phụ lục")
        months = " ".join(map(str, t.deadline.months(plan.year))) if t.deadline else ""
        rows.append(
            f'<tr id="{e(task_anchor(t.key))}" data-label="{task_label(n)}" data-months="{months}">'
            f'<td>{n}.</td><td class="kh-task">{markup.to_html(t.task)} {badge}</td><td>{_cell(t.lead)}</td>'
            f"<td>{_cell(t.support)}</td><td>{e(t.deadline.wording() if t.deadline else '')}</td></tr>"
        )
    rows.append("</tbody></table></div>")
    return "".join(rows)


def table_wrap(label: str) -> str:
    """The opening of the scrolling box around a wide table: a region a keyboard can reach and
    scroll (axe's 'scrollable-region-focusable'), named for screen readers."""
    return f'<div class="kh-table-wrap" role="region" tabindex="0" aria-label="{e(label)}">'


def front_matter(page_title: str, prerendered: bool = False) -> str:
    """The page's metadata block: the title HTML-escaped (themes print it as is) inside a
    JSON string, which is valid YAML whatever the title holds (':', '#', quotes)."""
    mark = "kehoach_html: true\n" if prerendered else ""  # see mkdocs_build.prerender_markdown
    return f"---\ntitle: {json.dumps(e(page_title), ensure_ascii=False)}\n{mark}---\n"


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
# badges, edit links and permanent links: not in the table of contents
_BADGE = re.compile(r'<(a|span) class="kh-(?:badge|edit|link)[^"]*"[^>]*>.*?</\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def toc_of(body: str) -> list[tuple[int, str, str]]:
    """The headings (h2, h3) of a page's HTML, for its table of contents (see
    mkdocs_build.prerender_markdown): (level, id, title as escaped HTML text, without badges)."""
    return [
        (int(level), html.unescape(anchor), " ".join(_TAG.sub("", _BADGE.sub("", inner)).split()))
        for level, anchor, inner in _HEADING.findall(body)
    ]


def _counts(plan: Plan) -> dict[str, int]:
    """How many of the plan's items (body items and appendix rows) are inherited, changed,
    added; and how many of the parent's it removed."""
    out = {INHERITED: 0, CHANGED: 0, ADDED: 0}
    for entry in walk(plan.body):
        if entry.node.origin is not None:
            out[entry.node.origin.status] += 1
    for t in plan.tasks:
        if t.origin is not None:
            out[t.origin.status] += 1
    out["removed"] = len(plan.removed)
    return out


_MEANING = {
    INHERITED: "giữ nguyên như cấp trên (mục không mang nhãn)",
    CHANGED: "sửa lại lời văn của cấp trên",
    ADDED: "của riêng kế hoạch này",
    "removed": "có ở cấp trên, kế hoạch này không thực hiện",
}


def summary_box(plan: Plan, parent: Plan) -> str:
    """'Tóm tắt': what this plan implements and how much of it it keeps, changes, adds, removes."""
    if parent.reference_only:
        return (
            '<aside class="kh-summary" aria-labelledby="tom-tat"><p id="tom-tat"><strong>Tóm tắt.</strong> '
            f"Kế hoạch này thực hiện {e(citation(plan_citation(parent)))}. Kế hoạch cấp trên chỉ được trích "
            "dẫn (nội dung của nó không có trên trang này): mọi mục dưới đây là của kế hoạch này.</p></aside>\n"
        )
    n = _counts(plan)
    parent_html = f'<a href="../{e(parent.id)}/">{e(title(parent))}</a> của {e(parent.unit.known_as)}'
    badges = {**STATUS, "removed": REMOVED}
    legend = "; ".join(
        f'<span class="kh-badge kh-{badges[k][1]}">{badges[k][0]}</span> {m}' for k, m in _MEANING.items()
    )
    parts = []
    for key, (word, css) in badges.items():
        label = f'<span class="kh-badge kh-{css}">{word}</span> {n[key]}'
        linked = key in _CHANGE_LISTS and n[key]
        parts.append(f'<li><a href="#{_CHANGE_LISTS[key]}">{label}</a></li>' if linked else f"<li>{label}</li>")
    return (
        '<aside class="kh-summary" aria-labelledby="tom-tat"><p id="tom-tat"><strong>Tóm tắt.</strong> '
        f"Kế hoạch này thực hiện {parent_html}. Các mục và nhiệm vụ của kế hoạch:</p>"
        f'<ul class="kh-counts">{"".join(parts)}</ul>'
        f'<p class="kh-legend">Nhãn: {legend}.</p></aside>\n'
    )


def signature_block(plan: Plan) -> str:
    """Nơi nhận on the left, the signature on the right, line by line as the document has them."""
    recipients = "".join(f"<li>{e(recipient_line(r))}</li>" for r in plan.recipients)
    recipients += f"<li>{e(archive_line(plan))}</li>"
    sign = ""
    if plan.signature:
        lines = [*plan.signature.authority, plan.signature.title]
        sign = (
            '<div class="kh-sign"><p class="kh-sign-role">'
            + "<br>".join(e(x) for x in lines if x)
            + f'</p><p class="kh-sign-name">{e(plan.signature.name)}</p></div>'
        )
    return (
        '<div class="kh-end"><div class="kh-recipients"><p><strong><em>Nơi nhận:</em></strong></p>'
        f"<ul>{recipients}</ul></div>{sign}</div>"
    )


def due_box(plan: Plan) -> str:
    """The place the browser fills with the plan's tasks due this month and next (from today's
    date, see assets/kehoach.js); without JavaScript it says where the tasks are."""
    return (
        '<section class="kh-due" data-due-for="bang-nhiem-vu-ke-hoach" aria-labelledby="viec-den-han">'
        '<h2 id="viec-den-han">Việc đến hạn</h2>'
        '<p class="kh-due-now">Xem thời hạn của từng nhiệm vụ trong <a href="#phu-luc">Phụ lục</a>.</p></section>\n'
    )


def missing_parts(plan: Plan, corpus: Corpus) -> str:
    """A draft's 'chưa hoàn thiện' badge and what it still leaves to fill ('…' blanks, removals
    without a reason), each named as the document shows it; '' for a finished plan."""
    source = corpus.sources.get(plan.id)
    if source is None or not plan.document.is_draft or not isinstance(source.data, dict):
        return ""
    problems = Problems()
    for path, what in unfinished(source.data):  # removals without a reason too: the page lists all
        source.report(problems, path, what, "")
    placed = place(problems.items, corpus.plans)
    if not placed:
        return ""
    items = "".join(f"<li>{e(p.where or p.path)}: {e(p.message)} (dòng {p.line})</li>" for p in placed)
    return (
        f' <span class="kh-badge kh-chua-xong">chưa hoàn thiện</span>'
        f'<details class="kh-missing"><summary>{len(placed)} chỗ cần điền trước khi ban hành</summary>'
        f"<ul>{items}</ul></details>"
    )


def plan_page(
    plan: Plan,
    corpus: Corpus,
    downloads: dict[str, str],
    review: str = "",
    edit: EditLinks = NO_EDIT,
    progress: str = "",
) -> str:
    """A plan's page: its facts and downloads, the document as issued (body, signature,
    appendix), the comparison with its parent, ``progress`` (its "Tiến độ thực hiện" section,
    :func:`kehoach.site.progress.section`) and ``review`` (the family's sections)."""
    doc = plan.document
    parent = corpus.plans.get(plan.extends) if plan.extends else None
    signer = (*plan.signature.authority, plan.signature.title, plan.signature.name) if plan.signature else ()
    facts = [
        ("Cơ quan ban hành", e(plan.unit.known_as)),
        ("Số, ký hiệu", e(number_line(doc).replace("Số:", "").strip())),
        ("Ngày ban hành", e(date_short(doc.date)) if doc.date else "chưa có (dự thảo)"),
        ("Người ký", "<br>".join(e(x) for x in signer if x)),
        ("Tình trạng", status_word(plan) + missing_parts(plan, corpus)),
        ("Năm", str(plan.year)),
    ]
    if parent:
        link = (
            f'<a href="../{e(parent.id)}/" rel="up">{e(title(parent))} ({e(parent.unit.known_as)})</a>'
            if not parent.reference_only
            else f"{e(citation(plan_citation(parent)))} (chỉ trích dẫn)"
        )
        facts.append(("Kế hoạch cấp trên", link))
    kids = corpus.children.get(plan.id, [])
    if kids:
        facts.append(
            (
                "Kế hoạch cấp dưới",
                ", ".join(f'<a href="../{e(k)}/">{e(corpus.plans[k].unit.known_as)}</a>' for k in kids),
            )
        )
    if progress:
        facts.append(("Tiến độ thực hiện", f'<a href="#{PROGRESS}">Việc đã làm theo từng nhiệm vụ</a>'))
    out = [
        table_wrap("Thông tin về kế hoạch")
        + '<table class="kh-facts"><tbody>'
        + "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
        + "</tbody></table></div>\n"
    ]
    links = [f'<a class="md-button" href="{e(href)}" download>{e(label)}</a>' for label, href in downloads.items()]
    if plan.tasks:
        links.append(
            f'<a class="md-button" href="../../lich/ke-hoach/{e(plan.id)}.ics" download>Lịch các thời hạn (.ics)</a>'
        )
    if edit.url(plan.file):
        links.append(f'<a class="md-button kh-edit-plan" href="{e(edit.url(plan.file))}">Sửa trên {e(edit.host)}</a>')
    if links:
        out.append(f'<p class="kh-downloads">{" ".join(links)}</p>\n')
    if parent:
        out.append(summary_box(plan, parent))
    if plan.tasks:
        out.append(due_box(plan))
    out.append('<div class="kh-doc" markdown="0">' + f'<p class="kh-text">{legal_basis_html(plan)}</p>')
    for entry in walk(plan.body):
        out.append(_node_html(entry, plan, corpus, edit))
    out.extend(f'<p class="kh-text">{markup.to_html(p)}</p>' for p in markup.paragraphs(plan.closing))
    out.append(signature_block(plan) + "</div>\n")
    if parent and not parent.reference_only:
        out.append('<h2 id="so-voi-cap-tren">So với kế hoạch cấp trên</h2>\n')
        out.append(comparison(plan, corpus) + "\n")
    if plan.tasks:
        out.append(f'<h2 id="phu-luc">Phụ lục: {e(upper(plan.appendix_title))}</h2>\n')
        out.append(f'<p class="kh-attach">{e(attachment_line(plan))}</p>\n')
        out.append(tasks_table(plan, corpus, edit) + "\n")
    out.append(progress)
    if review:
        out.append(f'<div class="kh-review">\n{review}</div>\n')
    out.append(json_ld(legislation(plan, corpus, downloads, title(plan), province_of(plan))))
    body = "".join(out)
    return front_matter(title(plan), prerendered=True) + md_heading(1, title(plan)) + body


def named(units_: list[str], plan: Plan) -> list[str]:
    """Units as a reader outside the plan knows them: a plan names its own unit by its kind
    ('UBND phường'), which on a page of every ward's tasks becomes 'UBND phường Thịnh Liệt'."""
    own = plan.unit.known_as
    return [own if u and len(u) < len(own) and own.casefold().startswith(u.casefold()) else u for u in units_]


def plan_task_rows(corpus: Corpus, plan: Plan) -> list[dict]:
    """A plan's appendix tasks, one row each with its due months, for its province's task page
    and its calendar; a fact of the plan (:mod:`kehoach.plans.facts`)."""
    return remember("nhiem-vu", corpus, plan.id, (), partial(_task_rows, plan))


def task_rows_digest(corpus: Corpus, plan: Plan) -> str:
    """The digest of :func:`plan_task_rows`, a kept value not unpacked: a province's task page is
    made again only when one of its plans' tasks changed, not at every edit of a plan's text."""
    return remembered_digest("nhiem-vu", corpus, plan.id, (), partial(_task_rows, plan))


def _task_rows(plan: Plan) -> list[dict]:
    rows = []
    for n, t in enumerate(plan.tasks, 1):
        dates = t.deadline.due_dates(plan.year) if t.deadline else []
        rows.append(
            {
                "plan": plan.id,
                "unit": plan.unit.known_as,
                "province": province_of(plan),
                "n": n,
                "key": t.key,
                "task": markup.plain(t.task),
                "lead": named(unit_names(t.lead), plan),
                "support": named(unit_names(t.support), plan),
                "deadline": t.deadline.wording() if t.deadline else "",
                "kind": t.deadline.kind if t.deadline else "",
                "months": t.deadline.months(plan.year) if t.deadline else [],
                "year": plan.year,
                "dates": [d.isoformat() for d in dates],
            }
        )
    return rows


def plan_report_rows(plan: Plan) -> list[dict]:
    """The data cut-off of each of a plan's reporting periods (quý I, 6 tháng, 9 tháng, năm), for
    its calendar: the day the periodic report's figures are closed (see :mod:`kehoach.plans.progress`)."""
    rows = []
    for period_id in PERIODS:
        which = period(period_id, plan.year, plan.cutoff_day)
        rows.append(
            {
                "plan": plan.id,
                "unit": plan.unit.known_as,
                "province": province_of(plan),
                "key": f"bao-cao-{period_id}",
                "task": f"Chốt số liệu báo cáo {lower_first(which.name)} năm {plan.year} (từ {which.start:%d/%m/%Y})",
                "lead": [plan.unit.known_as],
                "deadline": f"Đến hết ngày {which.end:%d/%m/%Y}",
                "kind": "",
                "year": plan.year,
                "dates": [which.end.isoformat()],
            }
        )
    return rows


def level_of(plan: Plan) -> str:
    """The level a plan is listed under ('Khác' when its unit does not say)."""
    return LEVELS.get(plan.unit.level, "Khác")


def province_key(province: str) -> str:
    """The file name of a province's task page and calendar ('Hà Nội' → 'ha-noi'): its slug, cut
    to 60 characters plus a short digest when longer, so that no name can exceed a file system's limit."""
    key = slug(province)
    if len(key) <= 60:
        return key
    return f"{key[:60].rstrip('-')}-{hashlib.sha256(province.encode()).hexdigest()[:8]}"


OTHER = "Khác"  # the group of plans whose province neither they nor a parent name
OTHER_NOTE = (
    "<p>Các kế hoạch dưới đây chưa ghi tỉnh, thành phố: thêm <code>province</code> vào phần <code>unit:</code> "
    "của tệp kế hoạch (ví dụ <code>province: Hà Nội</code>). Kế hoạch cấp dưới lấy tỉnh của kế hoạch cấp trên.</p>\n"
)


def province_order(name: str) -> tuple:
    """Where a province's group goes in every list of provinces: dictionary order, :data:`OTHER` last."""
    return (name == OTHER, sort_key(name), name)


def province_of(plan: Plan) -> str:
    """The province a plan's tasks are listed under: its unit's (a child's is its parent's, see
    inheritance), or :data:`OTHER` when none is known."""
    return plan.unit.province or OTHER


def _shared(rows: list[dict]) -> list[tuple[dict, list[str]]]:
    """The rows of a province's task page: one per task as its plans word it, with the plans that
    hold it (the first, usually the one that wrote it, then those that inherit it word for word).
    A task inherited unchanged by a hundred plans was a hundred identical rows, a third of a
    national site's task pages (issue #31); the same key with other words, units, deadline or year
    stays a row of its own."""
    shared: dict[tuple, tuple[dict, list[str]]] = {}
    for r in rows:
        same = (r["key"], r["task"], tuple(r["lead"]), r["deadline"], r["year"], tuple(r["months"]))
        shared.setdefault(same, (r, []))[1].append(r["plan"])
    return list(shared.values())


def tasks_page(province: str, rows: list[dict]) -> str:
    """A province's tasks, one row each (a task several plans word alike is one row, :func:`_shared`):
    kehoach.js filters them by lead unit, plan and month and lists those due. The units are read
    from the row's cells ("Kế hoạch của", "Chủ trì", one unit a line), not written again in
    attributes (issue #31: 13 MB of a national site); the plans holding a row are its ``data-plans``."""
    units_ = sorted({u for r in rows for u in r["lead"]})
    plans = sorted({(r["plan"], r["unit"]) for r in rows})
    years = sorted({r["year"] for r in rows})
    opts = lambda values: "".join(f'<option value="{e(v)}">{e(label)}</option>' for v, label in values)  # noqa: E731
    out = [
        front_matter(f"Nhiệm vụ: {province}", prerendered=True),
        md_heading(1, f"Nhiệm vụ và thời hạn: {province}") + "\n",
        "<p>Mọi nhiệm vụ trong phụ lục của các kế hoạch; một nhiệm vụ mà nhiều kế hoạch ghi y hệt nhau "
        "(thường là kế thừa nguyên văn) là một dòng, kèm số kế hoạch khác cũng có nó (lọc theo kế hoạch để "
        "xem đủ việc của một kế hoạch). Nhiệm vụ đến hạn trong tháng này được xếp lên đầu. "
        "Lịch các thời hạn (.ics) của mỗi kế hoạch, để đưa vào ứng dụng lịch, có ở trang của kế hoạch đó. "
        '<a href="../">Các tỉnh, thành phố khác</a>.</p>\n\n'
        + (OTHER_NOTE if province == OTHER else "")
        + '<form class="kh-filter">'
        f'<label>Đơn vị chủ trì <select id="loc-don-vi"><option value="">Tất cả</option>{opts((u, u) for u in units_)}</select></label> '
        f'<label>Kế hoạch <select id="loc-ke-hoach"><option value="">Tất cả</option>{opts(plans)}</select></label> '
        '<label>Tháng <select id="loc-thang"><option value="">Tất cả</option>'
        + "".join(f'<option value="{y}-{m}">Tháng {m}/{y}</option>' for y in years for m in range(1, 13))
        + "</select></label></form>\n\n"
        '<section class="kh-due" id="kh-den-han" aria-labelledby="viec-den-han"><h2 id="viec-den-han">Việc đến hạn</h2>'
        '<p class="kh-due-now">Bật JavaScript để xem các việc đến hạn tháng này; hoặc lọc theo tháng ở trên.</p></section>\n\n',
        table_wrap("Nhiệm vụ và thời hạn")
        + '<table id="bang-nhiem-vu" class="kh-tasks"><colgroup><col class="kh-c-task">'
        '<col class="kh-c-unit"><col class="kh-c-unit"><col class="kh-c-when"></colgroup>'
        '<thead><tr><th scope="col">Nhiệm vụ</th><th scope="col">Kế hoạch của</th>'
        '<th scope="col">Chủ trì</th><th scope="col">Thời hạn</th></tr></thead><tbody>',
    ]
    for r, holders in _shared(rows):
        others = f"<small> và {len(holders) - 1} kế hoạch khác</small>" if len(holders) > 1 else ""
        out.append(
            f'<tr data-plans="{e(" ".join(holders))}" '
            f'data-months="{" ".join(map(str, r["months"]))}" data-year="{r["year"]}">'
            f'<td class="kh-task"><a href="../../ke-hoach/{e(r["plan"])}/#{e(task_anchor(r["key"]))}">{e(r["task"])}</a></td>'
            f"<td>{e(r['unit'])}{others}</td><td>{'<br>'.join(e(u) for u in r['lead'])}</td><td>{e(r['deadline'])}</td></tr>"
        )
    out.append("</tbody></table></div>\n")
    return "".join(out)


def search_page() -> str:
    return (
        "# Tìm kiếm\n\nGõ từ cần tìm, có dấu hoặc không dấu (ví dụ: <em>tuyen truyen</em>). "
        "Kết quả chỉ gồm nội dung riêng của từng kế hoạch; phần kế thừa dẫn về kế hoạch gốc.\n\n"
        '<form class="kh-search" role="search">'
        '<label for="kh-q">Từ khóa</label> <input id="kh-q" type="search" name="q" autocomplete="off" '
        'placeholder="Ví dụ: tuyên truyền"> <button id="kh-go" type="submit">Tìm</button></form>\n\n'
        '<p id="kh-status" aria-live="polite"></p><ol id="kh-results"></ol>'
        '<p><button id="kh-more" class="md-button" type="button" hidden>Xem thêm kết quả</button></p>\n'
    )
