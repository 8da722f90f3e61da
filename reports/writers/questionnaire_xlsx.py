"""The questionnaire summary as a workbook people can use as it comes.

Sheets: "About" (title, filters, the rule), "Summary" (every question in order: number, question, answer,
count, percent, valid percent, statistic, answered of responses), then one sheet per question named Q01,
Q02... with the question's text in its first row. Written from the summary as published for the report's
reader (`report.data`, the one function `evaluation.summary.publish_summary`), so the workbook shows
exactly what the JSON, the PDF and the summary page show; breakdowns by site follow as "Q01 by site".
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from reports.document import Report
from reports.writers.common import published_rows
from reports.writers.xlsx_writer import BOLD, about_lines, cell, column_widths, table_sheet

TITLE = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
SUMMARY_COLUMNS = [
    ("No.", "number"),
    ("Question", "text"),
    ("Answer", "text"),
    ("Count", "count"),
    ("Percent", "percent"),
    ("Valid percent", "percent"),
    ("Statistic", "mean"),
    ("Answered", "count"),
    ("Of responses", "count"),
]
STATISTICS = [("mean", "Mean"), ("median", "Median"), ("min", "Minimum"), ("max", "Maximum")]
WITHHELD_TEXT = (
    "Written answers appear only in reports with exact figures built for coordinators and evaluators; "
    "this report counts them and does not show them."
)


def _statistics(question: dict) -> list[tuple[str, str]]:
    """(key, label) of the statistics the question has: a date question's are its earliest and latest."""
    dates = question.get("type") == "date"
    found = [(key, label) for key, label in STATISTICS if key in question]
    return [(key, {"min": "Earliest", "max": "Latest"}.get(key, label) if dates else label) for key, label in found]


def sheet_code(number: int) -> str:
    return f"Q{number:02d}"


def question_rows(question: dict) -> tuple[list[tuple[str, str]], list[list]]:
    """The question's own table: (column label, kind) pairs and rows, from the published summary."""
    if "choices" in question:
        columns = [("Answer", "text"), ("Count", "count"), ("Percent", "percent"), ("Valid percent", "percent")]
        rows = [
            [c.get("label") or c["name"], c.get("count"), c.get("percent"), c.get("valid_percent")]
            for c in question["choices"]
        ]
        return columns, rows
    if any(key in question for key, _ in STATISTICS):
        stats = _statistics(question)
        columns = [("Answered", "count")] + [(label, "mean" if key == "mean" else "number") for key, label in stats]
        return columns, [[question.get("answered")] + [_value(question.get(key)) for key, _ in stats]]
    if "answers" in question:
        return [("Written answer", "text")], [[a] for a in question.get("answers") or []]
    return [("Answered", "count")], [[question.get("answered")]]


def _value(value):
    """Dates from the summary (ISO strings) as dates, everything else as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def summary_rows(questions: list[dict], responses) -> list[list]:
    """One row per answer (or statistic) of every question, in the questionnaire's order."""
    rows = []
    for number, question in enumerate(questions, start=1):
        label = question.get("label") or question["name"]
        answered = question.get("answered")
        head = [number, label]
        if "choices" in question:
            for c in question["choices"]:
                row = [c.get("label") or c["name"], c.get("count"), c.get("percent"), c.get("valid_percent"), None]
                rows.append(head + row + [answered, responses])
        elif any(key in question for key, _ in STATISTICS):
            for key, stat in _statistics(question):
                value = _value(question.get(key))
                rows.append(head + [stat, None, None, None, value, answered, responses])
        elif "answers" in question:
            shown = len(question.get("answers") or [])
            count = shown if shown else question.get("answers_withheld", 0)
            what = "Written answers (listed on its sheet)" if shown else "Written answers (not shown in this report)"
            rows.append(head + [what, count, None, None, None, answered, responses])
        else:
            rows.append(head + ["", None, None, None, None, answered, responses])
    return rows


def answered_line(question: dict, responses) -> str:
    return f"Answered by {question.get('answered')} of {responses} responses."


def write(report: Report, out) -> str:
    """Write the questionnaire summary workbook to the binary file `out`."""
    data = report.data or {}
    questions = data.get("questions", [])
    responses = data.get("responses")
    book = Workbook(write_only=True)
    codes = {q["name"]: sheet_code(n) for n, q in enumerate(questions, start=1)}
    by_site = [t for t in report.tables() if t.key.endswith("-by-site")]
    sheets = (
        ["Summary"]
        + list(codes.values())
        + [f"{codes.get(t.key[: -len('-by-site')], t.key)} by site" for t in by_site]
    )

    cover = book.create_sheet("About")
    cover.column_dimensions["A"].width = 100
    lines = about_lines(report)
    if data.get("too_few"):
        lines += ["", f"No breakdown: {data.get('too_few_text')} in this selection."]
    lines += ["", "Sheets:", "Summary: every question in order"]
    lines += [f"{codes[q['name']]}: {q.get('label') or q['name']}" for q in questions]
    lines += [f"{name}: {t.title}" for name, t in zip(sheets[1 + len(codes) :], by_site, strict=True)]
    for number, line in enumerate(lines):
        cover.append([cell(cover, line, font=TITLE if number == 0 else None)])

    summary = book.create_sheet("Summary")
    rows = summary_rows(questions, responses)
    for letter, width in column_widths(
        [label for label, _ in SUMMARY_COLUMNS], rows, kinds=[kind for _, kind in SUMMARY_COLUMNS], cap=70
    ).items():
        summary.column_dimensions[letter].width = width
    summary.freeze_panes = "A2"
    summary.append([cell(summary, label, font=BOLD) for label, _ in SUMMARY_COLUMNS])
    for row in rows:
        kinds = [kind for _, kind in SUMMARY_COLUMNS]
        kinds[6] = "mean" if row[2] == "Mean" else "number"  # a mean to one decimal; a median or extreme as it is
        summary.append([cell(summary, v, kind) for v, kind in zip(row, kinds, strict=True)])

    for question in questions:
        sheet = book.create_sheet(codes[question["name"]])
        columns, rows = question_rows(question)
        widths = column_widths([label for label, _ in columns], rows, kinds=[kind for _, kind in columns], cap=100)
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A5"
        sheet.append([cell(sheet, question.get("label") or question["name"], font=TITLE)])
        sheet.append([cell(sheet, answered_line(question, responses))])
        if "answers" in question and not question.get("answers"):
            withheld = question.get("answers_withheld", 0)
            sheet.append([cell(sheet, f"Written answers: {withheld}. {WITHHELD_TEXT}")])
        else:
            sheet.append([])
        sheet.append([cell(sheet, label, font=BOLD) for label, _ in columns])
        for row in rows:
            cells = [cell(sheet, v, kind) for v, (_, kind) in zip(row, columns, strict=True)]
            if "answers" in question:
                cells[0].alignment = WRAP  # a long written answer wraps within its column
            sheet.append(cells)

    for name, table in zip(sheets[1 + len(codes) :], by_site, strict=True):
        table_sheet(book, name, table, published_rows(table), title=table.title)
    book.active = 1  # opens on the Summary
    book.save(out)
    return "xlsx"
