"""XLSX: a cover sheet, then one sheet per table; numbers as numbers, percentages with a % format.

Written in openpyxl's write-only mode: rows stream to the file, so a network-wide report of tens of
thousands of rows does not hold every cell in memory. The questionnaire summary has its own layout
(`questionnaire_xlsx`: a Summary sheet and one sheet per question).
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pilot.spreadsheets import neutralise
from reports.document import MEAN, MEDIAN, MONEY, PERCENT, Report
from reports.writers.common import format_cell, plain, published_rows, sheet_name

FORMATS = {PERCENT: "0.0%", MEAN: "0.0", MEDIAN: "0.0", MONEY: "£#,##0.00"}
DATE_FORMAT = "DD/MM/YYYY"
BOLD = Font(bold=True)
MIN_WIDTH, MAX_WIDTH = 8, 60


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
        if isinstance(value, date):
            out.number_format = DATE_FORMAT
        elif kind in FORMATS and value is not None:
            out.number_format = FORMATS[kind]
    if font is not None:
        out.font = font
    return out


def shown_width(value, kind: str = "text") -> int:
    """How many characters a cell takes on screen, as Excel shows it with the column's format."""
    if isinstance(value, date):
        return 10
    return max((len(line) for line in format_cell(plain(value), kind).splitlines()), default=0)


def column_widths(labels: list[str], rows: list[list], *, kinds: list[str] | None = None, cap: int = MAX_WIDTH):
    """Column letter -> width that fits the header and the longest value (within MIN_WIDTH..cap)."""
    kinds = kinds or ["text"] * len(labels)
    widths = {}
    for i, label in enumerate(labels):
        longest = max([len(label)] + [shown_width(row[i], kinds[i]) for row in rows if i < len(row)])
        widths[get_column_letter(i + 1)] = min(cap, max(MIN_WIDTH, longest + 2))
    return widths


def about_lines(report: Report) -> list[str]:
    lines = [report.title, f"Generated {report.generated_at:%d/%m/%Y %H:%M}"]
    lines += [f"{label}: {value}" for label, value in report.filters]
    return lines + ["", report.rule]


def table_sheet(book, name: str, table, rows: list[list], *, title: str | None = None) -> None:
    """One table on its own sheet: its title first when given, then a bold, frozen header row."""
    sheet = book.create_sheet(name)
    kinds = [c.kind for c in table.columns]
    for letter, width in column_widths([c.label for c in table.columns], rows, kinds=kinds).items():
        sheet.column_dimensions[letter].width = width
    if title:
        sheet.append([cell(sheet, title, font=Font(bold=True, size=13))])
        sheet.append([])
    sheet.freeze_panes = "A4" if title else "A2"
    sheet.append([cell(sheet, column.label, font=BOLD) for column in table.columns])
    for row in rows:
        sheet.append([cell(sheet, v, c.kind) for c, v in zip(table.columns, row, strict=False)])


def write(report: Report, out) -> str:
    """Write the report to the binary file `out`; returns the file extension used."""
    if report.kind == "questionnaire_summary" and report.data is not None:
        from reports.writers import questionnaire_xlsx

        return questionnaire_xlsx.write(report, out)
    book = Workbook(write_only=True)
    cover = book.create_sheet("About")
    cover.column_dimensions["A"].width = 100
    lines = about_lines(report)
    used = {"about"}
    tables = [(sheet_name(table.title, used), table) for table in report.tables()]
    # Sheet names are cut to 31 characters: the cover gives each table's whole title, as the CSV README does.
    lines += ["", "Sheets:"] + [f"{name}: {table.title}" for name, table in tables]
    for number, line in enumerate(lines):
        cover.append([cell(cover, line, font=Font(bold=True, size=14) if number == 0 else None)])
    for name, table in tables:
        table_sheet(book, name, table, published_rows(table))
    book.save(out)
    return "xlsx"
