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
        share = choice["percent"] if isinstance(choice["percent"], int | float) else 0.0
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


def histogram(*, counts, answered: int, integer: bool, disclosure, bins: int = 8):
    """Bars for a number question from its ascending (value, count) pairs: up to `bins` equal ranges.

    Ranges start at a multiple of their width, so that no label gives the lowest answer away; counts
    and percentages go through the reader's disclosure policy.
    """
    from decimal import Decimal

    from pilot.disclosure import min_base

    if not disclosure.exact and answered < min_base():
        return None
    if not counts:
        return None
    low, high = Decimal(str(counts[0][0])), Decimal(str(counts[-1][0]))
    span = high - low + (1 if integer else 0)
    width = max((span / bins).to_integral_value(rounding="ROUND_CEILING") if integer else span / bins, Decimal(1))
    if not integer and span == 0:
        width = Decimal(1)
    if integer or width == width.to_integral_value():
        low = (low / width).to_integral_value(rounding="ROUND_FLOOR") * width
    groups: list[list] = []
    start = low
    while start <= high:
        end = start + width
        n = sum(c for v, c in counts if start <= Decimal(str(v)) < end or (end > high and Decimal(str(v)) == high))
        if integer:
            label = f"{int(start)}–{int(end) - 1}" if width > 1 else str(int(start))
        else:
            label = f"{float(start):g} to under {float(end):g}"
        groups.append([label, n])
        start = end
    choices = [
        {"label": label, "count": disclosure.count(n), "percent": disclosure.percent(n, answered)}
        for label, n in groups
    ]
    return bar_chart({"choices": choices})
