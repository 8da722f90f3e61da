"""Reads: who may ask for which report, and the requests a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone

from pilot import conf
from pilot.disclosure import PROCESSORS
from pilot.models import WorkerHeartbeat
from pilot.roles import Role, role_of
from pilot.scoping import get_visible_or_404
from reports.models import PARAMETER_LABELS, SHARE_ROLES, ReportKind, ReportRequest, ReportShare, ReportStatus
from sites.models import HostSite

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


# Roles whose site progress reports carry progress-log notes (reports.kinds.base.audience_for: contact_notes).
CONTACT_NOTE_ROLES = {Role.COORDINATOR, Role.SITE_CONTACT}

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


def shared_with(*, user, limit: int | None = 50) -> list[ReportRequest]:
    """Finished reports a coordinator (or the schedule) shared with this user's role, newest share first, each
    with `shared_at`; the user's own reports are not repeated here. Coordinators get the whole library, each
    report with `readers` (its shares). Two queries."""
    shares = ReportShare.objects.visible_to(user).filter(request__status=ReportStatus.DONE)
    if role_of(user) != Role.COORDINATOR:
        shares = shares.exclude(request__requested_by=user)
    shares = shares.select_related("request__requested_by", "site").order_by("-shared_at", "-pk")
    reports: dict = {}
    for share in shares:
        report = reports.get(share.request_id)
        if report is None:
            if limit is not None and len(reports) >= limit:
                continue
            report = reports[share.request_id] = share.request
            report.shared_at, report.readers = share.shared_at, []
        report.readers.append(share)
    described = parameters_in_words(list(reports.values()))
    for report in reports.values():
        report.described = described[report.pk]
    return list(reports.values())


# Which kinds each reader may be given: the kinds they may ask for, and for the steering committee also the
# monitoring and site progress reports it reads on the network's pages. Site contacts read no questionnaire
# summaries (READ_SUMMARIES) and are given only their own site's reports.
SHARE_KINDS: dict[str, set[str]] = {
    Role.OBSERVER: set(ReportKind.values),
    Role.EVALUATOR: set(ReportKind.values),
    Role.SITE_CONTACT: {ReportKind.MONITORING, ReportKind.SITE_PROGRESS},
}


def report_site(report: ReportRequest) -> HostSite | None:
    """The one site a report is about, from its site or group filter; None when it covers more than one."""
    from groups.models import Group

    slug = report.parameters.get("site")
    if slug:
        return HostSite.objects.filter(slug=slug).first()
    group_id = report.parameters.get("group")
    if group_id:
        group = Group.objects.select_related("site").filter(pk=group_id).first()
        return group.site if group else None
    return None


def share_problem(*, report: ReportRequest, role: str) -> str | None:
    """Why this report may not be given to this role's users, in words for the coordinator; None if it may.

    A shared report is the file as it was built: it is shared only with readers whose disclosure policy allows
    everything in it (docs/reports.md, "Sharing")."""
    if role not in SHARE_ROLES:
        return "Reports are shared with the steering committee, the evaluators or a site's contacts."
    if report.status != ReportStatus.DONE or not report.file:
        return "Only a report that is ready can be shared; share it once it has been built."
    readers = SHARE_ROLES[role].lower()
    if report.kind not in SHARE_KINDS[role]:
        return f"{readers.capitalize()} do not read {report.get_kind_display().lower()}s."
    built_for = report.built_for or role_of(report.requested_by) or ""
    if report.parameters.get("figures") == "exact" and role not in PROCESSORS:
        return (
            "This report holds exact figures, which are not for publication: "
            f"{readers} may see published figures only. Ask for the same report with published figures and "
            "share that one."
        )
    if report.kind == ReportKind.SITE_PROGRESS and built_for in CONTACT_NOTE_ROLES and role != Role.SITE_CONTACT:
        return (
            "This site progress report carries the progress log's notes, which only coordinators and the site's "
            f"own contacts read, so it cannot go to {readers}. An evaluator's site progress report has no notes."
        )
    if role == Role.SITE_CONTACT:
        site = report_site(report)
        if site is None:
            return (
                "Site contacts are given only a report about their own site: this one covers more than one site. "
                "Ask for it with one site chosen and share that one."
            )
    return None


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
    # The order PARAMETER_LABELS gives, whatever the database kept: PostgreSQL's jsonb does not keep key order.
    order = {key: index for index, key in enumerate(PARAMETER_LABELS)}
    out = {}
    for request in requests:
        pairs = []
        parameters = sorted(
            (request.parameters or {}).items(), key=lambda item: (order.get(item[0], len(order)), item[0])
        )
        for key, value in parameters:
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
