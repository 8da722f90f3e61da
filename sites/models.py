from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from pilot.roles import Role, role_of


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"


ENGLISH_REGIONS = [r for r in Region if r not in (Region.SCOTLAND, Region.WALES)]


class Setting(models.TextChoices):
    URBAN = "urban", "Urban"
    RURAL = "rural", "Rural"
    MIXED = "mixed", "Mixed urban and rural"


class ProviderType(models.TextChoices):
    SPECIALIST_ALCOHOL = "specialist_alcohol", "Specialist alcohol service"
    DRUG_AND_ALCOHOL = "drug_and_alcohol", "Drug and alcohol service"
    HOUSING = "housing", "Housing or homelessness service"
    NHS = "nhs", "NHS service"
    GENERALIST = "generalist", "Generalist voluntary service"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    APPLIED = "applied", "Applied"
    SELECTED = "selected", "Selected"
    AGREEMENT_ISSUED = "agreement_issued", "Agreement issued"
    AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
    TRAINING_DELIVERED = "training_delivered", "Training delivered"
    GROUPS_MEETING = "groups_meeting", "Groups meeting"
    SELF_SUSTAINING = "self_sustaining", "Self-sustaining"
    NOT_SELECTED = "not_selected", "Not selected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ENDED = "ended", "Ended"


# Sites in the programme: selected and not yet withdrawn, ended or turned down.
ACTIVE_STATUSES = (
    Status.SELECTED,
    Status.AGREEMENT_ISSUED,
    Status.AGREEMENT_SIGNED,
    Status.TRAINING_DELIVERED,
    Status.GROUPS_MEETING,
    Status.SELF_SUSTAINING,
)


def _current_status(as_of=None):
    changes = StatusChange.objects.filter(site=OuterRef("pk"))
    if as_of is not None:
        changes = changes.filter(on__lte=as_of)
    latest = changes.order_by("-on", "-pk").values("status")[:1]
    return Coalesce(Subquery(latest), Value(Status.APPLIED.value))


class HostSiteQuerySet(models.QuerySet):
    def visible_to(self, user) -> HostSiteQuerySet:
        """The host sites this user may see: all for the centre's roles, their own for site-scoped roles."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER):
            return self.all()
        if role in (Role.SITE_CONTACT, Role.FACILITATOR):
            return self.filter(memberships__user=user)
        return self.none()

    def with_status(self, as_of=None) -> HostSiteQuerySet:
        """Annotate `current_status`, derived from the latest status change (on or before `as_of`, when given;
        no history: applied)."""
        return self.annotate(current_status=_current_status(as_of))


class HostSite(models.Model):
    """A host agency's site in the pilot network."""

    agency_name = models.CharField(max_length=200)
    name = models.CharField("site name", max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    locality = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=20, choices=Region.choices)
    setting = models.CharField(max_length=10, choices=Setting.choices, blank=True, default="")
    provider_type = models.CharField(max_length=20, choices=ProviderType.choices, blank=True, default="")
    address = models.TextField(blank=True, default="")
    phone = models.CharField(max_length=40, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    # The support the host agency commits to in the agreement (report: "Support from host agencies").
    offers_room = models.BooleanField("room for a weekly meeting", default=False)
    offers_photocopying = models.BooleanField("photocopying", default=False)
    offers_phone = models.BooleanField("telephone", default=False)
    offers_internet = models.BooleanField("email and internet", default=False)
    offers_refreshments = models.BooleanField("refreshments", default=False)
    offers_referral = models.BooleanField("referral of clients", default=False)
    # Raised by one on every save through a service; edit forms carry it to refuse lost updates (pilot.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = HostSiteQuerySet.as_manager()

    COMMITMENT_FIELDS = (
        "offers_room",
        "offers_photocopying",
        "offers_phone",
        "offers_internet",
        "offers_refreshments",
        "offers_referral",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:site", args=[self.slug])

    @property
    def status(self) -> str:
        """The current status: annotated by `with_status()`, else read from the history."""
        annotated = getattr(self, "current_status", None)
        if annotated:
            return annotated
        latest = self.status_changes.order_by("-on", "-pk").first()
        return latest.status if latest else Status.APPLIED.value

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def commitments(self) -> list[tuple[str, bool]]:
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.COMMITMENT_FIELDS]


class SiteMembership(models.Model):
    """Ties a site contact's or facilitator's login to the host site that scopes what they see."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_memberships")
    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "site"], name="unique_site_membership")]

    def __str__(self) -> str:
        return f"{self.user} at {self.site}"


class StatusChange(models.Model):
    """One dated step in a site's lifecycle; the latest is the site's current status."""

    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateField("date")
    note = models.TextField(blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        get_latest_by = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.site}: {self.get_status_display()} on {self.on:%d/%m/%Y}"


class PersonRole(models.TextChoices):
    SENIOR_CONTACT = "senior_contact", "Senior agency contact"
    PRACTITIONER_CHAMPION = "practitioner_champion", "Practitioner champion"
    RECOVERY_ADVOCATE = "recovery_advocate", "Recovery advocate"


CHAMPION_ROLES = (PersonRole.PRACTITIONER_CHAMPION, PersonRole.RECOVERY_ADVOCATE)


class PersonKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    PEER = "peer", "Peer (in recovery)"


class SitePersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> SitePersonQuerySet:
        """People at sites: names for the centre's coordinator and observers, their own site's for site contacts."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.OBSERVER):
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(site__memberships__user=user)
        return self.none()


class SitePerson(models.Model):
    """A named contact or champion at a host site (a volunteer or worker, never a group member)."""

    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=30, choices=PersonRole.choices)
    kind = models.CharField(max_length=20, choices=PersonKind.choices, default=PersonKind.PROFESSIONAL)
    is_named_contact = models.BooleanField("named contact for the pilot", default=False)
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=40, blank=True, default="")
    active = models.BooleanField(default=True, help_text="Untick when they leave; the record stays for the history.")

    objects = SitePersonQuerySet.as_manager()

    class Meta:
        ordering = ["-active", "-is_named_contact", "name"]
        verbose_name = "person at a site"
        verbose_name_plural = "people at sites"

    def __str__(self) -> str:
        return self.name

    @property
    def is_champion(self) -> bool:
        return self.role in CHAMPION_ROLES


class EntryKind(models.TextChoices):
    CONTACT = "contact", "Phone or email contact"
    VISIT = "visit", "Visit"
    TRAINING = "training", "Training"
    MILESTONE = "milestone", "Milestone"
    ISSUE = "issue", "Issue"
    SUPPORT = "support", "Support given"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    OTHER = "other", "Other"


# Kinds that count as the centre being in touch with a site.
CONTACT_KINDS = (EntryKind.CONTACT, EntryKind.VISIT, EntryKind.TRAINING, EntryKind.SUPPORT)


class ProgressEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgressEntryQuerySet:
        """Log entries: all for the coordinator and observers; a site contact's own site's and network-wide ones."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.OBSERVER):
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(models.Q(site__memberships__user=user) | models.Q(site__isnull=True))
        return self.none()

    def overdue(self, today) -> ProgressEntryQuerySet:
        return self.filter(follow_up_on__lt=today, follow_up_done=False)


class ProgressEntry(models.Model):
    """One line of the progress log: what happened at a site (or across the network) and when."""

    site = models.ForeignKey(
        HostSite,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_entries",
        help_text="Leave empty for a network-wide entry.",
    )
    day = models.DateField("date")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    note = models.TextField(max_length=2000)
    follow_up_on = models.DateField("follow up by", null=True, blank=True)
    follow_up_done = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name_plural = "progress entries"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"


class Decision(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not_selected", "Not selected"


class Application(models.Model):
    """An agency's application to host a pilot site, scored on the pilot's four selection criteria."""

    agency_name = models.CharField(max_length=200)
    locality = models.CharField(max_length=120, blank=True, default="")
    region = models.CharField(max_length=20, choices=Region.choices)
    setting = models.CharField(max_length=10, choices=Setting.choices)
    provider_type = models.CharField(max_length=20, choices=ProviderType.choices)
    received_on = models.DateField()
    reason_expansion = models.BooleanField("service expansion", default=False)
    reason_staff = models.BooleanField("staff development", default=False)
    reason_model = models.BooleanField("attraction of the model", default=False)
    reason_clients = models.BooleanField("supporting clients", default=False)
    reasons_text = models.TextField("reasons in their words", blank=True, default="")
    score_geography = models.PositiveSmallIntegerField(
        "geographical spread", null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    score_urban_rural = models.PositiveSmallIntegerField(
        "urban-rural coverage", null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    score_providers = models.PositiveSmallIntegerField(
        "range of provider types", null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    score_commitment = models.PositiveSmallIntegerField(
        "commitment and resources", null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    site = models.OneToOneField(HostSite, null=True, blank=True, on_delete=models.SET_NULL, related_name="application")

    REASON_FIELDS = ("reason_expansion", "reason_staff", "reason_model", "reason_clients")
    SCORE_FIELDS = ("score_geography", "score_urban_rural", "score_providers", "score_commitment")

    class Meta:
        ordering = ["region", "agency_name"]

    def __str__(self) -> str:
        return self.agency_name

    @property
    def total_score(self) -> int | None:
        scores = [getattr(self, f) for f in self.SCORE_FIELDS]
        return None if any(s is None for s in scores) else sum(scores)

    def reasons(self) -> list[str]:
        return [self._meta.get_field(f).verbose_name for f in self.REASON_FIELDS if getattr(self, f)]


# The pilot's lessons on what must be in place before a site's facilitator training ("What should be done
# differently"; Gateshead trained 25 and no group ever started): the checklist of a site whose programme defines
# none of its own (programmes.ReadinessItem). Each item: its key (what a tick is stored under), label, help text.
READINESS_DEFAULTS = (
    ("agreement-signed", "Agreement signed", "The host agency has signed the agreement to host a group."),
    ("venue-located-and-booked", "Venue located and booked", "A room found and booked for the group's meetings."),
    ("posters-and-advertising-ready", "Posters and advertising ready", "Posters and leaflets ready to put up."),
    (
        "referral-routes-agreed-with-named-agencies",
        "Referral routes agreed with named agencies",
        "Which agencies will tell people about the group, each by name.",
    ),
    ("a-champion-named", "A champion named", "Someone at the agency who speaks up for the group."),
    (
        "a-local-trainer-or-nearby-group-identified",
        "A local trainer or nearby group identified",
        "Support close by once the training is over.",
    ),
    (
        "commitments-explained-to-the-agency",
        "Commitments explained to the agency",
        "The agency knows what hosting a group asks of it.",
    ),
)
READINESS_ITEMS = tuple(label for _, label, _ in READINESS_DEFAULTS)
READINESS_KEYS = tuple(key for key, _, _ in READINESS_DEFAULTS)


class SiteReadinessQuerySet(models.QuerySet):
    def visible_to(self, user) -> SiteReadinessQuerySet:
        """The checklists of the sites this user may see."""
        return self.filter(site__in=HostSite.objects.visible_to(user))


class SiteReadiness(models.Model):
    """A site's readiness checklist: which items are done, since when and ticked by whom."""

    site = models.OneToOneField(HostSite, on_delete=models.CASCADE, related_name="readiness")
    # Item key -> {"on": "YYYY-MM-DD", "by": the id of the user who ticked it, or None}; not in it: not done yet.
    # A tick is a fact about the site: an item with the same key on another programme's checklist shares it.
    ticks = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SiteReadinessQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "site readiness checklists"

    def __str__(self) -> str:
        return f"Readiness of {self.site}"


class Future(models.TextChoices):
    SECURE = "secure", "Secure"
    AT_RISK = "at_risk", "At risk"
    ENDING = "ending", "Ending"


class SustainabilityPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> SustainabilityPlanQuerySet:
        """The plans of the sites this user may see."""
        return self.filter(site__in=HostSite.objects.visible_to(user))


class SustainabilityPlan(models.Model):
    """What happens to a site's groups after the programme's funding: who hosts them, where, paid by whom."""

    site = models.OneToOneField(HostSite, on_delete=models.CASCADE, related_name="sustainability")
    future = models.CharField("future", max_length=10, choices=Future.choices)
    next_host = models.CharField("who hosts the group next", max_length=200, blank=True, default="")
    venue_secured_until = models.DateField("venue secured until", null=True, blank=True)
    funding_source = models.CharField(max_length=200, blank=True, default="")
    local_support = models.CharField("named local support", max_length=200, blank=True, default="")
    risks = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SustainabilityPlanQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Sustainability plan of {self.site}"
