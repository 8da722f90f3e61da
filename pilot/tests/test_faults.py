"""Fault behaviour: an unreachable database or broker never gives a 500 or loses a request."""

import os
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client


@pytest.fixture
def database_made_unreachable(settings):
    """Point the live connection at a database that cannot be reached, for real; restore afterwards."""
    settings.DEBUG = False
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens on port 1
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.fixture
def signed_in_client(coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    return client


@pytest.mark.django_db(transaction=True)
def test_database_unavailable_gives_a_clean_503(signed_in_client, database_made_unreachable):
    # The session lookup itself fails here, before any view runs.
    response = signed_in_client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Temporarily unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "60"


@contextmanager
def broker_unreachable():
    """Point this process's Celery app at a port where no broker listens (a real refusal), then restore it."""
    from pilot.celery import app

    dead = "redis://127.0.0.1:1/0"
    saved, saved_env = app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = dead
    app.conf.broker_url = dead
    try:
        yield
    finally:
        app.conf.broker_url = saved
        if saved_env is None:
            del os.environ["CELERY_BROKER_URL"]
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        reset_pools()


@pytest.mark.worker
def test_broker_down_report_request_is_saved_queued_and_built_once_it_returns(
    evaluator, group_a, celery_worker_process
):
    from pilot.testing.worker import wait_for
    from reports.models import ReportRequest
    from reports.services import report_requests_sweep

    client = Client(raise_request_exception=False)
    client.force_login(evaluator)
    with broker_unreachable():
        response = client.post("/reports/new/monitoring/", {"format": "json"})
    assert response.status_code == 302, response.content.decode()[:500]
    request = ReportRequest.objects.get()
    assert request.status == "queued" and "automatically" in request.message
    assert request.enqueued_at is None

    # The broker is back: the periodic sweep sends what waited, and a worker builds it.
    assert report_requests_sweep()["resent"] == 1
    done = wait_for(lambda: ReportRequest.objects.filter(pk=request.pk, status="done").first(), timeout=90)
    assert done.file and done.progress == 100
