"""Reading and checking XLSForm workbooks.

Before anything parses a workbook its size is bounded (`check_bounds`: unpacked bytes, filled
cells, rows and columns per sheet, counted straight from the zip), and every text cell a
reader will see is bounded in length and bracket nesting.

Our own pass streams the sheets row by row so that every error can name its sheet, row and
column ("survey row 7, column type: unknown choice list 'sevices'"); then pyxform, the
XLSForm project's own reader, must accept the workbook too, so what ODK and KoboToolbox
accept is what we accept. The result is a plain definition dict stored on the
QuestionnaireVersion.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError

from evaluation import conf
from evaluation.expressions import MAX_NESTING, ExpressionError, parse, references
from pilot.uploads import check_workbook_extent, count_workbook_cells

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
PLAIN_TYPES = {"integer", "decimal", "text", "date", "note"}
SELECT_TYPES = {"select_one": "select_one", "select one": "select_one", "select_multiple": "select_multiple",
                "select all that apply": "select_multiple"}  # fmt: skip
# Types that would record when, where or on which device someone answered: never on an anonymous form.
IDENTIFYING_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
                     "email", "audit", "geopoint", "geotrace", "geoshape", "start-geopoint", "image", "audio",
                     "video", "file", "background-audio"}  # fmt: skip
# Would collide with the app's own addresses (/evaluation/import/, /evaluation/rounds/...).
RESERVED_FORM_IDS = {"import", "rounds"}
TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"", "no", "false", "false()", "0"}
# Sheets pyxform reads besides ours; their cells are bounded too before it sees them.
OTHER_PYXFORM_SHEETS = ("external_choices", "entities", "osm")
# Read by evaluation.expressions, which has its own bounds.
OUR_EXPRESSIONS = {"relevant", "constraint"}
MAX_CELL_CHARS = 10_000
MAX_LISTED_ERRORS = 500
SHOWN_EXPRESSION = 60


@dataclass
class FormErrors:
    messages: list[str] = field(default_factory=list)
    left_out: int = 0

    def add(self, sheet: str, row: int | None, column: str | None, reason: str) -> None:
        if len(self.messages) >= MAX_LISTED_ERRORS:
            self.left_out += 1
            return
        where = sheet + (f" row {row}" if row else "") + (f", column {column}" if column else "")
        self.messages.append(f"{where}: {reason}")

    def all(self) -> list[str]:
        more = [f"… and {self.left_out:,} more problems; correct these and try again."] if self.left_out else []
        return self.messages + more


def check_bounds(data: bytes, *, exact: bool = True) -> int:
    """Refuse a workbook too large to parse (ValidationError); return its number of filled cells.

    `exact=False` is the quick count (an upper bound) for deciding where to parse; the exact count
    also bounds how far each sheet's rows and columns reach, and runs just before loading.
    """
    limits = {"max_unpacked_bytes": conf.xlsform_max_unpacked_bytes(), "max_cells": conf.xlsform_max_cells()}
    if not exact:
        return count_workbook_cells(io.BytesIO(data), what="XLSForm", **limits)
    extent = check_workbook_extent(
        io.BytesIO(data),
        what="XLSForm",
        max_rows=conf.xlsform_max_rows(),
        max_columns=conf.xlsform_max_columns(),
        **limits,
    )
    return extent.cells


def bracket_depth(text: str) -> int:
    """How deeply ( and [ nest in a text (unbalanced closing brackets are pyxform's to report)."""
    depth = deepest = 0
    for char in text:
        if char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]" and depth:
            depth -= 1
    return deepest


def _check_cell(sheet: str, row: int, column: str, text: str, errors: FormErrors) -> None:
    if sheet == "survey" and column in OUR_EXPRESSIONS:
        return  # our own parser bounds these and says more about what is wrong
    if len(text) > MAX_CELL_CHARS:
        errors.add(sheet, row, column, f"the text is longer than {MAX_CELL_CHARS:,} characters")
    elif ("(" in text or "[" in text) and bracket_depth(text) > MAX_NESTING:
        errors.add(sheet, row, column, f"brackets are nested more than {MAX_NESTING} deep")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _sheet_rows(workbook, name: str, errors: FormErrors, required_columns: tuple[str, ...], max_row=None):
    """(header, [(row_number, {column: text})]) of a sheet; column names lower-cased, labels normalised.

    The workbook is read-only (streamed); every cell under a heading is bounded by _check_cell.
    """
    sheet = next((workbook[s] for s in workbook.sheetnames if s.strip().lower() == name), None)
    if sheet is None:
        return None, []
    rows = sheet.iter_rows(values_only=True, max_row=max_row)
    first = next(rows, None)
    if first is None:
        errors.add(name, None, None, "the sheet is empty; its first row must name the columns")
        return None, []
    header = [_text(h).lower() for h in first]
    seen = set()
    for index, column in enumerate(header):
        if column and column in seen:
            errors.add(name, 1, column, "this column heading appears twice")
        seen.add(column)
        if column.startswith("label::") and "label" not in header:
            header[index] = "label"  # the first language's label serves as the label
    for column in required_columns:
        if column not in header:
            errors.add(name, 1, None, f"a column headed '{column}' is needed")
    records = []
    for number, values in enumerate(rows, start=2):
        record = {col: _text(v) for col, v in zip(header, values, strict=False) if col}
        if any(record.values()):
            for column, text in record.items():
                if text:
                    _check_cell(name, number, column, text, errors)
            records.append((number, record))
    return header, records


def load_workbook_bytes(data: bytes):
    """A read-only (streaming) openpyxl workbook; close it when done. Run check_bounds() first."""
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ValidationError("The file cannot be read as an Excel workbook.") from exc


def _read_sheets(workbook, errors: FormErrors):
    try:
        _, survey = _sheet_rows(workbook, "survey", errors, ("type", "name", "label"))
        _, choice_rows = _sheet_rows(workbook, "choices", errors, ())
        _, settings_rows = _sheet_rows(workbook, "settings", errors, ())
        for name in OTHER_PYXFORM_SHEETS:
            _sheet_rows(workbook, name, errors, ())
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet fails inside openpyxl's streaming reader
        raise ValidationError("The file cannot be read as an Excel workbook.") from exc
    finally:
        workbook.close()
    return survey, choice_rows, settings_rows


def read_identity(data: bytes) -> tuple[str, str]:
    """(form_id, version) from the settings sheet, read without the rest of the workbook; '' if missing."""
    workbook = load_workbook_bytes(data)
    try:
        _, rows = _sheet_rows(workbook, "settings", FormErrors(), (), max_row=2)
    except Exception as exc:  # a damaged sheet fails inside openpyxl's streaming reader
        raise ValidationError("The file cannot be read as an Excel workbook.") from exc
    finally:
        workbook.close()
    settings = rows[0][1] if rows else {}
    return settings.get("form_id", ""), settings.get("version", "") or "1"


def _no_progress(percent: int, line: str) -> None:
    return None


def read_xlsform(data: bytes, *, filename: str = "form.xlsx", progress=_no_progress) -> dict:
    """Check an XLSForm workbook and return its definition; ValidationError lists every problem found.

    `progress(percent, line)` is told how far it has got (the background import shows it).
    """
    progress(5, "Counting the cells")
    check_bounds(data)
    progress(15, "Reading the sheets")
    workbook = load_workbook_bytes(data)
    errors = FormErrors()
    has_survey = any(s.strip().lower() == "survey" for s in workbook.sheetnames)
    survey, choice_rows, settings_rows = _read_sheets(workbook, errors)
    if not has_survey:
        errors.add("survey", None, None, "the workbook has no sheet called 'survey'")
    progress(40, "Checking the questions")
    choices = _read_choices(choice_rows, errors)
    settings = settings_rows[0][1] if settings_rows else {}
    form_id = settings.get("form_id", "")
    if not form_id:
        errors.add("settings", 2, "form_id", "a form_id is needed (a short name such as members_2009)")
    elif not re.fullmatch(r"[A-Za-z0-9_-]{1,100}", form_id):
        errors.add("settings", 2, "form_id", "use only letters, digits, '_' and '-'")
    elif form_id.lower() in RESERVED_FORM_IDS:
        errors.add("settings", 2, "form_id", f"'{form_id}' is reserved; choose another form_id")
    definition = {
        "form_id": form_id,
        "title": settings.get("form_title", "") or form_id,
        "version": settings.get("version", "") or "1",
        "questions": _read_survey(survey, choices, errors),
    }
    if errors.messages:
        raise ValidationError(errors.all())
    progress(55, "Checking with pyxform")
    _check_with_pyxform(data, filename)
    return definition


def _read_choices(rows, errors: FormErrors) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    for number, row in rows:
        list_name, name = row.get("list_name", ""), row.get("name", "")
        if not list_name:
            errors.add("choices", number, "list_name", "every choice needs a list_name")
            continue
        if not name or " " in name:
            errors.add("choices", number, "name", "a choice name is needed, without spaces")
            continue
        if any(c["name"] == name for c in lists.get(list_name, [])):
            errors.add("choices", number, "name", f"'{name}' appears twice in list '{list_name}'")
            continue
        lists.setdefault(list_name, []).append({"name": name, "label": row.get("label", "") or name})
    return lists


def _read_survey(rows, choices: dict, errors: FormErrors) -> list[dict]:
    questions: list[dict] = []
    groups: list[tuple[str, object, str]] = []  # (label, relevant tree, relevant text) of open groups
    names: set[str] = set()
    expressions = []
    for number, row in rows:
        raw_type = re.sub(r"\s+", " ", row.get("type", "")).strip()
        lowered = raw_type.lower()
        name = row.get("name", "")
        if lowered in ("begin group", "begin_group"):
            groups.append(
                (row.get("label", "") or name, _expression(row, "relevant", number, errors), row.get("relevant", ""))
            )
            continue
        if lowered in ("end group", "end_group"):
            if not groups:
                errors.add("survey", number, "type", "'end group' without a matching 'begin group'")
            else:
                groups.pop()
            continue
        qtype, list_name = _question_type(lowered, raw_type, number, choices, errors)
        if qtype is None:
            continue
        if not name:
            errors.add("survey", number, "name", "every question needs a name")
            continue
        if not NAME_RE.match(name) or name.startswith("_") or "/" in name:
            errors.add("survey", number, "name", f"'{name}' is not a usable name (letters, digits, _; not first _)")
            continue
        if name in names:
            errors.add("survey", number, "name", f"'{name}' is used by an earlier question")
            continue
        names.add(name)
        required = row.get("required", "").lower()
        if required not in TRUE_WORDS | FALSE_WORDS:
            errors.add("survey", number, "required", f"use yes or no, not '{row.get('required')}'")
        own_relevant = _expression(row, "relevant", number, errors)
        constraint = _expression(row, "constraint", number, errors)
        relevant_parts = [g[1] for g in groups if g[1]] + ([own_relevant] if own_relevant else [])
        texts = [t for t in [*(g[2] for g in groups), row.get("relevant", "")] if t]
        relevant_text = texts[0] if len(texts) == 1 else " and ".join(f"({t})" for t in texts)
        expressions.append((number, own_relevant, constraint, relevant_parts))
        questions.append(
            {
                "row": number,
                "name": name,
                "type": qtype,
                "list_name": list_name,
                "label": row.get("label", "") or name,
                "hint": row.get("hint", ""),
                "section": " / ".join(g[0] for g in groups if g[0]),
                "required": required in TRUE_WORDS and qtype != "note",
                "relevant": relevant_text,
                "constraint": row.get("constraint", ""),
                "constraint_message": row.get("constraint_message", ""),
                "choices": choices.get(list_name, []) if list_name else [],
            }
        )
    if groups:
        errors.add("survey", None, "type", f"{len(groups)} 'begin group' without a matching 'end group'")
    for number, own, constraint, parts in expressions:
        for column, tree in (("relevant", own), ("constraint", constraint)):
            unknown = sorted(references(tree) - names)
            if unknown:
                errors.add("survey", number, column, f"refers to unknown question '{unknown[0]}'")
        for part in parts:
            unknown = sorted(references(part) - names)
            if unknown and part is not own:
                errors.add("survey", number, "relevant", f"its group refers to unknown question '{unknown[0]}'")
    return questions


def _question_type(lowered: str, raw: str, number: int, choices: dict, errors: FormErrors):
    if lowered in PLAIN_TYPES:
        return lowered, ""
    for prefix, qtype in SELECT_TYPES.items():
        if lowered.startswith(prefix + " "):
            list_name = raw[len(prefix) + 1 :].strip()
            if " " in list_name or not list_name:
                errors.add("survey", number, "type", f"'{raw}' should be '{prefix} LIST' with one list name")
                return None, ""
            if list_name not in choices:
                errors.add("survey", number, "type", f"unknown choice list '{list_name}'")
                return None, ""
            return qtype, list_name
    if not lowered:
        errors.add("survey", number, "type", "every row needs a type")
    elif lowered in IDENTIFYING_TYPES:
        errors.add("survey", number, "type", f"'{raw}' would record something about the respondent; not allowed")
    else:
        errors.add(
            "survey",
            number,
            "type",
            f"unsupported type '{raw}' (use integer, decimal, text, date, note, select_one LIST, "
            "select_multiple LIST, begin group, end group)",
        )
    return None, ""


def _expression(row: dict, column: str, number: int, errors: FormErrors):
    text = row.get(column, "")
    try:
        return parse(text)
    except ExpressionError as exc:
        shown = text if len(text) <= SHOWN_EXPRESSION else text[:SHOWN_EXPRESSION] + "…"
        errors.add("survey", number, column, f"cannot use '{shown}': {exc}")
        return None


def _check_with_pyxform(data: bytes, filename: str) -> None:
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(data)
        handle.flush()
        try:
            parse_file_to_json(handle.name)
        except PyXFormError as exc:
            message = re.sub(r"^\[row : (\d+)\]\s*", r"survey row \1: ", str(exc).strip())
            raise ValidationError([f"XLSForm check: {message}"]) from exc
        except Exception as exc:  # pyxform may fail on odd workbooks in other ways
            raise ValidationError(["XLSForm check: the workbook could not be read as an XLSForm."]) from exc
