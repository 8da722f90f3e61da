"""Large XLSForm workbooks are parsed by the worker: a job row, a page that follows it, owner-only access."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Question, Questionnaire, XLSFormImportJob
from evaluation.services import xlsform_job_run
from evaluation.tests.factories import SURVEY, xlsform_bytes
from pilot.models import AuditEntry
from pilot.testing.services import require
from pilot.testing.worker import broker_reachable, wait_for

UPLOAD = reverse("evaluation:xlsform_upload")
BROKEN = [*SURVEY, ["select_one sevices", "svc", "Services <script>alert(1)</script>"]]


def upload(client, data: bytes, name="form.xlsx"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "audience": "group_members"})


def job_page(client, job):
    return client.get(reverse("evaluation:xlsform_job", args=[job.pk]))


def test_a_small_workbook_is_imported_while_the_uploader_waits(client_for, evaluator):
    response = upload(client_for(evaluator), xlsform_bytes())
    assert response.status_code == 302 and response["Location"] == "/evaluation/checkin/"
    assert Questionnaire.objects.get().form_id == "checkin" and not XLSFormImportJob.objects.exists()


@override_settings(EVALUATION_XLSFORM_BACKGROUND_CELLS=10)
def test_a_large_workbook_becomes_a_job_for_the_worker(client_for, evaluator, django_capture_on_commit_callbacks):
    data = xlsform_bytes()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client_for(evaluator), data)
    job = XLSFormImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.owner, job.status, bytes(job.source), job.audience) == (evaluator, "queued", data, "group_members")
    assert job.cells > 10 and len(callbacks) == 1  # sent to the broker once the row is committed
    assert not Questionnaire.objects.exists()
    entry = AuditEntry.objects.get(action="import", target_type="evaluation.XLSFormImportJob")
    assert entry.actor == evaluator and entry.target_id == str(job.pk)


@override_settings(EVALUATION_XLSFORM_BACKGROUND_CELLS=10)
def test_the_cheap_checks_still_answer_at_once(client_for, evaluator, django_capture_on_commit_callbacks):
    client = client_for(evaluator)
    upload(client, xlsform_bytes(), name="first.xlsx")
    xlsform_job_run(job_id=XLSFormImportJob.objects.get().pk)
    response = upload(client, xlsform_bytes(), name="again.xlsx")
    assert response.status_code == 400 and XLSFormImportJob.objects.count() == 1
    assert "version &#x27;1&#x27; of &#x27;checkin&#x27; is already imported" in response.content.decode()


def make_job(owner, data=None, **fields) -> XLSFormImportJob:
    data = xlsform_bytes() if data is None else data
    return XLSFormImportJob.objects.create(owner=owner, filename="big.xlsx", source=data, cells=50, **fields)


def test_the_job_page_refreshes_itself_until_the_job_has_finished(client_for, evaluator):
    job = make_job(evaluator, audience="group_members")
    page = job_page(client_for(evaluator), job).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "Waiting for the worker: 0%" in page
    assert "No worker has started" not in page

    xlsform_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100 and bytes(job.source) == b""
    assert job.version.questionnaire.form_id == "checkin" and job.version.questions.count() == 8
    assert job.version.questionnaire.audience == "group_members"
    page = job_page(client_for(evaluator), job).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "Imported Check-in questionnaire, version 1." in page and 'href="/evaluation/checkin/"' in page


def test_a_job_no_worker_picks_up_says_so(client_for, evaluator):
    job = make_job(evaluator)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        page = job_page(client_for(evaluator), job).content.decode()
    assert "No worker has started on this yet" in page


def test_a_failed_job_lists_the_workbooks_problems_by_row_and_column(client_for, evaluator):
    job = make_job(evaluator, xlsform_bytes(survey=BROKEN))
    xlsform_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and not Question.objects.exists() and bytes(job.source) == b""
    assert job.errors == ["survey row 12, column type: unknown choice list 'sevices'"]
    page = job_page(client_for(evaluator), job).content.decode()
    assert "survey row 12, column type: unknown choice list &#x27;sevices&#x27;" in page
    assert "Upload a corrected workbook" in page and 'http-equiv="refresh"' not in page
    assert AuditEntry.objects.filter(
        action="import", target_id=str(job.pk), detail__startswith="not imported"
    ).exists()


def test_running_a_finished_job_again_changes_nothing(evaluator):
    job = make_job(evaluator)
    xlsform_job_run(job_id=job.pk)
    xlsform_job_run(job_id=job.pk)
    assert Questionnaire.objects.count() == 1 and XLSFormImportJob.objects.get().status == "done"


def test_an_owner_who_lost_the_role_gets_nothing_imported(evaluator):
    from django.contrib.auth.models import Group

    job = make_job(evaluator)
    evaluator.groups.set([Group.objects.get(name="observer")])
    xlsform_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.message == "You may no longer import questionnaires."
    assert not Questionnaire.objects.exists()


def test_a_job_is_seen_only_by_its_owner(client_for, evaluator, coordinator, make_user, personas):
    from pilot.roles import Role

    job = make_job(evaluator)
    other_evaluator = make_user("eval2", Role.EVALUATOR)
    assert job_page(client_for(other_evaluator), job).status_code == 404
    assert job_page(client_for(coordinator), job).status_code == 404
    for who in ("site_contact_a", "facilitator_a", "observer"):
        assert job_page(client_for(personas[who]), job).status_code == 403
    probes = AuditEntry.objects.filter(action="not_found", target_type="evaluation.XLSFormImportJob")
    assert {e.actor for e in probes} == {other_evaluator, coordinator}
    assert job_page(client_for(evaluator), job).status_code == 200


# --- with a real worker process ----------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@override_settings(EVALUATION_XLSFORM_BACKGROUND_CELLS=10)
def test_a_real_worker_imports_a_large_workbook_and_reports_a_broken_one(tmp_path, evaluator, client_for):
    from pilot.testing.worker import WorkerProcess

    require(broker_reachable(), f"no Celery broker reachable at {django_settings.CELERY_BROKER_URL}")
    client = client_for(evaluator)
    worker = WorkerProcess(tmp_path).start()
    try:
        good = upload(client, xlsform_bytes(), name="members.xlsx")
        bad = upload(client, xlsform_bytes(survey=BROKEN, settings={"form_id": "other"}), name="broken.xlsx")
        jobs = {j.filename: j for j in XLSFormImportJob.objects.all()}
        assert good["Location"] == jobs["members.xlsx"].get_absolute_url()
        assert bad["Location"] == jobs["broken.xlsx"].get_absolute_url()

        def finished():
            rows = list(XLSFormImportJob.objects.all())
            return all(j.is_finished for j in rows) and rows

        wait_for(finished, timeout=90, interval=0.2)
    finally:
        worker.stop()
    done, failed = (XLSFormImportJob.objects.get(filename=n) for n in ("members.xlsx", "broken.xlsx"))
    assert done.status == "done" and done.version.questions.count() == 8, done.message
    assert failed.status == "failed" and failed.errors == ["survey row 12, column type: unknown choice list 'sevices'"]
    assert list(Questionnaire.objects.values_list("form_id", flat=True)) == ["checkin"]
    page = job_page(client, done).content.decode()
    assert "Open the questionnaire" in page
    assert AuditEntry.objects.filter(action="import", target_type="evaluation.QuestionnaireVersion").count() == 1


def test_progress_is_reported_in_order_and_shown_while_running(client_for, evaluator, db):
    from evaluation.services import questionnaire_import

    seen = []
    questionnaire_import(data=xlsform_bytes(), progress=lambda percent, line: seen.append((percent, line)))
    assert [p for p, _ in seen] == sorted(p for p, _ in seen) and seen[0][0] > 0 and len(seen) >= 4
    assert any("pyxform" in line for _, line in seen)
    job = make_job(evaluator, status="running", progress=55, status_line="Checking with pyxform")
    page = job_page(client_for(evaluator), job).content.decode()
    assert "Being read: 55% &middot; Checking with pyxform" in page and 'value="55"' in page
