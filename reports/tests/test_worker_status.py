"""One selector says whether a background worker is running; the start page and the reports pages use it."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from pilot.services import worker_heartbeat_beat, worker_heartbeat_stop
from reports import services
from reports.models import ReportRequest, ReportStatus
from reports.selectors import worker_status

pytestmark = pytest.mark.django_db
SEND = "reports.tasks.build_report.apply_async"
NOON = datetime.datetime(2009, 10, 5, 12, 0, tzinfo=datetime.UTC)


def _request(user, **params):
    with mock.patch(SEND):
        return services.report_request_create(user=user, kind="monitoring", parameters=params, fmt="pdf")


def test_running_only_while_a_heartbeat_is_fresher_than_the_setting(settings):
    settings.PILOT_WORKER_STALE_SECONDS = 120
    with time_machine.travel(NOON, tick=False):
        assert not worker_status().running and worker_status().last_seen is None
        worker_heartbeat_beat(hostname="celery@a", pid=10, doing="idle")
    with time_machine.travel(NOON + datetime.timedelta(seconds=119), tick=False):
        status = worker_status()
        assert status.running and [w.hostname for w in status.workers] == ["celery@a"]
    with time_machine.travel(NOON + datetime.timedelta(seconds=121), tick=False):
        status = worker_status()
        assert not status.running and status.workers == [] and status.last_seen.hostname == "celery@a"
        settings.PILOT_WORKER_STALE_SECONDS = 300  # read at call time
        assert worker_status().running


def test_a_worker_that_shut_down_cleanly_is_not_running_and_another_live_one_is(settings):
    with time_machine.travel(NOON, tick=False):
        worker_heartbeat_beat(hostname="celery@a", pid=10)
        worker_heartbeat_beat(hostname="celery@b", pid=20)
        worker_heartbeat_stop(hostname="celery@a", pid=10)
        status = worker_status()
        assert status.running and [w.hostname for w in status.workers] == ["celery@b"]
        worker_heartbeat_stop(hostname="celery@b", pid=20)
        assert not worker_status().running


def test_each_worker_process_has_one_row_that_each_beat_refreshes():
    from pilot.models import WorkerHeartbeat

    with time_machine.travel(NOON, tick=False):
        worker_heartbeat_beat(hostname="celery@a", pid=10, doing="idle")
    with time_machine.travel(NOON + datetime.timedelta(seconds=30), tick=False):
        worker_heartbeat_beat(hostname="celery@a", pid=10, doing="building a report")
        worker_heartbeat_beat(hostname="celery@a", pid=11)  # restarted: a new process, a new row
    rows = WorkerHeartbeat.objects.order_by("pid")
    assert [(r.pid, r.doing, r.seen_at) for r in rows] == [
        (10, "building a report", NOON + datetime.timedelta(seconds=30)),
        (11, "", NOON + datetime.timedelta(seconds=30)),
    ]
    assert rows[0].started_at == NOON


def test_the_queue_counts_cover_the_whole_network(evaluator, coordinator):
    a = _request(evaluator, date_from="2009-01-01")
    _request(evaluator, date_from="2009-02-01")
    _request(coordinator)
    services._claim(a.pk)
    ReportRequest.objects.create(requested_by=coordinator, kind="monitoring", status=ReportStatus.DONE)
    status = worker_status()
    assert (status.queued, status.building) == (2, 1)


def test_a_queued_reports_page_says_plainly_that_no_worker_is_running(evaluator, client_for):
    report = _request(evaluator)
    client = client_for(evaluator)
    for url in (report.get_absolute_url(), reverse("reports:status", args=[report.pk])):
        page = client.get(url).content.decode()
        assert "Not started: no worker running" in page and "No worker is running" in page
        assert "Waiting for a worker" not in page
        assert "hx-trigger" in page  # it keeps watching, and starts showing progress once a worker runs
    worker_heartbeat_beat(hostname="celery@a", pid=10)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Waiting for a worker: 0%" in page and "No worker" not in page


def test_a_report_whose_worker_died_says_it_will_be_built_again(evaluator, client_for, settings):
    report = _request(evaluator)
    services._claim(report.pk)
    with time_machine.travel(NOON, tick=False):
        worker_heartbeat_beat(hostname="celery@a", pid=10)
    page = client_for(evaluator).get(reverse("reports:status", args=[report.pk])).content.decode()
    assert "Stopped at 0%: no worker running" in page and "will be built again" in page


def test_the_reports_page_and_the_start_page_agree(evaluator, coordinator, client_for):
    _request(coordinator)
    home = client_for(coordinator).get("/").content.decode()
    reports = client_for(evaluator).get(reverse("reports:index")).content.decode()
    assert "No worker running" in home and "No worker running" in reports
    assert "No background worker has been seen yet" in home and "Reports: 1 queued, 0 being built." in home
    worker_heartbeat_beat(hostname="celery@a", pid=10, doing="idle")
    home = client_for(coordinator).get("/").content.decode()
    reports = client_for(evaluator).get(reverse("reports:index")).content.decode()
    assert "Running." in home and "celery@a (process 10): idle" in home
    assert "Background worker: <strong>running</strong>" in reports and "1 waiting, 0 being built" in reports
    assert "celery@a" not in reports  # host names are for the coordinator's panel only


def test_a_finished_reports_page_does_not_ask_about_workers(evaluator, client_for):
    report = _request(evaluator)
    ReportRequest.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, message="Broken")
    page = client_for(evaluator).get(report.get_absolute_url()).content.decode()
    assert "Broken" in page and "worker" not in page.lower().split("<main", 1)[1]
