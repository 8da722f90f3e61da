"""evaluation.markup: the formatting XLSForm authors use, and nothing else, from text that stays data."""

import re

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from evaluation.markup import plain_text, render_inline, render_label

HOSTILE = [
    ("{{ 7|add:6 }}", "{{ 7|add:6 }}"),
    ('{% now "Y" %}', '{% now "Y" %}'),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9999/">', "&lt;meta http-equiv="),
    ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
    ('<img src="http://127.0.0.1:9999/x.png">', "&lt;img src="),
    ("&lt;b&gt; &amp;", "&amp;lt;b&amp;gt; &amp;amp;"),  # entities are shown as typed, never decoded into tags
]


@pytest.mark.parametrize(("typed", "shown"), HOSTILE)
@pytest.mark.parametrize("render", [render_inline, render_label])
def test_html_and_template_syntax_are_shown_as_typed(render, typed, shown):
    out = render(typed)
    assert isinstance(out, SafeString) and shown in out
    assert "<script" not in out and "<meta" not in out and "<b>" not in out and "<img" not in out
    assert plain_text(typed) == typed


def test_output_placed_in_a_template_is_not_evaluated_by_it():
    page = Template("<p>{{ label }}</p>").render(Context({"label": render_inline('{{ 7|add:6 }} {% now "Y" %}')}))
    assert page == '<p>{{ 7|add:6 }} {% now "Y" %}</p>'


def test_bold_italics_and_line_breaks_are_formatted():
    assert render_inline("**Never** *or* _rarely_\nsecond line") == (
        "<strong>Never</strong> <em>or</em> <em>rarely</em><br>\nsecond line"
    )
    assert plain_text("**Never** *or* _rarely_\nsecond line") == "Never or rarely second line"


def test_hints_and_notes_keep_paragraphs_and_lists_with_their_numbers():
    out = render_label("First.\n\n3. third\n4. fourth\n\n- a\n- b")
    assert out == (
        '<p>First.</p>\n<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>'
    )
    assert render_inline("1. How old are you?") == "1. How old are you?"  # a numbered label stays one line


def test_links_show_their_target_and_are_never_followed_by_themselves():
    out = render_inline("[our notice](https://example.org/privacy) or [mail us](mailto:help@example.org)")
    assert out == (
        '<a href="https://example.org/privacy" rel="nofollow noopener noreferrer">our notice</a>'
        " (https://example.org/privacy) or "
        '<a href="mailto:help@example.org" rel="nofollow noopener noreferrer">mail us</a> (help@example.org)'
    )
    assert render_inline("[https://example.org](https://example.org)").count("https://example.org") == 2
    assert plain_text("[our notice](https://example.org/privacy)") == "our notice (https://example.org/privacy)"


@pytest.mark.parametrize(
    ("typed", "links"),
    [
        ("[x](javascript:alert(1))", 0),
        ("[x](JaVaScRiPt:alert(1))", 0),
        ("[x](data:text/html,<script>alert(1)</script>)", 0),
        ("[x](vbscript:msgbox)", 0),
        ("[x](//127.0.0.1:9999/)", 0),
        ("[x](/admin/)", 0),
        ("[x](ftp://127.0.0.1/)", 0),
        ("<http://127.0.0.1:9999/>", 0),
        ("http://127.0.0.1:9999/", 0),
        ("![x](http://127.0.0.1:9999/x.png)", 1),  # no images: at most a link to one, shown with its address
    ],
)
def test_only_absolute_web_and_mail_links_become_links_and_nothing_loads(typed, links):
    out = render_label(typed)
    assert "<img" not in out and "src=" not in out and "<script" not in out
    hrefs = re.findall(r'<a href="([^"]*)" rel="nofollow noopener noreferrer">', out)
    assert out.count("<a ") == len(hrefs) == links
    assert all(h.startswith("http://127.0.0.1:9999/") for h in hrefs)
    assert "127.0.0.1" not in typed or "127.0.0.1" in plain_text(typed)  # where it would go is always shown


def test_empty_and_missing_text():
    assert render_label("") == "" and render_inline(None) == "" and plain_text(None) == ""
