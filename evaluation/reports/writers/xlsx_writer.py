"""XLSX: a cover sheet, then one sheet per table; numbers as numbers, percentages with a % format."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from evaluation.reports.document import MEAN, MEDIAN, MONEY, PERCENT, Report
from evaluation.reports.writers.common import neutralise, plain, published_rows, sheet_name

FORMATS = {PERCENT: "0.0%", MEAN: "0.0", MEDIAN: "0.0", MONEY: "£#,##0.00"}


def _set(cell, value, kind: str) -> None:
    value = plain(value)
    if isinstance(value, str):
        # Always a string cell, never a formula, whatever the text begins with.
        cell.value = neutralise(value)
        cell.data_type = TYPE_STRING
        return
    if kind == PERCENT and isinstance(value, int | float):
        value = value / 100
    cell.value = value
    if kind in FORMATS and value is not None:
        cell.number_format = FORMATS[kind]


def write(report: Report, out) -> str:
    """Write the report to the binary file `out`; returns the file extension used."""
    book = Workbook()
    cover = book.active
    cover.title = "About"
    lines = [report.title, f"Generated {report.generated_at:%d/%m/%Y %H:%M}"]
    lines += [f"{label}: {value}" for label, value in report.filters]
    lines += ["", report.rule]
    for number, line in enumerate(lines, start=1):
        _set(cover.cell(row=number, column=1), line, "text")
    cover["A1"].font = Font(bold=True, size=14)
    used = {"about"}
    for table in report.tables():
        sheet = book.create_sheet(sheet_name(table.title, used))
        for col, column in enumerate(table.columns, start=1):
            _set(sheet.cell(row=1, column=col), column.label, "text")
            sheet.cell(row=1, column=col).font = Font(bold=True)
            sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = max(12, len(column.label) + 2)
        for r, row in enumerate(published_rows(table), start=2):
            for col, (column, value) in enumerate(zip(table.columns, row, strict=False), start=1):
                _set(sheet.cell(row=r, column=col), value, column.kind)
        sheet.freeze_panes = "A2"
    book.save(out)
    return "xlsx"
