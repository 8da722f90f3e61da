"""Questionnaires: XLSForm definitions, collection rounds and anonymous responses.

A response records only its round, the version it answered, whether it was typed
up from paper and the date (never a time, an address, a browser or a user).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from pilot.roles import Role, role_of
from sites.models import HostSite

CENTRE_ROLES = (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER)


class Audience(models.TextChoices):
    GROUP_MEMBERS = "group_members", "Group members"
    TRAINING_PARTICIPANTS = "training_participants", "Training participants"
    HOST_AGENCIES = "host_agencies", "Host agencies"
    CONFERENCE_DELEGATES = "conference_delegates", "Conference delegates"
    OTHER = "other", "Other"


class QuestionType(models.TextChoices):
    INTEGER = "integer", "Whole number"
    DECIMAL = "decimal", "Number"
    TEXT = "text", "Text"
    DATE = "date", "Date"
    SELECT_ONE = "select_one", "Choose one"
    SELECT_MULTIPLE = "select_multiple", "Choose any"
    NOTE = "note", "Note"
    TIME = "time", "Time of day"
    DATETIME = "datetime", "Date and time"
    RANGE = "range", "Number on a scale"
    ACKNOWLEDGE = "acknowledge", "Acknowledgement"
    RANK = "rank", "Ranking"
    CALCULATE = "calculate", "Calculated (never shown)"


NUMERIC_TYPES = {QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.RANGE}
SELECT_TYPES = {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE}


def _round_scope(user, prefix: str = "") -> Q | None:
    """The filter on rounds a user may see; None means everything, Q() with pk=None nothing."""
    role = role_of(user)
    if role in CENTRE_ROLES:
        return None
    if role == Role.SITE_CONTACT:
        return Q(**{f"{prefix}site__memberships__user": user})
    if role == Role.FACILITATOR:
        return Q(**{f"{prefix}site__memberships__user": user}) & (
            Q(**{f"{prefix}group__isnull": True}) | Q(**{f"{prefix}group__facilitators__user": user})
        )
    return Q(pk__in=[])


class QuestionnaireQuerySet(models.QuerySet):
    def visible_to(self, user) -> QuestionnaireQuerySet:
        """Questionnaires: all for the centre's roles; for site roles, those with a round in their scope."""
        scope = _round_scope(user, "rounds__")
        if scope is None:
            return self.all()
        return self.filter(pk__in=Questionnaire.objects.filter(scope).values("pk"))


class Questionnaire(models.Model):
    """A questionnaire known by its XLSForm form_id; its versions hold the questions."""

    form_id = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=Audience.choices, default=Audience.OTHER)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:detail", args=[self.form_id])

    @property
    def current_version(self) -> QuestionnaireVersion | None:
        return self.versions.order_by("-pk").first()


class QuestionnaireVersion(models.Model):
    """One imported XLSForm: the parsed definition and the workbook it came from."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=50)
    definition = models.JSONField(help_text="The definition as parsed and checked on import.")
    source = models.BinaryField(help_text="The XLSForm workbook as uploaded.")
    source_name = models.CharField(max_length=200, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="The label languages of the workbook.")
    default_language = models.CharField(
        max_length=100, blank=True, help_text="The language shown; blank when the workbook has a plain label column."
    )
    imported_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "version"], name="unique_questionnaire_version")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.form_id} version {self.version}"


class Question(models.Model):
    """One row of the XLSForm survey sheet (notes included, groups folded into `section`)."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    label = models.TextField(blank=True)
    hint = models.TextField(blank=True)
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    list_name = models.CharField(max_length=100, blank=True)
    section = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(default=False)
    relevant = models.TextField(blank=True, help_text="Own rule and those of enclosing groups, joined by 'and'.")
    constraint = models.TextField(blank=True)
    constraint_message = models.CharField(max_length=300, blank=True)
    labels = models.JSONField(default=dict, blank=True, help_text="The label in each language of the workbook.")
    hints = models.JSONField(default=dict, blank=True, help_text="The hint in each language of the workbook.")
    calculation = models.TextField(blank=True, help_text="A calculate row's expression, kept as written.")
    parameters = models.JSONField(default=dict, blank=True, help_text="A range's start, end and step.")

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "name"], name="unique_question_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_select(self) -> bool:
        return self.type in SELECT_TYPES

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES


class Choice(models.Model):
    """A choice of a select question (copied from its list on the choices sheet)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    label = models.TextField(blank=True)
    labels = models.JSONField(default=dict, blank=True, help_text="The label in each language of the workbook.")

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "name"], name="unique_choice_name")]

    def __str__(self) -> str:
        return self.label or self.name


class CollectionRoundQuerySet(models.QuerySet):
    def visible_to(self, user) -> CollectionRoundQuerySet:
        """Rounds: all for the centre; a site contact's site; a facilitator's site-wide rounds and own groups'."""
        scope = _round_scope(user)
        return self.all() if scope is None else self.filter(scope).distinct()


class CollectionRound(models.Model):
    """A questionnaire handed out at one site (optionally one group) between two dates."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=200)
    site = models.ForeignKey(HostSite, on_delete=models.PROTECT, related_name="collection_rounds")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.PROTECT, related_name="collection_rounds")
    opens_on = models.DateField()
    closes_on = models.DateField()
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collection_rounds",
        help_text="The programme this round is part of, if any.",
    )
    token = models.CharField(max_length=43, unique=True, editable=False)

    objects = CollectionRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "site__name", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(24)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("evaluation:round_detail", args=[self.pk])

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    def get_public_url(self) -> str:
        return reverse("questionnaire_public:form", args=[self.token])


class ResponseQuerySet(models.QuerySet):
    def delete(self):
        """Delete, then recount the tallies of the (round, day) pairs these responses were in."""
        from evaluation import tallies

        with tallies.changing(self):
            return super().delete()

    def visible_to(self, user) -> ResponseQuerySet:
        """Responses counted for this user: all for the centre; those of their rounds for site roles."""
        scope = _round_scope(user, "round__")
        return (
            self.all() if scope is None else self.filter(round__in=CollectionRound.objects.filter(_round_scope(user)))
        )


class Response(models.Model):
    """One returned questionnaire. Deliberately nothing but its round, version, origin and date."""

    round = models.ForeignKey(CollectionRound, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses")
    is_paper = models.BooleanField(default=False)
    submitted_on = models.DateField()

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"Response {self.pk}"

    def delete(self, *args, **kwargs):
        from evaluation import tallies

        with tallies.changing(Response.objects.filter(pk=self.pk)):
            return super().delete(*args, **kwargs)


class Answer(models.Model):
    """One answer; a select_multiple answer is one row per ticked choice, so counts are plain aggregates."""

    # No index of their own: the unique (response, question, choice) index serves lookups by response. Counts
    # by question and choice come from the tallies (evaluation.tallies), not the answers, so the only lookup by
    # question left is the written answers of a summary: a partial index of the text answers alone serves it.
    # Every index here is kept on every imported answer (1.75 million for 100,000 responses).
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", db_index=False)
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers")
    number_value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    text_value = models.TextField(blank=True)
    date_value = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question__position", "choice__position"]
        indexes = [models.Index(fields=["question"], condition=~Q(text_value=""), name="answer_text_by_question")]
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "choice"], name="unique_answer_choice"),
        ]

    def __str__(self) -> str:
        return f"{self.question.name} in response {self.response_id}"


class TallyGrain(models.TextChoices):
    DAY = "d", "Day"
    MONTH = "m", "Month (day is its first day)"
    ROUND = "r", "Whole round (no day)"


class Tally(models.Model):
    """Counts kept per round, questionnaire version and day, month or whole round (evaluation.tallies).

    Derived from the answers and rebuilt from them at will (`manage.py rebuild_tallies`); never edited.
    """

    round = models.ForeignKey(CollectionRound, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="+")
    grain = models.CharField(max_length=1, choices=TallyGrain.choices)
    day = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} of round {self.round_id} ({self.get_grain_display()} {self.day or ''})"


class ResponseTally(Tally):
    """Responses, and the first and last day they were filled in."""

    responses = models.PositiveIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["round", "grain", "day"], name="response_tally_scope")]


class QuestionTally(Tally):
    """Per question name: answer rows, responses that answered, written answers, earliest and latest date."""

    question = models.CharField(max_length=100)
    answers = models.PositiveIntegerField()
    responses = models.PositiveIntegerField()
    texts = models.PositiveIntegerField()
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "grain", "day"], name="question_tally_scope")]


class ChoiceTally(Tally):
    """Per question and choice name: how often it was chosen."""

    question = models.CharField(max_length=100)
    choice = models.CharField(max_length=100)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["round", "grain", "day"], name="choice_tally_scope")]


class NumberTally(Tally):
    """Per question name and number given: how often (so medians and histograms are exact)."""

    question = models.CharField(max_length=100)
    value = models.DecimalField(max_digits=18, decimal_places=6)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["round", "grain", "day"], name="number_tally_scope")]


class TallyStamp(models.Model):
    """One row: a token changed with every recount, so cached summaries are keyed by the newest change."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Tallies changed {self.changed_at:%Y-%m-%d %H:%M}"


class XLSFormImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> XLSFormImportJobQuerySet:
        """A background import is seen only by the person who uploaded the workbook."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class XLSFormImportJob(models.Model):
    """A workbook too large to parse while the uploader waits: the worker imports it and writes how it went."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Being read"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xlsform_jobs")
    filename = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=Audience.choices, blank=True)
    source = models.BinaryField(help_text="The uploaded workbook; emptied once the job has finished.")
    cells = models.PositiveIntegerField(default=0, help_text="Filled cells counted on upload.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    status_line = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="Why the job is waiting or failed.")
    errors = models.JSONField(default=list, blank=True, help_text="The workbook's problems, by sheet, row and column.")
    version = models.ForeignKey(
        QuestionnaireVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = XLSFormImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "XLSForm import"

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:xlsform_job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PendingResponseUploadQuerySet(models.QuerySet):
    def visible_to(self, user) -> PendingResponseUploadQuerySet:
        """A file of responses awaiting confirmation is seen only by the person who uploaded it."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class PendingResponseUpload(models.Model):
    """A checked file of responses shown as a preview; its answers are saved only when the uploader confirms."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="response_uploads")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="pending_uploads")
    round = models.ForeignKey(CollectionRound, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    data = models.BinaryField(help_text="The file as uploaded; deleted once imported or after a day.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PendingResponseUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Responses awaiting confirmation: {self.filename}"


class ResponseJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ResponseJobQuerySet:
        """An import or export of responses (and its file) is seen only by the person who started it."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


def response_job_upload_to(instance: ResponseJob, filename: str) -> str:
    return f"evaluation/jobs/{instance.created_at:%Y/%m}/{instance.pk}/{filename}"


class ResponseJob(models.Model):
    """A file of responses checked and imported, or an export written, by the worker; the row is the truth.

    An import is checked first (status `checked`, with a preview) and saved only once its owner confirms.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", "Import of responses"
        EXPORT = "export", "Export of responses"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Being worked on"
        CHECKED = "checked", "Checked, waiting for you to confirm"
        DONE = "done", "Finished"
        FAILED = "failed", "Not done"
        EXPIRED = "expired", "Expired"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="response_jobs")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="response_jobs")
    round = models.ForeignKey(CollectionRound, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    parameters = models.JSONField(default=dict, blank=True, help_text="An export's filters, format and layout.")
    filename = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=response_job_upload_to, max_length=300, blank=True,
        help_text="The uploaded file (deleted once imported) or the export (deleted when it expires).",
    )  # fmt: skip
    confirmed = models.BooleanField(default=False, help_text="An import: its owner confirmed the preview.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    status_line = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="Why the job is waiting or failed.")
    errors = models.JSONField(default=list, blank=True, help_text="The file's problems, by row and column.")
    preview = models.JSONField(default=dict, blank=True, help_text="How a checked file's columns are read.")
    rows = models.PositiveIntegerField(default=0, help_text="Responses checked, saved or exported.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When the stored file is deleted.")

    objects = ResponseJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "responses import or export"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:response_job", args=[self.pk])

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


# Qualitative notes live in their own module; imported here so that Django finds their models.
from evaluation.qualitative import Passage, QualitativeNote, Theme  # noqa: E402, F401
