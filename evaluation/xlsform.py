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
import unicodedata
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError

from evaluation import conf
from evaluation.expressions import MAX_NESTING, ExpressionError, parse, references
from pilot.uploads import check_workbook_extent, count_workbook_cells

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
# Type cells, as pyxform spells them, and the type they become here.
PLAIN_TYPES = {"integer": "integer", "int": "integer", "decimal": "decimal", "text": "text", "string": "text",
               "date": "date", "note": "note", "time": "time", "datetime": "datetime", "datetime-local": "datetime",
               "range": "range", "acknowledge": "acknowledge", "trigger": "acknowledge",
               "calculate": "calculate"}  # fmt: skip
# Longest spellings first: "select one from LIST" before "select one LIST".
SELECT_TYPES = {"select one from": "select_one", "select all that apply from": "select_multiple",
                "select_one": "select_one", "select one": "select_one",
                "select1": "select_one", "select_multiple": "select_multiple",
                "select all that apply": "select_multiple", "rank": "rank"}  # fmt: skip
EXTERNAL_TYPES = ("select_one_external", "select_one_from_file", "select_multiple_from_file", "select one from file",
                  "select multiple from file", "select one external")  # fmt: skip
# Types that would record when, where or on which device someone answered: never on an anonymous form.
IDENTIFYING_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
                     "email", "audit", "geopoint", "geotrace", "geoshape", "start-geopoint", "image", "audio",
                     "video", "file", "background-audio", "phone number", "photo", "geolocation",
                     "background-geopoint", "xml-external-location"}  # fmt: skip
# A calculation that would record when or on which device the form was filled in (now(), today(), uuid(), ...).
RECORDING_CALCULATION = re.compile(r"\b(now|today|uuid|property|once\s*\(\s*(now|today))\s*\(|__session", re.I)
# Would collide with the app's own addresses (/evaluation/import/, /evaluation/rounds/...).
RESERVED_FORM_IDS = {"import", "rounds"}
TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"", "no", "false", "false()", "0"}
# Sheets pyxform reads besides ours; their cells are bounded too before it sees them.
OTHER_PYXFORM_SHEETS = ("external_choices", "entities", "osm")
# Read by evaluation.expressions, which has its own bounds.
OUR_EXPRESSIONS = {"relevant", "constraint"}
# Headings pyxform takes under other spellings.
HEADING_ALIASES = {"list name": "list_name", "constraint message": "constraint_message",
                   "required message": "required_message", "form id": "form_id", "id_string": "form_id",
                   "set_form_id": "form_id", "form title": "form_title", "set_form_title": "form_title",
                   "default language": "default_language", "jr:constraintmsg": "constraint_message",
                   "jr:requiredmsg": "required_message", "caption": "label"}  # fmt: skip
# Columns that may come once per language (`label::English`).
TRANSLATABLE = {"label", "hint", "constraint_message", "required_message", "caption", "media", "image", "audio",
                "video", "guidance_hint", "constraint message", "required message"}  # fmt: skip
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
    header = [normalise_heading(_text(h)) for h in first]
    seen = set()
    for column in header:
        if column and column in seen:
            errors.add(name, 1, column, "this column heading appears twice")
        seen.add(column)
    for column in required_columns:
        if column not in header and not any(h.startswith(column + "::") for h in header):
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


def normalise_heading(text: str) -> str:
    """A column heading as pyxform reads it: aliases and legacy spellings folded into one name.

    `list name` is `list_name`; `label:English` (single colon) and `label::English (en)` are both
    `label::<language>`, the language kept as written; other headings are lower-cased.
    """
    text = re.sub(r"\s+", " ", text).strip()
    match = re.match(r"^([A-Za-z_ ]+?)\s*::?\s*(.+)$", text)
    if match and match.group(1).strip().lower().replace(" ", "_") in TRANSLATABLE:
        base = HEADING_ALIASES.get(match.group(1).strip().lower(), match.group(1).strip().lower())
        return f"{base}::{match.group(2).strip()}"
    lowered = text.lower()
    return HEADING_ALIASES.get(lowered, lowered)


def load_workbook_bytes(data: bytes):
    """A read-only (streaming) openpyxl workbook; close it when done. Run check_bounds() first."""
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ValidationError("The file cannot be read as an Excel workbook.") from exc


def _read_sheets(workbook, errors: FormErrors):
    try:
        survey_header, survey = _sheet_rows(workbook, "survey", errors, ("type", "name", "label"))
        choices_header, choice_rows = _sheet_rows(workbook, "choices", errors, ())
        _, settings_rows = _sheet_rows(workbook, "settings", errors, ())
        for name in OTHER_PYXFORM_SHEETS:
            _sheet_rows(workbook, name, errors, ())
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet fails inside openpyxl's streaming reader
        raise ValidationError("The file cannot be read as an Excel workbook.") from exc
    finally:
        workbook.close()
    return survey, choice_rows, settings_rows, (survey_header or []) + (choices_header or [])


def derived_form_id(filename: str) -> str:
    """The form_id pyxform and KoboToolbox give a workbook without one: its file name, made usable."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()  # Évaluation -> Evaluation
    form_id = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")[:100]
    return form_id or "form"


def read_identity(data: bytes, filename: str = "form.xlsx") -> tuple[str, str]:
    """(form_id, version) from the settings sheet, read without the rest of the workbook.

    Without a form_id the file name gives it (as pyxform does); without a version it is "1".
    """
    workbook = load_workbook_bytes(data)
    try:
        _, rows = _sheet_rows(workbook, "settings", FormErrors(), (), max_row=2)
    except Exception as exc:  # a damaged sheet fails inside openpyxl's streaming reader
        raise ValidationError("The file cannot be read as an Excel workbook.") from exc
    finally:
        workbook.close()
    settings = rows[0][1] if rows else {}
    return settings.get("form_id", "") or derived_form_id(filename), settings.get("version", "") or "1"


def _no_progress(percent: int, line: str) -> None:
    return None


def _languages(headers: list[str]) -> list[str]:
    """The label and hint languages named in the headings, in the order they first appear."""
    found: list[str] = []
    for heading in headers:
        base, sep, language = heading.partition("::")
        if sep and base in ("label", "hint") and language not in found:
            found.append(language)
    return found


def _translations(row: dict, base: str) -> dict[str, str]:
    """{language: text} of a translatable column; the plain column (if filled) under ''."""
    out = {"": row.get(base, "")} if row.get(base) else {}
    prefix = base + "::"
    out.update({k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix) and v})
    return out


def _shown(texts: dict[str, str], default: str) -> str:
    """The text in the default language, else the plain column, else the first language that has one."""
    return texts.get(default) or texts.get("") or next(iter(texts.values()), "")


def read_xlsform(data: bytes, *, filename: str = "form.xlsx", progress=_no_progress) -> dict:
    """Check an XLSForm workbook and return its definition; ValidationError lists every problem found.

    `progress(percent, line)` is told how far it has got (the background import shows it). The
    definition's `notices` say what was done that the author should know: a form_id derived from
    the file name, rows left out because they would record something about the respondent.
    """
    progress(5, "Counting the cells")
    check_bounds(data)
    progress(15, "Reading the sheets")
    workbook = load_workbook_bytes(data)
    errors = FormErrors()
    has_survey = any(s.strip().lower() == "survey" for s in workbook.sheetnames)
    survey, choice_rows, settings_rows, headers = _read_sheets(workbook, errors)
    if not has_survey:
        errors.add("survey", None, None, "the workbook has no sheet called 'survey'")
    unsupported = _unsupported_features(survey)
    if unsupported:
        raise ValidationError(unsupported)
    progress(40, "Checking the questions")
    notices: list[str] = []
    dropped: list[str] = []  # names of rows left out (respondent metadata); a file of responses may carry them
    settings = settings_rows[0][1] if settings_rows else {}
    languages = _languages(headers)
    default = settings.get("default_language", "")
    if default not in languages:
        plain = "label" in headers
        default = "" if plain or not languages else languages[0]
    choices = _read_choices(choice_rows, errors, default)
    form_id = settings.get("form_id", "")
    if not form_id:
        form_id = derived_form_id(filename)
        notices.append(f"The workbook has no form_id; it is known as '{form_id}', from its file name.")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,100}", form_id):
        errors.add("settings", 2, "form_id", "use only letters, digits, '_' and '-'")
    elif form_id.lower() in RESERVED_FORM_IDS and not settings.get("form_id"):
        errors.add("settings", None, "form_id", f"the file name gives the form_id '{form_id}', which is reserved; "
                   "rename the file or give a form_id on the settings sheet")  # fmt: skip
    elif form_id.lower() in RESERVED_FORM_IDS:
        errors.add("settings", 2, "form_id", f"'{form_id}' is reserved; choose another form_id")
    definition = {
        "form_id": form_id,
        "title": settings.get("form_title", "") or form_id,
        "version": settings.get("version", "") or "1",
        "languages": languages,
        "default_language": default,
        "questions": _read_survey(survey, choices, errors, default, notices, dropped),
        "notices": notices,
        "dropped": dropped,
    }
    if errors.messages:
        raise ValidationError(errors.all())
    progress(55, "Checking with pyxform")
    _check_with_pyxform(data, filename)
    return definition


def _unsupported_features(rows) -> list[str]:
    """One line per feature we cannot honour (repeats, external selects, pulldata), naming its first row."""
    found: dict[str, str] = {}
    for number, row in rows or []:
        lowered = re.sub(r"\s+", " ", row.get("type", "")).strip().lower()
        feature = None
        if lowered in ("begin repeat", "begin_repeat", "begin loop", "begin_loop", "begin looped group"):
            feature = "repeats", "repeats ('begin repeat') are not supported: each question is asked once"
        elif lowered.startswith(EXTERNAL_TYPES) or lowered in ("xml-external", "csv-external"):
            kind = lowered.split(" ")[0][:40]
            feature = "external", f"external selects ('{kind}') are unsupported: list the choices on the choices sheet"
        elif any("pulldata(" in row.get(c, "").replace(" ", "") for c in ("calculation", "default", "relevant",
                                                                          "constraint", "choice_filter")):  # fmt: skip
            feature = "pulldata", "pulldata() is not supported: it reads an external file the form does not have"
        elif "search(" in row.get("appearance", "").replace(" ", ""):
            feature = "external", "external selects (search() in appearance) are not supported"
        if feature and feature[0] not in found:
            found[feature[0]] = f"survey row {number}: {feature[1]}."
    return list(found.values())


def _read_choices(rows, errors: FormErrors, default: str = "") -> dict[str, list[dict]]:
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
        labels = _translations(row, "label")
        lists.setdefault(list_name, []).append(
            {"name": name, "label": _shown(labels, default) or name, "labels": {k: v for k, v in labels.items() if k}}
        )
    return lists


def _range_parameters(text: str, number: int, errors: FormErrors) -> dict:
    """A range's start, end and step (pyxform's defaults 1, 10, 1) from `start=0 end=10 step=1`."""
    found = {"start": "1", "end": "10", "step": "1"}
    for part in re.split(r"[\s;,]+", text.strip()):
        key, _, value = part.partition("=")
        if not part:
            continue
        if key.strip().lower() not in found or not re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
            errors.add("survey", number, "parameters", f"'{part}' is not start=, end= or step= with a number")
            return {}
        found[key.strip().lower()] = value.strip()
    if float(found["step"]) <= 0 or float(found["end"]) == float(found["start"]):
        errors.add("survey", number, "parameters", "a range needs a positive step and an end unlike its start")
        return {}
    return found


def _read_survey(
    rows, choices: dict, errors: FormErrors, default: str = "", notices=None, notices_names=None
) -> list[dict]:
    notices = notices if notices is not None else []
    questions: list[dict] = []
    groups: list[tuple[str, object, str]] = []  # (label, relevant tree, relevant text) of open groups
    names: set[str] = set()
    expressions = []
    dropped: list[str] = []
    dropped_names: list[str] = notices_names if notices_names is not None else []
    for number, row in rows:
        raw_type = re.sub(r"\s+", " ", row.get("type", "")).strip()
        lowered = raw_type.lower()
        name = row.get("name", "")
        labels = _translations(row, "label")
        hints = _translations(row, "hint")
        if lowered in ("begin group", "begin_group"):
            groups.append(
                (
                    _shown(labels, default) or name,
                    _expression(row, "relevant", number, errors),
                    row.get("relevant", ""),
                )
            )
            continue
        if lowered in ("end group", "end_group"):
            if not groups:
                errors.add("survey", number, "type", "'end group' without a matching 'begin group'")
            else:
                groups.pop()
            continue
        if lowered in IDENTIFYING_TYPES:
            if name:
                dropped_names.append(name)
            dropped.append(f"'{raw_type}'" + (f" ({name}, row {number})" if name else f" (row {number})"))
            continue
        qtype, list_name, or_other = _question_type(lowered, raw_type, number, choices, errors)
        if qtype is None:
            continue
        if qtype == "calculate" and RECORDING_CALCULATION.search(row.get("calculation", "")):
            if name:
                dropped_names.append(name)
            dropped.append(f"'calculate' ({name or 'no name'}, row {number}: it records the time or the device)")
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
        calculation = row.get("calculation", "")
        if qtype == "calculate" and not calculation:
            errors.add("survey", number, "calculation", "a calculate row needs a calculation")
        parameters = _range_parameters(row.get("parameters", ""), number, errors) if qtype == "range" else {}
        own_relevant = _expression(row, "relevant", number, errors)
        constraint = _expression(row, "constraint", number, errors)
        relevant_parts = [g[1] for g in groups if g[1]] + ([own_relevant] if own_relevant else [])
        texts = [t for t in [*(g[2] for g in groups), row.get("relevant", "")] if t]
        relevant_text = texts[0] if len(texts) == 1 else " and ".join(f"({t})" for t in texts)
        expressions.append((number, own_relevant, constraint, relevant_parts))
        item_choices = [dict(c) for c in choices.get(list_name, [])] if list_name else []
        if or_other and not any(c["name"] == "other" for c in item_choices):
            item_choices.append({"name": "other", "label": "Other", "labels": {}})
        section = " / ".join(g[0] for g in groups if g[0])
        questions.append(
            {
                "row": number,
                "name": name,
                "type": qtype,
                "list_name": list_name,
                "label": _shown(labels, default) or name,
                "labels": {k: v for k, v in labels.items() if k},
                "hint": _shown(hints, default),
                "hints": {k: v for k, v in hints.items() if k},
                "section": section,
                "required": required in TRUE_WORDS and qtype not in ("note", "calculate"),
                "relevant": relevant_text,
                "constraint": row.get("constraint", ""),
                "constraint_message": _shown(_translations(row, "constraint_message"), default),
                "calculation": calculation,
                "parameters": parameters,
                "choices": item_choices,
            }
        )
        if or_other:
            other = f"{name}_other"
            if other in names:
                errors.add("survey", number, "type", f"or_other adds a question '{other}', a name already used")
                continue
            names.add(other)
            condition = f"selected(${{{name}}}, 'other')"
            questions.append(
                {
                    **questions[-1],
                    "name": other,
                    "type": "text",
                    "list_name": "",
                    "label": "Specify other.",
                    "labels": {},
                    "hint": "",
                    "hints": {},
                    "required": False,
                    "constraint": "",
                    "constraint_message": "",
                    "relevant": f"({relevant_text}) and {condition}" if relevant_text else condition,
                    "calculation": "",
                    "parameters": {},
                    "choices": [],
                }  # fmt: skip
            )
    if dropped:
        notices.append(
            f"Left out, because they would record something about the respondent and are not collected here: "
            f"{', '.join(dropped)}."
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
    """(our type, list name, or_other) of a type cell; (None, '', False) with an error if unusable."""
    if lowered in PLAIN_TYPES:
        return PLAIN_TYPES[lowered], "", False
    for prefix, qtype in SELECT_TYPES.items():
        if lowered.startswith(prefix + " "):
            rest = raw[len(prefix) + 1 :].strip()
            or_other = bool(re.search(r"\s+or_other$", rest, flags=re.IGNORECASE))
            list_name = re.sub(r"\s+or_other$", "", rest, flags=re.IGNORECASE).strip()
            if or_other and qtype != "select_one" and qtype != "select_multiple":
                errors.add("survey", number, "type", f"'{raw}': or_other goes with select_one or select_multiple")
                return None, "", False
            if " " in list_name or not list_name:
                errors.add("survey", number, "type", f"'{raw}' should be '{prefix} LIST' with one list name")
                return None, "", False
            if list_name not in choices:
                errors.add("survey", number, "type", f"unknown choice list '{list_name}'")
                return None, "", False
            return qtype, list_name, or_other
    if not lowered:
        errors.add("survey", number, "type", "every row needs a type")
    else:
        errors.add(
            "survey",
            number,
            "type",
            f"unsupported type '{raw}' (use integer, decimal, text, date, time, datetime, range, acknowledge, "
            "calculate, note, select_one LIST, select_multiple LIST, rank LIST, begin group, end group)",
        )
    return None, "", False


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
