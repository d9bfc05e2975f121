"""No markup from data reaches the public site (issue #25, point 1).

A plan tree, a ledger and a registry are generated from the declared schemas with a hostile
payload (Markdown links and images, ``attr_list`` braces, raw HTML, ``javascript:``, entities,
template syntax) in **every** string field, and the same tree with a harmless text in its
place. Both are built with ``python build.py``; every page is parsed with an HTML parser. The
hostile site may hold no element, attribute or URL scheme that the harmless one lacks, no
event handler and no script carrying the payload: whatever the fields hold, the page's markup
is the templates' own.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, PlansDir

from kehoach.plans.ledger import RECORD
from kehoach.plans.registry import UNIT
from kehoach.plans.schema import OPS, PLAN
from kehoach.site.pages import province_key

PAYLOAD = (
    "Thông tin ![x](nope.png){: onerror=alert(1) } [BẤM](javascript:alert(2)) <img src=x onerror=alert(3)> "
    "<script>alert(4)</script> </title><script>alert(5)</script> &lt;b&gt; &#60;i&#62; "
    "năm 2025 {: onmouseover=alert(7) style=position:fixed;inset:0 } <http://evil.example/> "
    "javascript:alert(8) \"' ]]> {{ p }} {% if x %} `code` _x_ **đậm** # #"
)
HARMLESS = "Thông tin an toàn năm 2025 **đậm**"  # the emphasis that text fields may hold (markup.py)

# Values for fields that are not free text: what a valid plan holds there.
FIXED = {
    "year": 2025,
    "number": 5,
    "date": "10/01/2025",
    "deadline": "Chậm nhất ngày 20/02/2025",
    "cutoff_day": 14,
    "top": 20,
    "bottom": 20,
    "left": 30,
    "right": 15,
}
# 'code' holds digits only (an official unit code, checked against the map): no text reaches a page through it
SKIPPED = {"extends", "reference_only", "lint", "for", "cross_year", "request", "target", "code", *OPS}


def sample(schema: dict, text: str, key: str, depth: int = 0) -> dict:
    """A mapping with every field of ``schema`` filled: ``text`` in each free-text field; keyed
    lists nested three deep (mục, khoản, điểm)."""
    out: dict = {}
    for name, spec in schema.items():
        if name in SKIPPED or (spec.kind == "keyed" and depth >= 3):
            continue
        if name in FIXED and spec.kind in ("int", "date", "deadline"):
            out[name] = FIXED[name]
        elif spec.kind == "deadline":
            out[name] = FIXED["deadline"]
        elif spec.kind == "date":
            out[name] = FIXED["date"]
        elif name == "symbol":
            out[name] = "KH-UBND"  # checked against Decree 30's form (KH-…)
        elif name == "organ_id":
            out[name] = "000.00.00.H26"  # a mã định danh, checked for its form: it reaches the metadata only
        elif name == "key" or spec.pattern:
            out[name] = key
        elif spec.kind in ("str", "text"):
            out[name] = text
        elif spec.kind == "strlist" and not spec.choices:
            out[name] = [text, text + " 2"]
        elif spec.kind == "enum":
            out[name] = spec.choices[0]
        elif spec.kind == "recipients":
            out[name] = [{"text": text, "note": "để b/c " + text}, text]
        elif spec.kind == "keyed":
            child = sample(spec.of, text, f"{key}-{name}", depth + 1)
            out[name] = [child]
        elif spec.kind == "map":
            out[name] = sample(spec.of, text, key, depth)
    return out


def tree(text: str) -> dict[str, dict]:
    """A parent plan with every field, and a child that overrides, removes (with a reason) and adds."""
    top = sample(PLAN, text, "k")
    top["year"] = 2025
    top["unit"]["province"] = text
    top["unit"]["level"] = "tinh"
    top["unit"].pop("id", None)
    child = {k: v for k, v in sample(PLAN, text, "c").items() if PLAN[k].own or k in ("year",)}
    child["extends"] = "tinh"
    child["document"]["number"] = 6  # two plans of one body in one year never share a number
    child["unit"]["level"] = "huyen"
    child["unit"].pop("id", None)
    child["body"] = [
        {"key": "k-body", "title": text + " sửa"},
        {"key": "moi", "at": "end", "title": text, "text": text},
    ]
    child["legal_basis"] = {"closing": text}
    child["appendix"] = {"tasks": [{"key": "k-tasks", "remove": text}]}
    return {"tinh": top, "huyen": child}


def ledger(text: str) -> dict:
    entry = sample(RECORD, text, "viec")
    entry.update(task="k-body", date="12/02/2025", count=2, link='https://a.example/"><script>alert(6)</script>')
    return {"entries": [entry], "proposals": text}


def registry(text: str) -> dict:
    units = [sample(UNIT, text, "tinh"), {**sample(UNIT, text, "huyen"), "parent": "tinh"}]
    units[0].pop("parent")
    units[0]["kind"], units[1]["kind"] = "tinh", "huyen"
    return {"province": text, "units": units}


def build(root: Path, text: str) -> Path:
    for name in ("mkdocs.yml",):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    runner = PlansDir(root)
    for plan_id, data in tree(text).items():
        runner.write(plan_id, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for folder, name, data in (("progress", "huyen", ledger(text)), ("units", "tinh", registry(text))):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = runner.run("-q")
    assert code == 0, err
    return root / "site"


class Markup(HTMLParser):
    """Every element, attribute and URL scheme of a page, and the text of its scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shapes: set[tuple[str, str]] = set()
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self.data_blocks: list[str] = []  # <script type="application/ld+json">: never run, data of the plan
        self._in_script = False
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.shapes.add((tag, ""))
        for name, value in attrs:
            self.shapes.add((tag, name))
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and value:
                self.urls.append(value)
        self._in_data = tag == "script" and ("type", "application/ld+json") in attrs
        self._in_script = tag == "script" and not self._in_data

    def handle_endtag(self, tag):
        self._in_script = self._in_data = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        elif self._in_data:
            self.data_blocks.append(data)


def scan(site: Path, text: str) -> dict[str, Markup]:
    """Each page's markup, by its path with the province's name (the payload) as 'P'."""
    pages = {}
    for page in sorted(site.rglob("*.html")):
        parser = Markup()
        html = page.read_text(encoding="utf-8")
        parser.feed(html)
        parser.shown = "onerror=alert(1)" in html.replace("&#x27;", "'")  # type: ignore[attr-defined]
        pages[str(page.relative_to(site)).replace(province_key(text), "P")] = parser
    return pages


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return {
        which: scan(build(tmp_path_factory.mktemp(which), text), text)
        for which, text in (("hostile", PAYLOAD), ("harmless", HARMLESS))
    }


def test_the_payload_reaches_every_kind_of_page(sites):
    """The test means something: the payload is on the plan (with its progress), task, progress
    overview and index pages."""
    hostile = sites["hostile"]
    for page in (
        "ke-hoach/tinh/index.html",
        "ke-hoach/huyen/index.html",
        "theo-don-vi/index.html",
        "index.html",
        "nhiem-vu/P/index.html",
        "tien-do/index.html",
    ):
        assert hostile[page].shown, page
    assert set(sites["hostile"]) == set(sites["harmless"])


def test_no_element_attribute_or_scheme_comes_from_data(sites):
    hostile, harmless = sites["hostile"], sites["harmless"]
    for page, found in hostile.items():
        extra = found.shapes - harmless[page].shapes
        assert not extra, f"{page}: markup from data: {sorted(extra)}"
        assert not [h for h in found.handlers if "alert" in h], page
        schemes = {u.split(":", 1)[0].strip().lower() for u in found.urls if ":" in u.split("/", 1)[0]}
        assert schemes <= {"http", "https", "mailto", "data"}, f"{page}: {schemes}"
        own = re.compile(
            r"[\w./#-]*|https://a\.example/.*"
        )  # slugs of headings and provinces; the ledger's (valid) link
        assert not [u for u in found.urls if "alert" in u and not own.fullmatch(u)], page
        assert not [s for s in found.scripts if "alert(" in s], f"{page}: payload inside a script"
        # JSON-LD carries the plan's words as data: one JSON value, which nothing can close early
        assert len(found.data_blocks) == len(harmless[page].data_blocks), page
        for block in found.data_blocks:
            assert "<" not in block and json.loads(block)["@type"] == "Legislation", page
