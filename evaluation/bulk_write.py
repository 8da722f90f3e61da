"""Saving many checked responses at once: PostgreSQL's COPY, or executemany of plain tuples elsewhere.

At national scale most of an import's time went on one ORM object per answer, not on the database.
Here an answer is a tuple (response, question, choice, number, text, date) built from the same
checked values `evaluation.services.answer_rows` turns into answers for one response, so the stored
rows are the ones the ORM would have written. The caller holds the transaction.

A large load on PostgreSQL (`streams`) goes further: `responses_stream` takes rows as the checking lets
them through and sends each to the COPY at once, so that checking (Python, one core) and storing (the
server, the other core) overlap; a row that fails its check anywhere rolls the whole load back.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from contextlib import contextmanager

from django.db import connection, transaction

from evaluation import conf
from evaluation.models import Answer, Choice, Question, Response
from evaluation.services import answer_rows, questions_by_name

logger = logging.getLogger(__name__)
ANSWER_COLUMNS = ("response_id", "question_id", "choice_id", "number_value", "text_value", "date_value")
RESPONSE_COLUMNS = ("id", "round_id", "version_id", "is_paper", "submitted_on")
# Rows handed to the database at once elsewhere: bounds the memory a 200,000-row import needs.
CHUNK = 100_000


def streams(rows: int) -> bool:
    """Whether an import of this many rows is checked and saved in one pass (`responses_stream`)."""
    return connection.vendor == "postgresql" and rows >= conf.import_table_check_responses()


def responses_write(*, prepared: list, observe=None) -> list[int]:
    """Insert a response per prepared row (round, day, paper, values) and its answers; the new ids in file order.

    Ids ascend in file order, as they did when each response was created in turn. `observe(round id, version id,
    day, answer rows)` is called with each response's answer rows as they are written (the tallies count them).
    """
    if not prepared:
        return []
    versions = {r.version_id: r.version for r, *_ in prepared}.values()
    if streams(len(prepared)):
        return responses_stream(iter(prepared), expected=len(prepared), versions=versions, observe=observe)
    questions = {version.pk: questions_by_name(version) for version in versions}
    if connection.vendor == "postgresql":
        ids = _copy_responses(prepared)
        _copy_answers(_answers(zip(ids, prepared, strict=True), questions, observe))
        transaction.on_commit(analyze_tables)
    else:
        ids = _insert_responses(prepared)
        _insert_answers(_answers(zip(ids, prepared, strict=True), questions, observe))
    return ids


def responses_stream(checked, *, expected: int, versions, observe=None, settle=None) -> list[int]:
    """Insert rows as they come from `checked` (PostgreSQL, a large load): answers first, then the responses.

    `checked` yields (round, day, paper, values), at most `expected` of them; each row's answers are sent to
    the COPY as soon as it is yielded, so a generator that checks rows lets the checking and the storing run
    side by side. The responses (a few small columns each) follow once the answers are in, their ids taken
    beforehand; the foreign keys are dropped for the load and checked once at the end (`_answer_keys_checked_once`),
    so the answers may come first. `settle(rows sent)` is called once every row is sent, before the responses
    are written: if it raises, nothing more is written and the caller's transaction rolls the answers back
    (with the keys as they were). No other query may run on the connection while `checked` is being read.
    Returns the new ids in file order.
    """
    questions = {version.pk: questions_by_name(version) for version in versions}  # read before the COPY
    with connection.cursor() as cursor:
        ids = _new_ids(cursor, expected)
    sent: list[tuple] = []

    def numbered():
        for row in checked:
            if len(sent) == len(ids):
                # A mistake in the caller (ids are taken for the file's rows): fails the COPY, rolls back.
                raise RuntimeError(f"More than the {expected:,} rows expected.")
            sent.append((ids[len(sent)], row))
            yield sent[-1]

    with _answer_keys_checked_once(True):
        _copy_answers(_answers(numbered(), questions, observe))
        if settle is not None:
            settle(len(sent))
        with connection.cursor() as cursor:
            rows = (
                (pk, r.pk, r.version_id, "t" if paper else "f", day.isoformat()) for pk, (r, day, paper, _) in sent
            )
            _copy(cursor, Response, RESPONSE_COLUMNS, rows)
    transaction.on_commit(analyze_tables)
    return [pk for pk, _ in sent]


def _answers(numbered, questions: dict, observe=None):
    """Answer tuples for (response id, prepared row) pairs, each response's rows told to `observe` first."""
    for response_id, (row_round, day_submitted, _, values) in numbered:
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


class _CsvStream:
    """A file that psycopg2's COPY reads from, written as it is read: CSV text for the rows, a batch at a time.

    The rows are made while the server stores the ones already sent, so on a machine with two cores
    Python's work (checked values into answer rows, the tallies' counting, CSV) overlaps the server's
    (parsing, the table and its indexes) instead of following it; memory holds one batch, not the file.
    """

    BATCH = 5_000

    def __init__(self, rows):
        self._rows = iter(rows)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def read(self, size: int = -1) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(itertools.islice(self._rows, self.BATCH))
        return self._buffer.getvalue()  # "" once the rows are done: the end of the COPY


def _copy(cursor, model, columns, rows, *, not_null=()) -> None:
    """COPY rows (tuples) into a table as CSV, streamed: None becomes NULL, except in `not_null` columns ('')."""
    options = "FORMAT csv"
    if not_null:
        options += f", FORCE_NOT_NULL ({_columns(not_null)})"
    sql = f"COPY {_table(model)} ({_columns(columns)}) FROM STDIN WITH ({options})"
    # psycopg2's own cursor under Django's wrapper; a large read size so that each read is one batch.
    cursor.cursor.copy_expert(sql, _CsvStream(rows), size=1 << 20)


def _new_ids(cursor, count: int) -> list[int]:
    """`count` new response ids from the table's own sequence, ascending."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [Response._meta.db_table, count],
    )
    return sorted(row[0] for row in cursor.fetchall())


def _copy_responses(prepared: list) -> list[int]:
    with connection.cursor() as cursor:
        ids = _new_ids(cursor, len(prepared))
        rows = (
            (pk, r.pk, r.version_id, "t" if paper else "f", day.isoformat())
            for pk, (r, day, paper, _) in zip(ids, prepared, strict=True)
        )
        _copy(cursor, Response, RESPONSE_COLUMNS, rows)
    return ids


def _copy_answers(answers) -> None:
    rows = (
        (response_id, question_id, choice_id, number, text, day.isoformat() if day else None)
        for response_id, question_id, choice_id, number, text, day in answers
    )
    with connection.cursor() as cursor:
        _copy(cursor, Answer, ANSWER_COLUMNS, rows, not_null=("text_value",))


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
