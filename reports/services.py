"""Writes: asking for a report, building it, and keeping the queue and the files tidy."""

from __future__ import annotations

import logging
import os
import socket
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from pilot.audit import audit
from programmes.periods import recent_period
from reports import conf
from reports.document import ReportError
from reports.kinds import KINDS, audience_for
from reports.kinds.base import PdfTooLarge
from reports.models import (
    ACTIVE_STATUSES,
    ReportFormat,
    ReportKind,
    ReportRequest,
    ReportShare,
    ReportStatus,
    report_upload_to,
)
from reports.selectors import may_request, report_site, share_problem
from reports.writers import write

logger = logging.getLogger(__name__)

WAITING_MESSAGE = (
    "The report service cannot be reached just now. Your request is saved and will start automatically "
    "as soon as it is back; there is no need to ask again."
)
NARROWER = "choose a shorter period or one site, or ask for it as XLSX or CSV"
LOST_WORKER = (
    "The report stopped before it finished: the process building it was stopped, most likely because the report "
    f"needed more time or memory than a report may have. It is not started again by itself; {NARROWER}."
)


def too_long_message() -> str:
    """What the requester reads when a report ran into the time limit."""
    minutes = max(1, round(conf.soft_time_limit() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"The report took longer than {minutes} {unit} and was stopped. Please {NARROWER}."


GENERIC_FAILURE = "Something went wrong while building this report. The team has been told; please try again later."


def clean_parameters(parameters: dict) -> dict:
    """JSON-safe parameters without empty values."""
    out = {}
    for key, value in (parameters or {}).items():
        if value in (None, "", [], False):
            continue
        out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def with_default_period(kind: str, values: dict, today=None) -> dict:
    """The request's values with the default period filled in when it names none (no programme, no dates): the last
    12 months, never everything since the first meeting. A questionnaire summary is bounded by its questionnaire
    (and round) instead: empty dates there mean all its answers. The request form and `build_report` both use it.
    """
    if kind == ReportKind.QUESTIONNAIRE_SUMMARY or any(values.get(k) for k in ("programme", "date_from", "date_to")):
        return values
    recent = recent_period(today)
    return {**values, "date_from": recent.start, "date_to": recent.end}


def report_validate(*, user, kind: str, parameters: dict, fmt: str) -> int:
    """Raise PermissionDenied or ReportError unless this user may have this report with these filters in this
    format (PdfTooLarge: too many rows for a PDF); returns the estimated number of table rows."""
    if kind not in KINDS or fmt not in ReportFormat.values:
        raise ReportError("Unknown report kind or format.")
    if not may_request(user, kind):
        raise PermissionDenied
    report = KINDS[kind](parameters=parameters, audience=audience_for(user))  # checks sites, groups, dates
    return report.check_format(fmt)  # a few COUNT queries, before anything is queued


def _active_duplicate(*, user, kind: str, parameters: dict, fmt: str) -> ReportRequest | None:
    """This user's queued or running request of the same kind, parameters and format, if there is one."""
    candidates = ReportRequest.objects.filter(
        requested_by=user, kind=kind, format=fmt, status__in=ACTIVE_STATUSES
    ).order_by("created_at")
    # Compared here rather than in SQL: JSON equality differs between databases, and a person has few active.
    return next((r for r in candidates if r.parameters == parameters), None)


def report_request_get_or_create(
    *, user, kind: str, parameters: dict, fmt: str, scheduled: bool = False
) -> tuple[ReportRequest, bool]:
    """The user's queued or running request for the same report if there is one, else a new one sent to a
    worker once the transaction commits. Refuses (ReportError) a sixth report while five are active."""
    parameters = clean_parameters(parameters)
    report_validate(user=user, kind=kind, parameters=parameters, fmt=fmt)
    with transaction.atomic():
        # One person's asks are taken one at a time, so two quick clicks cannot pass the limit together.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        existing = _active_duplicate(user=user, kind=kind, parameters=parameters, fmt=fmt)
        if existing is not None:
            return existing, False
        limit = conf.max_active_per_user()
        active = ReportRequest.objects.filter(requested_by=user, status__in=ACTIVE_STATUSES).count()
        if not scheduled and active >= limit:
            raise ReportError(
                f"You already have {active} reports waiting or being built; one person may have at most {limit} "
                "at once. Please wait until one of them is ready, then ask again."
            )
        request = ReportRequest.objects.create(
            requested_by=user, kind=kind, parameters=parameters, format=fmt, scheduled=scheduled
        )
        audit(actor=user, action="report_request", target=request, changed_fields=["kind", "format", *parameters])
        transaction.on_commit(lambda: report_request_enqueue(request_id=request.pk))
    return request, True


def report_request_create(*, user, kind: str, parameters: dict, fmt: str, scheduled: bool = False) -> ReportRequest:
    """Save a report request and send it to a worker (or return the same one already queued or building)."""
    request, _ = report_request_get_or_create(
        user=user, kind=kind, parameters=parameters, fmt=fmt, scheduled=scheduled
    )
    return request


def report_request_retry(*, user, request: ReportRequest) -> ReportRequest:
    """Ask again for a failed or expired report with the same kind, filters and format."""
    return report_request_create(user=user, kind=request.kind, parameters=request.parameters, fmt=request.format)


def report_request_enqueue(*, request_id) -> bool:
    """Send the build task to the broker; if it cannot be reached, leave the request queued with a message."""
    from reports.tasks import build_report

    try:
        build_report.apply_async(
            args=[str(request_id)],
            # Read now rather than when the task module was imported, so that settings changes apply.
            soft_time_limit=conf.soft_time_limit(),
            time_limit=conf.hard_time_limit(),
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        )
    except Exception:  # the broker's own errors vary with the transport
        logger.warning("report %s: broker unreachable, left queued", request_id, exc_info=True)
        ReportRequest.objects.filter(pk=request_id, status=ReportStatus.QUEUED).update(
            message=WAITING_MESSAGE,
            enqueued_at=None,  # the next sweep tries again
        )
        return False
    ReportRequest.objects.filter(pk=request_id, status=ReportStatus.QUEUED).update(
        enqueued_at=timezone.now(), message=""
    )
    return True


# --- building -------------------------------------------------------------------------------


def worker_id() -> str:
    """This process, as written on the rows it builds: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:300]


class _LeaseLost(Exception):
    """Another worker took the request over (this one looked dead): stop building without touching the row."""


def _mine(request_id):
    return ReportRequest.objects.filter(pk=request_id, status=ReportStatus.RUNNING, worker=worker_id())


def _claim(request_id) -> bool:
    """Take the request for this worker: queued, or running under a worker that has gone silent."""
    now = timezone.now()
    stale = now - timedelta(seconds=conf.lease_seconds())
    claimable = Q(status=ReportStatus.QUEUED) | Q(status=ReportStatus.RUNNING, heartbeat_at__lt=stale)
    return bool(
        ReportRequest.objects.filter(claimable, pk=request_id).update(
            status=ReportStatus.RUNNING,
            worker=worker_id(),
            started_at=now,
            heartbeat_at=now,
            progress=0,
            status_line="Starting",
            message="",
            attempts=F("attempts") + 1,
        )
    )


def _fail(request_id, message: str) -> None:
    _mine(request_id).update(
        status=ReportStatus.FAILED, message=message, finished_at=timezone.now(), status_line="Failed"
    )


def report_request_fail(*, request_id, message: str) -> bool:
    """Give a queued or running request up as failed with this message (e.g. when its retries ran out)."""
    return bool(
        ReportRequest.objects.filter(pk=request_id, status__in=ACTIVE_STATUSES).update(
            status=ReportStatus.FAILED, message=message, finished_at=timezone.now(), status_line="Failed"
        )
    )


class _Progress:
    """Writes progress onto the row at most once per percentage point (and refreshes the lease)."""

    def __init__(self, request_id):
        self.request_id, self.last = request_id, -1

    def __call__(self, percent: int, line: str) -> None:
        if conf.step_delay():
            time.sleep(conf.step_delay())
        if percent <= self.last:
            return
        self.last = percent
        if not _mine(self.request_id).update(
            progress=min(percent, 99), status_line=line[:200], heartbeat_at=timezone.now()
        ):
            raise _LeaseLost


class _Heartbeat:
    """While a report is built, refresh the row's lease from a side thread, so long steps never look dead."""

    def __init__(self, request_id):
        self.request_id = request_id
        self.worker = worker_id()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"report-heartbeat-{request_id}", daemon=True)

    def _run(self) -> None:
        interval = max(0.5, conf.lease_seconds() / 4)
        mine = ReportRequest.objects.filter(pk=self.request_id, status=ReportStatus.RUNNING, worker=self.worker)
        try:
            while not self.stop.wait(interval):
                mine.update(heartbeat_at=timezone.now())
        except Exception:  # a missed heartbeat is harmless; the next one or the build itself decides
            logger.warning("report %s: heartbeat failed", self.request_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)


def _store(request: ReportRequest, report) -> str:
    """Write the report to a temporary file beside its final place, then rename it there."""
    base = f"{request.kind.replace('_', '-')}-{timezone.localtime(request.created_at):%Y-%m-%d}"
    final_dir = Path(report_upload_to(request, "x")).parent
    if hasattr(default_storage, "path"):
        directory = Path(default_storage.path(str(final_dir)))
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".part-", delete=False) as tmp:
            try:
                ext = write(report, request.format, tmp)
            except BaseException:
                os.unlink(tmp.name)
                raise
        name = str(final_dir / f"{base}.{ext}")
        os.replace(tmp.name, default_storage.path(name))
        return name
    with tempfile.TemporaryFile() as tmp:  # pragma: no cover - remote storage
        ext = write(report, request.format, tmp)
        tmp.seek(0)
        return default_storage.save(str(final_dir / f"{base}.{ext}"), File(tmp))


def report_request_run(*, request_id) -> ReportRequest | None:
    """Build a request's file (idempotent: a finished or busy request is left alone); returns the row as it ends."""
    if _claim(request_id):
        _build_claimed(request_id)
    return ReportRequest.objects.filter(pk=request_id).first()


def _build_claimed(request_id) -> None:
    from celery.exceptions import SoftTimeLimitExceeded

    request = ReportRequest.objects.select_related("requested_by").get(pk=request_id)
    user = request.requested_by
    if request.attempts > conf.max_attempts():
        # Its earlier run(s) ended without a word (worker killed: time limit, memory, SIGKILL): do not try again.
        _fail(request_id, LOST_WORKER)
        return
    if user is None or not user.is_active or not may_request(user, request.kind):
        _fail(request_id, "You may no longer ask for this report.")
        return
    audience = audience_for(user)
    try:
        kind = KINDS[request.kind](parameters=request.parameters, audience=audience, progress=_Progress(request_id))
        with _Heartbeat(request_id):
            report = kind.build()
            kind.step(97, f"Writing the {request.format.upper()} file")
            name = _store(request, report)
    except _LeaseLost:
        logger.warning("report %s: taken over by another worker, this build stops", request_id)
        return
    except ReportError as exc:
        _fail(request_id, str(exc))
        return
    except SoftTimeLimitExceeded:
        # Not retried: the same report would run into the same limit again.
        logger.warning("report %s (%s) stopped at the soft time limit", request_id, request.kind)
        _fail(request_id, too_long_message())
        return
    except Exception:
        logger.exception("report %s (%s) failed", request_id, request.kind)
        _fail(request_id, GENERIC_FAILURE)
        return
    done = _mine(request_id).update(
        status=ReportStatus.DONE,
        file=name,
        progress=100,
        status_line="Ready",
        finished_at=timezone.now(),
        built_for=audience.role or "",
    )
    request.refresh_from_db()
    if done and request.share_with:
        _share_duty_report(request, request.share_with.split())
    if done and request.scheduled:
        _email_link(request)


# --- sharing --------------------------------------------------------------------------------


def report_share(*, actor, request: ReportRequest, role: str) -> tuple[ReportShare, bool]:
    """Give a finished report to every user of `role` (site contacts: of the one site it is about); refuses
    (ReportError) what the readers' disclosure policy would not let them see. Returns (share, created)."""
    problem = share_problem(report=request, role=role)
    if problem:
        raise ReportError(problem)
    site = report_site(request) if role == "site_contact" else None
    with transaction.atomic():
        share, created = ReportShare.objects.get_or_create(
            request=request, role=role, site=site, defaults={"shared_by": actor}
        )
        # The committee meets quarterly: a shared file is kept for its readers well past the usual expiry.
        keep_until = share.shared_at + timedelta(days=conf.shared_expiry_days())
        ReportRequest.objects.filter(pk=request.pk, expires_at__lt=keep_until).update(expires_at=keep_until)
        if created:
            audit(
                actor=actor,
                action="create",
                target=share,
                changed_fields=["role", "site"] if site else ["role"],
                detail=f"shared {request.kind} {request.pk} with {share.readers}",
            )
    return share, created


def report_unshare(*, actor, share: ReportShare) -> None:
    """Take a report back from the readers it was shared with (the file stays with the person who asked)."""
    audit(
        actor=actor,
        action="delete",
        target=share,
        detail=f"unshared {share.request.kind} {share.request_id} from {share.readers}",
    )
    share.delete()


def _share_duty_report(request: ReportRequest, roles: list[str]) -> None:
    """Share a duty's report, built for a coordinator, with the duty's readers as far as their policy allows."""
    for role in roles:
        try:
            report_share(actor=None, request=request, role=role)
        except ReportError as exc:
            logger.warning("report %s not shared with %s: %s", request.pk, role, exc)


def _email_link(request: ReportRequest) -> None:
    user = request.requested_by
    if not user or not user.email:
        return
    link = conf.site_url() + request.get_absolute_url()
    send_mail(
        subject=f"Your monthly {request.get_kind_display().lower()} is ready",
        message=(
            f"Hello {user.first_name or user.get_username()},\n\nYour monthly {request.get_kind_display().lower()} "
            f"is ready to download (sign in first):\n{link}\n\nThe file is kept until "
            f"{timezone.localtime(request.expires_at):%d/%m/%Y}.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def report_request_reset_for_retry(*, request_id) -> None:
    """After a transient error, hand the request back to the queue so the task's retry can claim it.

    The run ended with a word, so it does not count as a lost one (the task bounds its own retries)."""
    _mine(request_id).update(
        status=ReportStatus.QUEUED, status_line="Waiting to try again", progress=0, attempts=F("attempts") - 1
    )


# --- housekeeping ---------------------------------------------------------------------------


def report_requests_expire(*, now=None) -> int:
    """Delete the files of requests past their expiry date and mark them expired; returns how many."""
    now = now or timezone.now()
    count = 0
    for request in ReportRequest.objects.filter(expires_at__lt=now).exclude(status=ReportStatus.EXPIRED):
        if request.status == ReportStatus.RUNNING:
            continue
        if request.file:
            request.file.delete(save=False)
        ReportRequest.objects.filter(pk=request.pk).update(status=ReportStatus.EXPIRED, file="", status_line="Expired")
        count += 1
    return count


def report_requests_sweep(*, now=None) -> dict:
    """Fail requests running past the hard time limit or whose worker was lost after their last allowed run, hand
    other silent ones to a new worker, resend forgotten ones.

    Every worker runs this as it starts and then every `REPORTS_RECOVERY_SECONDS` (beat too, every 5 minutes);
    each row is taken by a conditional UPDATE, so workers sweeping at once send each request only once.
    """
    now = now or timezone.now()
    hard = now - timedelta(seconds=conf.hard_time_limit())
    failed = ReportRequest.objects.filter(status=ReportStatus.RUNNING, started_at__lt=hard).update(
        status=ReportStatus.FAILED,
        finished_at=now,
        status_line="Failed",
        message=too_long_message(),
    )
    stale = now - timedelta(seconds=conf.lease_seconds())
    # A worker that went silent was killed (hard time limit, memory, SIGKILL): its request is not run again for ever.
    failed += ReportRequest.objects.filter(
        status=ReportStatus.RUNNING, heartbeat_at__lt=stale, attempts__gte=conf.max_attempts()
    ).update(status=ReportStatus.FAILED, finished_at=now, status_line="Failed", message=LOST_WORKER)
    silent = ReportRequest.objects.filter(status=ReportStatus.RUNNING, heartbeat_at__lt=stale)
    requeued = []
    for pk in silent.values_list("pk", flat=True):
        if ReportRequest.objects.filter(pk=pk, status=ReportStatus.RUNNING, heartbeat_at__lt=stale).update(
            status=ReportStatus.QUEUED, status_line="Waiting for another worker", progress=0, enqueued_at=now
        ):
            requeued.append(pk)
    forgotten = now - timedelta(seconds=conf.requeue_after_seconds())
    never_sent = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=forgotten)
    waiting = []
    for pk in ReportRequest.objects.filter(never_sent, status=ReportStatus.QUEUED).values_list("pk", flat=True):
        if ReportRequest.objects.filter(never_sent, pk=pk, status=ReportStatus.QUEUED).update(enqueued_at=now):
            waiting.append(pk)
    resent = sum(report_request_enqueue(request_id=pk) for pk in requeued + waiting)
    return {"failed": failed, "requeued": len(requeued), "resent": resent}


def _scheduled_create(*, user, kind: str, parameters: dict, fmt: str) -> ReportRequest:
    """A scheduled request; one too large for a PDF is asked for as XLSX (nobody is at the form to choose)."""
    try:
        return report_request_create(user=user, kind=kind, parameters=parameters, fmt=fmt, scheduled=True)
    except PdfTooLarge as exc:
        logger.warning("scheduled %s report asked for as XLSX instead of PDF: %s", kind, exc)
        return report_request_create(
            user=user, kind=kind, parameters=parameters, fmt=ReportFormat.XLSX, scheduled=True
        )


def monthly_reports_request(*, today=None) -> list[ReportRequest]:
    """On the first of the month: last month's monitoring report for every site contact about their site."""
    from pilot.roles import Role

    today = today or timezone.localdate()
    if today.day != 1:
        return []
    last_day = today - timedelta(days=1)
    dates = {"date_from": last_day.replace(day=1).isoformat(), "date_to": last_day.isoformat()}
    created = []
    users = get_user_model().objects.filter(is_active=True, groups__name=Role.SITE_CONTACT)
    for user in users.distinct().prefetch_related("site_memberships__site"):
        if not may_request(user, "monitoring"):
            continue
        for membership in user.site_memberships.all():
            params = {**dates, "site": membership.site.slug}
            created.append(_scheduled_create(user=user, kind="monitoring", parameters=params, fmt="pdf"))
    return created


def duty_period(duty, today) -> tuple | None:
    """The period a reporting duty's report covers if it falls due today (the day after that period), else None."""
    programme = duty.programme
    yesterday = today - timedelta(days=1)
    if duty.frequency == "at_end":
        return (programme.starts_on, programme.ends_on) if yesterday == programme.ends_on else None
    if yesterday < programme.starts_on or yesterday > programme.ends_on:
        return None
    months = {"monthly": 1, "quarterly": 3, "annually": 12}[duty.frequency]
    if today.day != 1 or (today.month - 1) % months:
        return None
    first_month = (today.year * 12 + today.month - 1) - months
    start = today.replace(year=first_month // 12, month=first_month % 12 + 1, day=1)
    return max(start, programme.starts_on), min(yesterday, programme.ends_on)


def duty_reports_request(*, today=None, duties=None, coordinators=None) -> list[ReportRequest]:
    """Every programme's reporting duties that fall due today (or these `duties`), built for each coordinator (or
    these), once: a rerun finds the request it made and asks for nothing new. The first coordinator's copy is shared
    with the duty's readers here (`share_with`) as soon as it is built."""
    from pilot.roles import Role
    from programmes.models import ReportingDuty

    today = today or timezone.localdate()
    if coordinators is None:
        coordinators = (
            get_user_model().objects.filter(is_active=True, groups__name=Role.COORDINATOR).distinct().order_by("pk")
        )
    coordinators = list(coordinators)
    duties = ReportingDuty.objects.all() if duties is None else duties
    created = []
    for duty in duties.select_related("programme"):
        period = duty_period(duty, today)
        if period is None:
            continue
        params = clean_parameters(
            {"programme": duty.programme_id, "date_from": period[0].isoformat(), "date_to": period[1].isoformat()}
        )
        for index, user in enumerate(coordinators):
            # A PDF too large is asked for as XLSX instead (_scheduled_create): either counts as asked.
            formats = [duty.format, ReportFormat.XLSX] if duty.format == ReportFormat.PDF else [duty.format]
            asked = ReportRequest.objects.filter(
                requested_by=user, kind=duty.report_kind, format__in=formats, scheduled=True
            ).values_list("parameters", flat=True)
            if params in list(asked):  # compared here: JSON equality differs between SQLite and PostgreSQL
                continue
            request = _scheduled_create(user=user, kind=duty.report_kind, parameters=params, fmt=duty.format)
            if index == 0 and duty.share_with:
                # One copy goes to the duty's readers; it is shared when the worker has built it.
                ReportRequest.objects.filter(pk=request.pk).update(share_with=duty.share_with)
            created.append(request)
    return created
