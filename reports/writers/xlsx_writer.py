"""XLSX: a cover sheet, then one sheet per table; numbers as numbers, percentages with a % format.

Written in openpyxl's write-only mode: rows stream to the file, so a network-wide report of tens of
thousands of rows does not hold every cell in memory. The questionnaire summary has its own layout
(`questionnaire_xlsx`: a Summary sheet and one sheet per question).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, TYPE_STRING, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pilot.spreadsheets import neutralise
from reports.document import MEAN, MEDIAN, MONEY, PERCENT, Report
from reports.writers.common import format_cell, plain, published_rows, sheet_name

FORMATS = {PERCENT: "0.0%", MEAN: "0.0", MEDIAN: "0.0", MONEY: "£#,##0.00"}
DATE_FORMAT = "DD/MM/YYYY"
BOLD = Font(bold=True)
COVER_TITLE = Font(bold=True, size=14)
TABLE_TITLE = Font(bold=True, size=13)
MIN_WIDTH, MAX_WIDTH = 8, 60

# Each workbook's cell formats (number format and font), made once and then shared: a cell takes a copy of its
# format's style rather than having its number format and font looked up and set one by one.
_STYLES: WeakKeyDictionary = WeakKeyDictionary()


def _style(sheet, number_format: str | None, font: Font | None):
    """The style of a cell with this number format and font in the sheet's workbook (None: the default)."""
    if number_format is None and font is None:
        return None
    made = _STYLES.setdefault(sheet.parent, {})
    key = (number_format, font)
    if key not in made:
        model = WriteOnlyCell(sheet)
        if number_format is not None:
            model.number_format = number_format
        if font is not None:
            model.font = font
        made[key] = model._style
    return made[key]


def cell(sheet, value, kind: str = "text", *, font=None):
    """One cell: text always as a string (never a formula), numbers as numbers with the column's format."""
    value = plain(value)
    if isinstance(value, str):
        out = Cell(sheet, row=1, column=1, value=neutralise(value), style_array=_style(sheet, None, font))
        out.data_type = TYPE_STRING
        return out
    if kind == PERCENT and isinstance(value, int | float):
        value = value / 100
    number_format = FORMATS.get(kind) if value is not None else None
    if isinstance(value, date):
        number_format = DATE_FORMAT
    out = Cell(sheet, row=1, column=1, style_array=_style(sheet, number_format, font))
    out.value = value  # after the format: a date keeps DD/MM/YYYY
    return out


def row_values(sheet, row: list, kinds: list[str]) -> list:
    """A table row as the sheet takes it: plain numbers and text as values, a cell only where a format is needed
    (a percentage, mean, median, sum of money or date), or where text could be taken for a formula or an error."""
    values = []
    for value, kind in zip(row, kinds, strict=False):
        if isinstance(value, Decimal):
            value = float(value)
        if value is None or (type(value) is int and kind not in FORMATS):
            values.append(value)
        elif isinstance(value, str):
            value = neutralise(value)
            values.append(cell(sheet, value) if value[:1] == "=" or value in ERROR_CODES else value)
        else:
            values.append(cell(sheet, value, kind))
    return values


def shown_width(value, kind: str = "text") -> int:
    """How many characters a cell takes on screen, as Excel shows it with the column's format
    (`common.format_cell`, worked out here without formatting whole numbers and text)."""
    if value is None or value == "":
        return 0
    if isinstance(value, str):
        return max(len(line) for line in value.splitlines())
    if type(value) is int and kind not in ("money", "percent", "mean"):
        return len(f"{value:,}")
    if isinstance(value, date):
        return 10
    return max((len(line) for line in format_cell(plain(value), kind).splitlines()), default=0)


def column_widths(labels: list[str], rows: list[list], *, kinds: list[str] | None = None, cap: int = MAX_WIDTH):
    """Column letter -> width that fits the header and the longest value (within MIN_WIDTH..cap)."""
    kinds = kinds or ["text"] * len(labels)
    longest = [len(label) for label in labels]
    for row in rows:
        for i, value in enumerate(row[: len(labels)]):
            width = shown_width(value, kinds[i])
            if width > longest[i]:
                longest[i] = width
    return {get_column_letter(i + 1): min(cap, max(MIN_WIDTH, n + 2)) for i, n in enumerate(longest)}


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
        sheet.append([cell(sheet, title, font=TABLE_TITLE)])
        sheet.append([])
    sheet.freeze_panes = "A4" if title else "A2"
    sheet.append([cell(sheet, column.label, font=BOLD) for column in table.columns])
    for row in rows:
        sheet.append(row_values(sheet, row, kinds))


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
        cover.append([cell(cover, line, font=COVER_TITLE if number == 0 else None)])
    for name, table in tables:
        table_sheet(book, name, table, published_rows(table))
    book.save(out)
    return "xlsx"
