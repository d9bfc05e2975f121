"""The lists of plans: the home page, the indexes by unit, level and year, and the tasks index.

Each list is made from one :class:`Row` per plan, the few facts a list shows of it, never from
the plans themselves: each province's rows are kept under its standing
(:func:`kehoach.site.generate.settled_each`), and the lists are made again only when a row
changed (:func:`rows_key`). Editing a plan's text changes
no row, and at national scale the lists were a third of a live preview's update (issue #31).
"""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

from ..plans.addressee import KINDS, kind_of
from ..plans.model import Plan, plan_citation
from ..render.wording import citation
from .pages import (
    OTHER,
    OTHER_NOTE,
    level_of,
    md_heading,
    province_key,
    province_of,
    province_order,
    status_word,
    title,
)

e = html.escape


class Row(NamedTuple):
    """What the lists show of a plan."""

    id: str
    year: int
    extends: str  # the parent's id ('' for none)
    reference_only: bool
    name: str  # its unit as readers know it (unit.known_as)
    code: str  # the unit's official code ('' when unknown)
    province: str  # the group it is listed under (pages.province_of)
    level: str  # pages.level_of
    kind: str  # of its unit (addressee.kind_of)
    title: str  # pages.title
    status: str  # pages.status_word
    citation: str  # how it is cited, for a plan kept only to be cited ('' for the others)
    tasks: int  # its appendix tasks


def row(plan: Plan) -> Row:
    return Row(
        plan.id,
        plan.year,
        plan.extends or "",
        plan.reference_only,
        plan.unit.known_as,
        plan.unit.code or "",
        province_of(plan),
        level_of(plan),
        kind_of(plan.unit),
        title(plan),
        status_word(plan),
        citation(plan_citation(plan)) if plan.reference_only else "",
        len(plan.tasks),
    )


def rows_key(rows: list[Row]) -> str:
    """What every list is made from: a list whose key is unchanged is left as it is."""
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def home_page(rows: list[Row], part: str = "") -> str:
    """The home page, each year's plans as a tree from the top; ``part``: the province whose
    site this is, when the site is split by province (a link up to the list of the others)."""
    out = [
        md_heading(1, "Kế hoạch thông tin, tuyên truyền về cải cách hành chính" + (f": {part}" if part else "")) + "\n",
        "Trang này công bố các kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước của các "
        "cơ quan, đơn vị. Mỗi kế hoạch thực hiện kế hoạch của cấp trên: trang của từng kế hoạch cho biết "
        "phần nào được kế thừa, phần nào được sửa hay bổ sung, và các nhiệm vụ đến hạn khi nào. "
        "Có thể tải về bản DOCX theo thể thức Nghị định 30/2020/NĐ-CP.\n\n",
    ]
    if part:
        out.append(
            f"Trang này gồm các kế hoạch của {e(part)}; kế hoạch của các tỉnh, thành phố khác: "
            '<a href="../">danh sách các tỉnh, thành phố</a>.\n\n'
        )
    by_id = {r.id: r for r in rows}
    children: dict[str, list[Row]] = defaultdict(list)
    by_year: dict[int, list[Row]] = defaultdict(list)
    for r in rows:  # by id: each plan's children in id order
        by_year[r.year].append(r)
        if r.extends in by_id:
            children[r.extends].append(r)

    def tree(r: Row) -> list[str]:
        if r.reference_only:
            label = f"{e(r.name)}: {e(r.citation)} <small>(chỉ trích dẫn)</small>"
        else:
            label = f'<a href="ke-hoach/{e(r.id)}/">{e(r.name)}</a>: {e(r.title)} <small>({r.status})</small>'
        lines = [f"<li>{label}"]
        kids = [k for k in children[r.id] if k.year == r.year]
        if kids:
            lines.append("<ul>")
            for k in kids:
                lines.extend(tree(k))
            lines.append("</ul>")
        lines.append("</li>")
        return lines

    for year in sorted(by_year, reverse=True):
        out.append(f'## Năm {year}\n\n<ul class="kh-tree">')
        for r in by_year[year]:
            if r.extends not in by_id or by_id[r.extends].year != year:  # a root of that year's tree
                out.extend(tree(r))
        out.append("</ul>\n\n")
    return "".join(out)


def groups(rows: list[Row], name: Callable[[Row], str]) -> dict[str, list[Row]]:
    """The plans (not those kept only to be cited) by the ``name`` of their group, each group by id."""
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if not r.reference_only:
            out[name(r)].append(r)
    return out


def _item(r: Row, code: str = "") -> str:
    return f'<li><a href="../ke-hoach/{e(r.id)}/">{e(r.name)}{code}: {e(r.title)}</a></li>'


def index_page(heading: str, grouped: dict[str, list[Row]], intro: str) -> str:
    """'Theo cấp', 'Theo năm': each group's plans, newest first, then by unit."""
    out = [f"# {heading}\n\n{intro}\n\n"]
    for name in sorted(grouped, key=lambda g: (g == "Khác", g), reverse=heading == "Theo năm"):
        out.append(f"{md_heading(2, name)}\n<ul>")
        out += (_item(r) for r in sorted(grouped[name], key=lambda r: (-r.year, r.name)))
        out.append("</ul>\n\n")
    return "".join(out)


def unit_index_page(by_province: dict[str, list[Row]]) -> str:
    """'Theo đơn vị': by province, then by kind of unit; each unit with its official code when it has one."""
    out = ["# Theo đơn vị\n\nCác kế hoạch theo tỉnh, thành phố, rồi theo loại đơn vị ban hành.\n\n"]
    for name in sorted(by_province, key=province_order):
        out.append(f"{md_heading(2, name)}\n" + (OTHER_NOTE if name == OTHER else ""))
        kinds: dict[str, list[Row]] = {}
        for r in by_province[name]:
            kinds.setdefault(r.kind, []).append(r)
        for kind in sorted(kinds, key=lambda k: (list(KINDS).index(k) if k in KINDS else len(KINDS), k)):
            out.append(f"{md_heading(3, KINDS.get(kind, 'Khác').capitalize())}\n<ul>")
            for r in sorted(kinds[kind], key=lambda r: (-r.year, r.name)):
                out.append(_item(r, f" (mã {e(r.code)})" if r.code else ""))
            out.append("</ul>\n\n")
    return "".join(out)


def tasks_index(by_province: dict[str, list[Row]]) -> str:
    """The tasks landing page: one line per province that has tasks, linking to its task page.

    One page of every task in the country would be hundreds of megabytes; each province's
    page lists the tasks of its plans (a few thousand rows at most).
    """
    out = [
        "# Nhiệm vụ và thời hạn\n\n",
        "Nhiệm vụ trong phụ lục của các kế hoạch, theo tỉnh, thành phố. Mỗi trang lọc được theo đơn vị "
        "chủ trì, kế hoạch và tháng đến hạn. Lịch các thời hạn (.ics) của mỗi kế hoạch có ở trang của kế hoạch đó.\n\n",
        '<table class="kh-provinces"><thead><tr><th scope="col">Tỉnh, thành phố</th><th scope="col">Kế hoạch</th>'
        '<th scope="col">Nhiệm vụ</th></tr></thead><tbody>',
    ]
    for name in sorted(by_province, key=province_order):
        plans = by_province[name]
        tasks = sum(r.tasks for r in plans)  # a row of the province's page per task
        if not tasks:
            continue  # no task page
        out.append(
            f'<tr><td><a href="{e(province_key(name))}/">{e(name)}</a></td><td>{sum(1 for r in plans if r.tasks)}</td>'
            f"<td>{tasks}</td></tr>"
        )
    out.append("</tbody></table>\n")
    return "".join(out)


# Every list, by its path under the docs folder, made from the rows and the part (see home_page)
LISTS: dict[str, Callable[[list[Row], str], str]] = {
    "index.md": home_page,
    "theo-don-vi.md": lambda rows, part: unit_index_page(groups(rows, lambda r: r.province)),
    "theo-cap.md": lambda rows, part: index_page(
        "Theo cấp", groups(rows, lambda r: r.level), "Các kế hoạch theo cấp của đơn vị ban hành."
    ),
    "theo-nam.md": lambda rows, part: index_page(
        "Theo năm", groups(rows, lambda r: f"Năm {r.year}"), "Các kế hoạch theo năm, mới nhất trước."
    ),
    "nhiem-vu.md": lambda rows, part: tasks_index(groups(rows, lambda r: r.province)),
}
