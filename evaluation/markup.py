"""Questionnaire text from XLSForms: a small Markdown subset, everything else shown exactly as typed.

Labels, hints, notes, section titles and choice labels come from uploaded workbooks, so they are
data. They are parsed by markdown-it-py with raw HTML off and only these rules on: **bold**,
*italics*, line breaks, lists and [links](https://...). The HTML it produces is cleaned again by
nh3 against a short allow-list before it is marked safe, here and nowhere else.
Template syntax (`{{ }}`, `{% %}`) is never evaluated: the result is output, not a template.
A link shows its target beside its text, carries rel="nofollow noopener noreferrer" and is
followed only when clicked; images, `<meta>`, scripts and `javascript:` URLs cannot be produced.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING

import nh3
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:  # markdown-it is loaded with the first text that needs it, not with every process
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

INLINE_TAGS = {"strong", "em", "b", "i", "br", "a"}
BLOCK_TAGS = INLINE_TAGS | {"p", "ul", "ol", "li"}
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
LINK_REL = "nofollow noopener noreferrer"
URL_SCHEMES = {"http", "https", "mailto"}
LINK_PREFIXES = ("http://", "https://", "mailto:")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    return parser.enable(["emphasis", "newline", "escape", "link", "list"])


def _show_link_targets(tokens: list[Token]) -> None:
    """Put each link's address beside its text, and keep a link only if it is absolute http(s) or mailto."""
    from markdown_it.token import Token

    for token in tokens:
        if token.children:
            _show_link_targets(token.children)
    open_links: list[list] = []  # [address, text so far, kept as a link?]
    out: list[Token] = []
    for token in tokens:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            keep = href.lower().startswith(LINK_PREFIXES)
            open_links.append([href, "", keep])
            if keep:
                out.append(token)
            continue
        if token.type == "link_close" and open_links:
            href, text, keep = open_links.pop()
            if keep:
                out.append(token)
            shown = href.removeprefix("mailto:")
            if shown and shown != text.strip():
                extra = Token("text", "", 0)
                extra.content = f" ({shown})"
                out.append(extra)
            continue
        if open_links and token.type in ("text", "code_inline"):
            open_links[-1][1] += token.content
        out.append(token)
    tokens[:] = out


def _clean(markup: str, tags: set[str]) -> str:
    return nh3.clean(
        markup,
        tags=tags,
        attributes=ATTRIBUTES,
        link_rel=LINK_REL,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        url_relative="deny",
    ).strip()


def _render(text: str | None, *, inline: bool) -> SafeString:
    parser, env = _parser(), {}
    tokens = parser.parseInline(text or "", env) if inline else parser.parse(text or "", env)
    _show_link_targets(tokens)
    cleaned = _clean(parser.renderer.render(tokens, parser.options, env), INLINE_TAGS if inline else BLOCK_TAGS)
    # The one place questionnaire text is marked safe: markdown-it with raw HTML off, then nh3's allow-list.
    return mark_safe(cleaned)  # noqa: S308


def render_label(text: str | None) -> SafeString:
    """Text from an XLSForm as block HTML (paragraphs, lists, line breaks): for hints and notes."""
    return _render(text, inline=False)


def render_inline(text: str | None) -> SafeString:
    """Text from an XLSForm as inline HTML (bold, italics, line breaks, links): for labels and headings."""
    return _render(text, inline=True)


def plain_text(text: str | None) -> str:
    """The same text with the formatting taken off, as a plain string to be escaped where it is shown."""
    return " ".join(html.unescape(_clean(str(render_inline(text)), set())).split())
