"""Bar charts as inline SVG, drawn on the server by a template (so every label is escaped).

Every chart has a numbered title, a labelled value axis with a scale and a labelled category axis, and
sits beside the table it draws, which is its text alternative.
"""

from __future__ import annotations

import textwrap
from math import ceil, floor, log10

from reports.document import Table
from reports.suppress import publish

WIDTH = 520
TITLE_HEIGHT = 22  # the title line above the plot
LABEL_WIDTH = 200  # category labels, right-aligned against the value axis
AXIS_TITLE_WIDTH = 16  # the category axis' title, written upwards at the far left
BAR_HEIGHT, GAP, LINE = 14, 7, 11  # a bar, the space between bars, one line of a wrapped label
AXIS_HEIGHT = 34  # below the plot: ticks, their numbers and the value axis' title
LABEL_CHARS = 30  # a label longer than this wraps (at most LABEL_LINES lines; the table has it whole)
LABEL_LINES = 3


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` ticks up to `top`."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** floor(log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            step = factor * power
            break
    return max(1, step) if top >= 1 else step


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(table: Table, *, number: int | None = None) -> dict | None:
    """The geometry of a horizontal bar chart of the table's chart columns; hidden values get a mark, not a bar."""
    if not table.chart or not table.rows:
        return None
    publish(table)
    label_i, value_i = table.column_index(table.chart[0]), table.column_index(table.chart[1])
    values = [row[value_i] if isinstance(row[value_i], int | float) else None for row in table.rows]
    top = max((float(v) for v in values if v is not None), default=0)
    step = nice_step(top)
    scale = max(step, ceil(top / step) * step)
    plot_x = AXIS_TITLE_WIDTH + LABEL_WIDTH
    plot = WIDTH - plot_x - 40  # room on the right for the value printed after the longest bar
    bars, y = [], TITLE_HEIGHT + GAP
    for row, value in zip(table.rows, values, strict=True):
        lines = textwrap.wrap(str(row[label_i]), LABEL_CHARS) or [""]
        if len(lines) > LABEL_LINES:
            lines = lines[: LABEL_LINES - 1] + [textwrap.shorten(" ".join(lines[LABEL_LINES - 1 :]), LABEL_CHARS)]
        height = max(BAR_HEIGHT, len(lines) * LINE)
        length = max(1.0, plot * float(value) / scale) if value else 0
        first_line = y + height / 2 - (len(lines) - 1) * LINE / 2 + 4
        bars.append(
            {
                "lines": [{"text": text, "y": f"{first_line + n * LINE:.1f}"} for n, text in enumerate(lines)],
                "y": f"{y + (height - BAR_HEIGHT) / 2:.1f}",
                "text_y": f"{y + height / 2 + 4:.1f}",
                "length": f"{length:.1f}",
                "value_x": f"{plot_x + length + 4:.1f}",
                "value": row[value_i] if row[value_i] is not None else "",
                "hidden": value is None,
            }
        )
        y += height + GAP
    axis_y = y
    ticks = []
    n_ticks = int(round(scale / step))
    for n in range(n_ticks + 1):
        x = plot_x + plot * n / n_ticks
        ticks.append({"x": f"{x:.1f}", "label": _number(n * step)})
    value_label = table.columns[value_i].label
    category_label = table.columns[label_i].label
    what = f"{value_label.lower()} by {category_label.lower()}"
    # "Are you: count by answer"; after a question mark, a new sentence ("...drug use? Count by answer").
    title = (
        f"{table.title} {what[0].upper()}{what[1:]}"
        if table.title.rstrip()[-1:] in "?.!"
        else f"{table.title}: {what}"
    )
    return {
        "title": f"Chart {number}. {title}" if number else title,
        "width": WIDTH,
        "height": f"{axis_y + AXIS_HEIGHT:.0f}",
        "title_y": 14,
        "label_x": plot_x - 6,
        "bar_x": plot_x,
        "plot_end": plot_x + plot,
        "plot_top": TITLE_HEIGHT,
        "axis_y": f"{axis_y:.1f}",
        "tick_end": f"{axis_y + 4:.1f}",
        "tick_label_y": f"{axis_y + 14:.1f}",
        "value_title_x": f"{plot_x + plot / 2:.1f}",
        "value_title_y": f"{axis_y + 29:.1f}",
        "value_title": value_label,
        "category_title": category_label,
        "category_title_x": 11,
        "category_title_y": f"{(TITLE_HEIGHT + axis_y) / 2:.1f}",
        "bar_height": BAR_HEIGHT,
        "bars": bars,
        "ticks": ticks,
    }
