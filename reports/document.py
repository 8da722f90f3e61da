"""What a report kind builds and every writer reads: a report of sections of tables.

Tables are built with raw numbers; `suppress.publish()` shows them through the report's
disclosure policy (pilot.disclosure: exact, or published), so that PDF, XLSX, CSV, JSON and
the screen all apply the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pilot.disclosure import PUBLISHED, Disclosure

# Column kinds. "count" counts people and goes through the disclosure policy; "number"
# counts things (meetings, pounds) and does not; "percent" is a share (of people when
# `of` names a count column); "mean" and "median" are averages: of people per thing when
# `per` names the column counting the things (attendance per meeting), else of people's
# own answers over the count in `base`; "extreme" is a minimum or maximum answer.
TEXT, COUNT, NUMBER, PERCENT, MEAN, MEDIAN, MONEY = "text", "count", "number", "percent", "mean", "median", "money"
EXTREME = "extreme"
STAT_KINDS = (PERCENT, MEAN, MEDIAN, EXTREME)

NETWORK, BREAKDOWN = "network", "breakdown"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    base: str | None = None  # for statistics: the key of the count column, or "@<n>" for a fixed base
    of: str | None = None  # for a percentage of people: the count column it is a share of
    per: str | None = None  # for people per thing: the number column counting the things
    summable: bool = True  # False for figures whose sum means nothing (facilitators active per month)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    level: str = NETWORK  # NETWORK: the whole network over the whole period; BREAKDOWN: anything narrower
    total: bool = False  # add a total row (from raw sums) for count and number columns
    note: str = ""
    chart: tuple[str, str] | None = None  # (label column key, value column key) for a bar chart
    published: bool = False
    total_row: list | None = None
    disclosure: Disclosure = PUBLISHED  # set from the report's policy when it is written (fails closed)
    # (key of another table, column key): each row here adds up that table's rows with the same value in the
    # column (the network per month adds up the groups per month), so its counts are published as totals of them.
    sums_of: tuple[str, str] | None = None

    def column_index(self, key: str) -> int:
        # Asked for every cell of every row when a table is published: looked up in a dict made once.
        index = self.__dict__.get("_index")
        if index is None or len(index) != len(self.columns):
            index = self.__dict__["_index"] = {}
            for i, c in enumerate(self.columns):
                index.setdefault(c.key, i)  # the first column with the key, as before
        return index[key]

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
    disclosure: Disclosure = PUBLISHED
    sections: list[Section] = field(default_factory=list)
    data: dict | None = None  # the kind's own JSON document, when it has one (questionnaire summary)
    omitted: list[str] = field(default_factory=list)  # sections left out because their data does not exist yet

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


class ReportError(Exception):
    """An expected failure whose message the requester may read (no data, bad filter)."""
