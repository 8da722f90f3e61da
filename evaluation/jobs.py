"""Imports and exports of responses run by the worker: a ResponseJob row is the truth (docs/questionnaires.md).

An import is checked (status `checked`, with the preview the web shows for small files), then saved only
once its owner confirms; it is checked again then, and saved in one transaction or not at all. An export
is written to a file row by row and downloaded from the job's page until it expires.
"""

from __future__ import annotations

import datetime
import logging
import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from evaluation import conf
from evaluation.bulk import ImportFailed, responses_import, responses_preview
from evaluation.export import export_rows, write_csv_to, write_xlsx_to
from evaluation.models import CollectionRound, Questionnaire, ResponseJob
from groups.models import Group
from pilot.audit import audit
from pilot.permissions import allows
from pilot.roles import Capability
from pilot.uploads import check_upload
from sites.models import HostSite

logger = logging.getLogger(__name__)
Status = ResponseJob.Status
WAITING = (
    "The background worker cannot be reached just now. The job is saved and will start as soon as the worker is back."
)
NOT_IMPORTED = "The file was not imported; nothing was saved. Correct the problems below and upload it again."
BROKE = "Something went wrong while working on this file; nothing was saved. The team has been told."
EXPORT_BROKE = "Something went wrong while writing this export. The team has been told; ask for it again."
FORMATS = ("csv", "xlsx")


def _expiry(*, hours: int = 0, days: int = 0) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours, days=days)


def import_job_create(
    *, questionnaire: Questionnaire, uploaded_file, round: CollectionRound | None, actor
) -> ResponseJob:
    """Keep a large file of responses as a job for the worker to check; the cheap checks (format, size) first."""
    try:
        kind = check_upload(uploaded_file, allowed={"csv", "xlsx"}, max_bytes=conf.import_max_bytes())
    except ValidationError as exc:
        raise ImportFailed(exc.messages) from exc
    jobs_expire()
    uploaded_file.seek(0)
    with transaction.atomic():
        job = ResponseJob(
            kind=ResponseJob.Kind.IMPORT, owner=actor, questionnaire=questionnaire, round=round,
            filename=uploaded_file.name[:200], expires_at=_expiry(hours=conf.pending_upload_hours()),
            status_line="Waiting to be checked",
        )  # fmt: skip
        job.file.save(f"upload.{kind}", File(uploaded_file), save=False)
        job.save()
        audit(actor=actor, action="import", target=job, changed_fields=["file"], detail="queued to be checked")
        transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    return job


def import_job_confirm(*, job: ResponseJob, actor) -> ResponseJob:
    """Send a checked import back to the worker to be saved (checked again: rounds may have changed)."""
    claimed = ResponseJob.objects.filter(pk=job.pk, kind=ResponseJob.Kind.IMPORT, status=Status.CHECKED).update(
        status=Status.QUEUED, confirmed=True, progress=0, status_line="Waiting to be saved", message=""
    )
    if not claimed:
        raise ValidationError("This file is not waiting for confirmation (already imported, failed or expired).")
    audit(actor=actor, action="import", target=job, changed_fields=["answers"], detail="confirmed, queued to be saved")
    transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def export_job_create(
    *, questionnaire: Questionnaire, filters: dict, fmt: str, per_choice: bool, actor
) -> ResponseJob:
    """Ask the worker for an export of responses (the responses table's filters) in CSV or XLSX."""
    if fmt not in FORMATS:
        raise ValidationError(f"Unknown export format '{fmt}'.")
    parameters = {"format": fmt, "per_choice": per_choice}
    for name in ("round", "site", "group"):
        if filters.get(name) is not None:
            parameters[name] = filters[name].pk
    for name in ("date_from", "date_to"):
        if filters.get(name) is not None:
            parameters[name] = filters[name].isoformat()
    jobs_expire()
    day = timezone.localdate().isoformat()
    with transaction.atomic():
        job = ResponseJob.objects.create(
            kind=ResponseJob.Kind.EXPORT, owner=actor, questionnaire=questionnaire, parameters=parameters,
            filename=f"{questionnaire.form_id}-responses-{day}.{fmt}", status_line="Waiting to be written",
        )  # fmt: skip
        audit(actor=actor, action="export", target=job, changed_fields=["answers"], detail=f"{fmt} export queued")
        transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    return job


def job_enqueue(*, job_id) -> bool:
    """Send the job to the broker; if it cannot be reached, leave it queued with a message."""
    from evaluation.tasks import response_job

    try:
        response_job.apply_async(
            args=[str(job_id)],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        )
    except Exception:  # the broker's own errors vary with the transport
        logger.warning("responses job %s: broker unreachable, left queued", job_id, exc_info=True)
        ResponseJob.objects.filter(pk=job_id, status=Status.QUEUED).update(message=WAITING)
        return False
    return True


def job_run(*, job_id) -> None:
    """The worker's side: check, save or export; the outcome, errors included, is written onto the job."""
    claimed = ResponseJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=1, message=""
    )
    if not claimed:
        # Running or finished already: a second delivery changes nothing (two saves of one file must never run
        # side by side). A job whose worker died is failed by jobs_sweep; its transaction saved nothing.
        return
    job = ResponseJob.objects.select_related("owner", "questionnaire", "round").get(pk=job_id)
    if not allows(job.owner, Capability.MANAGE_QUESTIONNAIRES) or not (
        Questionnaire.objects.visible_to(job.owner).filter(pk=job.questionnaire_id).exists()
    ):
        _finish(job, status=Status.FAILED, message="You may no longer import or export these responses.")
        return
    try:
        if job.kind == ResponseJob.Kind.EXPORT:
            _export(job)
        else:
            _import(job)
    except ImportFailed as exc:
        _finish(job, status=Status.FAILED, message=NOT_IMPORTED, errors=exc.messages)
    except Exception:
        logger.exception("responses job %s failed", job_id)
        _finish(job, status=Status.FAILED, message=EXPORT_BROKE if job.kind == ResponseJob.Kind.EXPORT else BROKE)


def _progress(job_id, percent: int, line: str) -> None:
    ResponseJob.objects.filter(pk=job_id).update(progress=max(1, min(99, percent)), status_line=line[:200])


def _import(job: ResponseJob) -> None:
    rounds = CollectionRound.objects.visible_to(job.owner)
    with job.file.storage.open(job.file.name, "rb") as upload:
        if not job.confirmed:
            _progress(job.pk, 5, "Checking every row")
            preview = responses_preview(
                questionnaire=job.questionnaire, uploaded_file=upload, round=job.round, rounds=rounds,
                progress=lambda percent, line: _progress(job.pk, percent, line),
            )  # fmt: skip
            ResponseJob.objects.filter(pk=job.pk).update(
                status=Status.CHECKED, progress=100, status_line="Checked", rows=preview.rows,
                finished_at=timezone.now(),
                preview={
                    "columns": [[c.heading, c.use, c.question, c.ignored] for c in preview.columns],
                    "rounds": [r.name for r in preview.rounds],
                },
            )  # fmt: skip
            return
        _progress(job.pk, 5, "Checking every row again, then saving them all at once")
        result = responses_import(
            questionnaire=job.questionnaire, uploaded_file=upload, round=job.round, actor=job.owner, rounds=rounds,
            progress=lambda percent, line: _progress(job.pk, percent, line),
        )  # fmt: skip
    _finish(job, status=Status.DONE, rows=result.saved, line=f"Imported {result.saved:,} responses")


def _export_filters(job: ResponseJob) -> dict:
    """The filters the export was asked with, looked up again through the owner's scope."""
    found = {}
    lookups = {
        "round": CollectionRound.objects.visible_to(job.owner).filter(questionnaire=job.questionnaire),
        "site": HostSite.objects.visible_to(job.owner),
        "group": Group.objects.visible_to(job.owner),
    }
    for name, queryset in lookups.items():
        if name in job.parameters:
            found[name] = queryset.filter(pk=job.parameters[name]).first()
            if found[name] is None:
                raise ImportFailed([f"The {name} this export was asked for is no longer yours to see."])
    for name in ("date_from", "date_to"):
        if name in job.parameters:
            found[name] = datetime.date.fromisoformat(job.parameters[name])
    return found


def _export(job: ResponseJob) -> None:
    from evaluation.summary import responses_in_scope

    responses = responses_in_scope(questionnaire=job.questionnaire, **_export_filters(job))
    total = max(responses.count(), 1)
    fmt = job.parameters.get("format", "csv")
    rows = export_rows(job.questionnaire, responses, per_choice=bool(job.parameters.get("per_choice")))

    def progress(done: int) -> None:
        if done % max(total // 100, 1000) == 0:  # about every 1%
            _progress(job.pk, done * 100 // total, f"{done:,} of {total:,} responses written")

    write = write_csv_to if fmt == "csv" else write_xlsx_to
    with tempfile.TemporaryFile() as stream:
        written = write(rows, stream, progress=progress)
        stream.seek(0)
        job.file.save(job.filename, File(stream), save=False)
    ResponseJob.objects.filter(pk=job.pk).update(file=job.file.name)
    _finish(job, status=Status.DONE, rows=written, line=f"{written:,} responses written",
            expires=_expiry(days=conf.job_file_days()))  # fmt: skip


def _finish(job: ResponseJob, *, status: str, message: str = "", errors=(), rows=None, line="", expires=None) -> None:
    done = status == Status.DONE
    keep_file = done and job.kind == ResponseJob.Kind.EXPORT
    if not keep_file and job.file:
        job.file.delete(save=False)  # an import's upload is not kept once it is saved or refused
    changes = {
        "status": status, "message": message, "errors": list(errors), "finished_at": timezone.now(),
        "status_line": line or ("Finished" if done else "Not done"),
    }  # fmt: skip
    if done:
        changes["progress"] = 100
    if rows is not None:
        changes["rows"] = rows
    if not keep_file:
        changes["file"] = ""
    if expires is not None:
        changes["expires_at"] = expires
    ResponseJob.objects.filter(pk=job.pk).update(**changes)
    if done and job.kind == ResponseJob.Kind.EXPORT:
        audit(actor=job.owner, action="export", target=job, changed_fields=["answers"], detail=f"{rows} responses")
    elif not done:
        audit(actor=job.owner, action=job.kind, target=job, detail=f"not done: {len(errors)} problem(s)")


INTERRUPTED = "The worker stopped while working on this; nothing was saved. Upload the file or ask again."


def jobs_sweep(*, now=None) -> dict:
    """Every few minutes (beat): resend jobs the broker could not take, fail those whose worker died, expire files."""
    from pilot.conf import task_time_limit

    now = now or timezone.now()
    dead = ResponseJob.objects.filter(
        status=Status.RUNNING, started_at__lt=now - datetime.timedelta(seconds=task_time_limit() + 60)
    )
    failed = 0
    for job in dead:
        _finish(job, status=Status.FAILED, message=INTERRUPTED)
        failed += 1
    resent = 0
    for job_id in ResponseJob.objects.filter(status=Status.QUEUED, message=WAITING).values_list("pk", flat=True):
        resent += job_enqueue(job_id=job_id)
    return {"failed": failed, "resent": resent, "expired": jobs_expire(now=now)}


def jobs_expire(*, now=None) -> int:
    """Delete the stored files of jobs past their expiry (exports, unconfirmed imports); returns how many."""
    now = now or timezone.now()
    count = 0
    stale = ResponseJob.objects.filter(expires_at__lt=now).exclude(
        status__in=[Status.EXPIRED, Status.QUEUED, Status.RUNNING]
    )
    for job in stale.exclude(status=Status.FAILED).exclude(kind=ResponseJob.Kind.IMPORT, status=Status.DONE):
        if job.file:
            job.file.delete(save=False)
        ResponseJob.objects.filter(pk=job.pk).update(status=Status.EXPIRED, file="", status_line="Expired")
        count += 1
    return count
