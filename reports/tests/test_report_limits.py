"""Reports that cannot run away: a size estimate before anything is queued, a PDF only for what a PDF can lay out,
a default period that is never "since the first meeting", and requests that end failed with a message."""

from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.kinds.base import PdfTooLarge, months_between
from reports.models import ReportRequest, ReportStatus
from reports.services import report_validate

pytestmark = pytest.mark.django_db
SEND = "reports.tasks.build_report.apply_async"
AUTUMN = {"date_from": "2009-09-01", "date_to": "2009-12-31"}  # the meetings fixture's months


def test_months_between_counts_both_ends():
    assert months_between(date(2009, 9, 15), date(2009, 12, 1)) == 4
    assert months_between(date(2009, 12, 1), date(2010, 1, 31)) == 2
    assert months_between(date(2010, 1, 1), date(2009, 12, 31)) == 0


def test_the_monitoring_estimate_counts_group_months_site_months_and_months(meetings, site_b):
    report = KINDS["monitoring"](parameters=AUTUMN, audience=FULL_AUDIENCE)
    # 4 months x (2 groups + 2 x 2 sites + the network row)
    assert report.estimate_rows() == 4 * (2 + 2 * 2 + 1)
    one_site = KINDS["monitoring"](parameters={**AUTUMN, "site": "alpha"}, audience=FULL_AUDIENCE)
    assert one_site.estimate_rows() == 4 * (1 + 2 + 1)


def test_every_kind_has_an_estimate_from_a_few_queries(meetings, django_assert_max_num_queries):
    from evaluation.tests.factories import QuestionnaireFactory

    questionnaire = QuestionnaireFactory(form_id="members")
    for kind, parameters in [
        ("monitoring", AUTUMN),
        ("site_progress", {}),
        ("evaluation_pack", {}),
        ("questionnaire_summary", {"questionnaire": questionnaire.form_id, "figures": "exact"}),
    ]:
        report = KINDS[kind](parameters=parameters, audience=FULL_AUDIENCE)
        with django_assert_max_num_queries(12):  # COUNTs only: nothing is laid out
            rows = report.estimate_rows()
        assert rows > 0, kind


def test_a_pdf_too_large_is_refused_before_anything_is_queued(evaluator, meetings, settings):
    settings.REPORTS_PDF_MAX_ROWS = 20
    with mock.patch(SEND) as send, pytest.raises(PdfTooLarge) as refused:
        services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN, fmt="pdf")
    assert "about 28 table rows; a PDF holds at most 20" in str(refused.value)
    assert "XLSX or CSV" in str(refused.value)
    assert not ReportRequest.objects.exists() and not send.called
    # The same report as XLSX, or as a PDF of one site, is accepted.
    assert report_validate(user=evaluator, kind="monitoring", parameters=AUTUMN, fmt="xlsx") == 28
    assert report_validate(user=evaluator, kind="monitoring", parameters={**AUTUMN, "site": "alpha"}, fmt="pdf") == 16


def test_the_form_answers_a_pdf_too_large_at_the_format_field_without_a_job(client_for, evaluator, meetings, settings):
    settings.REPORTS_PDF_MAX_ROWS = 20
    with mock.patch(SEND) as send:
        response = client_for(evaluator).post(
            reverse("reports:new", args=["monitoring"]),
            {"format": "pdf", "date_from": "01/09/2009", "date_to": "31/12/2009"},
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert "about 28 table rows" in " ".join(form.errors["format"])
    assert "Ask for it as XLSX or CSV" in response.content.decode()
    assert not ReportRequest.objects.exists() and not send.called
    assert "A PDF lays out at most 20 table rows" in response.content.decode()  # said before asking, too


def test_a_scheduled_report_too_large_for_a_pdf_is_asked_for_as_xlsx(coordinator, meetings, site_a, site_b, settings):
    from programmes.models import ReportingDuty
    from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory

    settings.REPORTS_PDF_MAX_ROWS = 5
    programme = ProgrammeFactory(starts_on=date(2009, 9, 1), ends_on=date(2010, 8, 31))
    for site in (site_a, site_b):
        ProgrammeSiteFactory(programme=programme, site=site)
    duty = ReportingDuty.objects.create(
        programme=programme, report_kind="monitoring", frequency="quarterly", format="pdf", recipients="Committee"
    )
    duties = ReportingDuty.objects.filter(pk=duty.pk)
    with mock.patch(SEND):
        made = services.duty_reports_request(today=date(2010, 1, 1), duties=duties, coordinators=[coordinator])
        again = services.duty_reports_request(today=date(2010, 1, 1), duties=duties, coordinators=[coordinator])
    assert [r.format for r in made] == ["xlsx"] and again == []


# --- the default period ---------------------------------------------------------------------------------------
@time_machine.travel(date(2026, 11, 30), tick=False)
def test_with_no_programme_the_form_offers_and_asks_for_the_last_12_months(client_for, evaluator, site_a):
    page = client_for(evaluator).get(reverse("reports:new", args=["monitoring"]))
    form = page.context["form"]
    assert form["date_from"].initial == date(2025, 12, 1) and form["date_to"].initial == date(2026, 11, 30)
    with mock.patch(SEND):
        client_for(evaluator).post(reverse("reports:new", args=["monitoring"]), {"format": "xlsx"})
    # Emptied dates and no programme: still the last 12 months, never everything since the first meeting.
    assert ReportRequest.objects.get().parameters == {"date_from": "2025-12-01", "date_to": "2026-11-30"}


@time_machine.travel(date(2026, 11, 30), tick=False)
def test_the_running_programme_is_the_forms_default_period(client_for, evaluator):
    from programmes.tests.factories import ProgrammeFactory

    ProgrammeFactory(name="Ended", starts_on=date(2020, 1, 1), ends_on=date(2023, 12, 31))
    running = ProgrammeFactory(name="Running", starts_on=date(2025, 4, 1), ends_on=date(2028, 3, 31))
    form = client_for(evaluator).get(reverse("reports:new", args=["monitoring"])).context["form"]
    assert form["programme"].initial == running.pk
    assert form["date_from"].initial is None  # the programme is the period


# --- requests that end failed, never retried for ever ----------------------------------------------------------
def test_a_request_whose_worker_was_lost_is_failed_by_the_sweep_with_a_message(evaluator):
    with mock.patch(SEND):
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN, fmt="xlsx")
    services._claim(request.pk)  # its worker started it, then was killed (no word, no heartbeat)
    ReportRequest.objects.filter(pk=request.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    with mock.patch(SEND) as send:
        swept = services.report_requests_sweep()
    assert swept == {"failed": 1, "requeued": 0, "resent": 0} and not send.called
    request.refresh_from_db()
    assert request.status == ReportStatus.FAILED and request.attempts == 1
    assert "more time or memory" in request.message and "XLSX or CSV" in request.message


def test_a_redelivered_message_of_a_lost_run_fails_the_request_instead_of_building_again(evaluator, meetings):
    with mock.patch(SEND):
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN, fmt="xlsx")
    services._claim(request.pk)
    # The broker hands the message on after the worker died (acks_late, reject_on_worker_lost).
    ReportRequest.objects.filter(pk=request.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    row = services.report_request_run(request_id=request.pk)
    assert row.status == ReportStatus.FAILED and "more time or memory" in row.message and not row.file


def test_a_soft_time_limit_fails_the_request_with_the_message_and_the_task_does_not_retry(evaluator, meetings):
    from celery.exceptions import SoftTimeLimitExceeded

    from reports.kinds.monitoring import MonitoringReport
    from reports.tasks import build_report

    with mock.patch(SEND):
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN, fmt="xlsx")
    with (
        mock.patch.object(MonitoringReport, "build", side_effect=SoftTimeLimitExceeded()),
        mock.patch.object(build_report, "retry") as retry,
    ):
        build_report.apply(args=[str(request.pk)])
    request.refresh_from_db()
    assert request.status == ReportStatus.FAILED and not retry.called and request.attempts == 1
    assert request.message == (
        "The report took longer than 5 minutes and was stopped. Please choose a shorter period or one site, "
        "or ask for it as XLSX or CSV."
    )


def test_a_transient_retry_does_not_count_as_a_lost_run(evaluator, meetings):
    with mock.patch(SEND):
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN, fmt="xlsx")
    services._claim(request.pk)
    services.report_request_reset_for_retry(request_id=request.pk)  # the database blinked; the task retries
    request.refresh_from_db()
    assert request.status == ReportStatus.QUEUED and request.attempts == 0
    done = services.report_request_run(request_id=request.pk)  # the retry builds it
    assert done.status == ReportStatus.DONE and done.attempts == 1


@time_machine.travel(date(2026, 11, 30), tick=False)
def test_the_command_line_also_defaults_to_the_last_12_months_and_says_so(meetings, tmp_path):
    import io
    import json

    from django.core.management import call_command

    def build(*dates):
        output, err = tmp_path / "monitoring.json", io.StringIO()
        call_command(
            "build_report", "monitoring", "--format", "json", "--figures", "exact", *dates, "--output", str(output),
            stderr=err, stdout=io.StringIO(),
        )  # fmt: skip
        return output.read_text(), err.getvalue()

    text, said = build()
    assert "No dates given: the last 12 months, 2025-12-01 to 2026-11-30" in said
    assert "01/12/2025" in text and "30/11/2026" in text and json.loads(text)["kind"] == "monitoring"
    text, said = build("--from", "2009-09-01", "--to", "2009-12-31")
    assert "No dates given" not in said and "01/09/2009" in text and "01/12/2025" not in text
    # A questionnaire summary is bounded by its questionnaire: no dates are added to it.
    assert services.with_default_period("questionnaire_summary", {"questionnaire": "x"}) == {"questionnaire": "x"}
    assert services.with_default_period("site_progress", {"programme": 3}) == {"programme": 3}
