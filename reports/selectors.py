"""Reads: who may ask for which report, and the requests a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone

from pilot import conf
from pilot.models import WorkerHeartbeat
from pilot.roles import Role, role_of
from pilot.scoping import get_visible_or_404
from reports.models import PARAMETER_LABELS, ReportKind, ReportRequest, ReportStatus

KIND_ROLES: dict[str, set[Role]] = {
    ReportKind.QUESTIONNAIRE_SUMMARY: {Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER},
    ReportKind.MONITORING: {Role.COORDINATOR, Role.EVALUATOR, Role.SITE_CONTACT, Role.FACILITATOR},
    ReportKind.SITE_PROGRESS: {Role.COORDINATOR, Role.EVALUATOR, Role.SITE_CONTACT},
    ReportKind.EVALUATION_PACK: {Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER},
}


def may_request(user, kind: str) -> bool:
    """Whether the user may ask for reports of this kind (their scope is applied when it is built)."""
    if not user or not user.is_authenticated or not user.has_perm("reports.add_reportrequest"):
        return False
    return role_of(user) in KIND_ROLES.get(kind, set())


KIND_HELP = {
    ReportKind.QUESTIONNAIRE_SUMMARY: (
        "Frequency tables and charts of a questionnaire's answers, by round, site or group."
    ),
    ReportKind.MONITORING: "Meetings scheduled, registered and cancelled, attendance, newcomers, tools and training.",
    ReportKind.SITE_PROGRESS: "Status history, timeline, health flags, progress log and the training pipeline.",
    ReportKind.EVALUATION_PACK: "The network at a glance, delivery, budget, training, members, site variations.",
}


def kinds_for(user) -> list[tuple[str, str, str]]:
    """(kind, label, one-line description) for each kind this user may request."""
    return [(value, label, KIND_HELP[value]) for value, label in ReportKind.choices if may_request(user, value)]


def report_requests_for(*, user):
    """The user's own report requests, newest first (coordinators see their own here too)."""
    return ReportRequest.objects.visible_to(user).filter(requested_by=user).select_related("requested_by")


def _lookup(queryset, field: str, values: set, words) -> dict[str, str]:
    """str(value) -> its words, for the values found (one query); values not found are left as they are."""
    if not values:
        return {}
    if field == "pk":
        values = {int(v) for v in values if str(v).isdigit()}
    return {str(getattr(obj, field)): words(obj) for obj in queryset.filter(**{f"{field}__in": values})}


def parameters_in_words(requests) -> dict:
    """For each request, its parameters as (label, words) pairs: "Collection round: Autumn 2009 members'
    questionnaire, Birmingham and Solihull", the questionnaire's title, a site's name, dates the UK way.
    One query per kind of object over all the requests (the reports list shows 50)."""
    from evaluation.models import CollectionRound, Questionnaire
    from groups.models import Group
    from programmes.models import Programme
    from sites.models import HostSite

    wanted: dict[str, set] = {}
    for request in requests:
        for key, value in (request.parameters or {}).items():
            wanted.setdefault(key, set()).add(str(value))

    def lookup(key, queryset, field, words):
        return _lookup(queryset, field, wanted.get(key, set()), words)

    names = {
        "questionnaire": lookup("questionnaire", Questionnaire.objects, "form_id", lambda q: q.title),
        "round": lookup(
            "round", CollectionRound.objects.select_related("site"), "pk", lambda r: f"{r.name}, {r.site.name}"
        ),
        "site": lookup("site", HostSite.objects, "slug", lambda s: s.name),
        "group": lookup("group", Group.objects.select_related("site"), "pk", lambda g: f"{g.site.name}: {g.name}"),
        "programme": lookup("programme", Programme.objects, "pk", lambda p: p.name),
    }
    out = {}
    for request in requests:
        pairs = []
        for key, value in (request.parameters or {}).items():
            label = PARAMETER_LABELS.get(key, key.replace("_", " ").capitalize())
            if key in names:
                words = names[key].get(str(value), str(value))
            elif key in ("date_from", "date_to") and isinstance(value, str) and len(value) == 10:
                words = f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
            elif key == "figures":
                words = "exact, not for publication" if value == "exact" else "published"
            elif value is True:
                words = "yes"
            else:
                words = str(value)
            pairs.append((label, words))
        out[request.pk] = pairs
    return out


def get_report_request_for_user(request, pk) -> ReportRequest:
    """The request if this user may see it; 404 otherwise (never a hint that it exists)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return get_visible_or_404(
        ReportRequest.objects.visible_to(request.user).select_related("requested_by"), request.user, pk=pk
    )


@dataclass(frozen=True)
class WorkerStatus:
    """Whether a background worker is running, as the start page and the reports pages tell it."""

    running: bool
    workers: list  # the WorkerHeartbeat rows of the workers running now, most recently seen first
    last_seen: WorkerHeartbeat | None  # the most recently seen worker, running or not
    queued: int  # reports waiting for a worker, over the whole network
    building: int  # reports being built
    stale_after: timedelta  # silence after which a worker no longer counts as running

    @property
    def last_seen_at(self) -> datetime | None:
        return self.last_seen.seen_at if self.last_seen else None


def worker_status(*, now: datetime | None = None) -> WorkerStatus:
    """Running means a worker wrote its heartbeat within PILOT_WORKER_STALE_SECONDS and has not shut down.

    Two queries: the heartbeats seen within that time together with the last one ever seen, and the counts.
    """
    now = now or timezone.now()
    stale_after = timedelta(seconds=conf.worker_stale_seconds())
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values("pk")[:1]
    recent = list(
        WorkerHeartbeat.objects.filter(Q(seen_at__gte=now - stale_after) | Q(pk__in=latest)).order_by("-seen_at")
    )
    running = [w for w in recent if w.stopped_at is None and w.seen_at >= now - stale_after]
    counts = ReportRequest.objects.aggregate(
        queued=Count("pk", filter=Q(status=ReportStatus.QUEUED)),
        building=Count("pk", filter=Q(status=ReportStatus.RUNNING)),
    )
    return WorkerStatus(
        running=bool(running),
        workers=running,
        last_seen=recent[0] if recent else None,
        queued=counts["queued"],
        building=counts["building"],
        stale_after=stale_after,
    )
