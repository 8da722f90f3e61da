"""Bulk import of responses from CSV or XLSX: every row checked first, then all saved or none.

Header row = question names. `_`-prefixed columns are ignored except the ones our
export writes: `_round` (round id), `_submitted_on` (date) and `_paper` (1/0).
Columns named `question/choice` (0/1 per choice) may stand in for a select_multiple
column. Errors read `row N, column NAME: reason`, rows numbered as in a spreadsheet.
A row may not hold answers beyond the header's columns, and `_submitted_on` must lie
within its round's dates and not in the future (a blank means today).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from evaluation import conf, tallies
from evaluation.bulk_write import responses_stream, responses_write, streams
from evaluation.models import CollectionRound, PendingResponseUpload, Questionnaire, QuestionType
from evaluation.rules import check, convert, parse_date, rules_for, submitted_on_problem
from evaluation.services import questions_by_name
from pilot.audit import audit
from pilot.spreadsheets import unneutralise
from pilot.uploads import check_upload

META_COLUMNS = {"_round", "_submitted_on", "_paper"}
META_USES = {"_round": "the round of each response", "_submitted_on": "the date of each response",
             "_paper": "whether each response came on paper"}  # fmt: skip
# Columns KoboToolbox and ODK Central add to their exports about the submission itself; never imported.
EXPORT_COLUMNS = {"KEY", "SubmissionDate", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                  "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion", "instanceID",
                  "instanceName", "PARENT_KEY", "UpdatedAt"}  # fmt: skip
EXPORT_PREFIXES = ("meta", "formhub", "__version__")
# Metadata a form records about the respondent: left out of our forms on import, so never taken from a file.
RESPONDENT_COLUMNS = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
                      "email", "audit", "start-geopoint", "background-audio"}  # fmt: skip
SEPARATORS = "/-.:"


class ImportFailed(ValidationError):
    """Carries every problem found; nothing was saved."""


@dataclass
class ColumnUse:
    """What one column of a file becomes: a question (its name and label), a choice, or ignored (and why)."""

    heading: str
    use: str
    question: str = ""
    ignored: bool = False


@dataclass
class Preview:
    rows: int
    columns: list[ColumnUse]
    rounds: list[CollectionRound]


@dataclass
class ImportResult:
    saved: int
    rounds: list[CollectionRound]


@dataclass
class _Plan:
    """A file's rows and what its header row means, ready to be checked row by row (`_checked`)."""

    questionnaire: Questionnaire
    rows: list[list[str]]
    header: list[str]
    columns: dict[int, str]  # column index -> question name or _round/_submitted_on/_paper
    per_choice: dict[int, tuple[str, str]]  # column index -> (question, choice) of a 0/1 column
    uses: list[ColumnUse]
    round: CollectionRound | None  # the round for the whole file, or None for a _round column
    rounds: dict[str, CollectionRound]  # the rounds the rows may name, by id
    rules_by_version: dict[int, list]
    labels: dict[str, dict[str, str]]
    errors: list[str] = field(default_factory=list)

    @property
    def data_rows(self) -> int:
        return len(self.rows) - 1

    def versions(self) -> list:
        """The versions of the rounds the rows may name, each once."""
        return list({r.version_id: r.version for r in self.rounds.values()}.values())


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


SAVE_AS_UTF8 = "save it as 'CSV UTF-8'"


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ImportFailed([f"The file is UTF-32 text, which cannot be read; {SAVE_AS_UTF8}."])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFailed([f"The file is damaged UTF-16 text; {SAVE_AS_UTF8}."]) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFailed([f"The file is neither UTF-8 nor Windows-1252 text; {SAVE_AS_UTF8}."]) from exc


def read_table(uploaded_file, kind: str) -> list[list[str]]:
    """All rows of the first sheet (or the CSV) as text, header first; row limit enforced."""
    limit = conf.import_max_rows() + 1
    rows: list[list[str]] = []
    if kind == "csv":
        text = decode_csv(uploaded_file.read())
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)
        try:
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
                rows.append(row)
                if len(rows) > limit:
                    break
        except csv.Error as exc:
            raise ImportFailed([f"row {len(rows) + 1}: the CSV cannot be read ({exc})."]) from exc
    else:
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(uploaded_file, read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            for values in sheet.iter_rows(values_only=True):
                rows.append([_cell_text(v) for v in values])
                if len(rows) > limit:
                    break
            workbook.close()
        except ImportFailed:
            raise
        except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
            raise ImportFailed(["The file cannot be read as an Excel workbook."]) from exc
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    most = conf.import_max_rows()
    if len(rows) > most + 1:
        raise ImportFailed([f"The file has more than {most:,} rows of answers; split it."])
    if not rows or not any(c.strip() for c in rows[0]):
        raise ImportFailed(["row 1: the file is empty; its first row must name the questions."])
    return rows


def unquote_text(value: str) -> str:
    """Undo the export's guard against spreadsheet formulas (a leading ' before = + - @)."""
    return unneutralise(value)


def _row_width(cells: list[str]) -> int:
    """Cells up to the last one that holds something (spreadsheets pad rows with empty cells)."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _long_date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


def _resolve_round(cell: str, fixed, rounds: dict[str, CollectionRound]):
    if fixed is not None:
        return fixed
    if not cell.strip():
        raise ValueError("a round is needed: choose one for the whole file or fill in this column")
    found = rounds.get(cell.strip())
    if found is None:
        raise ValueError(f"'{cell[:20]}' is not a round of this questionnaire that you may add to")
    return found


def responses_import(
    *,
    questionnaire: Questionnaire,
    uploaded_file,
    round: CollectionRound | None = None,
    actor=None,
    rounds=None,
    progress=None,
) -> ImportResult:
    """Check every row of a CSV/XLSX of responses, then save them all or raise ImportFailed listing each error.

    `progress(percent, line)`, if given, is told how the checking goes (a background job shows it). A large file
    on PostgreSQL is checked and saved in one pass (`_save_checking`): each row is sent to the database as soon
    as it passes, and a failed row anywhere rolls every one back.
    """
    plan = _plan(questionnaire=questionnaire, uploaded_file=uploaded_file, round=round, rounds=rounds)
    if streams(plan.data_rows):
        if progress:  # the rows are checked inside the import's transaction: no progress is seen until it ends
            progress(10, f"Checking and saving {plan.data_rows:,} rows at once")
        return _save_checking(plan=plan, actor=actor)
    prepared = _checked_all(plan, progress)
    if progress:
        progress(90, f"Saving {len(prepared):,} responses")
    return _save(questionnaire=questionnaire, prepared=prepared, actor=actor)


def responses_preview(
    *, questionnaire: Questionnaire, uploaded_file, round: CollectionRound | None = None, rounds=None, progress=None
) -> Preview:
    """Check a file as responses_import does and say how its columns map to questions; nothing is saved."""
    prepared, columns = _prepare(
        questionnaire=questionnaire, uploaded_file=uploaded_file, round=round, rounds=rounds, progress=progress
    )
    used = sorted({r for r, *_ in prepared}, key=lambda r: r.pk)
    return Preview(rows=len(prepared), columns=columns, rounds=used)


def _prepare(
    *, questionnaire: Questionnaire, uploaded_file, round, rounds, progress=None
) -> tuple[list, list[ColumnUse]]:
    """Every row checked: (round, day, paper, values) for each, and what each column became; or ImportFailed."""
    plan = _plan(questionnaire=questionnaire, uploaded_file=uploaded_file, round=round, rounds=rounds)
    return _checked_all(plan, progress), plan.uses


def _checked_all(plan: _Plan, progress=None) -> list:
    prepared = list(_checked(plan, progress))
    _refuse_failed(plan, len(prepared))
    return prepared


def _refuse_failed(plan: _Plan, checked: int) -> None:
    """ImportFailed listing every problem the checking found, or saying the file held no answers."""
    if plan.errors:
        raise ImportFailed(plan.errors)
    if not checked:
        raise ImportFailed(["The file has a header row but no answers."])


def _plan(*, questionnaire: Questionnaire, uploaded_file, round, rounds) -> _Plan:
    """Read the file and its header row (ImportFailed for a problem there); the rows are checked by `_checked`."""
    rounds = rounds if rounds is not None else CollectionRound.objects.all()
    rounds = {str(r.pk): r for r in rounds.filter(questionnaire=questionnaire).select_related("version")}
    if not rounds:
        # Questions are known through a round's version: without one every column would look unknown.
        raise ImportFailed(
            ["This questionnaire has no collection round yet: open a round first, then import into it."]
        )
    try:
        kind = check_upload(uploaded_file, allowed={"csv", "xlsx"}, max_bytes=conf.import_max_bytes())
    except ValidationError as exc:
        raise ImportFailed(exc.messages) from exc
    rows = read_table(uploaded_file, kind)
    if round is not None and str(round.pk) not in rounds:
        raise ImportFailed(["The chosen round is not a round of this questionnaire."])
    versions = {r.version for r in rounds.values()}
    rules_by_version = {v.pk: rules_for(v) for v in versions}
    known = {rule.name: rule for rules in rules_by_version.values() for rule in rules}
    labels = choice_labels(versions)
    question_labels = heading_labels(versions, known)
    dropped = frozenset(n for v in versions for n in (v.definition or {}).get("dropped", []))
    errors: list[str] = []
    header = [h.strip() for h in rows[0]]
    header = header[: _row_width(header)]  # trailing blank headings: cells there are a row's extra cells
    columns: dict[int, str] = {}
    per_choice: dict[int, tuple[str, str]] = {}
    uses: list[ColumnUse] = []
    seen: set[str] = set()
    taken: dict[str, str] = {}  # question name -> the heading that answers it
    for index, name in enumerate(header):
        label = name or f"{index + 1} (no heading)"
        if not name:
            if any(index < len(r) and r[index].strip() for r in rows[1:]):
                errors.append(f"row 1, column {label}: the column has answers but no heading")
            continue
        if name in seen:
            errors.append(f"row 1, column {name}: this heading appears twice")
            continue
        seen.add(name)
        if name in META_COLUMNS:
            columns[index] = name
            uses.append(ColumnUse(name, META_USES[name]))
            continue
        kind, found, problem = match_heading(name, known, dropped, question_labels)
        if kind == "ignored":
            uses.append(ColumnUse(name, problem, ignored=True))
            continue
        if problem:
            errors.append(f"row 1, column {name}: {problem}")
            continue
        if kind is None:
            errors.append(f"row 1, column {name}: no question of that name in {questionnaire.form_id}")
            continue
        if kind == "choice":
            per_choice[index] = found
            uses.append(ColumnUse(name, f"choice '{found[1]}' of {found[0]} (1 ticked, 0 or blank not)",
                                  question=known[found[0]].label))  # fmt: skip
            continue
        if found in taken:
            errors.append(f"row 1, column {name}: answers {found}, as column {taken[found]} does already")
            continue
        taken[found] = name
        columns[index] = found
        uses.append(ColumnUse(name, found, question=known[found].label))
    if round is None and "_round" not in columns.values():
        if len(rounds) == 1:
            round = next(iter(rounds.values()))
        else:
            errors.append("row 1: choose a round for the whole file, or add a _round column")
    if errors:
        raise ImportFailed(errors)
    return _Plan(
        questionnaire=questionnaire, rows=rows, header=header, columns=columns, per_choice=per_choice, uses=uses,
        round=round, rounds=rounds, rules_by_version=rules_by_version, labels=labels,
    )  # fmt: skip


def _checked(plan: _Plan, progress=None):
    """Check each row in turn, yielding (round, day, paper, values) for each while no row has failed.

    Problems go to `plan.errors` (all of them, up to the limit); a caller raises once the rows are done
    (`_refuse_failed`), never from inside this generator, which may be feeding a COPY.
    """
    rows, header, columns, per_choice = plan.rows, plan.header, plan.columns, plan.per_choice
    round, rounds, errors = plan.round, plan.rounds, plan.errors
    rules_by_version, labels = plan.rules_by_version, plan.labels

    derived = {base for base, _ in per_choice.values()} - set(columns.values())
    today = timezone.localdate()
    has_dates = "_submitted_on" in columns.values()
    undated_rounds: set[int] = set()
    max_errors = conf.import_max_errors()
    step = max(len(rows) // 50, 100)  # about every 2%
    # Large files repeat the same cells (choices, dates, small numbers) many times; each distinct cell is read
    # once per question and version. Pure functions of their key, so the result is the same as reading each.
    header_of = {columns[i]: header[i] for i in columns}
    names_by_version = {pk: {rule.name: rule for rule in rules} for pk, rules in rules_by_version.items()}
    read_cells: dict[tuple, tuple] = {}
    dates: dict[tuple, tuple] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if progress and number % step == 0:
            progress(5 + 80 * number // len(rows), f"{number - 1:,} of {len(rows) - 1:,} rows checked")
        if not any(c.strip() for c in cells):
            continue
        raw = {columns[i]: (cells[i] if i < len(cells) else "") for i in columns}
        row_errors: list[str] = []
        width = _row_width(cells)
        if width > len(header):
            row_errors.append(
                f"row {number}: the row has {width} cells but the header row names only {len(header)} columns; "
                "remove the extra cells or give their column a heading"
            )
        try:
            row_round = _resolve_round(raw.get("_round", ""), round, rounds)
        except ValueError as exc:
            errors.append(f"row {number}, column _round: {exc}")
            continue
        day_cell = raw.get("_submitted_on", "")
        key = (day_cell, row_round.pk)
        if key not in dates or not day_cell.strip():  # a blank is told once per round: never from the cache
            dates[key] = _submitted_on(day_cell, row_round, today, has_dates, undated_rounds)
        submitted_on, problem = dates[key]
        if problem:
            row_errors.append(f"row {number}, column _submitted_on: {problem}")
        paper = raw.get("_paper", "").strip()
        if paper not in ("", "0", "1"):
            row_errors.append(f"row {number}, column _paper: use 1 for paper or 0 for online")
        rules = rules_by_version[row_round.version_id]
        names = names_by_version[row_round.version_id]
        ticks: dict[str, list[str]] = {b: [] for b in derived}
        for i, (base, choice) in per_choice.items():
            cell = (cells[i] if i < len(cells) else "").strip().lower()
            cell = {"true": "1", "false": "0"}.get(cell, cell)
            if cell not in ("", "0", "1"):
                row_errors.append(f"row {number}, column {header[i]}: use 1 if ticked, 0 or blank if not")
            elif cell == "1" and base in ticks:
                ticks[base].append(choice)
        for base, picked in ticks.items():
            raw[base] = " ".join(picked)
        values = {}
        for name, text in raw.items():
            if name in META_COLUMNS:
                continue
            rule = names.get(name)
            if rule is None:
                if text.strip():
                    row_errors.append(f"row {number}, column {name}: not a question of this round's version")
                continue
            key = (row_round.version_id, name, text)
            found = read_cells.get(key)
            if found is None:
                found = read_cells[key] = _read_cell(rule, text, labels.get(name, {}))
            value, problem = found
            if problem:
                row_errors.append(f"row {number}, column {header_of.get(name, name)}: {problem}")
                continue
            values[name] = list(value) if isinstance(value, list) else value  # rows never share a list
        if not row_errors:
            kept, rule_errors = check(rules, values, strict_skips=True)
            row_errors.extend(f"row {number}, column {header_of.get(n, n)}: {m}" for n, m in rule_errors.items())
        errors.extend(row_errors)
        if len(errors) >= max_errors:
            errors.append(f"… stopped after {max_errors:,} errors; correct these and try again.")
            return
        if not errors and submitted_on is not None:
            yield row_round, submitted_on, paper != "0", kept


def _read_cell(rule, text: str, labels: dict) -> tuple:
    """(value, "") or (None, the problem) for one cell of a question (labels read as choices, the formula guard
    undone for text)."""
    text = by_label(rule, text, labels)
    plain = rule.type in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.DATE)
    try:
        return convert(rule, text if plain else unquote_text(text)), ""
    except ValueError as exc:
        return None, str(exc)


def _suffixes(heading: str):
    """The heading, then what follows each group separator in it, longest first (`g/sub/q`: g/sub/q, sub/q, q)."""
    yield heading
    for index, char in enumerate(heading):
        if char in SEPARATORS and index + 1 < len(heading):
            yield heading[index + 1 :]


def match_heading(
    heading: str, known: dict, dropped: frozenset = frozenset(), question_labels: dict | None = None
) -> tuple[str | None, object, str]:
    """(kind, what, problem) for a heading: ("question", name, ""), ("choice", (name, choice), ""),
    ("ignored", None, why), or (None, None, problem) when nothing matches.

    Group prefixes as KoboToolbox (`group/question`) and ODK Central (`group-question`) write them
    are taken off; `question/choice` columns hold 1/0 for one choice of a select_multiple. A heading
    may also be a question's label in any language (KoboToolbox's export with labels for headers).
    """
    if heading in known:
        return "question", heading, ""
    if heading.startswith("_") or heading in EXPORT_COLUMNS or heading.split("/")[0].split("-")[0] in EXPORT_PREFIXES:
        return "ignored", None, "ignored: the export's own column about the submission"
    for suffix in _suffixes(heading):
        if suffix in known:
            return "question", suffix, ""
    for index in range(len(heading) - 1, 0, -1):
        if heading[index] not in SEPARATORS:
            continue
        base_part, choice = heading[:index], heading[index + 1 :]
        base = next((b for b in _suffixes(base_part) if b in known), None)
        if base and known[base].type == QuestionType.SELECT_MULTIPLE:
            if choice in known[base].choices:
                return "choice", (base, choice), ""
            return None, None, f"'{choice}' is not a choice of {base}"
    for suffix in _suffixes(heading) if question_labels else ():
        if suffix.strip().lower() in question_labels:
            return "question", question_labels[suffix.strip().lower()], ""
    parts = {p for p in re.split(f"[{re.escape(SEPARATORS)}]", heading) if p}
    if {p.lower() for p in parts} & RESPONDENT_COLUMNS or parts & dropped:
        return "ignored", None, "ignored: it would record something about the respondent; not collected here"
    return None, None, ""


def heading_labels(versions, known: dict) -> dict[str, str]:
    """{question label, lower-cased, in any language: name}, leaving out labels two questions share."""
    from evaluation.models import Question

    found: dict[str, set[str]] = {}
    for name, label, labels in Question.objects.filter(version__in=list(versions), name__in=list(known)).values_list(
        "name", "label", "labels"
    ):
        for text in [label, *(labels or {}).values()]:
            if text and text.strip():
                found.setdefault(text.strip().lower(), set()).add(name)
    return {text: next(iter(names)) for text, names in found.items() if len(names) == 1}


def choice_labels(versions) -> dict[str, dict[str, str]]:
    """{question name: {label, lower-cased, in any language: choice name}} for answers exported as labels."""
    from evaluation.models import Choice

    out: dict[str, dict[str, str]] = {}
    for choice in Choice.objects.filter(question__version__in=list(versions)).select_related("question"):
        mapping = out.setdefault(choice.question.name, {})
        for text in [choice.label, *(choice.labels or {}).values()]:
            if text:
                mapping.setdefault(text.strip().lower(), choice.name)
    return out


def by_label(rule, text: str, labels: dict[str, str]) -> str:
    """A choice answer given by its label ("A poster") turned into its name ("poster"); other text unchanged.

    A select_multiple answer of labels may be separated by spaces (as KoboToolbox writes them), ';' or ','.
    """
    if rule.type not in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE, QuestionType.RANK) or not labels:
        return text
    stripped = text.strip()
    if not stripped:
        return text
    if rule.type == QuestionType.SELECT_ONE:
        return stripped if stripped in rule.choices else labels.get(stripped.lower(), stripped)
    words = stripped.split()
    if all(w in rule.choices for w in words):
        return stripped
    if stripped.lower() in labels:
        return labels[stripped.lower()]
    for separator in (";", ","):
        parts = [p.strip().lower() for p in stripped.split(separator)]
        if len(parts) > 1 and all(p in labels for p in parts):
            return " ".join(labels[p] for p in parts)
    picked, rest = [], stripped.lower()
    by_length = sorted(labels, key=len, reverse=True)
    while rest:
        found = next((lab for lab in by_length if rest == lab or rest.startswith(lab + " ")), None)
        if found is None:
            return stripped
        picked.append(labels[found])
        rest = rest[len(found) :].strip()
    return " ".join(picked)


def _submitted_on(cell: str, row_round, today, has_dates: bool, undated_rounds: set) -> tuple:
    """(the row's date or None, the problem or ''); a blank cell means today, which must fit the round too.

    Without a _submitted_on column the problem is told once per round, not once per row.
    """
    if not cell.strip():
        if row_round.is_open_on(today):
            return today, ""
        dates = f"{_long_date(row_round.opens_on)} to {_long_date(row_round.closes_on)}"
        if has_dates:
            return None, (
                f"no date, and today is outside the round's dates ({dates}); "
                "give the date the questionnaire was filled in"
            )
        if row_round.pk in undated_rounds:
            return None, ""
        undated_rounds.add(row_round.pk)
        return None, (
            f"the file has no _submitted_on column and today is outside the dates of round '{row_round.name}' "
            f"({dates}); add the column with the date each questionnaire was filled in"
        )
    try:
        day = parse_date(cell.strip())
    except ValueError as exc:
        return None, str(exc)
    problem = submitted_on_problem(day, row_round, today)
    return (None, problem) if problem else (day, "")


@transaction.atomic
def _save(*, questionnaire: Questionnaire, prepared: list, actor) -> ImportResult:
    """Every checked row in one transaction: COPY on PostgreSQL, plain tuples elsewhere (evaluation.bulk_write)."""
    counted = _counter_for({r.version_id: r.version for r, *_ in prepared}.values())
    responses_write(prepared=prepared, observe=counted.add)
    used = sorted({r for r, *_ in prepared}, key=lambda r: r.pk)
    days = sorted({day for _, day, _, _ in prepared})
    names = {name for *_, values in prepared for name in values}
    return _saved(questionnaire, actor, counted=counted, used=used, days=days, names=names, saved=len(prepared))


@transaction.atomic
def _save_checking(*, plan: _Plan, actor) -> ImportResult:
    """Check and save in one pass (PostgreSQL, a large file): rows stream to COPY as they pass their check.

    Checking (Python) and storing (the server) then run side by side instead of one after the other. If any
    row fails, the rows already sent are rolled back with the transaction and ImportFailed lists the problems,
    exactly as checking first would have; the tallies and the audit are only written once every row passed.
    """
    versions = plan.versions()
    counted = _counter_for(versions)
    used, days, names = set(), set(), set()

    def passed():
        for row in _checked(plan):
            used.add(row[0])
            days.add(row[1])
            names.update(row[3])
            yield row

    saved = len(responses_stream(
        passed(), expected=plan.data_rows, versions=versions, observe=counted.add,
        settle=lambda sent: _refuse_failed(plan, sent),
    ))  # fmt: skip
    used_rounds = sorted(used, key=lambda r: r.pk)
    return _saved(plan.questionnaire, actor, counted=counted, used=used_rounds, days=sorted(days), names=names,
                  saved=saved)  # fmt: skip


def _saved(questionnaire, actor, *, counted, used: list, days: list, names: set, saved: int) -> ImportResult:
    _after_import(round_ids=[r.pk for r in used], days=days, counted=counted)
    audit(
        actor=actor,
        action="import",
        target=questionnaire,
        changed_fields=sorted(names),
        detail=f"{saved} responses into {len(used)} round(s)",
    )
    return ImportResult(saved=saved, rounds=used)


def _counter_for(versions) -> tallies.NewResponses:
    """The tallies' counter for rows of these versions, knowing their questions and choices by id."""
    questions = [questions_by_name(version) for version in versions]
    question_names = {q.pk: q.name for found in questions for q in found.values()}
    choice_names = {c.pk: c.name for found in questions for q in found.values()
                    for c in q.choice_by_name.values()}  # fmt: skip
    return tallies.NewResponses(question_names, choice_names)


def _after_import(*, round_ids: list[int], days: list[datetime.date], counted: tallies.NewResponses) -> None:
    """What must follow new responses in these rounds on these days, inside the import's transaction.

    The one place for it: the new responses are added to the tallies kept per round and day, counted from
    their answer rows as those were written (the millions of rows just written are not read back).
    """
    counted.save()


def responses_stage(
    *, questionnaire: Questionnaire, uploaded_file, round: CollectionRound | None, actor, rounds
) -> tuple[PendingResponseUpload, Preview]:
    """Check a file (ImportFailed lists every problem) and keep it, unsaved as answers, until confirmed."""
    preview = responses_preview(questionnaire=questionnaire, uploaded_file=uploaded_file, round=round, rounds=rounds)
    uploaded_file.seek(0)
    kept = datetime.timedelta(hours=conf.pending_upload_hours())
    PendingResponseUpload.objects.filter(created_at__lt=timezone.now() - kept).delete()
    pending = PendingResponseUpload.objects.create(
        owner=actor, questionnaire=questionnaire, round=round, filename=uploaded_file.name[:200],
        data=uploaded_file.read(),
    )  # fmt: skip
    audit(actor=actor, action="create", target=pending, detail=f"{preview.rows} responses checked, not yet saved")
    return pending, preview


def responses_confirm(*, pending: PendingResponseUpload, actor, rounds) -> ImportResult:
    """Import a file kept by responses_stage (checked again: rounds may have changed), then forget it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(pending.filename, bytes(pending.data))
    with transaction.atomic():
        result = responses_import(
            questionnaire=pending.questionnaire, uploaded_file=upload, round=pending.round, actor=actor, rounds=rounds
        )
        pending.delete()
    return result
