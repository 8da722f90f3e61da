"""The start page's panels from the reports app: the reports shared with the reader (the steering committee's
library), an evaluator's evaluation pack and own reports, and for the coordinator whether a worker runs."""

from __future__ import annotations

from pilot.dashboard import Panel
from pilot.roles import Role, role_of
from reports.models import ReportKind, ReportStatus
from reports.selectors import may_request, report_requests_for, shared_with, worker_status

LATEST = 4


def panels(user) -> list[Panel]:
    """Each role's reports panels; `order` puts the steering committee's library first on its start page."""
    role = role_of(user)
    if role is None:
        return []
    if role == Role.COORDINATOR:
        return [Panel("Background worker", "reports/_panel_worker.html", {"worker": worker_status()}, 900)]
    shared = shared_with(user=user, limit=LATEST)
    out = []
    if role == Role.OBSERVER:
        out.append(Panel("Shared with you", "reports/_panel_shared.html", {"reports": shared}, 5))
    elif role == Role.EVALUATOR:
        out.append(Panel("Shared with you", "reports/_panel_shared.html", {"reports": shared}, 25))
        out.append(Panel("Evaluation pack", "reports/_panel_pack.html", pack_context(user, shared), 30))
        mine = list(report_requests_for(user=user)[:LATEST])
        out.append(Panel("Your reports", "reports/_panel_mine.html", {"reports": mine}, 35))
    elif shared:  # a site contact (or facilitator) given their site's reports
        out.append(Panel("Shared with you", "reports/_panel_shared.html", {"reports": shared}, 45))
    return out


def pack_context(user, shared) -> dict:
    """The latest evaluation pack the user may download (their own or one shared with them), and whether they may
    ask for a new one."""
    own = (
        report_requests_for(user=user)
        .filter(kind=ReportKind.EVALUATION_PACK, status=ReportStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
    given = next((r for r in shared if r.kind == ReportKind.EVALUATION_PACK), None)
    latest = max((r for r in (own, given) if r), key=lambda r: r.finished_at or r.created_at, default=None)
    return {"latest": latest, "may_request": may_request(user, ReportKind.EVALUATION_PACK)}
