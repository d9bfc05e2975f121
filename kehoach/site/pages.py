"""The site's pages as Markdown with escaped HTML blocks, one function per page.

Every text from a plan passes through :func:`markup.to_html` or :func:`html.escape`, so a
plan can never inject markup into the site.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections import defaultdict

from ..text import markup
from ..plans.corpus import Corpus
from ..plans.model import ADDED, CHANGED, INHERITED, Node, Plan, plan_citation
from ..plans.numbering import locations, walk
from ..plans.progress import PERIODS, period
from ..text.vietnamese import date_short, lower_first, slug, upper
from ..render.wording import attachment_line, citation, legal_basis, number_line, unit_names, units

LEVELS = {"tinh": "Cấp tỉnh", "so": "Sở, ngành", "huyen": "Cấp huyện", "xa": "Cấp xã", "don-vi": "Đơn vị sự nghiệp", "": "Khác"}
STATUS = {INHERITED: ("kế thừa", "ke-thua"), CHANGED: ("đã sửa", "da-sua"), ADDED: ("bổ sung", "bo-sung")}

e = html.escape


def title(plan: Plan) -> str:
    return f"{plan.document.kind} {plan.document.subject_line}"


def status_word(plan: Plan) -> str:
    return "Dự thảo" if plan.document.is_draft else "Đã ban hành"


def _badge(item, plan: Plan, anchor: str, corpus: Corpus) -> str:
    o = item.origin
    word, css = STATUS[o.status]
    if o.status == INHERITED and o.plan in corpus.plans and not corpus.plans[o.plan].reference_only:
        return f'<a class="kh-badge kh-{css}" href="../{e(o.plan)}/#{e(anchor)}" title="Kế thừa từ {e(o.plan)}">{word}</a>'
    if o.status == CHANGED and plan.extends in corpus.plans:
        return f'<a class="kh-badge kh-{css}" href="#so-sanh-{e(anchor)}">{word}</a>'
    return f'<span class="kh-badge kh-{css}">{word}</span>'


def _node_html(entry, plan: Plan, corpus: Corpus) -> str:
    anchor, label = e(entry.anchor), e(entry.label)
    head = markup.to_html(entry.head)
    badge = _badge(entry.node, plan, entry.anchor, corpus)
    rest = "".join(f'<p class="kh-text">{markup.to_html(p)}</p>' for p in entry.rest)
    if entry.is_heading:
        tag = {1: "h2", 2: "h3"}.get(entry.depth, "p")
        return f'<{tag} id="{anchor}" class="kh-d{entry.depth}">{label} {head} {badge}</{tag}>{rest}'
    return f'<p id="{anchor}" class="kh-d{entry.depth}"><span class="kh-label">{label}</span> {head} {badge}</p>{rest}'


REWRITTEN = 0.5  # below this share of common words an item counts as rewritten, not edited


def word_diff(old: str, new: str) -> str:
    """A word-level diff as HTML with <del> and <ins>."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < REWRITTEN or matcher.quick_ratio() < REWRITTEN:
        # rewritten, not edited: say so plainly (and skip the costly word matching)
        return f"<del>{e(old)}</del><ins>{e(new)}</ins>"
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(e("".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{e(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{e(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _node_text(n) -> str:
    if isinstance(n, Node):
        return markup.plain(": ".join(x for x in (n.heading, n.text) if x))
    return markup.plain(getattr(n, "task", "") or getattr(n, "about", ""))


def comparison(plan: Plan, corpus: Corpus) -> str:
    """'So với kế hoạch cấp trên': removed, changed (word diff) and added items."""
    changed, added = [], []
    here = locations(plan)
    for entry in walk(plan.body):
        o = entry.node.origin
        assert o is not None  # every resolved item has one
        if o.status == CHANGED:
            changed.append((entry.anchor, here[entry.path], word_diff(_node_text(o.previous), _node_text(entry.node))))
        elif o.status == ADDED:
            added.append((entry.anchor, here[entry.path], e(_node_text(entry.node))))
    for n, t in enumerate(plan.tasks, 1):
        if t.origin.status == CHANGED:
            prev = t.origin.previous
            old = f"{markup.plain(prev.task)} — {'; '.join(units(prev.lead))} — {prev.deadline.wording() if prev.deadline else ''}"
            new = f"{markup.plain(t.task)} — {'; '.join(units(t.lead))} — {t.deadline.wording() if t.deadline else ''}"
            changed.append((f"nv-{t.key}", f"Phụ lục, dòng {n}", word_diff(old, new)))
        elif t.origin.status == ADDED:
            added.append((f"nv-{t.key}", f"Phụ lục, dòng {n}", e(markup.plain(t.task))))
    out = ['<section class="kh-compare">']
    out.append(f"<h3>Đã bỏ ({len(plan.removed)})</h3><ul>")
    assert plan.extends is not None  # only a child plan is compared
    parent = corpus.plans[plan.extends]
    there = locations(parent)
    parent_rows = {t.key: n for n, t in enumerate(parent.tasks, 1)}
    for r in plan.removed:
        if r.where == "tasks":
            where = f"Phụ lục, dòng {parent_rows.get(r.item.key, '?')}"
        elif r.where == "documents":
            where = "Căn cứ"
        else:
            where = there.get(r.path + (r.item.key,), "/".join(r.path + (r.item.key,)))
        reason = f' <em>Lý do: {e(r.reason)}</em>' if r.reason else ""
        out.append(f"<li><del>{e(_node_text(r.item))}</del> <small>({e(where)})</small>{reason}</li>")
    out.append(f"</ul><h3>Đã sửa ({len(changed)})</h3><ul>")
    for anchor, label, diff in changed:
        out.append(f'<li id="so-sanh-{e(anchor)}"><a href="#{e(anchor)}">{e(label)}</a> {diff}</li>')
    out.append(f"</ul><h3>Bổ sung ({len(added)})</h3><ul>")
    for anchor, label, text in added:
        out.append(f'<li><a href="#{e(anchor)}">{e(label)}</a> {text}</li>')
    out.append("</ul></section>")
    return "".join(out)


def _cell(value) -> str:
    return "<br>".join(e(x) for x in units(value))


def tasks_table(plan: Plan, corpus: Corpus) -> str:
    rows = ['<table class="kh-tasks"><thead><tr><th scope="col">TT</th><th scope="col">Nhiệm vụ</th>'
            '<th scope="col">Cơ quan, đơn vị chủ trì</th><th scope="col">Cơ quan, đơn vị phối hợp</th>'
            '<th scope="col">Thời gian hoàn thành</th></tr></thead><tbody>']
    for n, t in enumerate(plan.tasks, 1):
        badge = _badge(t, plan, f"nv-{t.key}", corpus)
        rows.append(f'<tr id="nv-{e(t.key)}"><td>{n}.</td><td>{markup.to_html(t.task)} {badge}</td><td>{_cell(t.lead)}</td>'
                    f'<td>{_cell(t.support)}</td><td>{e(t.deadline.wording() if t.deadline else "")}</td></tr>')
    rows.append("</tbody></table>")
    return "".join(rows)


def front_matter(page_title: str, prerendered: bool = False) -> str:
    """The page's metadata block: the title HTML-escaped (themes print it as is) inside a
    JSON string, which is valid YAML whatever the title holds (':', '#', quotes)."""
    mark = "kehoach_html: true\n" if prerendered else ""  # see mkdocs_build.prerendered_pages
    return f"---\ntitle: {json.dumps(e(page_title), ensure_ascii=False)}\n{mark}---\n"


def plan_page(plan: Plan, corpus: Corpus, downloads: dict[str, str], review: str = "") -> str:
    doc = plan.document
    parent = corpus.plans.get(plan.extends) if plan.extends else None
    out = [front_matter(title(plan), prerendered=True), f"# {e(title(plan))}\n"]
    facts = [("Cơ quan ban hành", e(plan.unit.full)), ("Số, ký hiệu", e(number_line(doc).replace("Số:", "").strip())),
             ("Ngày ban hành", e(date_short(doc.date)) if doc.date else "chưa có (dự thảo)"),
             ("Người ký", e(" ".join(plan.signature.authority + (plan.signature.title, "–", plan.signature.name)))
              if plan.signature else ""),
             ("Tình trạng", status_word(plan)), ("Năm", str(plan.year))]
    if parent:
        link = f'<a href="../{e(parent.id)}/" rel="up">{e(title(parent))} ({e(parent.unit.full)})</a>' \
            if not parent.reference_only else f"{e(citation(plan_citation(parent)))} (chỉ trích dẫn)"
        facts.append(("Kế hoạch cấp trên", link))
    kids = corpus.children.get(plan.id, [])
    if kids:
        facts.append(("Kế hoạch cấp dưới", ", ".join(
            f'<a href="../{e(k)}/">{e(corpus.plans[k].unit.full)}</a>' for k in kids)))
    facts.append(("Tiến độ thực hiện", f'<a href="../../tien-do/{e(plan.id)}/">Việc đã làm theo từng nhiệm vụ</a>'))
    out.append('<table class="kh-facts"><tbody>' + "".join(
        f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts) + "</tbody></table>\n")
    links = " ".join(f'<a class="md-button" href="{e(href)}" download>{e(label)}</a>' for label, href in downloads.items())
    out.append(f'<p class="kh-downloads">{links}</p>\n')
    out.append('<div class="kh-doc" markdown="0">' + f'<p class="kh-text">{markup.to_html(legal_basis(plan))}</p>')
    for entry in walk(plan.body):
        out.append(_node_html(entry, plan, corpus))
    out.extend(f'<p class="kh-text">{markup.to_html(p)}</p>' for p in markup.paragraphs(plan.closing))
    out.append("</div>\n")
    if plan.tasks:
        out.append(f'<h2 id="phu-luc">Phụ lục: {e(upper(plan.appendix_title))}</h2>\n')
        out.append(f'<p class="kh-attach">{e(attachment_line(plan))}</p>\n')
        out.append(tasks_table(plan, corpus) + "\n")
    if parent and not parent.reference_only:
        out.append('<h2 id="so-voi-cap-tren">So với kế hoạch cấp trên</h2>\n')
        out.append(comparison(plan, corpus) + "\n")
    out.append(review)
    return "".join(out)


def home_page(corpus: Corpus) -> str:
    out = ["# Kế hoạch thông tin, tuyên truyền về cải cách hành chính\n\n",
           "Trang này công bố các kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước của các "
           "cơ quan, đơn vị. Mỗi kế hoạch thực hiện kế hoạch của cấp trên: trang của từng kế hoạch cho biết "
           "phần nào được kế thừa, phần nào được sửa hay bổ sung, và các nhiệm vụ đến hạn khi nào. "
           "Có thể tải về bản DOCX theo thể thức Nghị định 30/2020/NĐ-CP.\n\n"]
    by_year = defaultdict(list)
    for plan in corpus.plans.values():
        by_year[plan.year].append(plan)

    def tree(pid: str, year: int, depth: int) -> list[str]:
        p = corpus.plans[pid]
        if p.reference_only:
            label = f"{e(p.unit.full)}: {e(citation(plan_citation(p)))} <small>(chỉ trích dẫn)</small>"
        else:
            label = f'<a href="ke-hoach/{e(pid)}/">{e(p.unit.full)}</a>: {e(title(p))} <small>({status_word(p)})</small>'
        lines = [f"<li>{label}"]
        kids = [k for k in corpus.children.get(pid, []) if corpus.plans[k].year == year]
        if kids:
            lines.append("<ul>")
            for k in kids:
                lines.extend(tree(k, year, depth + 1))
            lines.append("</ul>")
        lines.append("</li>")
        return lines

    for year in sorted(by_year, reverse=True):
        roots = sorted(p.id for p in by_year[year] if not p.extends or p.extends not in corpus.plans
                       or corpus.plans[p.extends].year != year)
        out.append(f"## Năm {year}\n\n<ul class=\"kh-tree\">")
        for r in roots:
            out.extend(tree(r, year, 0))
        out.append("</ul>\n\n")
    return "".join(out)


def index_page(heading: str, groups: dict[str, list[Plan]], intro: str) -> str:
    out = [f"# {heading}\n\n{intro}\n\n"]
    for name in sorted(groups, key=lambda g: (g == "Khác", g), reverse=heading == "Theo năm"):
        out.append(f"## {e(name)}\n\n<ul>")
        for p in sorted(groups[name], key=lambda p: (-p.year, p.unit.full)):
            out.append(f'<li><a href="../ke-hoach/{e(p.id)}/">{e(p.unit.full)}: {e(title(p))}</a></li>')
        out.append("</ul>\n\n")
    return "".join(out)


def task_rows(corpus: Corpus) -> list[dict]:
    """Every appendix task of every plan, with its due months, for the task page and calendar."""
    rows = []
    for plan in corpus.real():
        for n, t in enumerate(plan.tasks, 1):
            dates = t.deadline.due_dates(plan.year) if t.deadline else []
            rows.append({"plan": plan.id, "unit": plan.unit.full, "province": province_of(plan), "n": n,
                         "key": t.key, "task": markup.plain(t.task), "lead": unit_names(t.lead), "support": unit_names(t.support),
                         "deadline": t.deadline.wording() if t.deadline else "",
                         "kind": t.deadline.kind if t.deadline else "",
                         "months": t.deadline.months(plan.year) if t.deadline else [], "year": plan.year,
                         "dates": [d.isoformat() for d in dates]})
    return rows


def report_rows(corpus: Corpus) -> list[dict]:
    """The data cut-off of each reporting period of every plan (quý I, 6 tháng, 9 tháng, năm), for
    the calendar: the day the periodic report's figures are closed (see :mod:`kehoach.plans.progress`)."""
    rows = []
    for plan in corpus.real():
        for period_id in PERIODS:
            which = period(period_id, plan.year, plan.cutoff_day)
            rows.append({"plan": plan.id, "unit": plan.unit.full, "province": province_of(plan), "key": f"bao-cao-{period_id}",
                         "task": f"Chốt số liệu báo cáo {lower_first(which.name)} năm {plan.year} (từ {which.start:%d/%m/%Y})",
                         "lead": [plan.unit.full], "deadline": f"Đến hết ngày {which.end:%d/%m/%Y}", "kind": "",
                         "year": plan.year, "dates": [which.end.isoformat()]})
    return rows


def level_of(plan: Plan) -> str:
    """The level a plan is listed under ('Khác' when its unit does not say)."""
    return LEVELS.get(plan.unit.level, "Khác")


def province_of(plan: Plan) -> str:
    """The province a plan's tasks are listed under ('Khác' when the plan does not say)."""
    return plan.unit.province or "Khác"


def tasks_index(groups: dict[str, list[dict]]) -> str:
    """The tasks landing page: one line per province, linking to its task page and calendar.

    One page of every task in the country would be hundreds of megabytes; each province's
    page lists the tasks of its plans (a few thousand rows at most).
    """
    out = ["# Nhiệm vụ và thời hạn\n\n",
           "Nhiệm vụ trong phụ lục của các kế hoạch, theo tỉnh, thành phố. Mỗi trang lọc được theo đơn vị "
           "chủ trì, kế hoạch và tháng đến hạn; lịch (.ics) đưa các thời hạn vào ứng dụng lịch.\n\n",
           '<table class="kh-provinces"><thead><tr><th scope="col">Tỉnh, thành phố</th><th scope="col">Kế hoạch</th>'
           '<th scope="col">Nhiệm vụ</th><th scope="col">Lịch</th></tr></thead><tbody>']
    for name in sorted(groups, key=lambda g: (g == "Khác", g)):
        rows, key = groups[name], slug(name)
        out.append(f'<tr><td><a href="{e(key)}/">{e(name)}</a></td><td>{len({r["plan"] for r in rows})}</td>'
                   f'<td>{len(rows)}</td><td><a href="../lich/{e(key)}.ics" download>{e(key)}.ics</a></td></tr>')
    out.append("</tbody></table>\n")
    return "".join(out)


def tasks_page(province: str, rows: list[dict]) -> str:
    units_ = sorted({u for r in rows for u in r["lead"]})
    plans = sorted({(r["plan"], r["unit"]) for r in rows})
    opts = lambda values: "".join(f'<option value="{e(v)}">{e(label)}</option>' for v, label in values)  # noqa: E731
    out = [front_matter(f"Nhiệm vụ: {province}", prerendered=True), f"# Nhiệm vụ và thời hạn: {e(province)}\n\n",
           "<p>Mọi nhiệm vụ trong phụ lục của các kế hoạch. Nhiệm vụ đến hạn trong tháng này được xếp lên đầu. "
           f'Có thể <a href="../../lich/{e(slug(province))}.ics" download>tải lịch (.ics)</a> để đưa các thời hạn '
           'vào ứng dụng lịch. <a href="../">Các tỉnh, thành phố khác</a>.</p>\n\n',
           '<form class="kh-filter" onsubmit="return false">'
           f'<label>Đơn vị chủ trì <select id="loc-don-vi"><option value="">Tất cả</option>{opts((u, u) for u in units_)}</select></label> '
           f'<label>Kế hoạch <select id="loc-ke-hoach"><option value="">Tất cả</option>{opts(plans)}</select></label> '
           '<label>Tháng <select id="loc-thang"><option value="">Tất cả</option>'
           + "".join(f'<option value="{m}">Tháng {m}</option>' for m in range(1, 13)) + "</select></label></form>\n\n",
           '<table id="bang-nhiem-vu" class="kh-tasks"><thead><tr><th scope="col">Nhiệm vụ</th><th scope="col">Kế hoạch</th>'
           '<th scope="col">Chủ trì</th><th scope="col">Thời hạn</th></tr></thead><tbody>']
    for r in rows:
        out.append(f'<tr data-units="{e("|".join(r["lead"]))}" data-plan="{e(r["plan"])}" '
                   f'data-months="{" ".join(map(str, r["months"]))}" data-year="{r["year"]}">'
                   f'<td><a href="../../ke-hoach/{e(r["plan"])}/#nv-{e(r["key"])}">{e(r["task"])}</a></td>'
                   f'<td>{e(r["unit"])}</td><td>{"<br>".join(e(u) for u in r["lead"])}</td><td>{e(r["deadline"])}</td></tr>')
    out.append("</tbody></table>\n")
    return "".join(out)


def search_page() -> str:
    return ("# Tìm kiếm\n\nGõ từ cần tìm, có dấu hoặc không dấu (ví dụ: <em>tuyen truyen</em>). "
            "Kết quả chỉ gồm nội dung riêng của từng kế hoạch; phần kế thừa dẫn về kế hoạch gốc.\n\n"
            '<form class="kh-search" role="search" onsubmit="return false">'
            '<label for="kh-q">Từ khóa</label> <input id="kh-q" type="search" name="q" autocomplete="off" '
            'placeholder="Ví dụ: tuyên truyền"> <button id="kh-go" type="submit">Tìm</button></form>\n\n'
            '<p id="kh-status" aria-live="polite"></p><ol id="kh-results"></ol>\n')
