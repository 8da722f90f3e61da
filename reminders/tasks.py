"""Thin beat tasks: each calls one service; the SentReminder keys make a rerun send nothing twice."""

from __future__ import annotations

from pilot.celery import app
from reminders import services


@app.task(name="reminders.unregistered_meetings")
def unregistered_meetings() -> int:
    return services.remind_unregistered_meetings()


@app.task(name="reminders.coordinators_weekly")
def coordinators_weekly() -> int:
    return services.remind_coordinators_weekly()


@app.task(name="reminders.site_contacts_monthly")
def site_contacts_monthly() -> int:
    return services.remind_site_contacts_monthly()


@app.task(name="reminders.digests")
def digests() -> int:
    return services.send_digests()
