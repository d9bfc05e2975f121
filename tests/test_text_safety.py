"""Arbitrary Unicode in plan text reaches DOCX and HTML intact and escaped."""

import io
from dataclasses import replace

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach import markup
from kehoach.render_docx import render
from kehoach.site_pages import plan_page

# XML 1.0 forbids most C0 controls and surrogates; the loader refuses them with a message.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="*\\"),
               min_size=1, max_size=200).filter(lambda s: s.strip() == s and "\n" not in s and s)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_docx_text_equals_input(corpus, text):
    plan = corpus.plans["thinh-liet-2024"]
    plan = replace(plan, closing=text, signature=replace(plan.signature, name=text))
    doc = Document(io.BytesIO(render(plan)))
    assert text in [p.text for p in doc.paragraphs]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_html_is_escaped(corpus, text):
    plan = corpus.plans["thinh-liet-2024"]
    page = plan_page(replace(plan, closing=text + " <script>alert(1)</script>"), corpus, {})
    assert "<script>" not in page
    assert markup.to_html(text) in page


def test_raw_html_is_shown_as_text():
    assert markup.to_html('<b onclick="x">hi</b> & **đậm**') == \
        "&lt;b onclick=&quot;x&quot;&gt;hi&lt;/b&gt; &amp; <strong>đậm</strong>"
