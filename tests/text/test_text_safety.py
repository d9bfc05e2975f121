"""Arbitrary Unicode in every text field reaches DOCX and HTML intact and escaped."""

from __future__ import annotations

import functools
import io
import subprocess
from dataclasses import replace

from conftest import ROOT, require_tool, resolve
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kehoach.render.docx import render
from kehoach.site.pages import plan_page
from kehoach.text import markup
from kehoach.text.vietnamese import upper

# XML 1.0 forbids most C0 controls and surrogates; the loader refuses them with a message
# (see test_catalogue.py). '*' and '\' are markup, tested in test_raw_html_is_shown_as_text.
_ANY = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="*\\"), min_size=1, max_size=120
)
_NASTY = st.sampled_from(
    [
        "& < > \" '",
        "<script>alert(1)</script>",
        "🇻🇳 👍🏽",
        "\u200f\u202eRTL",
        "a\u200bb\u200dc\ufeff",
        "x" * 400,
        "]]>",
        "{{ p }}",
        "{% if %}",
    ]
)
TEXT = st.builds(lambda a, b: f"{a} {b}", _NASTY, _ANY).map(str.strip).filter(lambda s: s and "\n" not in s)


def _first(seq: tuple, /, **changes) -> tuple:
    return (replace(seq[0], **changes),) + seq[1:]


# Every text field a clerk can write, with whether the DOCX shows it in capitals.
FIELDS = {
    "unit.name": (True, lambda p, t: replace(p, unit=replace(p.unit, name=t))),
    "unit.parent_agency": (True, lambda p, t: replace(p, unit=replace(p.unit, parent_agency=t))),
    "document.subject": (False, lambda p, t: replace(p, document=replace(p.document, subject=t))),
    "document.place": (False, lambda p, t: replace(p, document=replace(p.document, place=t))),
    "legal_basis.closing": (False, lambda p, t: replace(p, opening=t)),
    "legal_basis.documents.about": (False, lambda p, t: replace(p, citations=_first(p.citations, about=t))),
    "body.title": (True, lambda p, t: replace(p, body=_first(p.body, title=t))),
    "body.items.text": (False, lambda p, t: replace(p, body=_first(p.body, items=_first(p.body[0].items, text=t)))),
    "closing": (False, lambda p, t: replace(p, closing=t)),
    "signature.authority": (True, lambda p, t: replace(p, signature=replace(p.signature, authority=(t,)))),
    "signature.title": (True, lambda p, t: replace(p, signature=replace(p.signature, title=t))),
    "signature.name": (False, lambda p, t: replace(p, signature=replace(p.signature, name=t))),
    "recipients": (False, lambda p, t: replace(p, recipients=_first(p.recipients, text=t))),
    "archive": (False, lambda p, t: replace(p, archive=t)),
    "appendix.title": (True, lambda p, t: replace(p, appendix_title=t)),
    "appendix.tasks.task": (False, lambda p, t: replace(p, tasks=_first(p.tasks, task=t))),
    "appendix.tasks.lead": (False, lambda p, t: replace(p, tasks=_first(p.tasks, lead=t))),
    "appendix.tasks.support": (False, lambda p, t: replace(p, tasks=_first(p.tasks, support=(t, "Các đơn vị")))),
}


# The site's plan page names the unit by its full name and leaves out the document's
# header and footer blocks (place, Nơi nhận, Lưu), which the DOCX download carries.
NOT_ON_SITE = {"unit.name", "unit.parent_agency", "document.place", "recipients", "archive"}


def everywhere(plan, text: str):
    """The plan with ``F<n> text`` in every text field, and each field's value by name."""
    values = {}
    for n, (name, (_, put)) in enumerate(FIELDS.items()):
        values[name] = f"F{n:02d} {text}"
        plan = put(plan, values[name])
    return plan, values


@functools.cache
def real():
    """The bundled plans, resolved once (kept out of hypothesis' arguments, whose repr would be huge)."""
    return resolve(ROOT / "plans")


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


@settings(max_examples=30, deadline=None)
@given(text=TEXT)
@example(text="{_% a %_} {_{ b }_} {{ c }} {% d %} {#e#} }{")  # docxtpl's literal-tag escape, every time
def test_docx_text_equals_input_in_every_field(text):
    plan, values = everywhere(real().plans["ha-noi-2025"], text)
    shown = docx_text(render(plan))
    missing = [name for name, value in values.items() if (upper(value) if FIELDS[name][0] else value) not in shown]
    assert missing == []


@settings(max_examples=30, deadline=None)
@given(text=TEXT)
def test_html_is_escaped_in_every_field(text):
    corpus = real()
    plan, values = everywhere(corpus.plans["ha-noi-2025"], text + " <script>alert(1)</script>")
    page = plan_page(plan, corpus, {})
    assert "<script>" not in page.lower()
    flat = " ".join(page.split())  # HTML collapses runs of spaces; so may the page

    def shown(value: str) -> bool:
        return any(" ".join(markup.to_html(v).split()) in flat for v in (value, upper(value)))  # headings: capitals

    missing = [name for name, value in values.items() if name not in NOT_ON_SITE and not shown(value)]
    assert missing == []


@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_libreoffice_opens_generated_files(tmp_path_factory, text):
    soffice = require_tool("soffice")
    require_tool("pdftotext")
    folder = tmp_path_factory.mktemp("lo")
    plan, _ = everywhere(real().plans["ha-noi-2025"], text)
    (folder / "p.docx").write_bytes(render(plan))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "p.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = subprocess.run(["pdftotext", str(folder / "p.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "F00" in pdf and "F17" in pdf  # the first and the last field made it onto the pages


def test_raw_html_is_shown_as_text():
    assert (
        markup.to_html('<b onclick="x">hi</b> & **đậm**')
        == "&lt;b onclick=&quot;x&quot;&gt;hi&lt;/b&gt; &amp; <strong>đậm</strong>"
    )
