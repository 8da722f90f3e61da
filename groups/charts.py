"""Server-rendered inline SVG charts (no script; a table beside each chart is the text alternative)."""

from __future__ import annotations

from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 34


def attendance_chart(points: list[tuple[date, int, int]], *, title: str) -> SafeString:
    """Bars of attendance with newcomers overlaid, one pair per meeting, oldest on the left."""
    if not points:
        return mark_safe("")
    top = max(max(p[1] for p in points), 4)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(points)
    bar = max(step * 0.7, 1)

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{len(points)} meetings from {points[0][0]:%d/%m/%Y} to {points[-1][0]:%d/%m/%Y}; '
        f"highest attendance {max(p[1] for p in points)}. The table below gives every value.</desc>",
    ]
    for tick in sorted({0, top // 2, top}):
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="chart-label" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, len(points) // 6)
    for i, (day, attendance, newcomers) in enumerate(points):
        x = LEFT + i * step + (step - bar) / 2
        parts.append(
            f'<rect class="chart-attendance" x="{x:.1f}" y="{y(attendance):.1f}" width="{bar:.1f}" '
            f'height="{y(0) - y(attendance):.1f}"><title>{day:%d/%m/%Y}: {attendance} attending</title></rect>'
        )
        if newcomers:
            parts.append(
                f'<rect class="chart-newcomers" x="{x:.1f}" y="{y(newcomers):.1f}" width="{bar:.1f}" '
                f'height="{y(0) - y(newcomers):.1f}"><title>{day:%d/%m/%Y}: {newcomers} newcomers</title></rect>'
            )
        if i % label_every == 0:
            parts.append(
                f'<text class="chart-label" x="{x + bar / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
                f"{day:%d/%m}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value is a number, a date or escaped
