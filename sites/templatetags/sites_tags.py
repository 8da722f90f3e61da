"""Small server-rendered charts (inline SVG, no script) and display helpers for the sites pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from pilot.disclosure import plot_value

register = template.Library()


@register.simple_tag
def sparkline(series, width: int = 96, height: int = 32):
    """A polyline of weekly attendance with its scale (the highest week and 0) and a text alternative; a dash
    when there is no series.

    The series holds figures as the reader may see them; a hidden one ('*') is drawn half-way up its range, and
    if it is the highest the scale says '*' too, so the scale reveals nothing the figures hide.
    """
    shown = [0 if v is None else v for v in (series or [])]
    if not shown:
        return "–"
    values = [plot_value(v) for v in shown]
    top = max(values) or 1
    highest = shown[values.index(max(values))] if max(values) else 0
    step = width / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values))
    label = f"Weekly attendance, last {len(values)} weeks: {', '.join(map(str, shown))}"
    return format_html(
        '<span class="sparkline-box"><svg class="sparkline" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'role="img" aria-label="{label}"><title>{label}</title>'
        '<line class="sparkline-axis" x1="0" y1="{base}" x2="{w}" y2="{base}"/>'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/></svg>'
        '<span class="sparkline-scale" aria-hidden="true"><span>{highest}</span><span>0</span></span></span>',
        w=width,
        h=height,
        base=height - 2,
        label=label,
        points=points,
        highest=highest,
    )


@register.simple_tag
def bar_chart(rows, value_key: str, label_key: str, maximum: int, title: str):
    """A horizontal bar chart of rows (dicts); the table beside it carries the same numbers."""
    bar_height, gap, label_width, chart_width = 20, 6, 200, 160
    height = len(rows) * (bar_height + gap)
    scale = chart_width / (maximum or 1)
    parts = []
    for i, row in enumerate(rows):
        y = i * (bar_height + gap)
        value = row[value_key]
        parts.append(
            format_html(
                '<text x="0" y="{ty}" class="bar-label">{label}</text>'
                '<rect x="{x}" y="{y}" width="{bw}" height="{bh}" class="bar"/>'
                '<text x="{vx}" y="{ty}" class="bar-value">{value}</text>',
                ty=y + bar_height - 4,
                label=row[label_key],
                x=label_width,
                y=y,
                bw=f"{value * scale:.1f}",
                bh=bar_height,
                vx=f"{label_width + value * scale + 4:.1f}",
                value=value,
            )
        )
    total_width = label_width + chart_width + 30
    return format_html(
        '<svg class="bar-chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="bar-chart-title">'
        '<title id="bar-chart-title">{title}</title>{body}</svg>',
        w=total_width,
        h=height,
        title=title,
        body=format_html("".join(["{}"] * len(parts)), *parts) if parts else "",
    )


@register.filter
def sort_link(current: str, key: str) -> str:
    """The ?sort= value for a column header: ascending first, then descending."""
    return f"-{key}" if current == key else key


@register.filter
def sort_state(current: str, key: str) -> str:
    """aria-sort for a column header."""
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"


@register.filter
def timeline_kind(kind: str) -> str:
    from sites.timeline import KIND_LABELS

    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())
