"""Large imports and exports of responses run as jobs: all or nothing, errors on the job's page, the owner's only.

The web request only keeps the file and queues the job (the on-commit callback is captured, not sent);
the tests then run the worker's side, `job_run`, as the worker would.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from evaluation import bulk, bulk_write
from evaluation.bulk import responses_import
from evaluation.export import PLAIN_TYPES, _number, answer_values, export_columns, write_csv
from evaluation.jobs import job_run, jobs_expire
from evaluation.models import Answer, Questionnaire, Response, ResponseJob
from evaluation.tests.test_tallies import tally_rows
from pilot.models import AuditEntry
from pilot.spreadsheets import neutralise

pytestmark = pytest.mark.usefixtures("autumn", "_media_in_tmp")
HEADER = "gender,age,previous,which,units,first_meeting,comments"
GOOD = 'male,47,yes,aa nhs,12.5,2009-10-01,Good\nfemale,33,no,,,31/10/2009,\nmale,60,yes,na,0.125,,"a, b"\n'


@pytest.fixture
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def background(settings):
    """Every upload and export goes to the worker, however small."""
    settings.EVALUATION_IMPORT_BACKGROUND_BYTES = 10
    settings.EVALUATION_EXPORT_BACKGROUND_ROWS = 0


def upload(client, questionnaire, text: str | bytes, *, name="answers.csv", round=None):
    data = text.encode("utf-8") if isinstance(text, str) else text
    post = {"file": SimpleUploadedFile(name, data)}
    if round is not None:
        post["round"] = round.pk
    return client.post(reverse("evaluation:responses_upload", args=[questionnaire.form_id]), post)


def page(client, job):
    return client.get(reverse("evaluation:response_job", args=[job.pk]))


def queued_import(client, questionnaire, text, round, capture):
    with capture(execute=False) as callbacks:
        response = upload(client, questionnaire, text, round=round)
    job = ResponseJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert len(callbacks) == 1  # sent to the broker once the row is committed
    return job


def test_a_large_upload_only_keeps_the_file_then_is_checked_and_saved_on_confirming(
    background, client_for, evaluator, questionnaire, round_a, django_capture_on_commit_callbacks
):
    client = client_for(evaluator)
    job = queued_import(client, questionnaire, f"{HEADER}\n{GOOD}", round_a, django_capture_on_commit_callbacks)
    assert (job.kind, job.status, job.owner, job.round) == ("import", "queued", evaluator, round_a)
    assert not Response.objects.exists() and job.file

    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows, job.preview["rounds"]) == ("checked", 3, ["Autumn A"])
    assert not Response.objects.exists()  # checked, not saved
    shown = page(client, job).content.decode()
    assert "Nothing has been saved yet" in shown and "Import 3 responses" in shown and "<code>units</code>" in shown

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("evaluation:response_job", args=[job.pk]), {"confirm": "1"})
    assert response.status_code == 302 and len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.confirmed) == ("queued", True)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows, job.progress, job.file.name) == ("done", 3, 100, "")
    assert Response.objects.filter(round=round_a).count() == 3 and Answer.objects.count() == 18
    assert "Imported 3 responses" in page(client, job).content.decode()
    actions = list(AuditEntry.objects.filter(actor=evaluator).values_list("target_type", "detail"))
    assert ("evaluation.Questionnaire", "3 responses into 1 round(s)") in actions  # the import's own entry
    assert ("evaluation.ResponseJob", "confirmed, queued to be saved") in actions


def test_a_bad_row_at_the_end_saves_nothing_and_the_page_shows_row_and_column(
    background, client_for, evaluator, questionnaire, round_a, django_capture_on_commit_callbacks
):
    good_rows = "".join(f"male,{20 + n % 60},no,,,,\n" for n in range(300))
    text = f"{HEADER}\n{good_rows}female,forty,no,,,,\n"
    client = client_for(evaluator)
    job = queued_import(client, questionnaire, text, round_a, django_capture_on_commit_callbacks)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.errors == ["row 302, column age: 'forty' is not a whole number"]
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not job.file  # the refused upload is not kept
    shown = page(client, job).content.decode()
    assert "row 302, column age: &#x27;forty&#x27; is not a whole number" in shown
    assert "nothing was saved" in shown


def test_a_failure_while_saving_leaves_nothing_half_saved(
    background, client_for, evaluator, questionnaire, round_a, django_capture_on_commit_callbacks, monkeypatch
):
    client = client_for(evaluator)
    job = queued_import(client, questionnaire, f"{HEADER}\n{GOOD}", round_a, django_capture_on_commit_callbacks)
    job_run(job_id=job.pk)
    ResponseJob.objects.filter(pk=job.pk).update(status="queued", confirmed=True)
    written = []

    def after_import(*, round_ids, days, counted):
        written.append((Response.objects.count(), Answer.objects.count()))  # the rows are in, inside the transaction
        raise RuntimeError("the database went away")

    monkeypatch.setattr(bulk, "_after_import", after_import)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert written == [(3, 18)]
    assert job.status == "failed" and "nothing was saved" in job.message
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_after_import_is_told_the_rounds_and_days(questionnaire, round_a, round_b, monkeypatch):
    seen = []
    monkeypatch.setattr(bulk, "_after_import", lambda **kwargs: seen.append(kwargs))
    text = f"_round,_submitted_on,gender,age\n{round_b.pk},2009-10-02,male,30\n{round_a.pk},2009-10-01,female,40\n"
    responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", text.encode()))
    days = [datetime.date(2009, 10, 1), datetime.date(2009, 10, 2)]
    assert [(s["round_ids"], s["days"], dict(s["counted"].days)) for s in seen] == [
        (sorted([round_a.pk, round_b.pk]), days, {
            (round_a.pk, round_a.version_id, days[0]): 1, (round_b.pk, round_b.version_id, days[1]): 1,
        })
    ]  # fmt: skip


def test_checking_tells_its_progress(questionnaire, round_a):
    told = []
    text = f"{HEADER}\n" + "male,40,no,,,,\n" * 450
    upload = SimpleUploadedFile("a.csv", text.encode())
    bulk.responses_preview(questionnaire=questionnaire, uploaded_file=upload, round=round_a,
                           progress=lambda percent, line: told.append((percent, line)))  # fmt: skip
    assert [line for _, line in told] == [f"{n - 1} of 450 rows checked" for n in (100, 200, 300, 400)]
    assert [p for p, _ in told] == sorted(p for p, _ in told) and all(5 <= p <= 85 for p, _ in told)


# --- the fast save stores what the ORM stored ----------------------------------------------------


def _orm_save(prepared):
    """The import's save as it was: one Response and one Answer object per answer, bulk_create."""
    from evaluation.services import questions_by_name

    responses = [Response(round=r, version_id=r.version_id, is_paper=p, submitted_on=d) for r, d, p, _ in prepared]
    Response.objects.bulk_create(responses, batch_size=1000)
    answers = []
    for response, (row_round, _, _, values) in zip(responses, prepared, strict=True):
        questions = questions_by_name(row_round.version)
        for name, value in values.items():
            question = questions[name]
            if question.type == "select_one":
                answers.append(Answer(response=response, question=question, choice=question.choice_by_name[value]))
            elif question.type == "select_multiple":
                answers.extend(Answer(response=response, question=question, choice=question.choice_by_name[v])
                               for v in value)  # fmt: skip
            elif question.type in ("integer", "decimal", "range"):
                answers.append(Answer(response=response, question=question, number_value=value))
            elif question.type == "date":
                answers.append(Answer(response=response, question=question, date_value=value))
            else:
                answers.append(Answer(response=response, question=question, text_value=value))
    Answer.objects.bulk_create(answers, batch_size=1000)


def _stored_rows():
    """Every response and answer as the database holds them (raw SQL: the stored values, not the ORM's)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM evaluation_response")
        first = cursor.fetchone()[0]
        cursor.execute("SELECT id - %s, round_id, version_id, is_paper, submitted_on FROM evaluation_response "
                       "ORDER BY id", [first])  # fmt: skip
        responses = [tuple(str(v) for v in row) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT response_id - %s, question_id, choice_id, number_value, text_value, date_value, "
            "number_value IS NULL, date_value IS NULL FROM evaluation_answer ORDER BY response_id, question_id, "
            "choice_id",
            [first],
        )
        answers = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    return responses, answers


@pytest.mark.parametrize("table_check_from", [1, 1_000_000])
def test_the_fast_save_stores_the_same_rows_as_the_orm_did(
    questionnaire, round_a, round_b, monkeypatch, settings, table_check_from
):
    """Checked and saved in one pass (a large load on PostgreSQL) or checked first: the ORM's rows either way."""
    settings.EVALUATION_IMPORT_TABLE_CHECK_RESPONSES = table_check_from
    text = (
        f"_round,_submitted_on,_paper,{HEADER}\n"
        f'{round_a.pk},2009-10-01,1,male,47,yes,aa nhs,12.5,2009-10-01,"Good, ""very"""\n'
        f"{round_b.pk},2009-10-02,0,female,33,no,,,31/10/2009,\n"
        f'{round_a.pk},2009-10-03,,male,100,yes,na aa,0.000001,,"two\nlines\\ and a tab\t"\n'
        f"{round_b.pk},2009-10-04,1,female,16,no,,3.5,,'=1+1\n"
    )
    path = "_copy" if connection.vendor == "postgresql" else "_insert_answers"
    calls = []
    real = getattr(bulk_write, path)
    monkeypatch.setattr(bulk_write, path, lambda *a, **k: calls.append(1) or real(*a, **k))
    streamed = []
    real_stream = bulk_write.responses_stream
    monkeypatch.setattr(bulk, "responses_stream", lambda *a, **k: streamed.append(1) or real_stream(*a, **k))
    responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", text.encode()))
    assert calls  # the backend's own fast path was taken
    assert bool(streamed) == (connection.vendor == "postgresql" and table_check_from == 1)
    fast = _stored_rows()
    assert len(fast[0]) == 4 and len(fast[1]) > 20
    Answer.objects.all().delete()
    Response.objects.all().delete()
    prepared, _ = bulk._prepare(
        questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", text.encode()), round=None, rounds=None
    )
    _orm_save(prepared)
    assert _stored_rows() == fast


@pytest.mark.parametrize("table_check_from", [1, 1_000_000])
def test_bad_rows_after_good_ones_save_nothing_whichever_way_the_rows_are_saved(
    questionnaire, round_a, settings, table_check_from
):
    """Checked and saved in one pass, the good rows before a bad one are sent to the database already: the
    import still fails as a whole, lists every problem by row and column, and leaves the keys as they were."""
    settings.EVALUATION_IMPORT_TABLE_CHECK_RESPONSES = table_check_from
    first = f"{HEADER}\nmale,40,yes,aa,2,,Good\n"
    responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", first.encode()),
                     round=round_a)  # fmt: skip
    keys, before = _foreign_keys(), (_stored_rows(), tally_rows())
    good = "".join(f"male,{20 + n % 60},no,,,,\n" for n in range(50))
    text = f"{HEADER}\n{good}female,forty,no,,,,\n{good}male,x,maybe,,,,\n"
    with pytest.raises(bulk.ImportFailed) as failed:
        responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", text.encode()),
                         round=round_a)  # fmt: skip
    assert failed.value.messages == [
        "row 52, column age: 'forty' is not a whole number",
        "row 103, column age: 'x' is not a whole number",
        "row 103, column previous: 'maybe' is not one of the choices (yes, no)",
    ]
    assert (_stored_rows(), tally_rows()) == before
    assert _foreign_keys() == keys
    assert _refuses_a_missing_question()


@pytest.mark.parametrize("table_check_from", [1, 1_000_000])
def test_an_import_stops_listing_after_the_most_errors_and_saves_nothing(
    questionnaire, round_a, settings, table_check_from
):
    settings.EVALUATION_IMPORT_TABLE_CHECK_RESPONSES = table_check_from
    settings.EVALUATION_IMPORT_MAX_ERRORS = 2
    text = f"{HEADER}\nmale,40,no,,,,\n" + "male,x,no,,,,\n" * 5
    with pytest.raises(bulk.ImportFailed) as failed:
        responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", text.encode()),
                         round=round_a)  # fmt: skip
    assert failed.value.messages == [
        "row 3, column age: 'x' is not a whole number",
        "row 4, column age: 'x' is not a whole number",
        "… stopped after 2 errors; correct these and try again.",
    ]
    assert not Response.objects.exists() and not Answer.objects.exists()


def _foreign_keys():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return bulk_write._answer_foreign_keys(cursor)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA foreign_key_list({Answer._meta.db_table})")
        return sorted((row[3], row[2]) for row in cursor.fetchall())


def _refuses_a_missing_question(transaction_alive=True):
    """Whether an answer to a question that does not exist is refused by the database's foreign key."""
    from django.db import IntegrityError, transaction

    response = Response.objects.first()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    f"INSERT INTO {Answer._meta.db_table} (response_id, question_id, text_value) VALUES (%s, %s, '')",
                    [response.pk, 999_999],
                )
            connection.check_constraints(table_names=[Answer._meta.db_table])
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("table_check_from", [1, 1_000_000])
def test_a_large_import_checks_the_keys_once_and_leaves_them_as_they_were(
    questionnaire, round_a, settings, table_check_from
):
    """Above the threshold the answers' foreign keys are dropped and added again in the import's transaction."""
    settings.EVALUATION_IMPORT_TABLE_CHECK_RESPONSES = table_check_from
    keys = _foreign_keys()
    assert len(keys) == 3
    text = f"_round,_submitted_on,{HEADER}\n" + "".join(f"{round_a.pk},2009-10-0{n},{line}\n" for n, line in
                                                     enumerate(GOOD.strip().split("\n"), 1))  # fmt: skip
    result = responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile("a.csv", text.encode()))
    assert result.saved == 3 and Answer.objects.filter(response__round=round_a).count() > 10
    assert _foreign_keys() == keys
    assert _refuses_a_missing_question()


def test_a_bad_key_in_a_large_load_is_refused_and_the_keys_stay(questionnaire, round_a):
    """The keys are checked when they are added again: a row that breaks one fails the load, keys intact."""
    from django.db import IntegrityError, transaction

    responses_import(
        questionnaire=questionnaire,
        uploaded_file=SimpleUploadedFile("a.csv", f"_round,{HEADER}\n{round_a.pk},{GOOD.splitlines()[0]}\n".encode()),
    )
    keys, answers = _foreign_keys(), Answer.objects.count()
    response = Response.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        with bulk_write._answer_keys_checked_once(True), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Answer._meta.db_table} (response_id, question_id, text_value) VALUES (%s, %s, '')",
                [response.pk, 999_999],
            )
        connection.check_constraints(table_names=[Answer._meta.db_table])
    assert _foreign_keys() == keys and Answer.objects.count() == answers
    assert _refuses_a_missing_question()


# --- exports -------------------------------------------------------------------------------------


def _old_export_rows(questionnaire, responses):
    """The export as it was, every answer held in memory at once: the reference for the streamed one."""
    columns = export_columns(questionnaire)
    values = defaultdict(lambda: defaultdict(list))
    for response_id, name, qtype, value in answer_values(responses):
        if isinstance(value, Decimal):
            value = _number(value, qtype)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        values[response_id][name].append(value)
    yield [heading for heading, _, _ in columns]
    for response in responses.order_by("pk").values("pk", "round_id", "submitted_on", "is_paper"):
        answered = values.get(response["pk"], {})
        row = []
        for heading, question, _ in columns:
            if question is None:
                row.append({"_round": str(response["round_id"]), "_submitted_on": response["submitted_on"].isoformat(),
                            "_paper": "1" if response["is_paper"] else "0"}[heading])  # fmt: skip
            else:
                cell = " ".join(answered.get(question.name, []))
                row.append(cell if question.type in PLAIN_TYPES else neutralise(cell))
        yield row


@pytest.fixture
def demo(db):
    from evaluation import demo as evaluation_demo
    from groups import demo as groups_demo
    from sites import demo as sites_demo

    out = io.StringIO()
    sites_demo.load(out=out)
    groups_demo.load(out=out)
    evaluation_demo.load(out=out)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_job_writes_the_same_file_as_before_for_the_demo(
    demo, background, client_for, evaluator, django_capture_on_commit_callbacks, fmt
):
    questionnaire = Questionnaire.objects.get(form_id="members_autumn_2009")
    client = client_for(evaluator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(reverse("evaluation:responses", args=[questionnaire.form_id]), {"export": fmt})
    job = ResponseJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url() and len(callbacks) == 1
    assert (job.kind, job.parameters["format"]) == ("export", fmt)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows) == ("done", 65) and job.expires_at > job.finished_at
    download = client.get(reverse("evaluation:response_job_download", args=[job.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    expected = list(_old_export_rows(questionnaire, Response.objects.filter(round__questionnaire=questionnaire)))
    if fmt == "csv":
        assert body == write_csv(expected)
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body)).worksheets[0]
        assert [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)] == expected
    assert AuditEntry.objects.filter(action="download", target_type="evaluation.ResponseJob", actor=evaluator).exists()


def test_a_small_export_is_still_downloaded_at_once(client_for, evaluator, questionnaire, round_a, answer):
    answer(round_a)
    response = client_for(evaluator).get(reverse("evaluation:responses", args=[questionnaire.form_id]),
                                         {"export": "csv"})  # fmt: skip
    assert response.status_code == 200 and not ResponseJob.objects.exists()
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][-3:] == [str(round_a.pk), "2009-10-12", "1"]


def test_an_expired_export_loses_its_file(background, client_for, evaluator, questionnaire, round_a, answer):
    from network.privacy import retention_enforce

    answer(round_a)
    client = client_for(evaluator)
    client.get(reverse("evaluation:responses", args=[questionnaire.form_id]), {"export": "csv"})
    job = ResponseJob.objects.get()
    job_run(job_id=job.pk)
    job.refresh_from_db()
    stored = job.file.path
    assert jobs_expire() == 0 and job.file.storage.exists(job.file.name)
    ResponseJob.objects.filter(pk=job.pk).update(expires_at=job.finished_at - datetime.timedelta(seconds=1))
    assert retention_enforce().response_job_files_expired == 1  # the nightly job
    job.refresh_from_db()
    assert job.status == "expired" and not job.file and not os.path.exists(stored)
    assert client.get(reverse("evaluation:response_job_download", args=[job.pk])).status_code == 404


# --- who may see a job ---------------------------------------------------------------------------


def test_only_the_owner_sees_a_job_its_page_and_its_download(
    background, make_user, client_for, evaluator, coordinator, site_contact_b, questionnaire, round_a, answer
):
    from pilot.roles import Role

    answer(round_a)
    client_for(evaluator).get(reverse("evaluation:responses", args=[questionnaire.form_id]), {"export": "csv"})
    job = ResponseJob.objects.get()
    job_run(job_id=job.pk)
    other = make_user("eval2", Role.EVALUATOR)
    for user, status in ((other, 404), (coordinator, 404), (site_contact_b, 403)):
        client = client_for(user)
        assert page(client, job).status_code == status
        assert client.get(reverse("evaluation:response_job_download", args=[job.pk])).status_code == status
        assert client.post(reverse("evaluation:response_job", args=[job.pk]), {"confirm": "1"}).status_code == status
    assert client_for(evaluator).get(reverse("evaluation:response_job_download", args=[job.pk])).status_code == 200


# --- bad uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("answers.txt", b"gender\nmale\n", "Upload a .csv or .xlsx file; .txt is not accepted."),
        ("answers.csv", b"PK\x03\x04 not really", "This file is named .csv but is an Excel workbook"),
        ("answers.xlsx", b"gender\nmale\n", "This file is named .xlsx but is not an Excel workbook."),
        ("answers.csv", b"x" * 2000, "The file is too large"),
    ],
)
def test_bad_uploads_are_refused_at_once_with_a_message(
    background, settings, client_for, evaluator, questionnaire, round_a, name, data, message
):
    settings.EVALUATION_IMPORT_MAX_BYTES = 1000
    response = upload(client_for(evaluator), questionnaire, data, name=name, round=round_a)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ResponseJob.objects.exists()


def test_an_empty_file_is_refused_at_once(background, client_for, evaluator, questionnaire, round_a):
    response = upload(client_for(evaluator), questionnaire, b"", round=round_a)
    assert response.status_code == 400 and not ResponseJob.objects.exists()
    assert "empty" in response.content.decode()


def test_a_damaged_workbook_fails_its_job_with_a_message(
    background, client_for, evaluator, questionnaire, round_a, django_capture_on_commit_callbacks
):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not a workbook")
    client = client_for(evaluator)
    with django_capture_on_commit_callbacks(execute=False):
        upload(client, questionnaire, buffer.getvalue(), name="answers.xlsx", round=round_a)
    job = ResponseJob.objects.get()
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.errors == ["The file cannot be read as an Excel workbook."]
    assert page(client, job).status_code == 200


def test_the_sweep_fails_a_job_whose_worker_died_and_resends_one_the_broker_missed(
    evaluator, questionnaire, monkeypatch
):
    from django.utils import timezone

    from evaluation import jobs

    long_ago = timezone.now() - datetime.timedelta(hours=3)
    dead = ResponseJob.objects.create(kind="import", owner=evaluator, questionnaire=questionnaire, filename="a.csv",
                                      status="running", started_at=long_ago, confirmed=True)  # fmt: skip
    busy = ResponseJob.objects.create(kind="export", owner=evaluator, questionnaire=questionnaire, filename="b.csv",
                                      status="running", started_at=timezone.now())  # fmt: skip
    missed = ResponseJob.objects.create(kind="export", owner=evaluator, questionnaire=questionnaire, filename="c.csv",
                                        message=jobs.WAITING)  # fmt: skip
    sent = []
    monkeypatch.setattr(jobs, "job_enqueue", lambda *, job_id: sent.append(job_id) or True)
    job_run(job_id=busy.pk)  # a second delivery of a running job does not run it again beside the first
    assert jobs.jobs_sweep() == {"failed": 1, "resent": 1, "expired": 0}
    assert sent == [missed.pk]
    dead.refresh_from_db()
    busy.refresh_from_db()
    assert (dead.status, dead.message) == ("failed", jobs.INTERRUPTED)
    assert (busy.status, busy.progress) == ("running", 0)
