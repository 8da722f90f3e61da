"""Saving many checked responses at once: PostgreSQL's COPY, or executemany of plain tuples elsewhere.

At national scale most of an import's time went on one ORM object per answer, not on the database.
Here an answer is a tuple (response, question, choice, number, text, date) built from the same
checked values `evaluation.services.answer_rows` turns into answers for one response, so the stored
rows are the ones the ORM would have written. The caller holds the transaction.
"""

from __future__ import annotations

import csv
import io
import logging
from contextlib import contextmanager

from django.db import connection, transaction

from evaluation import conf
from evaluation.models import Answer, Choice, Question, Response
from evaluation.services import answer_rows, questions_by_name

logger = logging.getLogger(__name__)
ANSWER_COLUMNS = ("response_id", "question_id", "choice_id", "number_value", "text_value", "date_value")
RESPONSE_COLUMNS = ("id", "round_id", "version_id", "is_paper", "submitted_on")
# Rows handed to the database at once: bounds the memory a 200,000-row import needs.
CHUNK = 100_000


def responses_write(*, prepared: list, observe=None) -> list[int]:
    """Insert a response per prepared row (round, day, paper, values) and its answers; the new ids in file order.

    Ids ascend in file order, as they did when each response was created in turn. `observe(round id, version id,
    day, answer rows)` is called with each response's answer rows as they are written (the tallies count them).
    """
    if not prepared:
        return []
    questions: dict[int, dict] = {}
    for row_round, *_ in prepared:
        if row_round.version_id not in questions:
            questions[row_round.version_id] = questions_by_name(row_round.version)
    if connection.vendor == "postgresql":
        with _answer_keys_checked_once(len(prepared) >= conf.import_table_check_responses()):
            ids = _copy_responses(prepared)
            _copy_answers(_answers(prepared, ids, questions, observe))
        transaction.on_commit(analyze_tables)
    else:
        ids = _insert_responses(prepared)
        _insert_answers(_answers(prepared, ids, questions, observe))
    return ids


def _answers(prepared: list, ids: list[int], questions: dict, observe=None):
    for response_id, (row_round, day_submitted, _, values) in zip(ids, prepared, strict=True):
        rows = list(answer_rows(questions=questions[row_round.version_id], values=values))
        if observe is not None:
            observe(row_round.pk, row_round.version_id, day_submitted, rows)
        for question_id, choice_id, number, text, day in rows:
            yield response_id, question_id, choice_id, number, text, day


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(names) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


# --- PostgreSQL ----------------------------------------------------------------------------------


def _copy(cursor, model, columns, rows, *, not_null=()) -> None:
    """COPY rows (tuples) into a table as CSV: None becomes NULL, except in `not_null` columns ('')."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    options = "FORMAT csv"
    if not_null:
        options += f", FORCE_NOT_NULL ({_columns(not_null)})"
    sql = f"COPY {_table(model)} ({_columns(columns)}) FROM STDIN WITH ({options})"
    cursor.cursor.copy_expert(sql, buffer)  # psycopg2's own cursor under Django's wrapper


def _copy_responses(prepared: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Response._meta.db_table, len(prepared)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        rows = (
            (pk, r.pk, r.version_id, "t" if paper else "f", day.isoformat())
            for pk, (r, day, paper, _) in zip(ids, prepared, strict=True)
        )
        _copy(cursor, Response, RESPONSE_COLUMNS, rows)
    return ids


def _copy_answers(answers) -> None:
    with connection.cursor() as cursor:
        chunk = []
        for response_id, question_id, choice_id, number, text, day in answers:
            chunk.append((response_id, question_id, choice_id, number, text, day.isoformat() if day else None))
            if len(chunk) >= CHUNK:
                _copy(cursor, Answer, ANSWER_COLUMNS, chunk, not_null=("text_value",))
                chunk = []
        if chunk:
            _copy(cursor, Answer, ANSWER_COLUMNS, chunk, not_null=("text_value",))


def _answer_foreign_keys(cursor) -> list[tuple[str, str]]:
    """The answers table's foreign keys as (name, definition), read from the database itself."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [Answer._meta.db_table],
    )
    return cursor.fetchall()


@contextmanager
def _answer_keys_checked_once(large: bool):
    """For a large load, check the answers' foreign keys once over the whole table instead of once per row.

    PostgreSQL checks a foreign key with one lookup per inserted row; for the 1.75 million answers of
    100,000 responses that was two thirds of the save. PostgreSQL's own advice for populating a table
    is to drop its foreign keys, load, and add them again: adding a key checks every row in one join.
    Here that happens inside the import's transaction, so a failed check (or any error) rolls the
    whole import back with the keys exactly as they were, and nobody ever sees the table without them.

    The price is a lock: the answers table is closed to readers and writers until the import commits,
    and new responses wait. The locks are taken in the order a submission takes them (responses, then
    answers) so that the two wait for each other rather than deadlock. Smaller imports keep the
    per-row checks (EVALUATION_IMPORT_TABLE_CHECK_RESPONSES).
    """
    if not large or connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("A large load drops and re-adds keys: it must run inside the import's transaction.")
    with connection.cursor() as cursor:
        # Keys checked at commit have their checks queued; PostgreSQL alters no table with checks pending
        # (the transaction may have written questions or rounds already), so those checks run now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            f"LOCK TABLE {_table(Response)}, {_table(Question)}, {_table(Choice)} IN SHARE ROW EXCLUSIVE MODE"
        )
        cursor.execute(f"LOCK TABLE {_table(Answer)} IN ACCESS EXCLUSIVE MODE")
        keys = _answer_foreign_keys(cursor)
        if keys:
            drops = ", ".join(f"DROP CONSTRAINT {connection.ops.quote_name(name)}" for name, _ in keys)
            cursor.execute(f"ALTER TABLE {_table(Answer)} {drops}")
    yield
    if keys:
        with connection.cursor() as cursor:
            # The definitions are PostgreSQL's own text for the constraints just dropped.
            adds = ", ".join(f"ADD CONSTRAINT {connection.ops.quote_name(name)} {text}" for name, text in keys)
            cursor.execute(f"ALTER TABLE {_table(Answer)} {adds}")


def analyze_tables() -> None:
    """Fresh planner statistics after a large import (PostgreSQL), so summaries keep their fast plans."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_table(Response)}, {_table(Answer)}")
    except Exception:  # statistics are an optimisation: the import itself is already committed
        logger.warning("ANALYZE after an import failed", exc_info=True)


# --- SQLite and others ---------------------------------------------------------------------------


def _insert_responses(rows: list) -> list[int]:
    # A response is a handful of fields; the ORM returns the new ids (RETURNING) in file order.
    responses = Response.objects.bulk_create(
        [Response(round=r, version_id=r.version_id, is_paper=paper, submitted_on=day) for r, day, paper, _ in rows],
        batch_size=1000,
    )
    return [r.pk for r in responses]


def _insert_answers(answers) -> None:
    number_field = Answer._meta.get_field("number_value")
    date_field = Answer._meta.get_field("date_value")
    placeholders = ", ".join(["%s"] * len(ANSWER_COLUMNS))
    # Table and column names are the model's own, quoted; values go as parameters.
    sql = f"INSERT INTO {_table(Answer)} ({_columns(ANSWER_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        chunk = []
        for response_id, question_id, choice_id, number, text, day in answers:
            chunk.append((
                response_id, question_id, choice_id,
                None if number is None else number_field.get_db_prep_save(number, connection),
                text,
                None if day is None else date_field.get_db_prep_save(day, connection),
            ))  # fmt: skip
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
