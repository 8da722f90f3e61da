"""Writes for questionnaires: importing definitions (now or in the background), opening rounds, saving responses."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from evaluation import conf, tallies
from evaluation.models import (
    NUMERIC_TYPES,
    Answer,
    Audience,
    Choice,
    CollectionRound,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
    Response,
    XLSFormImportJob,
)
from evaluation.rules import submitted_on_problem
from evaluation.xlsform import check_bounds, read_identity, read_xlsform
from pilot.audit import audit
from pilot.dates import check_plausible_date
from pilot.roles import Role, role_of

logger = logging.getLogger(__name__)
IMPORTERS = (Role.COORDINATOR, Role.EVALUATOR)
JOB_WAITING = (
    "The background worker cannot be reached just now. The workbook is saved and will be read as soon as the "
    "worker is back."
)
JOB_FAILED = "The workbook was not imported; nothing was saved. Correct the problems below and upload it again."
JOB_BROKE = "Something went wrong while reading this workbook; nothing was saved. The team has been told."


def version_clash(*, form_id: str, version: str) -> str | None:
    """The error for importing a version that already exists, or None."""
    if not QuestionnaireVersion.objects.filter(questionnaire__form_id=form_id, version=version).exists():
        return None
    return (
        f"settings row 2, column version: version '{version}' of '{form_id}' is already imported; "
        "give the new workbook a new version"
    )


def xlsform_precheck(*, data: bytes, filename: str = "form.xlsx") -> int:
    """The cheap checks, before any parsing: size bounds, then the version clash; returns the cell count."""
    cells = check_bounds(data, exact=False)
    form_id, version = read_identity(data, filename)
    clash = version_clash(form_id=form_id, version=version) if form_id else None
    if clash:
        raise ValidationError([clash])
    return cells


def questionnaire_import(
    *, data: bytes, filename: str = "form.xlsx", audience: str | None = None, actor=None, progress=None
) -> QuestionnaireVersion:
    """Import an XLSForm as a new questionnaire or a new version of the one with the same form_id.

    `progress(percent, line)`, if given, is told how far it has got (the background import shows it).
    """
    if audience is not None and audience not in Audience.values:
        raise ValidationError({"audience": f"Unknown audience '{audience}'."})
    xlsform_precheck(data=data, filename=filename)
    definition = read_xlsform(data, filename=filename, **({"progress": progress} if progress else {}))
    if progress:
        progress(85, "Saving the questions")
    clash = version_clash(form_id=definition["form_id"], version=definition["version"])
    try:
        if clash:
            raise ValidationError([clash])
        return _questionnaire_save(definition=definition, data=data, filename=filename, audience=audience, actor=actor)
    except IntegrityError as exc:  # the same version imported at the same moment by someone else
        raise ValidationError([version_clash(form_id=definition["form_id"], version=definition["version"])]) from exc


@transaction.atomic
def _questionnaire_save(*, definition: dict, data: bytes, filename: str, audience, actor) -> QuestionnaireVersion:
    questionnaire = Questionnaire.objects.filter(form_id=definition["form_id"]).first()
    created = questionnaire is None
    if created:
        questionnaire = Questionnaire.objects.create(
            form_id=definition["form_id"], title=definition["title"], audience=audience or Audience.OTHER
        )
    else:
        questionnaire.title = definition["title"]
        if audience:
            questionnaire.audience = audience
        questionnaire.save(update_fields=["title", "audience"])
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        version=definition["version"],
        definition=definition,
        source=data,
        source_name=filename[:200],
        languages=definition.get("languages", []),
        default_language=definition.get("default_language", "")[:100],
    )
    questions = Question.objects.bulk_create(
        Question(
            version=version,
            position=position,
            name=item["name"],
            label=item["label"],
            hint=item["hint"],
            type=item["type"],
            list_name=item["list_name"],
            section=item["section"][:200],
            required=item["required"],
            relevant=item["relevant"],
            constraint=item["constraint"],
            constraint_message=item["constraint_message"][:300],
            labels=item.get("labels", {}),
            hints=item.get("hints", {}),
            calculation=item.get("calculation", ""),
            parameters=item.get("parameters", {}),
        )
        for position, item in enumerate(definition["questions"], start=1)
    )
    Choice.objects.bulk_create(
        (
            Choice(question=question, position=n, name=c["name"], label=c["label"], labels=c.get("labels", {}))
            for question, item in zip(questions, definition["questions"], strict=True)
            for n, c in enumerate(item["choices"], start=1)
        ),
        batch_size=1000,
    )
    audit(
        actor=actor,
        action="import",
        target=version,
        changed_fields=["form_id", "title", "version", "questions", "choices"],
        detail="new questionnaire" if created else "new version",
    )
    return version


def xlsform_upload(
    *, data: bytes, filename: str, audience: str | None, actor
) -> QuestionnaireVersion | XLSFormImportJob:
    """Import an uploaded XLSForm now, or, if it is large, save it as a job for the worker; cheap checks first."""
    if audience is not None and audience not in Audience.values:
        raise ValidationError({"audience": f"Unknown audience '{audience}'."})
    cells = xlsform_precheck(data=data, filename=filename)
    if cells > conf.xlsform_background_cells():
        return xlsform_job_create(data=data, filename=filename, audience=audience, actor=actor, cells=cells)
    return questionnaire_import(data=data, filename=filename, audience=audience, actor=actor)


def xlsform_job_create(*, data: bytes, filename: str, audience: str | None, actor, cells: int) -> XLSFormImportJob:
    """Save a workbook as an import job and send it to the worker once the transaction commits."""
    with transaction.atomic():
        job = XLSFormImportJob.objects.create(
            owner=actor, filename=filename[:200], audience=audience or "", source=data, cells=cells
        )
        audit(actor=actor, action="import", target=job, changed_fields=["source"], detail="queued for the worker")
        transaction.on_commit(lambda: xlsform_job_enqueue(job_id=job.pk))
    return job


def xlsform_job_enqueue(*, job_id) -> bool:
    """Send the job to the broker; if it cannot be reached, leave the job queued with a message."""
    from evaluation.tasks import import_xlsform

    try:
        import_xlsform.apply_async(
            args=[str(job_id)],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        )
    except Exception:  # the broker's own errors vary with the transport
        logger.warning("xlsform import %s: broker unreachable, left queued", job_id, exc_info=True)
        XLSFormImportJob.objects.filter(pk=job_id, status=XLSFormImportJob.Status.QUEUED).update(message=JOB_WAITING)
        return False
    return True


def xlsform_job_run(*, job_id) -> None:
    """Import a job's workbook (the worker's side); the outcome, errors included, is written onto the job."""
    Status = XLSFormImportJob.Status
    claimed = XLSFormImportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING]).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=1, status_line="Starting", message=""
    )
    if not claimed:
        return  # finished already: a second delivery of the message changes nothing
    job = XLSFormImportJob.objects.select_related("owner").get(pk=job_id)

    def progress(percent: int, line: str) -> None:
        XLSFormImportJob.objects.filter(pk=job_id).update(progress=percent, status_line=line[:200])

    if role_of(job.owner) not in IMPORTERS:
        _job_finish(job, status=Status.FAILED, message="You may no longer import questionnaires.")
        return
    try:
        version = questionnaire_import(
            data=bytes(job.source),
            filename=job.filename,
            audience=job.audience or None,
            actor=job.owner,
            progress=progress,
        )
    except ValidationError as exc:
        _job_finish(job, status=Status.FAILED, message=JOB_FAILED, errors=exc.messages)
    except Exception:
        logger.exception("xlsform import %s failed", job_id)
        _job_finish(job, status=Status.FAILED, message=JOB_BROKE)
    else:
        _job_finish(job, status=Status.DONE, version=version)


def _job_finish(job: XLSFormImportJob, *, status: str, message: str = "", errors=(), version=None) -> None:
    done = status == XLSFormImportJob.Status.DONE
    XLSFormImportJob.objects.filter(pk=job.pk).update(
        status=status,
        message=message,
        errors=list(errors),
        version=version,
        progress=100 if done else F("progress"),
        status_line="Imported" if done else "Not imported",
        source=b"",
        finished_at=timezone.now(),
    )
    if not done:
        audit(actor=job.owner, action="import", target=job, detail=f"not imported: {len(errors)} problem(s)")


@transaction.atomic
def round_create(
    *,
    questionnaire: Questionnaire,
    name: str,
    site,
    opens_on: datetime.date,
    closes_on: datetime.date,
    group=None,
    version: QuestionnaireVersion | None = None,
    programme=None,
    actor=None,
) -> CollectionRound:
    """Open a collection round for a site (optionally a group and a programme) on the current or a given version."""
    version = version or questionnaire.current_version
    if version is None or version.questionnaire_id != questionnaire.pk:
        raise ValidationError({"version": "Choose a version of this questionnaire."})
    if group is not None and group.site_id != site.pk:
        raise ValidationError({"group": f"{group} is not a group of {site}."})
    for field, day in (("opens_on", opens_on), ("closes_on", closes_on)):
        check_plausible_date_for(field, day)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The round must close on or after the day it opens."})
    if programme is not None and not (programme.starts_on <= opens_on <= programme.ends_on):
        dates = f"{programme.starts_on:%d/%m/%Y} to {programme.ends_on:%d/%m/%Y}"
        raise ValidationError({"programme": f"The round opens outside {programme.name} ({dates})."})
    collection_round = CollectionRound.objects.create(
        questionnaire=questionnaire,
        version=version,
        programme=programme,
        name=name,
        site=site,
        group=group,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    audit(actor=actor, action="create", target=collection_round, changed_fields=["name", "site", "group", "dates"])
    return collection_round


def check_plausible_date_for(field: str, day: datetime.date) -> None:
    """pilot.dates.check_plausible_date, its message put at `field`."""
    try:
        check_plausible_date(day)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def answers_for(*, response: Response, questions: dict[str, Question], values: dict) -> list[Answer]:
    """Unsaved Answer rows for checked values (see evaluation.rules); one row per ticked choice."""
    return [
        Answer(response=response, question_id=question_id, choice_id=choice_id, number_value=number,
               text_value=text, date_value=day)
        for question_id, choice_id, number, text, day in answer_rows(questions=questions, values=values)
    ]  # fmt: skip


def answer_rows(*, questions: dict[str, Question], values: dict):
    """(question id, choice id, number, text, date) for each answer the checked values make: one per ticked
    choice. The one mapping from values to stored answers (answers_for and the bulk import both use it).

    `questions` as questions_by_name gives them; ids are read from plain attributes, as an import of 100,000
    responses calls this for every one."""
    for name, value in values.items():
        question = questions[name]
        kind = question.type
        if kind == QuestionType.SELECT_ONE:
            yield question.id, question.choice_ids[value], None, "", None
        elif kind == QuestionType.SELECT_MULTIPLE:
            choice_ids = question.choice_ids
            for v in value:
                yield question.id, choice_ids[v], None, "", None
        elif kind in NUMERIC_TYPES:
            yield question.id, None, value, "", None
        elif kind == QuestionType.DATE:
            yield question.id, None, None, "", value
        else:
            yield question.id, None, None, value, None


def questions_by_name(version: QuestionnaireVersion) -> dict[str, Question]:
    """A version's questions by name, each with `choice_by_name` and `choice_ids` (name -> id) filled in
    (two queries)."""
    questions = {q.name: q for q in version.questions.prefetch_related("choices")}
    for question in questions.values():
        question.choice_by_name = {c.name: c for c in question.choices.all()}
        question.choice_ids = {name: c.id for name, c in question.choice_by_name.items()}
    return questions


def response_check(*, round: CollectionRound, values: dict, submitted_on: datetime.date, is_paper: bool) -> None:
    """Raise ValidationError unless this response may be saved as it is (by field: submitted_on, a question)."""
    if not values:
        raise ValidationError("Nothing was answered: answer at least one question before sending.")
    for name, value in values.items():
        if isinstance(value, list) and len(set(value)) != len(value):
            raise ValidationError({name: "Each choice can be ticked only once."})
    if is_paper:
        problem = submitted_on_problem(submitted_on, round, timezone.localdate())
        if problem:
            raise ValidationError({"submitted_on": problem})
    elif not round.is_open_on(submitted_on):
        raise ValidationError("This questionnaire is not open today.")


@transaction.atomic
def response_create(
    *, round: CollectionRound, values: dict, submitted_on: datetime.date, is_paper: bool = False, actor=None
) -> Response:
    """Check and save one response; only its round, version, paper flag and date are kept about it.

    Online (anonymous) submissions are not audited: the log's timestamp would date an answer sheet.
    """
    response_check(round=round, values=values, submitted_on=submitted_on, is_paper=is_paper)
    with tallies.changing() as touched:
        response = Response.objects.create(
            round=round, version=round.version, is_paper=is_paper, submitted_on=submitted_on
        )
        Answer.objects.bulk_create(
            answers_for(response=response, questions=questions_by_name(round.version), values=values)
        )
        touched.add(round.pk, submitted_on)
    if actor is not None and getattr(actor, "is_authenticated", False):
        # Logged against the round, not the response: an entry's time must not attach to an answer sheet.
        audit(
            actor=actor, action="create", target=round, changed_fields=sorted(values), detail="paper response entered"
        )
    return response
