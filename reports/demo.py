"""The demo's library: the pilot's reports owed to the steering committee, asked for as the schedule would.

The demo data holds no built report (a report is a file the worker writes). This asks, as the demo coordinator,
for the reports the pilot's reporting duties with readers here owed when it ended (the last quarter's monitoring
report and the evaluation pack); the worker `python3 dev.py demo` starts builds them within a minute and shares
each with the duty's readers, so the demo observer finds them under Shared with you. Safe to run again: a report
already asked for is not asked for twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model

from programmes.models import Programme, ReportingDuty
from reports.services import duty_reports_request

DEMO_COORDINATOR = "coordinator"


def load(*, out) -> list:
    """Ask for the pilot's shared duty reports; returns the requests made now (none on a rerun)."""
    coordinator = get_user_model().objects.filter(username=DEMO_COORDINATOR, is_active=True).first()
    if coordinator is None:
        out.write("  reports: no demo coordinator yet; load the demo first\n")
        return []
    created = []
    for programme in Programme.objects.filter(is_illustrative=False):
        duties = ReportingDuty.objects.filter(programme=programme).exclude(share_with="")
        day_after = programme.ends_on + timedelta(days=1)
        created += duty_reports_request(today=day_after, duties=duties, coordinators=[coordinator])
    out.write(f"  reports: {len(created)} duty reports asked for; the worker builds and shares them\n")
    return created
