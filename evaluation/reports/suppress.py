"""Small-number suppression: the one policy every writer and every screen applies.

After NHS Digital's disclosure control for hospital statistics. Network-level tables
show exact figures. In a table broken down below network level (per site, group,
round, month), counts of people from 1 to the threshold show as "*", other counts are
rounded to the nearest multiple of the rounding base (0 stays 0), totals are rounded
from the raw sum, and percentages, means and medians whose base is 1 to the threshold
are hidden.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from evaluation.reports import conf
from evaluation.reports.document import BREAKDOWN, COUNT, MONEY, NUMBER, STAT_KINDS, Table

HIDDEN = "*"


def rule_text() -> str:
    """The sentence each report prints to say which rule it applied."""
    t, b = conf.suppression_threshold(), conf.rounding_base()
    return (
        "Figures for the whole network are exact. In tables broken down by site, group or round, "
        f"counts of people from 1 to {t} are shown as * and other counts are rounded to the nearest {b} "
        f"(0 stays 0); totals are rounded from the exact sum; percentages, means and medians based on 1 to {t} "
        "people are not shown. Counts of meetings and sums of money are exact."
    )


def round_to_base(value: int, base: int | None = None) -> int:
    """Round half up to the nearest multiple of the base."""
    base = base or conf.rounding_base()
    return int((Decimal(value) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base


def suppress(value, *, breakdown: bool = True):
    """A count of people as it may be published: exact at network level, else '*' or rounded."""
    if value is None or not breakdown:
        return value
    value = int(value)
    if value == 0:
        return 0
    if 0 < value <= conf.suppression_threshold():
        return HIDDEN
    return round_to_base(value)


def suppress_statistic(value, *, base, breakdown: bool = True):
    """A percentage, mean or median: hidden below network level when its base is 1 to the threshold."""
    if value is None or not breakdown:
        return value
    if base is None or 0 < int(base) <= conf.suppression_threshold():
        return HIDDEN
    return value


def suppress_percent(count, *, base, breakdown: bool = True, exact=None):
    """A percentage of people: below network level, recomputed from the published count and base.

    Otherwise a percentage beside a rounded count would give the exact count away (60% of 20 is 12).
    """
    if not breakdown:
        return exact
    if count is None or base is None or 0 < int(base) <= conf.suppression_threshold():
        return HIDDEN
    shown, shown_base = suppress(count), suppress(base)
    if shown == HIDDEN:
        return HIDDEN
    if not shown_base:
        return None
    return float((Decimal(100 * shown) / shown_base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _base_of(table: Table, row: list, column) -> int | None:
    if column.base is None:
        return None
    if column.base.startswith("@"):
        return int(column.base[1:])
    return row[table.column_index(column.base)]


def publish(table: Table) -> Table:
    """Apply the policy to a raw table in place (once) and add its total row; returns the table."""
    if table.published:
        return table
    breakdown = table.level == BREAKDOWN
    if table.total:
        table.total_row = [
            sum(r[i] or 0 for r in table.rows) if c.kind in (COUNT, NUMBER, MONEY) and c.summable else ""
            for i, c in enumerate(table.columns)
        ]
        table.total_row[0] = "Total"
    published = []
    for row in table.rows:
        out = list(row)
        for i, column in enumerate(table.columns):
            if column.kind == COUNT:
                out[i] = suppress(row[i], breakdown=breakdown)
            elif column.of and breakdown:
                count = row[table.column_index(column.of)]
                out[i] = suppress_percent(count, base=_base_of(table, row, column), exact=row[i])
            elif column.kind in STAT_KINDS:
                out[i] = suppress_statistic(row[i], base=_base_of(table, row, column), breakdown=breakdown)
        published.append(out)
    if table.total_row is not None:
        for i, column in enumerate(table.columns):
            if column.kind == COUNT:
                table.total_row[i] = suppress(table.total_row[i], breakdown=breakdown)
    table.rows = published
    table.published = True
    return table
