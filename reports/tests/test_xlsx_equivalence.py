"""The XLSX writer streams rows with cell formats made once per workbook: the workbook is the one it always was
(values, types, number formats, fonts, column widths, frozen panes), here for a small report of every column kind."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from pilot.disclosure import EXACT, PUBLISHED
from reports.document import (
    COUNT,
    EXTREME,
    MEAN,
    MEDIAN,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    Report,
    Section,
    Table,
)
from reports.writers import write
from reports.writers.common import format_cell, plain
from reports.writers.xlsx_writer import shown_width

GENERATED = timezone.make_aware(datetime.datetime(2009, 11, 5, 10, 30))


def small_report(disclosure=EXACT) -> Report:
    every_kind = Table(
        key="kinds",
        title="Every kind of column: sites and their groups per month, with a title longer than a sheet name",
        total=True,
        columns=[
            Column("site", "Site / group", TEXT),
            Column("month", "Month", TEXT),
            Column("meetings", "Meetings", NUMBER),
            Column("people", "Attendance", COUNT),
            Column("mean", "Mean attendance", MEAN, base="people", per="meetings"),
            Column("median", "Median", MEDIAN, base="people", per="meetings"),
            Column("rate", "Reporting rate", PERCENT, base="@100"),
            Column("money", "Spent", MONEY),
            Column("oldest", "Oldest", EXTREME, base="people"),
            Column("day", "First meeting", TEXT),
        ],
        rows=[
            ["Alpha Town / Tuesday group", "Mar 2009", 5, 43, 8.6, 9, 100.0, Decimal("1234.5"), 71,
             datetime.date(2009, 3, 3)],
            ["Beta City / Thursday evening group meeting at the library", "Apr 2009", 4, 3, 0.8, 6.5, 80.0, 0.0, None,
             None],
            ['=HYPERLINK("http://evil")', "-2+3", 0, 0, None, None, None, None, None, "#N/A"],
            ["two\nlines of text", "", 1234567, 1001, 1234.25, 12.0, 33.3, Decimal("-12.345"), 18.5, "@SUM(A1)"],
        ],
    )  # fmt: skip
    short = Table(key="short", title="Short", columns=[Column("what", "What", TEXT)], rows=[["ok"], [""], [None]])
    return Report(
        kind="monitoring",
        title="Monitoring report",
        generated_at=GENERATED,
        filters=[("Period", "1 Mar 2009 to 30 Apr 2009"), ("Site", "Alpha Town")],
        rule="Exact figures.",
        disclosure=disclosure,
        sections=[Section("s", "Section", tables=[every_kind, short])],
    )


def snapshot(data: bytes) -> dict:
    """Every sheet as read back: its cells (value, type, number format, bold, size), widths and frozen pane."""
    book = load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in book.worksheets:
        cells = [
            [(c.value, c.data_type, c.number_format, c.font.b, c.font.sz) for c in row] for row in sheet.iter_rows()
        ]
        widths = {letter: d.width for letter, d in sheet.column_dimensions.items() if d.width}
        sheets[sheet.title] = {"cells": cells, "widths": widths, "freeze": sheet.freeze_panes}
    return sheets


# As the writer wrote them before its rows were streamed with shared cell formats (26 November 2026's writer).
EXACT_SHEETS = {
    "About": {
        "cells": [
            [("Monitoring report", "s", "General", True, 14.0)],
            [("Generated 05/11/2009 10:30", "s", "General", False, 11.0)],
            [("Period: 1 Mar 2009 to 30 Apr 2009", "s", "General", False, 11.0)],
            [("Site: Alpha Town", "s", "General", False, 11.0)],
            [(None, "inlineStr", "General", False, 11.0)],
            [("Exact figures.", "s", "General", False, 11.0)],
            [(None, "inlineStr", "General", False, 11.0)],
            [("Sheets:", "s", "General", False, 11.0)],
            [
                (
                    "Every kind of column sites…: Every kind of column: sites and their groups per month, with "
                    "a title longer than a sheet name",
                    "s",
                    "General",
                    False,
                    11.0,
                )
            ],
            [("Short: Short", "s", "General", False, 11.0)],
        ],
        "freeze": None,
        "widths": {"A": 100.0},
    },
    "Every kind of column sites…": {
        "cells": [
            [
                ("Site / group", "s", "General", True, None),
                ("Month", "s", "General", True, None),
                ("Meetings", "s", "General", True, None),
                ("Attendance", "s", "General", True, None),
                ("Mean attendance", "s", "General", True, None),
                ("Median", "s", "General", True, None),
                ("Reporting rate", "s", "General", True, None),
                ("Spent", "s", "General", True, None),
                ("Oldest", "s", "General", True, None),
                ("First meeting", "s", "General", True, None),
            ],
            [
                ("Alpha Town / Tuesday group", "s", "General", False, 11.0),
                ("Mar 2009", "s", "General", False, 11.0),
                (5, "n", "General", False, 11.0),
                (43, "n", "General", False, 11.0),
                (8.6, "n", "0.0", False, 11.0),
                (9, "n", "0.0", False, 11.0),
                (1, "n", "0.0%", False, 11.0),
                (1234.5, "n", "£#,##0.00", False, 11.0),
                (71, "n", "General", False, 11.0),
                (datetime.datetime(2009, 3, 3, 0, 0), "d", "DD/MM/YYYY", False, 11.0),
            ],
            [
                ("Beta City / Thursday evening group meeting at the library", "s", "General", False, 11.0),
                ("Apr 2009", "s", "General", False, 11.0),
                (4, "n", "General", False, 11.0),
                (3, "n", "General", False, 11.0),
                (0.8, "n", "0.0", False, 11.0),
                (6, "n", "0.0", False, 11.0),
                (0.8, "n", "0.0%", False, 11.0),
                (0, "n", "£#,##0.00", False, 11.0),
                (None, "n", "General", False, 11.0),
                (None, "n", "General", False, 11.0),
            ],
            [
                ('\'=HYPERLINK("http://evil")', "s", "General", False, 11.0),
                ("'-2+3", "s", "General", False, 11.0),
                (0, "n", "General", False, 11.0),
                (0, "n", "General", False, 11.0),
                (None, "n", "General", False, 11.0),
                (None, "n", "General", False, 11.0),
                (None, "n", "General", False, 11.0),
                (None, "n", "General", False, 11.0),
                (None, "n", "General", False, 11.0),
                ("#N/A", "s", "General", False, 11.0),
            ],
            [
                ("two\nlines of text", "s", "General", False, 11.0),
                (None, "inlineStr", "General", False, 11.0),
                (1234567, "n", "General", False, 11.0),
                (1001, "n", "General", False, 11.0),
                (0, "n", "0.0", False, 11.0),
                (12, "n", "0.0", False, 11.0),
                (0.333, "n", "0.0%", False, 11.0),
                (-12.345, "n", "£#,##0.00", False, 11.0),
                (18.5, "n", "General", False, 11.0),
                ("'@SUM(A1)", "s", "General", False, 11.0),
            ],
            [
                ("Total", "s", "General", False, 11.0),
                (None, "inlineStr", "General", False, 11.0),
                (1234576, "n", "General", False, 11.0),
                (1047, "n", "General", False, 11.0),
                (None, "inlineStr", "General", False, 11.0),
                (None, "inlineStr", "General", False, 11.0),
                (None, "inlineStr", "General", False, 11.0),
                (1222.155, "n", "£#,##0.00", False, 11.0),
                (None, "inlineStr", "General", False, 11.0),
                (None, "inlineStr", "General", False, 11.0),
            ],
        ],
        "freeze": "A2",
        "widths": {
            "A": 59.0,
            "B": 10.0,
            "C": 11.0,
            "D": 12.0,
            "E": 17.0,
            "F": 8.0,
            "G": 16.0,
            "H": 11.0,
            "I": 8.0,
            "J": 15.0,
        },
    },
    "Short": {
        "cells": [
            [("What", "s", "General", True, None)],
            [("ok", "s", "General", False, 11.0)],
            [(None, "inlineStr", "General", False, 11.0)],
        ],
        "freeze": "A2",
        "widths": {"A": 8.0},
    },
}
PUBLISHED_ROWS = [
    [
        ("Alpha Town / Tuesday group", "s", "General", False, 11.0),
        ("Mar 2009", "s", "General", False, 11.0),
        (5, "n", "General", False, 11.0),
        (45, "n", "General", False, 11.0),
        (9, "n", "0.0", False, 11.0),
        (10, "n", "0.0", False, 11.0),
        (1, "n", "0.0%", False, 11.0),
        (1234.5, "n", "£#,##0.00", False, 11.0),
        (71, "n", "General", False, 11.0),
        (datetime.datetime(2009, 3, 3, 0, 0), "d", "DD/MM/YYYY", False, 11.0),
    ],
    [
        ("Beta City / Thursday evening group meeting at the library", "s", "General", False, 11.0),
        ("Apr 2009", "s", "General", False, 11.0),
        (4, "n", "General", False, 11.0),
        ("*", "s", "General", False, 11.0),
        ("*", "s", "General", False, 11.0),
        ("*", "s", "General", False, 11.0),
        (0.8, "n", "0.0%", False, 11.0),
        (0, "n", "£#,##0.00", False, 11.0),
        (None, "n", "General", False, 11.0),
        (None, "n", "General", False, 11.0),
    ],
    [
        ('\'=HYPERLINK("http://evil")', "s", "General", False, 11.0),
        ("'-2+3", "s", "General", False, 11.0),
        (0, "n", "General", False, 11.0),
        (0, "n", "General", False, 11.0),
        (None, "n", "General", False, 11.0),
        (None, "n", "General", False, 11.0),
        (None, "n", "General", False, 11.0),
        (None, "n", "General", False, 11.0),
        (None, "n", "General", False, 11.0),
        ("#N/A", "s", "General", False, 11.0),
    ],
    [
        ("two\nlines of text", "s", "General", False, 11.0),
        (None, "inlineStr", "General", False, 11.0),
        (1234567, "n", "General", False, 11.0),
        (1000, "n", "General", False, 11.0),
        (0, "n", "0.0", False, 11.0),
        (10, "n", "0.0", False, 11.0),
        (0.333, "n", "0.0%", False, 11.0),
        (-12.345, "n", "£#,##0.00", False, 11.0),
        (18.5, "n", "General", False, 11.0),
        ("'@SUM(A1)", "s", "General", False, 11.0),
    ],
    [
        ("Total", "s", "General", False, 11.0),
        (None, "inlineStr", "General", False, 11.0),
        (1234576, "n", "General", False, 11.0),
        (1045, "n", "General", False, 11.0),
        (None, "inlineStr", "General", False, 11.0),
        (None, "inlineStr", "General", False, 11.0),
        (None, "inlineStr", "General", False, 11.0),
        (1222.155, "n", "£#,##0.00", False, 11.0),
        (None, "inlineStr", "General", False, 11.0),
        (None, "inlineStr", "General", False, 11.0),
    ],
]
PUBLISHED_WIDTHS = {
    "A": 59.0,
    "B": 10.0,
    "C": 11.0,
    "D": 12.0,
    "E": 17.0,
    "F": 8.0,
    "G": 16.0,
    "H": 11.0,
    "I": 8.0,
    "J": 15.0,
}


def _written(report: Report) -> dict:
    out = io.BytesIO()
    write(report, "xlsx", out)
    return snapshot(out.getvalue())


def test_the_workbook_is_as_before_for_exact_figures():
    assert _written(small_report()) == EXACT_SHEETS


def test_the_workbook_is_as_before_for_published_figures():
    sheet = _written(small_report(PUBLISHED))["Every kind of column sites…"]
    assert sheet["cells"][0] == EXACT_SHEETS["Every kind of column sites…"]["cells"][0]
    assert sheet["cells"][1:] == PUBLISHED_ROWS
    assert sheet["widths"] == PUBLISHED_WIDTHS


def test_widths_are_those_of_the_cells_as_the_screen_formats_them():
    values = [None, "", "x", "two\nlines", 0, 7, -1234, 1234567, 0.5, 1234.25, -0.05, Decimal("1234.5"),
              Decimal("-12.345"), 9, 6.5, 12.0, datetime.date(2009, 3, 3), "*", "–"]  # fmt: skip
    for kind in (TEXT, COUNT, NUMBER, PERCENT, MEAN, MEDIAN, MONEY, EXTREME):
        for value in values:
            if isinstance(value, datetime.date):
                expected = 10
            else:
                text = format_cell(plain(value), kind)
                expected = max((len(line) for line in text.splitlines()), default=0)
            assert shown_width(value, kind) == expected, (value, kind)
