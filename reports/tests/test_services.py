"""Requesting, claiming, building, failing, expiring and sweeping report requests."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pilot.models import AuditEntry
from reports import services
from reports.document import ReportError
from reports.models import ReportRequest, ReportStatus

pytestmark = pytest.mark.django_db
SEND = "reports.tasks.build_report.apply_async"


def _request(user, kind="monitoring", fmt="json", **params):
    with mock.patch(SEND):
        return services.report_request_create(user=user, kind=kind, parameters=params, fmt=fmt)


def test_creating_a_request_enqueues_the_task_only_after_commit_and_audits(
    evaluator, django_capture_on_commit_callbacks
):
    with mock.patch(SEND) as send, django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters={}, fmt="pdf")
        assert not send.called
    assert len(callbacks) == 1
    with mock.patch(SEND) as send:
        callbacks[0]()
    assert send.call_args.kwargs["args"] == [str(request.pk)]
    assert AuditEntry.objects.filter(action="report_request", target_id=str(request.pk)).exists()
    request.refresh_from_db()
    assert request.enqueued_at is not None


def test_an_unreachable_broker_leaves_the_request_queued_with_a_message(evaluator, django_capture_on_commit_callbacks):
    with mock.patch(SEND, side_effect=ConnectionRefusedError), django_capture_on_commit_callbacks(execute=True):
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters={}, fmt="pdf")
    request.refresh_from_db()
    assert request.status == ReportStatus.QUEUED and "will start automatically" in request.message
    with mock.patch(SEND) as send:
        result = services.report_requests_sweep()
    assert send.called and result["resent"] == 1


def test_roles_outside_a_kind_are_refused(observer, facilitator_a):
    with pytest.raises(PermissionDenied):
        services.report_request_create(user=observer, kind="monitoring", parameters={}, fmt="pdf")
    with pytest.raises(PermissionDenied):
        services.report_request_create(user=facilitator_a, kind="evaluation_pack", parameters={}, fmt="pdf")


def test_a_site_contact_cannot_ask_about_another_site(site_contact_a, site_b):
    with pytest.raises(ReportError):
        services.report_request_create(user=site_contact_a, kind="monitoring", parameters={"site": "beta"}, fmt="pdf")


def test_running_builds_the_file_and_a_rerun_returns_the_same_file(evaluator, meetings):
    request = _request(evaluator)
    done = services.report_request_run(request_id=request.pk)
    assert done.status == ReportStatus.DONE and done.progress == 100
    assert done.file.name.endswith(".json") and done.file.storage.exists(done.file.name)
    again = services.report_request_run(request_id=request.pk)
    assert again.file.name == done.file.name and again.attempts == 1
    # No temporary file is left beside the report.
    folder = done.file.storage.path(done.file.name).rsplit("/", 1)[0]
    import os

    assert [n for n in os.listdir(folder) if n.startswith(".part-")] == []


def test_progress_is_written_onto_the_row_while_building(evaluator, meetings):
    request = _request(evaluator)
    seen = []
    original = services._Progress.__call__

    def spy(self, percent, line):
        original(self, percent, line)
        seen.append(ReportRequest.objects.get(pk=request.pk).progress)

    with mock.patch.object(services._Progress, "__call__", spy):
        services.report_request_run(request_id=request.pk)
    assert seen and seen == sorted(seen) and 0 < max(seen) < 100


def test_a_report_error_is_shown_and_anything_else_gets_a_generic_message(evaluator, caplog):
    request = _request(evaluator)
    with mock.patch("reports.kinds.monitoring.MonitoringReport.build", side_effect=ReportError("No data.")):
        assert services.report_request_run(request_id=request.pk).status == ReportStatus.FAILED
    request.refresh_from_db()
    assert request.message == "No data."
    other = _request(evaluator)
    with mock.patch("reports.kinds.monitoring.MonitoringReport.build", side_effect=KeyError("secret")):
        services.report_request_run(request_id=other.pk)
    other.refresh_from_db()
    assert other.status == ReportStatus.FAILED and "secret" not in other.message
    assert "failed" in caplog.text


def test_soft_time_limit_becomes_a_readable_failure(evaluator):
    from celery.exceptions import SoftTimeLimitExceeded

    request = _request(evaluator)
    with mock.patch("reports.kinds.monitoring.MonitoringReport.build", side_effect=SoftTimeLimitExceeded):
        services.report_request_run(request_id=request.pk)
    request.refresh_from_db()
    assert request.status == ReportStatus.FAILED and "took longer than" in request.message


def test_permission_is_checked_again_inside_the_task(evaluator):
    from pilot.roles import Role, assign_role

    request = _request(evaluator)
    assign_role(evaluator, Role.OBSERVER)  # demoted before a worker picked it up
    services.report_request_run(request_id=request.pk)
    request.refresh_from_db()
    assert request.status == ReportStatus.FAILED and "no longer" in request.message


def test_a_running_request_is_not_claimed_twice_while_its_worker_is_alive(evaluator):
    request = _request(evaluator)
    assert services._claim(request.pk)
    assert not services._claim(request.pk)
    ReportRequest.objects.filter(pk=request.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert services._claim(request.pk)  # its worker went silent: another may take it


def test_expired_files_are_deleted_and_rows_marked_expired(evaluator, meetings):
    request = _request(evaluator)
    done = services.report_request_run(request_id=request.pk)
    path = done.file.path
    assert services.report_requests_expire(now=timezone.now() + timedelta(days=31)) == 1
    done.refresh_from_db()
    assert done.status == ReportStatus.EXPIRED and not done.file
    import os

    assert not os.path.exists(path)


def test_sweep_fails_requests_running_past_the_hard_limit(evaluator, settings):
    settings.REPORTS_TIME_LIMIT = 60
    request = _request(evaluator)
    services._claim(request.pk)
    later = timezone.now() + timedelta(seconds=61)
    ReportRequest.objects.filter(pk=request.pk).update(heartbeat_at=later)
    with mock.patch(SEND):
        assert services.report_requests_sweep(now=later)["failed"] == 1
    request.refresh_from_db()
    assert request.status == ReportStatus.FAILED and "took longer than 5 minutes" in request.message
    assert "XLSX or CSV" in request.message


def test_site_contacts_get_last_months_report_for_their_site_on_the_first(
    coordinator, site_contact_a, evaluator, mailoutbox, meetings
):
    site_contact_a.email = "a@example.org"
    site_contact_a.save()
    with mock.patch(SEND):
        assert services.monthly_reports_request(today=date(2009, 11, 2)) == []
        created = services.monthly_reports_request(today=date(2009, 11, 1))
    assert [(r.requested_by.username, r.parameters.get("site")) for r in created] == [("contact_a", "alpha")]
    assert created[0].parameters["date_from"] == "2009-10-01" and created[0].parameters["date_to"] == "2009-10-31"
    services.report_request_run(request_id=created[0].pk)
    assert [m.to[0] for m in mailoutbox] == ["a@example.org"] and f"/reports/{created[0].pk}/" in mailoutbox[0].body


def test_scheduled_reports_follow_each_programmes_duties(coordinator, evaluator, site_a, mailoutbox, meetings):
    from programmes.models import ReportingDuty
    from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory

    pilot = ProgrammeFactory(name="Pilot", starts_on=date(2008, 4, 1), ends_on=date(2010, 3, 31))
    ProgrammeSiteFactory(programme=pilot, site=site_a)
    ReportingDuty.objects.create(programme=pilot, report_kind="monitoring", frequency="quarterly", recipients="DH")
    ReportingDuty.objects.create(programme=pilot, report_kind="evaluation_pack", frequency="at_end", recipients="DH")
    coordinator.email = "c@example.org"
    coordinator.save()
    with mock.patch(SEND):
        assert services.duty_reports_request(today=date(2009, 11, 1)) == []  # not a quarter's first day
        quarter = services.duty_reports_request(today=date(2010, 1, 1))
        assert services.duty_reports_request(today=date(2010, 1, 1)) == []  # a rerun asks for nothing twice
        at_end = services.duty_reports_request(today=date(2010, 4, 1))
    assert [(r.kind, r.requested_by.username, r.parameters) for r in quarter] == [
        ("monitoring", "coord", {"programme": pilot.pk, "date_from": "2009-10-01", "date_to": "2009-12-31"})
    ]
    assert {r.kind for r in at_end} == {"monitoring", "evaluation_pack"}
    pack = next(r for r in at_end if r.kind == "evaluation_pack")
    assert (pack.parameters["date_from"], pack.parameters["date_to"]) == ("2008-04-01", "2010-03-31")
    services.report_request_run(request_id=quarter[0].pk)
    quarter[0].refresh_from_db()
    assert quarter[0].status == ReportStatus.DONE and mailoutbox[0].to == ["c@example.org"]


# --- limits -------------------------------------------------------------------------------------


def test_asking_again_for_the_same_report_while_it_is_queued_or_building_returns_that_one(evaluator, site_a):
    first = _request(evaluator, site="alpha", date_from="2009-10-01")
    with mock.patch(SEND) as send:
        again, created = services.report_request_get_or_create(
            user=evaluator, kind="monitoring", parameters={"date_from": "2009-10-01", "site": "alpha"}, fmt="json"
        )
    assert again.pk == first.pk and not created and not send.called
    services._claim(first.pk)  # being built: still the same one
    assert _request(evaluator, site="alpha", date_from="2009-10-01").pk == first.pk
    # Another format, other filters or a finished request make a new one.
    assert _request(evaluator, fmt="csv", site="alpha", date_from="2009-10-01").pk != first.pk
    assert _request(evaluator, site="alpha").pk != first.pk
    ReportRequest.objects.filter(pk=first.pk).update(status=ReportStatus.DONE)
    assert _request(evaluator, site="alpha", date_from="2009-10-01").pk != first.pk
    assert ReportRequest.objects.filter(requested_by=evaluator).count() == 4


def test_a_sixth_report_while_five_are_active_is_refused_and_finished_ones_do_not_count(evaluator, settings):
    for month in range(1, 6):
        _request(evaluator, date_from=f"2009-{month:02d}-01")
    with pytest.raises(ReportError, match="at most 5 at once"):
        _request(evaluator, date_from="2009-06-01")
    assert ReportRequest.objects.count() == 5
    ReportRequest.objects.filter(parameters__date_from="2009-01-01").update(status=ReportStatus.FAILED)
    assert _request(evaluator, date_from="2009-06-01").status == ReportStatus.QUEUED
    settings.REPORTS_MAX_ACTIVE_PER_USER = 6  # read when asked, not at start-up
    assert _request(evaluator, date_from="2009-07-01").status == ReportStatus.QUEUED


def test_the_limit_is_per_person_and_the_monthly_schedule_is_not_refused(evaluator, coordinator):
    for month in range(1, 6):
        _request(evaluator, date_from=f"2009-{month:02d}-01")
    assert _request(coordinator, date_from="2009-01-01").requested_by == coordinator
    with mock.patch(SEND):
        scheduled = services.report_request_create(
            user=evaluator, kind="monitoring", parameters={"date_from": "2009-09-01"}, fmt="pdf", scheduled=True
        )
    assert scheduled.scheduled and ReportRequest.objects.filter(requested_by=evaluator).count() == 6


# --- recovery and failure -------------------------------------------------------------------------


def test_default_lease_and_recovery_interval_rebuild_a_dead_workers_report_within_a_minute():
    from reports import conf

    # The lease runs out at most lease seconds after the last heartbeat; every worker sweeps each interval.
    assert conf.lease_seconds() + conf.recovery_seconds() <= 60
    assert conf.lease_seconds() / 4 >= 5  # the builder's heartbeat stays cheap


def test_time_limits_are_read_from_settings_when_the_task_is_sent(evaluator, settings):
    settings.REPORTS_SOFT_TIME_LIMIT, settings.REPORTS_TIME_LIMIT = 70, 90
    request = _request(evaluator)
    with mock.patch(SEND) as send:
        services.report_request_enqueue(request_id=request.pk)
    assert send.call_args.kwargs["soft_time_limit"] == 70 and send.call_args.kwargs["time_limit"] == 90


def test_two_sweeps_at_once_hand_a_silent_request_on_only_once(evaluator, settings):
    settings.REPORTS_MAX_ATTEMPTS = 2  # a lost run may be run once more
    request = _request(evaluator)
    services._claim(request.pk)
    ReportRequest.objects.filter(pk=request.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    with mock.patch(SEND) as send:
        first = services.report_requests_sweep()
        second = services.report_requests_sweep()
    assert first["requeued"] == 1 and second == {"failed": 0, "requeued": 0, "resent": 0}
    assert send.call_count == 1
    request.refresh_from_db()
    assert request.status == ReportStatus.QUEUED and request.status_line == "Waiting for another worker"


def test_a_build_whose_lease_was_taken_over_stops_without_touching_the_row(evaluator, meetings):
    from reports.kinds.monitoring import MonitoringReport

    request = _request(evaluator)

    def taken_over_midway(kind):
        # This worker looked dead; another one claimed the request in the meantime.
        ReportRequest.objects.filter(pk=request.pk).update(worker="elsewhere:1", status_line="Elsewhere")
        kind.step(50, "Counting meetings")
        raise AssertionError("the build should have stopped at the step")

    with mock.patch.object(MonitoringReport, "build", autospec=True, side_effect=taken_over_midway):
        services.report_request_run(request_id=request.pk)
    request.refresh_from_db()
    assert request.status == ReportStatus.RUNNING and request.worker == "elsewhere:1"
    assert request.status_line == "Elsewhere" and not request.file and not request.message


def test_transient_errors_are_retried_a_bounded_number_of_times_then_the_request_fails(evaluator):
    from django.db import OperationalError

    from reports.tasks import GAVE_UP, build_report

    request = _request(evaluator)
    calls = []

    def flaky(*, request_id):
        calls.append(request_id)
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch.object(services, "report_request_run", side_effect=flaky):
        result = build_report.apply(args=[str(request.pk)])
    assert result.failed() and len(calls) == build_report.max_retries + 1
    request.refresh_from_db()
    assert request.status == ReportStatus.FAILED and request.message == GAVE_UP
