"""Report tables through the one disclosure policy (pilot.disclosure) that pages and exports use too.

A table is built with exact figures; `publish(table)` shows it as its reader may see it
(`table.disclosure`, set from the report's policy): exact for those who process the data,
published for everyone else. Totals are worked out from the exact sums, then published like
any count, and withheld where with the published parts they would give a part away.
"""

from __future__ import annotations

from pilot.disclosure import HIDDEN, WITHHELD, Disclosure
from reports.document import BREAKDOWN, COUNT, EXTREME, MEAN, MEDIAN, MONEY, NUMBER, PERCENT, Table

__all__ = ["HIDDEN", "publish", "publish_report"]


def _base_of(table: Table, row: list, key: str | None) -> int | None:
    if key is None:
        return None
    if key.startswith("@"):
        return int(key[1:])
    return row[table.column_index(key)]


def _publish_cell(table: Table, row: list, i: int, policy: Disclosure, whole: bool):
    column, value = table.columns[i], row[i]
    if column.kind == COUNT:
        return policy.count(value)
    if column.kind == PERCENT and column.of:
        return policy.percent(row[table.column_index(column.of)], _base_of(table, row, column.base))
    if column.kind in (MEAN, MEDIAN) and column.per:
        things = row[table.column_index(column.per)]
        if column.kind == MEAN:
            return policy.per_thing(row[table.column_index(column.base)], things)
        # A median of people per thing is itself a number of people at one meeting: a count.
        return policy.count(None if value is None else round(value))
    if column.kind in (MEAN, MEDIAN):
        return policy.statistic(value, base=_base_of(table, row, column.base))
    if column.kind == EXTREME:
        return policy.extreme(value, base=_base_of(table, row, column.base), whole=whole)
    return value


def _republish_means(table: Table, raw: list, row: list, key: str, policy: Disclosure) -> None:
    """People per thing beside a total that was withheld: withheld too (it would give the total back)."""
    for i, column in enumerate(table.columns):
        if column.kind == MEAN and column.per and column.base == key and row[table.column_index(key)] == WITHHELD:
            row[i] = WITHHELD


def publish_report(report) -> None:
    """Publish every table of the report, those that add up another table's rows after it (Table.sums_of)."""
    tables = {t.key: t for t in report.tables()}
    for table in sorted(report.tables(), key=lambda t: t.sums_of is not None):
        parts = tables.get(table.sums_of[0]) if table.sums_of else None
        publish(table, parts=publish(parts) if parts is not None else None)


def _parts_by_match(table: Table, parts: Table) -> dict:
    """The rows of `parts` by the value they share with this table's rows (Table.sums_of), looked up once: a
    network month adds up tens of thousands of group-months, and scanning them all for each month is slow."""
    match = parts.column_index(table.sums_of[1])
    grouped: dict = {}
    for r in parts.rows:
        grouped.setdefault(r[match], []).append(r)
    return grouped


def _parts_of(table: Table, parts: Table, row: list, key: str, grouped: dict) -> list:
    column = parts.column_index(key)
    return [r[column] for r in grouped.get(row[table.column_index(table.sums_of[1])], [])]


def publish(table: Table, *, parts: Table | None = None) -> Table:
    """Apply the table's disclosure policy in place (once) and add its total row; returns the table.

    `parts`: the published table this one adds up (Table.sums_of), whose cells its counts must not give away.
    """
    if table.published:
        return table
    policy = table.disclosure.settled()  # the tunables read once for the whole table, not per cell
    whole = table.level != BREAKDOWN
    raw_rows = table.rows
    if table.total:
        table.total_row = [
            sum(r[i] or 0 for r in raw_rows if r[i] != HIDDEN)
            if c.kind in (COUNT, NUMBER, MONEY) and c.summable
            else ""
            for i, c in enumerate(table.columns)
        ]
        table.total_row[0] = "Total"
    table.rows = [[_publish_cell(table, row, i, policy, whole) for i in range(len(table.columns))] for row in raw_rows]
    counts = [(i, c) for i, c in enumerate(table.columns) if c.kind == COUNT and c.summable]
    if parts is not None:
        grouped = _parts_by_match(table, parts)
        for raw, row in zip(raw_rows, table.rows, strict=True):
            for i, column in counts:
                row[i] = policy.total(raw[i], _parts_of(table, parts, raw, column.key, grouped))
                _republish_means(table, raw, row, column.key, policy)
    if table.total_row is not None:
        for i, column in counts:
            partitions = [[row[i] for row in table.rows]]
            if parts is not None:
                partitions.append([r[parts.column_index(column.key)] for r in parts.rows])
            table.total_row[i] = policy.total(table.total_row[i], *partitions)
    table.published = True
    return table
