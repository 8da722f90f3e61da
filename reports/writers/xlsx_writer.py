"""XLSX: a cover sheet, then one sheet per table; numbers as numbers, percentages with a % format.

Written in openpyxl's write-only mode: rows stream to the file, so a network-wide report of tens of
thousands of rows does not hold every cell in memory.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pilot.spreadsheets import neutralise
from reports.document import MEAN, MEDIAN, MONEY, PERCENT, Report
from reports.writers.common import plain, published_rows, sheet_name

FORMATS = {PERCENT: "0.0%", MEAN: "0.0", MEDIAN: "0.0", MONEY: "£#,##0.00"}
BOLD = Font(bold=True)


def cell(sheet, value, kind: str = "text", *, font=None):
    """One cell: text always as a string (never a formula), numbers as numbers with the column's format."""
    value = plain(value)
    if isinstance(value, str):
        out = WriteOnlyCell(sheet, value=neutralise(value))
        out.data_type = TYPE_STRING
    else:
        if kind == PERCENT and isinstance(value, int | float):
            value = value / 100
        out = WriteOnlyCell(sheet, value=value)
        if kind in FORMATS and value is not None:
            out.number_format = FORMATS[kind]
    if font is not None:
        out.font = font
    return out


def write(report: Report, out) -> str:
    """Write the report to the binary file `out`; returns the file extension used."""
    book = Workbook(write_only=True)
    cover = book.create_sheet("About")
    cover.column_dimensions["A"].width = 100
    lines = [report.title, f"Generated {report.generated_at:%d/%m/%Y %H:%M}"]
    lines += [f"{label}: {value}" for label, value in report.filters]
    lines += ["", report.rule]
    used = {"about"}
    tables = [(sheet_name(table.title, used), table) for table in report.tables()]
    # Sheet names are cut to 31 characters: the cover gives each table's whole title, as the CSV README does.
    lines += ["", "Sheets:"] + [f"{name}: {table.title}" for name, table in tables]
    for number, line in enumerate(lines):
        cover.append([cell(cover, line, font=Font(bold=True, size=14) if number == 0 else None)])
    for name, table in tables:
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for col, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = max(12, len(column.label) + 2)
        sheet.append([cell(sheet, column.label, font=BOLD) for column in table.columns])
        for row in published_rows(table):
            sheet.append([cell(sheet, v, c.kind) for c, v in zip(table.columns, row, strict=False)])
    book.save(out)
    return "xlsx"
