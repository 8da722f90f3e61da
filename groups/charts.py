"""Geometry for server-rendered inline SVG charts (groups/_chart.html draws them; a table is the text alternative).

Numbers only: the template escapes everything, so nothing here is marked safe.
"""

from __future__ import annotations

from datetime import date

from pilot.disclosure import plot_value

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 34


def attendance_chart(points: list[tuple[date, int | str, int | str]], *, title: str) -> dict | None:
    """Bars of attendance with newcomers overlaid, one pair per meeting, oldest on the left.

    Points are figures as the reader may see them; a hidden one ('*') is drawn half-way up its range.
    """
    if not points:
        return None
    top = max(max(plot_value(p[1]) for p in points), 4)
    top = int(top) if float(top).is_integer() else int(top) + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(points)
    bar = max(step * 0.7, 1)

    def y(value) -> float:
        return round(TOP + plot_h - plot_h * plot_value(value) / top, 1)

    label_every = max(1, len(points) // 6)
    bars = []
    for i, (day, attendance, newcomers) in enumerate(points):
        x = round(LEFT + i * step + (step - bar) / 2, 1)
        bars.append(
            {
                "day": day,
                "x": x,
                "mid": round(x + bar / 2, 1),
                "attendance": attendance,
                "newcomers": newcomers,
                "y_attendance": y(attendance),
                "h_attendance": round(y(0) - y(attendance), 1),
                "y_newcomers": y(newcomers),
                "h_newcomers": round(y(0) - y(newcomers), 1),
                "label": i % label_every == 0,
            }
        )
    return {
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "label_y": HEIGHT - 12,
        "bar": round(bar, 1),
        "ticks": [{"value": t, "y": y(t), "text_y": y(t) + 4} for t in sorted({0, top // 2, top})],
        "bars": bars,
        "first": points[0][0],
        "last": points[-1][0],
        "highest": max((p[1] for p in points), key=plot_value),
        "count": len(points),
    }
