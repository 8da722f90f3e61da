"""Server-rendered bar charts (inline SVG, no script) for the on-screen summary."""

from __future__ import annotations

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 0  # labels sit above each bar so long wording wraps nowhere on a phone
WIDTH = 100  # the SVG is scaled to its container; bars are in percent of this width


def bar_chart(table: dict) -> dict:
    """Geometry for one select question: a bar per choice, width = percent of all responses in scope."""
    bars = []
    y = 0
    for choice in table["choices"]:
        share = choice["percent"] or 0.0
        bars.append(
            {
                "label": choice["label"],
                "count": choice["count"],
                "percent": share,
                "y": y,
                "text_y": y + 9,
                "bar_y": y + 12,
                "width": round(max(share, 0.0) * 0.8, 2),  # leave room for the figure after the bar
                "value_x": round(max(share, 0.0) * 0.8 + 1.5, 2),
            }
        )
        y += BAR_HEIGHT + GAP
    return {"bars": bars, "height": max(y, 1), "width": WIDTH, "bar_height": BAR_HEIGHT - 12}
