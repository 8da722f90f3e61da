"""Bar charts as inline SVG, drawn on the server by a template (so every label is escaped).

Every chart sits beside the table it draws, which is its text alternative.
"""

from __future__ import annotations

from reports.document import Table
from reports.suppress import publish

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 16, 6, 190, 520


def bar_chart(table: Table) -> dict | None:
    """The geometry of a horizontal bar chart of the table's chart columns; hidden values get a note, not a bar."""
    if not table.chart or not table.rows:
        return None
    publish(table)
    label_i, value_i = table.column_index(table.chart[0]), table.column_index(table.chart[1])
    values = [row[value_i] if isinstance(row[value_i], int | float) else None for row in table.rows]
    top = max((v for v in values if v is not None), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 50
    bars = []
    for n, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = (max(1.0, plot * float(value) / float(top)) if value else 0) if value is not None else 0
        bars.append(
            {
                "label": str(row[label_i])[:34],
                "y": y,
                "text_y": y + 12,
                "length": f"{length:.1f}",
                "value_x": f"{LABEL_WIDTH + length + 4:.1f}",
                "value": row[value_i] if row[value_i] is not None else "",
                "hidden": value is None,
            }
        )
    return {
        "title": table.title,
        "width": WIDTH,
        "height": len(bars) * (BAR_HEIGHT + GAP) + GAP,
        "label_x": LABEL_WIDTH - 6,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
    }
