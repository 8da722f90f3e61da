"""Helpers every file writer shares: table cells as plain values (formula guard: pilot.spreadsheets)."""

from __future__ import annotations

from decimal import Decimal

from reports.document import Table
from reports.suppress import publish


def plain(value):
    """A JSON- and CSV-friendly value: Decimals as floats, None as empty."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def published_rows(table: Table) -> list[list]:
    """The table's rows after suppression, with the total row last when there is one."""
    publish(table)
    rows = [list(r) for r in table.rows]
    if table.total_row is not None:
        rows.append(list(table.total_row))
    return rows


def _cut(text: str, limit: int) -> str:
    """The text within `limit` characters, cut at a word with "…" rather than mid-word (the cover has it whole)."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    return head.rstrip(" ,;.-") + "…"


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel sheet name (at most 31 characters, none of []:*?/\\) unique within the workbook."""
    clean = " ".join("".join(ch for ch in title if ch not in "[]:*?/\\").split()) or "Table"
    name = _cut(clean, 31)
    n = 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = _cut(clean, 31 - len(suffix)) + suffix
        n += 1
    used.add(name.lower())
    return name


def format_cell(value, kind: str) -> str:
    """A cell as text for the PDF and the screen: UK money, one-decimal percentages and means."""
    from django.contrib.humanize.templatetags.humanize import intcomma

    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if kind == "money":
        return f"£{Decimal(value):,.2f}"
    if kind == "percent":
        return f"{float(value):.1f}%"
    if kind == "median" and float(value).is_integer():
        return intcomma(int(value))  # a median of whole numbers: 6 or 6.5, never 6.0
    if isinstance(value, float | Decimal) or kind == "mean":
        return f"{float(value):,.1f}"
    if isinstance(value, int):
        return intcomma(value)
    return str(value)


def formatted_rows(table: Table) -> list[list[str]]:
    """The published rows, total last, as display text."""
    return [
        [format_cell(v, c.kind) for c, v in zip(table.columns, row, strict=False)] for row in published_rows(table)
    ]
