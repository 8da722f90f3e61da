"""Responses as a labelled dataset for statistics packages: SPSS (.sav), Stata (.dta) and R (a zip).

    variables = dataset_variables(questionnaire)          # names per package, labels, value labels
    body = write_sav(questionnaire, responses)            # or write_dta, write_r_bundle, write_names

The same responses as the CSV/XLSX export (the same queryset, the same answers matched by question name across
versions), one row per response, one variable per question, except `select_multiple`: one 0/1 variable per
choice (`question_choice`, labelled "Question: Choice"), missing when the question was not answered. Then the
response's round, site, group, date and paper flag. A select_one is coded: the choice names themselves when
every one is a whole number, else 1, 2, 3... in the order of the newest version's list; the codes carry the
choice labels as value labels. Names are made legal for each package (`legal_name`); `write_names` is the
mapping.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from evaluation.export import answer_values
from evaluation.markup import plain_text
from evaluation.models import CollectionRound, Question, QuestionType
from pilot.spreadsheets import neutralise

PACKAGES = ("spss", "stata", "r")
# Longest variable name: SPSS 64 bytes, Stata 32 characters; R has no practical limit.
NAME_LIMITS = {"spss": 64, "stata": 32, "r": 10_000}
RESERVED = {
    "spss": {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"},
    "stata": {"byte", "double", "float", "if", "in", "int", "long", "strl", "using", "with"}
    | {f"str{n}" for n in range(1, 2046)},
    "r": {"if", "else", "repeat", "while", "function", "for", "next", "break", "true", "false", "null", "inf",
          "nan", "na", "na_integer_", "na_real_", "na_character_", "na_complex_", "in"},
}  # fmt: skip
# Labels the packages accept: SPSS variable labels 255 bytes and value labels 120 bytes, Stata variable labels
# 80 characters and value labels 32,000 bytes. Longer ones are cut and end in "...".
SPSS_LABEL_BYTES, SPSS_VALUE_BYTES = 255, 120
STATA_LABEL_CHARS, STATA_VALUE_BYTES = 80, 32_000
FILE_LABEL_BYTES = 64

CHOSEN = {0: "Not chosen", 1: "Chosen"}
PAPER = {0: "Online", 1: "Paper"}
# The kinds of variable: how each is stored and read.
CATEGORY, BINARY, INTEGER, DECIMAL, DATE, TEXT = "category", "binary", "integer", "decimal", "date", "text"


@dataclass
class Variable:
    """One column of the dataset."""

    key: str  # the name before it is made legal: the question's, `question_choice`, or round/site/group/date/paper
    label: str  # plain text (formatting taken off)
    kind: str
    question: str = ""  # the question's name ("" for the response's own variables)
    choice: str = ""  # the choice's name, for a select_multiple's 0/1 variable
    question_type: str = ""
    codes: dict = field(default_factory=dict)  # choice name (or id) -> code
    value_labels: dict[int, str] = field(default_factory=dict)  # code -> label
    names: dict[str, str] = field(default_factory=dict)  # package -> legal name


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def legal_name(raw: str, package: str, taken: set[str]) -> str:
    """`raw` as a variable name the package accepts, unique (ignoring case) among `taken`, which it joins.

    Letters, digits and `_` only (any other run of characters becomes one `_`), starting with a letter (else `v_`
    goes in front), not a reserved word (else `v_` in front), at most the package's length, and when the name is
    taken, `_2`, `_3`... at the end."""
    name = re.sub(r"[^A-Za-z0-9_]+", "_", _ascii(raw)) or "v"
    if not name[0].isalpha() or name.lower() in RESERVED[package]:
        name = "v_" + name
    limit = NAME_LIMITS[package]
    candidate, n = name[:limit], 1
    while candidate.lower() in taken or candidate.lower() in RESERVED[package]:
        n += 1
        suffix = f"_{n}"
        candidate = name[: limit - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _codes(names: list[str]) -> dict[str, int]:
    """Choice name -> code: the names themselves when all are whole numbers (as forms often number their
    choices), else 1, 2, 3... in order."""
    if names and all(re.fullmatch(r"-?\d{1,9}", n) for n in names) and len({int(n) for n in names}) == len(names):
        return {n: int(n) for n in names}
    return {n: i for i, n in enumerate(names, start=1)}


def _questions(questionnaire) -> tuple[dict[str, Question], dict[str, list[tuple[str, str]]]]:
    """The newest question of each name (newest version first, then older ones, as the CSV export), and for each
    name every choice (name, label) of every version: the newest list first, then choices only older ones had."""
    newest: dict[str, Question] = {}
    choices: dict[str, dict[str, str]] = {}
    questions = (
        Question.objects.filter(version__questionnaire=questionnaire)
        .exclude(type=QuestionType.NOTE)
        .prefetch_related("choices")
        .order_by("-version_id", "position")
    )
    for question in questions:
        newest.setdefault(question.name, question)
        listed = choices.setdefault(question.name, {})
        for choice in question.choices.all():
            listed.setdefault(choice.name, choice.label or choice.name)
    return newest, {name: list(listed.items()) for name, listed in choices.items()}


KINDS = {
    QuestionType.INTEGER: INTEGER,
    QuestionType.DECIMAL: DECIMAL,
    QuestionType.DATE: DATE,
    QuestionType.TEXT: TEXT,
    QuestionType.SELECT_ONE: CATEGORY,
}


def dataset_variables(questionnaire, *, meta: bool = True) -> list[Variable]:
    """Every variable of the questionnaire's dataset, in column order, with its name in each package."""
    newest, all_choices = _questions(questionnaire)
    variables: list[Variable] = []
    for name, question in newest.items():
        label = plain_text(question.label) or name
        if question.type == QuestionType.SELECT_MULTIPLE:
            for choice, choice_label in all_choices[name]:
                variables.append(
                    Variable(key=f"{name}_{choice}", label=f"{label}: {plain_text(choice_label)}", kind=BINARY,
                             question=name, choice=choice, question_type=question.type, value_labels=dict(CHOSEN))
                )  # fmt: skip
            continue
        variable = Variable(key=name, label=label, kind=KINDS[question.type], question=name,
                            question_type=question.type)  # fmt: skip
        if question.type == QuestionType.SELECT_ONE:
            variable.codes = _codes([c for c, _ in all_choices[name]])
            variable.value_labels = {variable.codes[c]: plain_text(lab) for c, lab in all_choices[name]}
        variables.append(variable)
    if meta:
        variables += _meta_variables(questionnaire)
    for package in PACKAGES:
        taken: set[str] = set()
        for variable in variables:
            variable.names[package] = legal_name(variable.key, package, taken)
    return variables


def _meta_variables(questionnaire) -> list[Variable]:
    """Round, site and group coded by their numbers (as `_round` in the CSV export) and labelled by their names;
    the date; the paper flag."""
    rounds = CollectionRound.objects.filter(questionnaire=questionnaire).select_related("site", "group")
    rounds = sorted(rounds, key=lambda r: r.pk)
    sites = {r.site_id: r.site.name for r in rounds}
    groups = {r.group_id: r.group.name for r in rounds if r.group_id}
    return [
        Variable(key="round", label="Collection round", kind=CATEGORY, value_labels={r.pk: r.name for r in rounds}),
        Variable(key="site", label="Host site", kind=CATEGORY, value_labels=dict(sorted(sites.items()))),
        Variable(key="group", label="Group", kind=CATEGORY, value_labels=dict(sorted(groups.items()))),
        Variable(key="date", label="Date the questionnaire was filled in", kind=DATE),
        Variable(key="paper", label="Entered from paper", kind=CATEGORY, value_labels=dict(PAPER)),
    ]


def dataset_rows(variables: list[Variable], responses):
    """One list of values per response (ordered by id), in the order of `variables`: codes and numbers as floats,
    missing as None (text: ""), dates as dates. Three queries whatever the size."""
    answered: dict[int, dict[str, list]] = {}
    for response_id, name, _qtype, value in answer_values(responses):
        answered.setdefault(response_id, {}).setdefault(name, []).append(value)
    meta = responses.order_by("pk").values_list("pk", "round_id", "round__site_id", "round__group_id",
                                                 "submitted_on", "is_paper")  # fmt: skip
    for pk, round_id, site_id, group_id, day, is_paper in meta.iterator():
        own = answered.get(pk, {})
        own_meta = {"round": round_id, "site": site_id, "group": group_id, "date": day, "paper": int(is_paper)}
        row = []
        for variable in variables:
            if not variable.question:
                value = own_meta[variable.key]
                row.append(float(value) if isinstance(value, int) else value)
                continue
            values = own.get(variable.question, [])
            if variable.kind == BINARY:
                row.append(float(variable.choice in values) if values else None)
            elif not values:
                row.append("" if variable.kind == TEXT else None)
            elif variable.kind == CATEGORY:
                code = variable.codes.get(values[0])
                row.append(float(code) if code is not None else None)
            elif variable.kind in (INTEGER, DECIMAL):
                row.append(float(values[0]) if isinstance(values[0], Decimal) else None)
            elif variable.kind == DATE:
                row.append(values[0] if isinstance(values[0], datetime.date) else None)
            else:
                row.append(" ".join(str(v) for v in values))
        yield row


def _fit(text: str, *, chars: int | None = None, max_bytes: int | None = None) -> str:
    """Text cut to a package's limit, ending in "..." when cut."""
    if chars is not None and len(text) > chars:
        text = text[: chars - 3] + "..."
    if max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        while len(text.encode("utf-8")) > max_bytes - 3:
            text = text[:-1]
        text += "..."
    return text


def _frame(variables: list[Variable], responses, package: str):
    import pandas as pd

    names = [v.names[package] for v in variables]
    frame = pd.DataFrame(list(dataset_rows(variables, responses)), columns=names)
    for variable, name in zip(variables, names, strict=True):
        if variable.kind == TEXT:
            frame[name] = frame[name].astype(object)
        elif variable.kind != DATE:
            frame[name] = frame[name].astype("float64")
        elif frame[name].notna().any():
            frame[name] = frame[name].astype(object)  # dates: written as dates
        else:
            # No date at all (or no rows): the writers would take an empty column for text, so it goes as an
            # empty datetime column and the date format is given (DATE_FORMATS).
            frame[name] = pd.to_datetime(frame[name].astype(object))
    return frame


DATE_FORMATS = {"spss": "DATE11", "stata": "%td"}


def _write(writer, frame, **kwargs) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data"
        writer(frame, str(path), **kwargs)
        return path.read_bytes()


def write_sav(questionnaire, responses) -> bytes:
    """An SPSS .sav file: variable labels, value labels, measure levels and formats."""
    import pyreadstat

    variables = dataset_variables(questionnaire)
    frame = _frame(variables, responses, "spss")
    formats = {INTEGER: "F8.0", DECIMAL: "F12.2", CATEGORY: "F8.0", BINARY: "F1.0"}
    measures = {CATEGORY: "nominal", BINARY: "nominal", TEXT: "nominal", INTEGER: "scale", DECIMAL: "scale",
                DATE: "scale"}  # fmt: skip
    return _write(
        pyreadstat.write_sav,
        frame,
        file_label=_fit(questionnaire.title, max_bytes=FILE_LABEL_BYTES),
        column_labels={v.names["spss"]: _fit(v.label, max_bytes=SPSS_LABEL_BYTES) for v in variables},
        variable_value_labels={
            v.names["spss"]: {code: _fit(text, max_bytes=SPSS_VALUE_BYTES) for code, text in v.value_labels.items()}
            for v in variables
            if v.value_labels
        },
        variable_format={
            v.names["spss"]: formats.get(v.kind, DATE_FORMATS["spss"])
            for v in variables
            if v.kind in formats or v.kind == DATE
        },  # fmt: skip
        variable_measure={v.names["spss"]: measures[v.kind] for v in variables},
    )


def write_dta(questionnaire, responses) -> bytes:
    """A Stata .dta file (format 118, Stata 14 and later): variable labels and value labels."""
    import pyreadstat

    variables = dataset_variables(questionnaire)
    frame = _frame(variables, responses, "stata")
    return _write(
        pyreadstat.write_dta,
        frame,
        file_label=_fit(questionnaire.title, chars=STATA_LABEL_CHARS),
        column_labels={v.names["stata"]: _fit(v.label, chars=STATA_LABEL_CHARS) for v in variables},
        variable_value_labels={
            v.names["stata"]: {code: _fit(text, max_bytes=STATA_VALUE_BYTES) for code, text in v.value_labels.items()}
            for v in variables
            if v.value_labels
        },
        variable_format={v.names["stata"]: DATE_FORMATS["stata"] for v in variables if v.kind == DATE},
        version=15,
    )


R_SCRIPT = Path(__file__).with_name("read_responses.R")


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def write_r_bundle(questionnaire, responses) -> bytes:
    """A zip for R: responses.csv (codes, ISO dates, blank for missing), variables.csv, value_labels.csv and
    read_responses.R, which reads them with base R alone: select_one, round, site, group and paper become
    factors with the choice labels, dates become Dates, every column gets its label as attribute "label"."""
    variables = dataset_variables(questionnaire)
    data = [[v.names["r"] for v in variables]]
    data += [[_cell(value) for value in row] for row in dataset_rows(variables, responses)]
    described = [["name", "label", "type", "question", "choice"]]
    described += [[v.names["r"], neutralise(v.label), v.kind, v.question, neutralise(v.choice)] for v in variables]
    labels = [["name", "code", "label"]]
    labels += [[v.names["r"], str(code), neutralise(text)] for v in variables for code, text in v.value_labels.items()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("responses.csv", _csv(data))
        bundle.writestr("variables.csv", _csv(described))
        bundle.writestr("value_labels.csv", _csv(labels))
        bundle.writestr("read_responses.R", R_SCRIPT.read_bytes())
        bundle.writestr("variable_names.csv", write_names(questionnaire, variables=variables).decode("utf-8-sig"))
    return buffer.getvalue()


def write_names(questionnaire, *, variables: list[Variable] | None = None) -> bytes:
    """The mapping, as CSV (UTF-8 with BOM): each variable's question and choice, label, and name in each
    package."""
    variables = variables if variables is not None else dataset_variables(questionnaire)
    rows = [["question", "choice", "label", "spss", "stata", "r"]]
    rows += [
        [v.question or f"({v.key})", neutralise(v.choice), neutralise(v.label), v.names["spss"], v.names["stata"],
         v.names["r"]]
        for v in variables
    ]  # fmt: skip
    return ("\ufeff" + _csv(rows).decode("utf-8")).encode("utf-8")


# export=... on the responses page: (writer, content type, file extension)
WRITERS = {
    "sav": (write_sav, "application/x-spss-sav", "sav"),
    "dta": (write_dta, "application/x-stata-dta", "dta"),
    "r": (write_r_bundle, "application/zip", "zip"),
    "names": (lambda q, _responses: write_names(q), "text/csv; charset=utf-8", "csv"),
}
