"""The training pipeline as the network sees it: trained -> became facilitators -> facilitating lately, per site
and for the network. It combines training (who was trained) and groups (who facilitated); the pipeline page, the
site page and every report call it.

Definitions (documented in docs/training.md):
- trained: people who completed a facilitator training at the site, i.e. the attendance recorded on the
  last day of each facilitator training (Gateshead: 25 on day one, 12 on day two -> 12 trained);
- became facilitators: facilitator records linked as participants of a facilitator training, refresher
  or train-the-trainer at the site;
- facilitating: of those, the ones listed as facilitators of a registered meeting held in the last
  TRAINING_ACTIVE_WEEKS weeks (8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Min

from groups.models import Meeting
from training import conf
from training.models import FACILITATOR_TRAINING_KINDS, EventDay, EventKind, EventStatus, Participant


@dataclass(frozen=True)
class PipelineFigures:
    trained: int | str
    became: int | str
    facilitating: int | str
    conversion_percent: int | str | None


@dataclass
class PipelineRow:
    label: str
    site: object | None = None
    trained: int = 0
    became: set = field(default_factory=set)
    facilitating: set = field(default_factory=set)
    first_training: date | None = None
    first_meeting: date | None = None
    trainings: int = 0

    @property
    def became_count(self) -> int:
        return len(self.became)

    @property
    def facilitating_count(self) -> int:
        return len(self.facilitating)

    @property
    def days_to_first_meeting(self) -> int | None:
        if self.first_training and self.first_meeting:
            return (self.first_meeting - self.first_training).days
        return None

    def figures(self, disclosure) -> PipelineFigures:
        """The row's counts of people as this reader may see them (pilot.disclosure)."""
        return PipelineFigures(
            trained=disclosure.count(self.trained),
            became=disclosure.count(self.became_count),
            facilitating=disclosure.count(self.facilitating_count),
            conversion_percent=disclosure.percent(self.became_count, self.trained),
        )

    def total_figures(self, disclosure, parts: Sequence[PipelineFigures]) -> PipelineFigures:
        """The network row shown beside the sites' rows: totals withheld where they would give a site away."""
        return PipelineFigures(
            trained=disclosure.total(self.trained, [p.trained for p in parts]),
            became=disclosure.total(self.became_count, [p.became for p in parts]),
            facilitating=disclosure.total(self.facilitating_count, [p.facilitating for p in parts]),
            conversion_percent=disclosure.percent(self.became_count, self.trained),
        )

    @property
    def many_trained_none_facilitating(self) -> bool:
        """The Gateshead pattern: many trained, none went on to facilitate."""
        return self.trained >= conf.many_trained() and self.became_count == 0

    @property
    def trained_but_idle(self) -> bool:
        """Facilitators came out of training, but none has facilitated a meeting lately."""
        return self.became_count > 0 and self.facilitating_count == 0


def _min(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def training_pipeline(
    *, sites: Sequence, today: date, start: date | None = None
) -> tuple[list[PipelineRow], PipelineRow]:
    """One row per site and a network total, for trainings from `start` (None: all) to `today`; four queries
    whatever the number of sites or people."""
    rows = {site.pk: PipelineRow(label=site.name, site=site) for site in sites}
    site_ids = list(rows)

    # Query 1: every day of the sites' facilitator trainings, in date order.
    days = (
        EventDay.objects.filter(event__site_id__in=site_ids, event__kind=EventKind.FACILITATOR_TRAINING)
        .exclude(event__status=EventStatus.CANCELLED)
        .filter(date__lte=today, event__starts_on__gte=start or date.min)
        .order_by("event_id", "date")
        .values("event_id", "event__site_id", "event__starts_on", "attendance")
    )
    last_day: dict[int, tuple[int, int | None]] = {}
    for day in days:
        row = rows[day["event__site_id"]]
        row.first_training = _min(row.first_training, day["event__starts_on"])
        if day["attendance"] is not None:
            last_day[day["event_id"]] = (day["event__site_id"], day["attendance"])
        else:
            last_day.setdefault(day["event_id"], (day["event__site_id"], None))
    for site_id, attendance in last_day.values():
        rows[site_id].trainings += 1
        rows[site_id].trained += attendance or 0

    # Query 2: facilitators who took part in a facilitator training at their site.
    participations = (
        Participant.objects.filter(
            event__site_id__in=site_ids, event__kind__in=FACILITATOR_TRAINING_KINDS, facilitator__isnull=False
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .filter(event__starts_on__lte=today, event__starts_on__gte=start or date.min)
        .values_list("event__site_id", "facilitator_id")
    )
    for site_id, facilitator_id in participations:
        rows[site_id].became.add(facilitator_id)

    # Query 3: who facilitated a meeting held lately; query 4: each site's first meeting held.
    meetings = Meeting.objects.filter(held=True)
    since = today - timedelta(weeks=conf.active_weeks())
    trained_ids = set().union(*(row.became for row in rows.values())) if rows else set()
    active = set(
        Meeting.facilitators.through.objects.filter(
            meeting__in=meetings.filter(date__gte=since, date__lte=today), facilitator_id__in=trained_ids
        ).values_list("facilitator_id", flat=True)
    )
    for row in rows.values():
        row.facilitating = row.became & active
    firsts = (
        meetings.filter(group__site_id__in=site_ids, date__lte=today)
        .values("group__site_id")
        .annotate(first=Min("date"))
        .order_by()
    )
    for first in firsts:
        rows[first["group__site_id"]].first_meeting = first["first"]

    network = PipelineRow(label="Whole network")
    for row in rows.values():
        network.trained += row.trained
        network.trainings += row.trainings
        network.became |= row.became
        network.facilitating |= row.facilitating
        network.first_training = _min(network.first_training, row.first_training)
        network.first_meeting = _min(network.first_meeting, row.first_meeting)
    return list(rows.values()), network


def site_pipeline(*, site, today: date) -> PipelineRow:
    """The pipeline row of one site."""
    rows, _ = training_pipeline(sites=[site], today=today)
    return rows[0]
