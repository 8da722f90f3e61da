"""Export of responses in the import format, so an export re-imports to the same data.

Every text cell (answers, choice names, a select_multiple's list of choices) goes through the
one formula guard, pilot.spreadsheets.neutralise; numbers and dates are ours and go out as they are.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from decimal import Decimal

from evaluation.models import Answer, Question, QuestionType
from pilot.spreadsheets import neutralise

# Columns are written in this order after the questions.
META = ["_round", "_submitted_on", "_paper"]
# Cells we format ourselves from numbers and dates; everything else is text someone typed.
PLAIN_TYPES = {QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.DATE}


def _number(value: Decimal, qtype: str) -> str:
    if qtype == QuestionType.INTEGER:
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def export_columns(questionnaire, *, per_choice: bool = False) -> list[tuple[str, Question | None, str | None]]:
    """(heading, question, choice name) for every column: the newest version's questions first, then older ones."""
    seen: dict[str, Question] = {}
    questions = (
        Question.objects.filter(version__questionnaire=questionnaire)
        .exclude(type=QuestionType.NOTE)
        .prefetch_related("choices")
        .order_by("-version_id", "position")
    )
    for question in questions:
        seen.setdefault(question.name, question)
    columns = []
    for name, question in seen.items():
        columns.append((name, question, None))
        if per_choice and question.type == QuestionType.SELECT_MULTIPLE:
            columns.extend((f"{name}/{c.name}", question, c.name) for c in question.choices.all())
    return columns + [(m, None, None) for m in META]


def answer_values(responses):
    """(response id, question name, question type, value) for every answer of these responses, in form order
    (one query): a choice's name for select questions, a Decimal for numbers, a date for dates, else the text."""
    answers = (
        Answer.objects.filter(response__in=responses)
        .order_by("response_id", "question__position", "choice__position")
        .values_list("response_id", "question__name", "question__type", "choice__name", "number_value",
                     "text_value", "date_value")
    )  # fmt: skip
    for response_id, name, qtype, choice, number, text, day in answers.iterator(chunk_size=5000):
        if qtype in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
            yield response_id, name, qtype, choice
        elif number is not None:
            yield response_id, name, qtype, number
        elif day is not None:
            yield response_id, name, qtype, day
        else:
            yield response_id, name, qtype, text


def export_rows(questionnaire, responses, *, per_choice: bool = False):
    """Header and rows (lists of text) for the given responses queryset; three queries whatever the size.

    Responses and their answers are read side by side, both in response order (a merge), so memory holds
    one response's answers at a time, never the whole export.
    """
    columns = export_columns(questionnaire, per_choice=per_choice)
    answers = answer_values(responses)
    pending = next(answers, None)
    yield [heading for heading, _, _ in columns]
    for response in (
        responses.order_by("pk").values("pk", "round_id", "submitted_on", "is_paper").iterator(chunk_size=5000)
    ):
        answered: dict[str, list] = defaultdict(list)
        while pending is not None and pending[0] <= response["pk"]:
            response_id, name, qtype, value = pending
            if response_id == response["pk"]:
                if isinstance(value, Decimal):
                    value = _number(value, qtype)
                elif isinstance(value, datetime.date):
                    value = value.isoformat()
                answered[name].append(value)
            pending = next(answers, None)
        yield _row(columns, response, answered)


def _row(columns, response: dict, answered: dict) -> list[str]:
    row = []
    for heading, question, choice in columns:
        if question is None:
            row.append(
                {
                    "_round": str(response["round_id"]),
                    "_submitted_on": response["submitted_on"].isoformat(),
                    "_paper": "1" if response["is_paper"] else "0",
                }[heading]
            )
        elif choice is not None:
            row.append("1" if choice in answered.get(question.name, []) else "0")
        else:
            cell = " ".join(answered.get(question.name, []))
            row.append(cell if question.type in PLAIN_TYPES else neutralise(cell))
    return row


def write_csv(rows) -> bytes:
    """UTF-8 with a BOM, so Excel opens it with the right characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows) -> bytes:
    """Every cell a string (never a formula)."""
    buffer = io.BytesIO()
    write_xlsx_to(rows, buffer)
    return buffer.getvalue()


def write_csv_to(rows, stream, *, progress=None) -> int:
    """write_csv's bytes, written to a binary stream row by row; returns the rows written after the header."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    text.write("\ufeff")
    writer = csv.writer(text)
    count = -1
    for count, row in enumerate(rows):
        writer.writerow(row)
        if progress and count and count % 1000 == 0:
            progress(count)
    text.flush()
    text.detach()
    return max(count, 0)


def write_xlsx_to(rows, stream, *, progress=None) -> int:
    """write_xlsx's workbook, streamed (openpyxl's write-only mode) to a binary stream; rows after the header."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("responses")
    count = -1
    for count, row in enumerate(rows):
        cells = []
        for text in row:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = TYPE_STRING
            cells.append(cell)
        sheet.append(cells)
        if progress and count and count % 1000 == 0:
            progress(count)
    workbook.save(stream)
    return max(count, 0)
