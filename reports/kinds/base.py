"""What every report kind shares: the audience it is built for, its parameters, progress, scoping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from groups.models import Group
from pilot.disclosure import EXACT, PROCESSORS, PUBLISHED, Disclosure
from pilot.roles import Role, role_of
from programmes.models import Programme
from reports import conf
from reports.document import Report, ReportError
from sites.models import HostSite


@dataclass(frozen=True)
class Audience:
    """Who the report is for: which sites and groups it may cover and whether free text may appear."""

    role: Role | None
    site_ids: frozenset[int] | None = None  # None: every site
    group_ids: frozenset[int] | None = None  # None: every group of the sites covered
    free_text: bool = False
    contact_notes: bool = False  # progress-log notes (coordinators and a site's own contacts)


FULL_AUDIENCE = Audience(role=Role.COORDINATOR, free_text=True, contact_notes=True)


def audience_for(user) -> Audience:
    """The audience a user's reports are built for (also re-derived inside the worker)."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return FULL_AUDIENCE
    if role == Role.EVALUATOR:
        return Audience(role=role, free_text=True)
    if role == Role.OBSERVER:
        return Audience(role=role)
    if role == Role.SITE_CONTACT:
        sites = frozenset(user.site_memberships.values_list("site_id", flat=True))
        return Audience(role=role, site_ids=sites, contact_notes=True)
    if role == Role.FACILITATOR:
        groups = frozenset(Group.objects.visible_to(user).values_list("pk", flat=True))
        sites = frozenset(Group.objects.filter(pk__in=groups).values_list("site_id", flat=True))
        return Audience(role=role, site_ids=sites, group_ids=groups)
    return Audience(role=None, site_ids=frozenset(), group_ids=frozenset())


class PdfTooLarge(ReportError):
    """A report too large to lay out as a PDF; the form shows it at the format field."""


def months_between(start: date, end: date) -> int:
    """Calendar months from start's month to end's month, both counted (0 if end is before start)."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)


def parse_date(value, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ReportError(f"{label} must be a date as YYYY-MM-DD.") from exc


class BaseReportKind:
    """A report kind: build() returns a Report document that any writer can write."""

    kind = ""
    title = ""
    formats = ("pdf", "xlsx", "csv", "json")

    def __init__(self, *, parameters: dict, audience: Audience, progress: Callable[[int, str], None] | None = None):
        self.parameters = dict(parameters or {})
        self.audience = audience
        self._progress = progress
        self.programme = self._resolve_programme(self.parameters.get("programme"))
        self.date_from = parse_date(self.parameters.get("date_from"), "The start date")
        self.date_to = parse_date(self.parameters.get("date_to"), "The end date")
        if self.programme is not None:
            # A programme is its period and its sites; dates given as well narrow it.
            self.date_from = max(self.date_from or self.programme.starts_on, self.programme.starts_on)
            self.date_to = min(self.date_to or self.programme.ends_on, self.programme.ends_on)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ReportError("The start date is after the end date.")
        self.site = self._resolve_site(self.parameters.get("site"))
        self.group = self._resolve_group(self.parameters.get("group"))
        self.disclosure = self._resolve_disclosure(self.parameters.get("figures"))

    def _resolve_disclosure(self, figures) -> Disclosure:
        """Published figures unless someone who processes the data asks for exact ones (not for publication)."""
        if figures in (None, "", "published"):
            return PUBLISHED
        if figures != "exact":
            raise ReportError("Figures must be 'exact' or 'published'.")
        if self.audience.role not in PROCESSORS:
            raise ReportError("Exact figures are for coordinators and evaluators; yours are published figures.")
        return EXACT

    # --- scope ---------------------------------------------------------------------------
    def _resolve_programme(self, programme_id) -> Programme | None:
        if programme_id in (None, ""):
            return None
        try:
            programme = Programme.objects.filter(pk=int(programme_id)).first()
        except (TypeError, ValueError):
            programme = None
        if programme is None:
            raise ReportError("There is no such programme.")
        return programme

    def _resolve_site(self, slug):
        if not slug:
            return None
        site = HostSite.objects.filter(slug=slug).first()
        if site is None or (self.audience.site_ids is not None and site.pk not in self.audience.site_ids):
            raise ReportError(f"There is no site '{slug}' you may report on.")
        return site

    def _resolve_group(self, group_id):
        if group_id in (None, ""):
            return None
        try:
            group = Group.objects.select_related("site").filter(pk=int(group_id)).first()
        except (TypeError, ValueError):
            group = None
        allowed = group is not None and (
            (self.audience.group_ids is None or group.pk in self.audience.group_ids)
            and (self.audience.site_ids is None or group.site_id in self.audience.site_ids)
        )
        if not allowed:
            raise ReportError("There is no such group you may report on.")
        if self.site and group.site_id != self.site.pk:
            raise ReportError("That group does not meet at the chosen site.")
        return group

    def sites(self):
        """The host sites this report covers."""
        qs = HostSite.objects.with_status(self.as_of).order_by("name")
        if self.programme is not None:
            qs = qs.filter(programme_memberships__programme=self.programme)
        if self.audience.site_ids is not None:
            qs = qs.filter(pk__in=self.audience.site_ids)
        if self.site:
            qs = qs.filter(pk=self.site.pk)
        if self.group:
            qs = qs.filter(pk=self.group.site_id)
        return qs

    def groups(self):
        """The groups this report covers."""
        qs = Group.objects.select_related("site").order_by("site__name", "name")
        if self.programme is not None:
            qs = qs.filter(site__programme_memberships__programme=self.programme)
        if self.audience.site_ids is not None:
            qs = qs.filter(site_id__in=self.audience.site_ids)
        if self.audience.group_ids is not None:
            qs = qs.filter(pk__in=self.audience.group_ids)
        if self.site:
            qs = qs.filter(site=self.site)
        if self.group:
            qs = qs.filter(pk=self.group.pk)
        return qs

    @property
    def is_network_wide(self) -> bool:
        return self.site is None and self.group is None and self.audience.site_ids is None

    @property
    def is_whole(self) -> bool:
        """The whole network over the whole period (or programme): the only scope whose minimum and maximum answers
        are published."""
        if self.programme is not None:
            whole = (self.date_from, self.date_to) == (self.programme.starts_on, self.programme.ends_on)
            return self.is_network_wide and whole
        return self.is_network_wide and self.date_from is None and self.date_to is None

    def dated(self, queryset, field: str):
        """The queryset narrowed to this report's dates on `field`."""
        if self.date_from:
            queryset = queryset.filter(**{f"{field}__gte": self.date_from})
        if self.date_to:
            queryset = queryset.filter(**{f"{field}__lte": self.date_to})
        return queryset

    @property
    def as_of(self):
        """The day figures are judged on (health flags, "lately"): the period's end, or today if earlier."""
        today = timezone.localdate()
        return min(self.date_to, today) if self.date_to else today

    # --- size ------------------------------------------------------------------------------
    def estimate_rows(self) -> int:
        """About how many table rows the report would lay out, from a few COUNT queries (nothing is built)."""
        return 0

    def check_format(self, fmt: str) -> int:
        """The size estimate; raises PdfTooLarge when a PDF would lay out more rows than REPORTS_PDF_MAX_ROWS."""
        rows = self.estimate_rows()
        limit = conf.pdf_max_rows()
        if fmt == "pdf" and rows > limit:
            raise PdfTooLarge(
                f"This report would lay out about {rows:,} table rows; a PDF holds at most {limit:,}. Ask for it "
                "as XLSX or CSV (they hold any size), or choose a shorter period, one site or one group for a PDF."
            )
        return rows

    # --- progress and the document ---------------------------------------------------------
    def step(self, percent: int, line: str) -> None:
        """Report progress (0-100) with a status line; the task writes it onto the request row."""
        if self._progress:
            self._progress(max(0, min(100, int(percent))), line)

    def filters(self) -> list[tuple[str, str]]:
        out = [("Programme", str(self.programme))] if self.programme else []
        if self.site:
            out.append(("Site", self.site.name))
        elif self.audience.site_ids is not None:
            out.append(("Sites", "your own only"))
        if self.group:
            out.append(("Group", str(self.group)))
        elif self.audience.group_ids is not None:
            out.append(("Groups", "your own only"))
        if self.date_from:
            out.append(("From", self.date_from.strftime("%d/%m/%Y")))
        if self.date_to:
            out.append(("To", self.date_to.strftime("%d/%m/%Y")))
        out.append(("Figures", "exact, not for publication" if self.disclosure.exact else "published"))
        return out

    def new_report(self) -> Report:
        return Report(
            kind=self.kind,
            title=f"{self.title}: {self.programme}" if self.programme else self.title,
            generated_at=timezone.localtime(),
            filters=self.filters(),
            rule=self.disclosure.rule_text(),
            disclosure=self.disclosure,
        )

    def build(self) -> Report:  # pragma: no cover - every kind overrides it
        raise NotImplementedError
