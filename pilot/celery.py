"""The Celery application: configured from Django settings (CELERY_*), tasks autodiscovered per app."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")

app = Celery("pilot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """The filesystem broker needs its folders before anyone sends or reads."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


ensure_broker_folders()


@worker_init.connect
def _worker_init(**kwargs) -> None:
    ensure_broker_folders()


# Periodic tasks (run `celery -A pilot beat`). Schedules kept here in code; django-celery-beat's
# database scheduler picks them up alongside any added in the admin.
from celery.schedules import crontab  # noqa: E402

app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "reports-expire": {"task": "reports.expire", "schedule": crontab(minute=15, hour=3)},
    "reports-sweep": {"task": "reports.sweep", "schedule": 300.0},
    "reports-monthly": {"task": "reports.monthly", "schedule": crontab(minute=0, hour=6, day_of_month=1)},
}
