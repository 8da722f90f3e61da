"""Filters for text that comes from XLSForms: {{ question.label|label_inline }}, {{ question.hint|label_block }}."""

from django import template

from evaluation.markup import plain_text, render_inline, render_label

register = template.Library()


@register.filter
def label_inline(text):
    """Bold, italics, line breaks and links; everything else escaped (labels, legends, headings, choices)."""
    return render_inline(text)


@register.filter
def label_block(text):
    """As label_inline, plus paragraphs and lists (hints and notes)."""
    return render_label(text)


@register.filter
def label_plain(text):
    """The text without its formatting, escaped where it is shown (titles, chart descriptions)."""
    return plain_text(text)
