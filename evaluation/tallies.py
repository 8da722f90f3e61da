"""Counts of answers kept per (round, version, day), per month and per whole round, so summaries read tallies.

    with tallies.changing(Response.objects.filter(...)) as touched:   # every write path
        ...delete, add or change responses; touched.add(round_id, day) for new ones...
    # on leaving: the touched (round, day) pairs, their months and their rounds are recounted from the answers

Day rows are recounted from the answers with INSERT ... SELECT ... GROUP BY; month rows from the day rows,
round rows from the month rows. A summary reads round rows for rounds wholly inside its dates, month rows
for whole months and day rows for the days at either end (evaluation.summary), so it reads thousands of
rows where the answers are millions. `refresh(all_round_ids)` (or `manage.py rebuild_tallies`) rebuilds
everything from the answers; nothing is ever edited in place.
"""

# The SQL below is built from table and column names of our own models; every value is a parameter.
# ruff: noqa: S608
from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from evaluation.models import (
    Answer,
    Choice,
    ChoiceTally,
    CollectionRound,
    NumberTally,
    Question,
    QuestionTally,
    Response,
    ResponseTally,
    TallyGrain,
    TallyStamp,
)

# Past this many days in one change, whole rounds are recounted (one statement instead of long lists).
MANY_DAYS = 300
ONE_DAY = datetime.timedelta(days=1)
SIX_PLACES = Decimal("0.000001")  # as Answer.number_value stores a number


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _day_selects() -> list[tuple[type, list[str], dict[str, str], str]]:
    """(tally model, extra key columns, measure column -> roll-up function, SELECT of day rows from the answers).

    Each SELECT yields round_id, version_id, day, the key columns and the measures, for `{where}` on r.
    """
    r, a, q, c = _t(Response), _t(Answer), _t(Question), _t(Choice)
    joined = f"FROM {a} a JOIN {r} r ON r.id = a.response_id JOIN {q} q ON q.id = a.question_id"
    return [
        (ResponseTally, [], {"responses": "SUM", "first_day": "MIN", "last_day": "MAX"},
         f"SELECT r.round_id, r.version_id, r.submitted_on, COUNT(*), MIN(r.submitted_on), MAX(r.submitted_on) "
         f"FROM {r} r WHERE {{where}} GROUP BY r.round_id, r.version_id, r.submitted_on"),
        (QuestionTally, ["question"],
         {"answers": "SUM", "responses": "SUM", "texts": "SUM", "first_date": "MIN", "last_date": "MAX"},
         f"SELECT r.round_id, r.version_id, r.submitted_on, q.name, COUNT(*), COUNT(DISTINCT a.response_id), "
         f"SUM(CASE WHEN a.text_value <> '' THEN 1 ELSE 0 END), MIN(a.date_value), MAX(a.date_value) "
         f"{joined} WHERE {{where}} GROUP BY r.round_id, r.version_id, r.submitted_on, q.name"),
        (ChoiceTally, ["question", "choice"], {"count": "SUM"},
         f"SELECT r.round_id, r.version_id, r.submitted_on, q.name, c.name, COUNT(*) "
         f"{joined} JOIN {c} c ON c.id = a.choice_id WHERE {{where}} "
         f"GROUP BY r.round_id, r.version_id, r.submitted_on, q.name, c.name"),
        (NumberTally, ["question", "value"], {"count": "SUM"},
         f"SELECT r.round_id, r.version_id, r.submitted_on, q.name, a.number_value, COUNT(*) "
         f"{joined} WHERE {{where}} AND a.number_value IS NOT NULL "
         f"GROUP BY r.round_id, r.version_id, r.submitted_on, q.name, a.number_value"),
    ]  # fmt: skip


def _month_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def refresh(round_ids: Iterable[int], days: Iterable[datetime.date] | None = None) -> None:
    """Recount these rounds' tallies (only these days, their months and the rounds' totals when days are given)."""
    round_ids = sorted(set(round_ids))
    days = None if days is None else sorted(set(days))
    if not round_ids or days == []:
        return
    if days is not None and len(days) > MANY_DAYS:
        days = None
    with transaction.atomic():
        # Recounts of one round wait for each other, so the later one sees the earlier one's responses.
        list(CollectionRound.objects.select_for_update(no_key=True).filter(pk__in=round_ids).order_by("pk")
             .values_list("pk", flat=True))  # fmt: skip
        months = None if days is None else sorted({d.replace(day=1) for d in days})
        with connection.cursor() as cursor:
            for model, keys, measures, select in _day_selects():
                _recount(cursor, model, keys, measures, select, round_ids, days, months)
        _stamp()


def _recount(cursor, model, keys, measures, select, round_ids, days, months) -> None:
    table = _t(model)
    columns = ", ".join(["round_id", "version_id", "grain", "day", *keys, *measures])
    rounds = f"round_id IN ({_marks(round_ids)})"
    # Day rows, from the answers.
    day_filter, day_params = ("", []) if days is None else (f" AND day IN ({_marks(days)})", days)
    cursor.execute(f"DELETE FROM {table} WHERE grain = 'd' AND {rounds}{day_filter}", [*round_ids, *day_params])
    where = f"r.round_id IN ({_marks(round_ids)})"
    if days is not None:
        where += f" AND r.submitted_on IN ({_marks(days)})"
    rows = select.replace("{where}", where).replace(
        "SELECT r.round_id, r.version_id, r.submitted_on", "SELECT r.round_id, r.version_id, 'd', r.submitted_on", 1
    )
    cursor.execute(f"INSERT INTO {table} ({columns}) {rows}", [*round_ids, *day_params])  # fmt: skip
    _roll_up(cursor, model, keys, measures, round_ids, months)


def _roll_up(cursor, model, keys, measures, round_ids, months) -> None:
    """Month rows from the day rows (only these months, if given), then whole-round rows from the month rows."""
    table = _t(model)
    columns = ", ".join(["round_id", "version_id", "grain", "day", *keys, *measures])
    rounds = f"round_id IN ({_marks(round_ids)})"
    month = _month_of("day")
    month_filter, month_params = ("", []) if months is None else (f" AND {month} IN ({_marks(months)})", months)
    cursor.execute(f"DELETE FROM {table} WHERE grain = 'm' AND {rounds}{month_filter}", [*round_ids, *month_params])
    key_list = "".join(f", {k}" for k in keys)
    rolled = ", ".join(f"{fn}({m})" for m, fn in measures.items())
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT round_id, version_id, 'm', {month}{key_list}, {rolled} "
        f"FROM {table} WHERE grain = 'd' AND {rounds}{month_filter} GROUP BY round_id, version_id, {month}{key_list}",
        [*round_ids, *month_params],
    )
    # Whole-round rows, from the month rows.
    cursor.execute(f"DELETE FROM {table} WHERE grain = 'r' AND {rounds}", round_ids)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT round_id, version_id, 'r', NULL{key_list}, {rolled} "
        f"FROM {table} WHERE grain = 'm' AND {rounds} GROUP BY round_id, version_id{key_list}",
        round_ids,
    )


class NewResponses:
    """Day rows for responses about to be saved, counted as the SQL recount counts their answers (plain counters).

    An import feeds it each response's answer rows (`services.answer_rows`) as they stream to the database,
    so the rows are made once; `save()` then adds the counts to the tallies (see add_new). Each response's
    rows are counted as they are (a C-level `Counter.update`); what they mean is worked out once per distinct
    row in `counts()`, as 100,000 responses hold 1.75 million answers but only thousands of distinct ones.
    """

    def __init__(self, questions: dict[int, str], choices: dict[int, str]):
        self.questions, self.choices = questions, choices
        self.days: Counter = Counter()  # (round, version, day) -> responses
        self.rows: dict[tuple, Counter] = {}  # (round, version, day) -> answer rows, as given
        self.answered: dict[tuple, Counter] = {}  # (round, version, day) -> question ids, once per response

    def add(self, round_id: int, version_id: int, day: datetime.date, rows: list[tuple]) -> None:
        key = (round_id, version_id, day)
        self.days[key] += 1
        found = self.rows.get(key)
        if found is None:
            found = self.rows[key] = Counter()
            self.answered[key] = Counter()
        found.update(rows)
        self.answered[key].update({row[0] for row in rows})

    def counts(self) -> dict[type, dict[tuple, dict]]:
        questions, choices = self.questions, self.choices
        answers, answered, texts, picks, numbers = Counter(), Counter(), Counter(), Counter(), Counter()
        dates: dict[tuple, list] = {}
        for key, found in self.rows.items():
            for (question_id, choice_id, number, text, date), n in found.items():
                at = (*key, questions[question_id])
                answers[at] += n
                if text != "":
                    texts[at] += n
                if choice_id is not None:
                    picks[(*at, choices[choice_id])] += n
                if number is not None:
                    numbers[(*at, Decimal(str(number)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP))] += n
                if date is not None:
                    span = dates.setdefault(at, [date, date])
                    span[0], span[1] = min(span[0], date), max(span[1], date)
            for question_id, n in self.answered[key].items():
                answered[(*key, questions[question_id])] += n
        return {
            ResponseTally: {k: {"responses": n, "first_day": k[2], "last_day": k[2]} for k, n in self.days.items()},
            QuestionTally: {
                k: {
                    "answers": n,
                    "responses": answered[k],
                    "texts": texts[k],
                    "first_date": dates.get(k, [None])[0],
                    "last_date": dates.get(k, [None, None])[1],
                }
                for k, n in answers.items()
            },  # fmt: skip
            ChoiceTally: {k: {"count": n} for k, n in picks.items()},
            NumberTally: {k: {"count": n} for k, n in numbers.items()},
        }

    def save(self) -> None:
        """Add the counts to the day rows already there; months and rounds are rolled up from the day rows in SQL."""
        counts = self.counts()
        touched = {key[:3] for key in counts[ResponseTally]}
        if not touched:
            return
        round_ids = sorted({r for r, _, _ in touched})
        days = sorted({d for _, _, d in touched})
        with transaction.atomic():
            list(CollectionRound.objects.select_for_update(no_key=True).filter(pk__in=round_ids).order_by("pk")
                 .values_list("pk", flat=True))  # fmt: skip
            with connection.cursor() as cursor:
                for model, keys, measures, _ in _day_selects():
                    _merge_day_rows(model, keys, measures, counts[model], round_ids, days, touched)
                    _roll_up(cursor, model, keys, measures, round_ids, sorted({d.replace(day=1) for d in days}))
            _stamp()


def add_new(
    responses: Iterable[tuple[int, int, datetime.date, list[tuple]]],
    questions: dict[int, str],
    choices: dict[int, str],
) -> None:
    """Add responses just saved to the tallies without reading the answers back (an import: millions of rows).

    `responses`: (round id, version id, day, answer rows as `services.answer_rows` gives them) per new response;
    `questions` and `choices`: their names by key. Counted exactly as the recount counts them from the answers.
    """
    counting = NewResponses(questions, choices)
    for round_id, version_id, day, rows in responses:
        counting.add(round_id, version_id, day, rows)
    counting.save()


def _add(table: dict, key: tuple, measures: dict) -> None:
    found = table.get(key)
    if found is None:
        table[key] = dict(measures)
        return
    for name, value in measures.items():
        if value is None:
            continue
        if found[name] is None:
            found[name] = value
        elif name in ("first_day", "first_date"):
            found[name] = min(found[name], value)
        elif name in ("last_day", "last_date"):
            found[name] = max(found[name], value)
        else:
            found[name] += value


def _merge_day_rows(model, keys, measures, delta: dict, round_ids, days, touched) -> None:
    """The day rows of the touched (round, version, day) triples plus the new counts, written back."""
    there = model.objects.filter(grain=TallyGrain.DAY, round_id__in=round_ids, day__in=days)
    old_ids = []
    for row in there.values("pk", "round_id", "version_id", "day", *keys, *measures):
        head = (row["round_id"], row["version_id"], row["day"])
        if head in touched:
            old_ids.append(row["pk"])
            _add(delta, (*head, *(row[k] for k in keys)), {m: row[m] for m in measures})
    if old_ids:
        model.objects.filter(pk__in=old_ids).delete()
    model.objects.bulk_create(
        (model(round_id=k[0], version_id=k[1], grain=TallyGrain.DAY, day=k[2], **dict(zip(keys, k[3:], strict=True)),
               **m) for k, m in delta.items()),
        batch_size=5000,
    )  # fmt: skip


def rebuild() -> int:
    """Every tally recounted from the answers; the number of rounds."""
    round_ids = list(CollectionRound.objects.values_list("pk", flat=True))
    with transaction.atomic():
        for model in (ResponseTally, QuestionTally, ChoiceTally, NumberTally):
            model.objects.all().delete()
        refresh(round_ids)
        _stamp()
    return len(round_ids)


def _stamp() -> None:
    TallyStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()})


def stamp() -> str:
    """The token of the newest change to the tallies (keys cached summaries)."""
    return TallyStamp.objects.filter(pk=1).values_list("token", flat=True).first() or "none"


class Touched:
    """The (round, day) pairs a change touches."""

    def __init__(self, pairs=()):
        self.pairs: set[tuple[int, datetime.date]] = set(pairs)

    def add(self, round_id: int, day: datetime.date) -> None:
        self.pairs.add((round_id, day))

    def add_responses(self, responses) -> None:
        """Note the pairs of these responses (a queryset), before they are changed or deleted."""
        self.pairs.update(responses.order_by().values_list("round_id", "submitted_on").distinct())


@contextmanager
def changing(responses=None):
    """Note the (round, day) pairs of `responses` (and any added to the yielded Touched), recount them on exit.

    Inside one transaction with the change, so the tallies never disagree with the answers once it commits.
    """
    with transaction.atomic():
        touched = Touched()
        if responses is not None:
            touched.add_responses(responses)
        yield touched
        refresh_pairs(touched.pairs)


def refresh_pairs(pairs: Iterable[tuple[int, datetime.date]]) -> None:
    """Recount the given (round, day) pairs, grouping days that share the same rounds."""
    by_round: dict[int, set] = {}
    for round_id, day in pairs:
        by_round.setdefault(round_id, set()).add(day)
    by_days: dict[frozenset, list[int]] = {}
    for round_id, days in by_round.items():
        by_days.setdefault(frozenset(days), []).append(round_id)
    for days, round_ids in by_days.items():
        refresh(round_ids, days)


# --- reading: which tally rows add up to exactly the responses in a scope ---------------------------
def scope(*, questionnaire, version=None, round=None, site=None, group=None, date_from=None, date_to=None) -> Q:
    """The tally rows whose sum is the scope: round rows for rounds wholly inside the dates, else month rows for
    whole months and day rows for the days at either end (one query over the round rows to decide)."""
    rounds = ResponseTally.objects.filter(grain=TallyGrain.ROUND, round__questionnaire=questionnaire)
    for lookup, value in (("version", version), ("round", round), ("round__site", site), ("round__group", group)):
        if value is not None:
            rounds = rounds.filter(**{lookup: value})
    whole: dict[int, list[int]] = {}
    partly: dict[int, list[int]] = {}
    for round_id, version_id, first, last in rounds.values_list("round_id", "version_id", "first_day", "last_day"):
        if (date_from is not None and last < date_from) or (date_to is not None and first > date_to):
            continue
        inside = (date_from is None or first >= date_from) and (date_to is None or last <= date_to)
        (whole if inside else partly).setdefault(version_id, []).append(round_id)
    found = Q(pk__in=[])
    for version_id, round_ids in whole.items():
        found |= Q(grain=TallyGrain.ROUND, version_id=version_id, round_id__in=round_ids)
    if partly:
        dates = _dates(date_from, date_to)
        for version_id, round_ids in partly.items():
            found |= Q(version_id=version_id, round_id__in=round_ids) & dates
    return found


def _month_after(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _dates(date_from, date_to) -> Q:
    """Whole months between the dates as month rows, the days before and after them as day rows."""
    first_month = None if date_from is None else (date_from if date_from.day == 1 else _month_after(date_from))
    last_month = None  # the first day of the last whole month
    if date_to is not None:
        start = date_to.replace(day=1)
        last_month = start if (date_to + ONE_DAY).day == 1 else (start - ONE_DAY).replace(day=1)
    if first_month is not None and last_month is not None and first_month > last_month:
        return Q(grain=TallyGrain.DAY, day__gte=date_from, day__lte=date_to)
    months = Q(grain=TallyGrain.MONTH)
    if first_month is not None:
        months &= Q(day__gte=first_month)
    if last_month is not None:
        months &= Q(day__lte=last_month)
    found = months
    if date_from is not None:
        found |= Q(grain=TallyGrain.DAY, day__gte=date_from, day__lt=first_month)
    if date_to is not None:
        found |= Q(grain=TallyGrain.DAY, day__gte=_month_after(last_month), day__lte=date_to)
    return found
