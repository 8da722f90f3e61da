"""What a report kind builds and every writer reads: a report of sections of tables.

Tables are built with raw numbers and a `level`; `suppress.publish()` turns a raw
table into the published one, so that PDF, XLSX, CSV, JSON and the screen all apply
the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Column kinds. "count" counts people and is suppressed below network level; "number"
# counts things (meetings, pounds) and is not; "percent", "mean", "median" are
# statistics over the people counted in the column named by `base`.
TEXT, COUNT, NUMBER, PERCENT, MEAN, MEDIAN, MONEY = "text", "count", "number", "percent", "mean", "median", "money"
STAT_KINDS = (PERCENT, MEAN, MEDIAN)

NETWORK, BREAKDOWN = "network", "breakdown"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    base: str | None = None  # for statistics: the key of the count column, or "@<n>" for a fixed base
    of: str | None = None  # for a percentage of people: the count column it is a share of
    summable: bool = True  # False for figures whose sum means nothing (facilitators active per month)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    level: str = NETWORK
    total: bool = False  # add a total row (from raw sums) for count and number columns
    note: str = ""
    chart: tuple[str, str] | None = None  # (label column key, value column key) for a bar chart
    published: bool = False
    total_row: list | None = None

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def as_dicts(self) -> list[dict]:
        return [{c.key: v for c, v in zip(self.columns, row, strict=False)} for row in self.rows]


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    free_text: list[tuple[str, list[str]]] = field(default_factory=list)  # (question label, answers)


@dataclass
class Report:
    kind: str
    title: str
    generated_at: datetime
    filters: list[tuple[str, str]] = field(default_factory=list)
    rule: str = ""
    sections: list[Section] = field(default_factory=list)
    data: dict | None = None  # the kind's own JSON document, when it has one (questionnaire summary)
    omitted: list[str] = field(default_factory=list)  # sections left out because their data does not exist yet

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


class ReportError(Exception):
    """An expected failure whose message the requester may read (no data, bad filter)."""
