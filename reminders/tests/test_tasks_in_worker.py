"""The beat task run by a real worker process sends through a real SMTP server, and a rerun sends nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from pilot.testing.services import require
from pilot.testing.worker import WorkerProcess, broker_reachable, wait_for
from reminders.models import SentReminder
from reminders.tasks import unregistered_meetings
from reminders.tests.conftest import set_meeting


@pytest.mark.worker
def test_the_unregistered_meetings_task_sends_once_from_a_real_worker(
    transactional_db, smtp_server, monkeypatch, tmp_path, facilitator_a, group_a
):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    yesterday = timezone.localdate() - timedelta(days=1)
    group_a.weekday = yesterday.weekday()
    group_a.save()
    set_meeting(group_a, since=yesterday - timedelta(days=28))
    facilitator_a.email = "fac_a@example.org"
    facilitator_a.save()
    # The child process reads its email settings from the environment, as in production.
    monkeypatch.setenv("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("EMAIL_PORT", str(smtp_server.port))
    worker = WorkerProcess(tmp_path).start()
    try:
        unregistered_meetings.delay()
        assert wait_for(lambda: smtp_server.messages(), timeout=60)
        unregistered_meetings.delay()
        wait_for(lambda: worker.log_path.read_text().count("succeeded") >= 2, timeout=60)
    finally:
        worker.stop()
    (message,) = smtp_server.messages()
    assert message["To"] == "fac_a@example.org" and group_a.name in message.get_payload(decode=True).decode()
    assert SentReminder.objects.filter(user=facilitator_a, group=group_a, day=yesterday).count() == 1
