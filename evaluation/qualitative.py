"""Qualitative evaluation notes: interviews, focus groups and observations, and passages tagged with themes.

A note names its participants by role only (a fixed list: never a member's or anyone's name); its text is
the evaluator's own. A passage is an excerpt of a note's text with a theme; quotes are passages by theme
and site. Only the coordinator and the evaluators see any of it (Capability.QUALITATIVE_NOTES); notes
older than EVALUATION_RETAIN_QUALITATIVE_NOTES_MONTHS are deleted by the nightly retention task.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from pilot.audit import Action, audit
from pilot.roles import Role, role_of
from sites.models import HostSite

# The pilot's lessons: the themes the evaluation's report was written around.
DEFAULT_THEMES = (
    "Champions",
    "Professional involvement",
    "Venue",
    "Referrals",
    "Facilitator support",
    "Sustainability",
    "Peer leadership",
)


class NoteKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus_group", "Focus group"
    OBSERVATION = "observation", "Observation"


class ParticipantRole(models.TextChoices):
    """Who took part, by role. Names are never recorded: the field offers roles and nothing else."""

    FACILITATOR = "facilitator", "Facilitators"
    SITE_CONTACT = "site_contact", "Site contacts"
    HOST_AGENCY_STAFF = "host_agency_staff", "Host agency staff"
    STEERING_COMMITTEE = "steering_committee", "Steering committee members"
    REFERRING_PROFESSIONAL = "referring_professional", "Referring professionals"
    COMMISSIONER = "commissioner", "Commissioners"
    TRAINER = "trainer", "Trainers"
    GROUP_MEMBER = "group_member", "Group members"
    COORDINATOR = "coordinator", "Network coordinator"


ALLOWED = (Role.COORDINATOR, Role.EVALUATOR)


class ThemeQuerySet(models.QuerySet):
    def for_programme(self, programme=None) -> ThemeQuerySet:
        """A programme's own themes; the pilot's defaults (no programme) where it has none."""
        own = self.filter(programme=programme) if programme is not None else self.none()
        return own if own.exists() else self.filter(programme__isnull=True)


class Theme(models.Model):
    """A theme passages are tagged with; programme empty = the pilot's default list."""

    name = models.CharField(max_length=80)
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="theme_name_once_per_programme"),
        ]

    def __str__(self) -> str:
        return self.name


class QualitativeNoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> QualitativeNoteQuerySet:
        """Every note for the coordinator and the evaluators; none for anyone else."""
        return self.all() if role_of(user) in ALLOWED else self.none()


class QualitativeNote(models.Model):
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    date = models.DateField()
    site = models.ForeignKey(
        HostSite,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="qualitative_notes",
        help_text="Empty for a network-wide note.",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="qualitative_notes",
        help_text="Its passages take this programme's themes (the pilot's when it has none of its own).",
    )
    participant_roles = models.JSONField(default=list, help_text="Roles only (ParticipantRole values), never names.")
    notes = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QualitativeNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.date:%d %B %Y}, {self.place}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluation:note_detail", args=[self.pk])

    @property
    def place(self) -> str:
        return self.site.name if self.site_id else "Network-wide"

    @property
    def roles_display(self) -> str:
        labels = dict(ParticipantRole.choices)
        return ", ".join(labels.get(value, value) for value in self.participant_roles)


class Passage(models.Model):
    """An excerpt of a note's text, tagged with one theme."""

    note = models.ForeignKey(QualitativeNote, on_delete=models.CASCADE, related_name="passages")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="passages")
    excerpt = models.TextField()

    class Meta:
        ordering = ["theme__position", "note__date", "pk"]

    def __str__(self) -> str:
        return f"{self.theme}: {self.excerpt[:40]}"


# --- services --------------------------------------------------------------------------------------
def _check_roles(roles) -> list[str]:
    valid = set(ParticipantRole.values)
    roles = list(roles)
    if not roles:
        raise ValidationError({"participant_roles": "Choose at least one role of those who took part."})
    unknown = [r for r in roles if r not in valid]
    if unknown:
        raise ValidationError({"participant_roles": "Choose roles from the list; names are never recorded."})
    return roles


@transaction.atomic
def note_create(*, actor, kind, date, site, participant_roles, notes, programme=None) -> QualitativeNote:
    note = QualitativeNote(
        kind=kind,
        date=date,
        site=site,
        programme=programme,
        participant_roles=_check_roles(participant_roles),
        notes=notes,
        recorded_by=actor,
    )
    note.full_clean()
    note.save()
    audit(actor=actor, action=Action.CREATE, target=note)
    return note


def _normalise(text: str) -> str:
    return " ".join(text.split())


@transaction.atomic
def ensure_default_themes() -> None:
    """The pilot's default themes exist (idempotent). Run after every migrate, so that a database emptied and
    migrated again (as a flush does) still offers them."""
    for position, name in enumerate(DEFAULT_THEMES):
        Theme.objects.get_or_create(programme=None, name=name, defaults={"position": position})


def ensure_default_themes_after_migrate(*, app_config, using="default", **kwargs) -> None:
    if app_config.label == "evaluation":
        ensure_default_themes()


def passage_create(*, actor, note: QualitativeNote, theme: Theme, excerpt: str) -> Passage:
    """Tag an excerpt; it must be a passage of the note's text (spaces and line breaks aside)."""
    excerpt = excerpt.strip()
    if not Theme.objects.for_programme(note.programme).filter(pk=theme.pk).exists():
        raise ValidationError({"theme": "Choose one of this note's programme's themes."})
    if not excerpt:
        raise ValidationError({"excerpt": "Paste the passage from the notes."})
    if _normalise(excerpt) not in _normalise(note.notes):
        raise ValidationError({"excerpt": "A passage must be copied from this note's text; this one is not in it."})
    passage = Passage.objects.create(note=note, theme=theme, excerpt=excerpt)
    audit(actor=actor, action=Action.CREATE, target=passage, detail=f"theme {theme.name}")
    return passage


# --- selectors -------------------------------------------------------------------------------------
def notes_for(user):
    return QualitativeNote.objects.visible_to(user).select_related("site").prefetch_related("passages")


def passages_for(user, *, theme=None, site=None):
    rows = Passage.objects.filter(note__in=QualitativeNote.objects.visible_to(user)).select_related(
        "note", "note__site", "theme"
    )
    if theme is not None:
        rows = rows.filter(theme=theme)
    if site is not None:
        rows = rows.filter(note__site=site)
    return rows


def quotes_by_theme(user, *, site=None) -> list[tuple[Theme, list[Passage]]]:
    """Each theme with a passage, in the themes' order, with its passages (quotes) in date order."""
    grouped: dict[int, tuple[Theme, list[Passage]]] = {}
    for passage in passages_for(user, site=site):
        grouped.setdefault(passage.theme_id, (passage.theme, []))[1].append(passage)
    return sorted(grouped.values(), key=lambda pair: (pair[0].position, pair[0].name))


# --- export ----------------------------------------------------------------------------------------
EXPORT_HEADER = ["note", "kind", "date", "site", "participant_roles", "theme", "passage"]


def export_rows(user):
    """One row per passage, and one per note without a passage (its whole text), for analysis elsewhere."""
    from pilot.spreadsheets import neutralise

    rows = [EXPORT_HEADER]
    for note in notes_for(user).order_by("date", "pk"):
        base = [str(note.pk), note.kind, note.date.isoformat(), neutralise(note.place), note.roles_display]
        passages = list(note.passages.all())
        for passage in passages:
            rows.append([*base, neutralise(passage.theme.name), neutralise(passage.excerpt)])
        if not passages:
            rows.append([*base, "", neutralise(note.notes)])
    return rows


# --- retention -------------------------------------------------------------------------------------
def retention_enforce(today: datetime.date) -> int:
    """Delete notes (and their passages) dated more than the retention period before today."""
    from evaluation import conf

    months = conf.retain_qualitative_notes_months()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    cutoff = datetime.date(year, month + 1, min(today.day, 28))
    deleted = 0
    for note in QualitativeNote.objects.filter(date__lt=cutoff):
        audit(actor=None, action=Action.DELETE, target=note, detail="retention period ended")
        note.delete()
        deleted += 1
    return deleted
