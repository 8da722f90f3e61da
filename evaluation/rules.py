"""One questionnaire version's rules, applied identically to the public form, paper entry and bulk import.

Values by question name: '' when unanswered, Decimal for numbers, a date for dates,
a choice name for select_one, a list of choice names for select_multiple.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from evaluation.expressions import evaluate, parse
from evaluation.models import QuestionType
from pilot.dates import check_plausible_date

MAX_TEXT = 5000
NUMBER_LIMIT = Decimal("1e12")
# ODK writes 2026-10-31T19:05:00.000+01:00; a person types 2026-10-31 19:05. The zone is dropped.
DATETIME_RE = re.compile(r"(\d{4}-\d\d-\d\d)[T ]([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")


@dataclass(frozen=True)
class QuestionRule:
    name: str
    label: str
    type: str
    required: bool
    relevant: list | None
    constraint: list | None
    constraint_message: str
    choices: tuple[str, ...]
    relevant_text: str = ""
    parameters: dict = field(default_factory=dict, hash=False, compare=False)


def rules_for(version) -> list[QuestionRule]:
    """The rules of every answerable question of a version, in form order (two queries)."""
    questions = version.questions.exclude(type=QuestionType.NOTE).prefetch_related("choices").order_by("position")
    return [
        QuestionRule(
            name=q.name,
            label=q.label,
            type=q.type,
            required=q.required,
            relevant=parse(q.relevant),
            constraint=parse(q.constraint),
            constraint_message=q.constraint_message,
            choices=tuple(c.name for c in q.choices.all()),
            relevant_text=q.relevant,
            parameters=q.parameters or {},
        )
        for q in questions
    ]


def client_rules(version) -> dict:
    """What static/js/questionnaire.js needs, for json_script (all questions, notes included)."""
    out = {}
    for q in version.questions.order_by("position"):
        out[q.name] = {
            "type": q.type,
            "required": q.required,
            "relevant": parse(q.relevant),
            "constraint": parse(q.constraint),
            "message": q.constraint_message or "This answer is not allowed.",
        }
    return out


def is_blank(value) -> bool:
    return value is None or value == "" or value == []


def convert(rule: QuestionRule, raw: str):
    """Turn text (a CSV cell) into a typed value; ValueError with a reason on bad input."""
    raw = (raw or "").strip()
    if raw == "":
        return ""
    if "\x00" in raw:
        raise ValueError("the cell contains a NUL character, which cannot be stored; re-save the file as CSV UTF-8")
    if rule.type == QuestionType.INTEGER:
        if not re.fullmatch(r"[+-]?\d+(\.0+)?", raw):
            raise ValueError(f"'{raw[:40]}' is not a whole number")
        value = Decimal(raw.split(".")[0])
        if abs(value) >= NUMBER_LIMIT:
            raise ValueError(f"'{raw[:40]}' is too large")
        return value
    if rule.type == QuestionType.DECIMAL:
        try:
            value = Decimal(raw.replace(",", "")) if re.fullmatch(r"[+-]?[\d,]*\.?\d+", raw) else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValueError(f"'{raw[:40]}' is not a number")
        if abs(value) >= NUMBER_LIMIT:
            raise ValueError(f"'{raw[:40]}' is too large")
        return value
    if rule.type == QuestionType.DATE:
        return plausible(parse_date(raw))
    if rule.type == QuestionType.RANGE:
        return _in_range(rule, raw)
    if rule.type == QuestionType.TIME:
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?", raw)
        if not match:
            raise ValueError(f"'{raw[:40]}' is not a time (use HH:MM)")
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    if rule.type == QuestionType.DATETIME:
        match = DATETIME_RE.fullmatch(raw)
        if not match:
            raise ValueError(f"'{raw[:40]}' is not a date and time (use YYYY-MM-DD HH:MM)")
        day = plausible(parse_date(match.group(1)))
        return f"{day.isoformat()}T{match.group(2)}:{match.group(3)}"
    if rule.type == QuestionType.ACKNOWLEDGE:
        if raw.lower() not in ("ok", "1", "yes", "true"):
            raise ValueError(f"'{raw[:40]}' is not an acknowledgement (use OK, or leave it blank)")
        return "OK"
    if rule.type == QuestionType.RANK:
        picked = raw.split()
        unknown = [p for p in picked if p not in rule.choices]
        if unknown:
            raise ValueError(f"'{unknown[0][:40]}' is not one of the choices ({', '.join(rule.choices)})")
        if len(set(picked)) != len(picked):
            raise ValueError("a choice is ranked twice")
        return " ".join(picked)
    if rule.type == QuestionType.SELECT_ONE:
        if raw not in rule.choices:
            raise ValueError(f"'{raw[:40]}' is not one of the choices ({', '.join(rule.choices)})")
        return raw
    if rule.type == QuestionType.SELECT_MULTIPLE:
        picked = raw.split()
        unknown = [p for p in picked if p not in rule.choices]
        if unknown:
            raise ValueError(f"'{unknown[0][:40]}' is not one of the choices ({', '.join(rule.choices)})")
        if len(set(picked)) != len(picked):
            raise ValueError("a choice is listed twice")
        return [c for c in rule.choices if c in picked]
    if len(raw) > MAX_TEXT:
        raise ValueError(f"the text is longer than {MAX_TEXT:,} characters")
    return raw


def _in_range(rule: QuestionRule, raw: str) -> Decimal:
    """A number within a range question's start and end, on one of its steps."""
    try:
        value = Decimal(raw) if re.fullmatch(r"[+-]?\d*\.?\d+", raw) else None
    except InvalidOperation:
        value = None
    if value is None:
        raise ValueError(f"'{raw[:40]}' is not a number")
    start, end = Decimal(rule.parameters.get("start", "1")), Decimal(rule.parameters.get("end", "10"))
    step = Decimal(rule.parameters.get("step", "1"))
    low, high = min(start, end), max(start, end)
    if not low <= value <= high or (value - start) % step:
        raise ValueError(f"'{raw[:40]}' is not on the scale from {start} to {end} in steps of {step}")
    return value


def parse_date(raw: str) -> datetime.date:
    """A date as YYYY-MM-DD or DD/MM/YYYY."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(raw[:10] if fmt == "%Y-%m-%d" else raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{raw[:40]}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def plausible(day: datetime.date) -> datetime.date:
    """The date if pilot.dates accepts it, else ValueError with its message."""
    try:
        check_plausible_date(day)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc
    return day


def submitted_on_problem(day: datetime.date, collection_round, today: datetime.date) -> str | None:
    """Why a response cannot be dated `day` in this round (paper entry, bulk import), or None."""
    try:
        plausible(day)
    except ValueError as exc:
        return str(exc)
    if day > today:
        return "The date cannot be in the future."
    if day < collection_round.opens_on:
        return f"The date is before the round opened on {date_format(collection_round.opens_on, 'j F Y')}."
    if day > collection_round.closes_on:
        return f"The date is after the round closed on {date_format(collection_round.closes_on, 'j F Y')}."
    return None


def _expression_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def check(rules: list[QuestionRule], values: dict, *, strict_skips: bool = False) -> tuple[dict, dict]:
    """Apply relevant, required and constraint; return (kept values, errors by question name).

    Answers to skipped questions are dropped; with strict_skips (bulk import) they are an error.
    """
    kept: dict = {}
    errors: dict[str, str] = {}
    seen: dict = {}
    for rule in rules:
        value = values.get(rule.name, "")
        if not evaluate(rule.relevant, seen):
            seen[rule.name] = ""
            if strict_skips and not is_blank(value):
                errors[rule.name] = f"answered, but the form skips this question unless {rule.relevant_text}"
            continue
        seen[rule.name] = _expression_value(value)
        if is_blank(value):
            if rule.required:
                errors[rule.name] = "An answer is needed."
            continue
        if rule.constraint is not None and not evaluate(rule.constraint, seen, current=_expression_value(value)):
            errors[rule.name] = rule.constraint_message or "This answer is not allowed."
            continue
        kept[rule.name] = value
    return kept, errors
