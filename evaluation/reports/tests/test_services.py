"""Requesting, claiming, building, failing, expiring and sweeping report requests."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from evaluation.reports import services
from evaluation.reports.document import ReportError
from evaluation.reports.models import ReportRequest, ReportStatus
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db
SEND = "evaluation.reports.tasks.build_report.apply_async"


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
    with mock.patch("evaluation.reports.kinds.monitoring.MonitoringReport.build", side_effect=ReportError("No data.")):
        assert services.report_request_run(request_id=request.pk).status == ReportStatus.FAILED
    request.refresh_from_db()
    assert request.message == "No data."
    other = _request(evaluator)
    with mock.patch("evaluation.reports.kinds.monitoring.MonitoringReport.build", side_effect=KeyError("secret")):
        services.report_request_run(request_id=other.pk)
    other.refresh_from_db()
    assert other.status == ReportStatus.FAILED and "secret" not in other.message
    assert "failed" in caplog.text


def test_soft_time_limit_becomes_a_readable_failure(evaluator):
    from celery.exceptions import SoftTimeLimitExceeded

    request = _request(evaluator)
    with mock.patch("evaluation.reports.kinds.monitoring.MonitoringReport.build", side_effect=SoftTimeLimitExceeded):
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
    assert request.status == ReportStatus.FAILED and "time allowed" in request.message


def test_monthly_reports_go_to_coordinators_and_to_site_contacts_for_their_site(
    coordinator, site_contact_a, evaluator, mailoutbox, meetings
):
    coordinator.email, site_contact_a.email = "c@example.org", "a@example.org"
    coordinator.save()
    site_contact_a.save()
    with mock.patch(SEND):
        created = services.monthly_reports_request(today=timezone.datetime(2009, 11, 1).date())
    assert {(r.requested_by.username, r.parameters.get("site")) for r in created} == {
        ("coord", None),
        ("contact_a", "alpha"),
    }
    assert all(r.parameters["date_from"] == "2009-10-01" and r.parameters["date_to"] == "2009-10-31" for r in created)
    for r in created:
        services.report_request_run(request_id=r.pk)
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "c@example.org"]
    assert f"/reports/{created[0].pk}/" in mailoutbox[0].body or f"/reports/{created[1].pk}/" in mailoutbox[0].body
