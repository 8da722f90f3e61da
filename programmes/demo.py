"""Demo programmes: the Department of Health pilot, April 2008 - March 2010, and the host sites that took part;
then an illustrative continuation for the sites whose groups carried on.

The pilot's sites are those it selected (sites/demo_data.py): each joined on the day it was selected and, if it
withdrew, left on that day. Cumbria joined last, replacing Cornwall, so seven agencies held the pilot's six places.
The report says nothing of what came after; the continuation (from April 2010 to the end of the current
programme year, so that it runs today) is labelled illustrative and holds the demo's illustrative meetings.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from programmes.models import Programme, ProgrammeSite, ReadinessItem, ReportingDuty
from sites import demo_data
from sites.models import READINESS_DEFAULTS, HostSite, SiteReadiness

PILOT = {
    "name": "SMART Recovery pilot (Department of Health), April 2008 – March 2010",
    "funder": "Department of Health",
    "starts_on": date(2008, 4, 1),
    "ends_on": date(2010, 3, 31),
    "description": (
        "Alcohol Concern and SMART Recovery UK piloted SMART Recovery peer-support groups at six host sites "
        "in England, with a £100,000 grant from the Department of Health."
    ),
}


CONTINUATION = {
    "name": "Continuation (illustrative)",
    "funder": "Local commissioning (illustrative)",
    "starts_on": date(2010, 4, 1),
    "description": (
        "Illustrative: the report ends with the pilot. This programme stands for the local contracts that "
        "might have followed, so that the demo's later meetings belong to a programme of their own."
    ),
    "is_illustrative": True,
}
DUTIES = {
    "pilot": [
        ("monitoring", "quarterly", "pdf", "The steering committee", "observer"),
        ("evaluation_pack", "at_end", "pdf", "Department of Health", "observer evaluator"),
    ],
    "continuation": [("monitoring", "monthly", "pdf", "The commissioners (illustrative)", "")],
}

# Illustrative: the continuation's own readiness checklist (docs/readiness.md), the pilot's seven with one item
# worded for the meeting finder and one more. Same keys as the defaults, so the pilot's ticks still count.
ILLUSTRATIVE = "Illustrative: the continuation's own checklist, not from the report."
CONTINUATION_READINESS = [
    (key, "Posters, leaflets and the meeting finder listing ready", f"{ILLUSTRATIVE} Reworded from the pilot's.")
    if key == "posters-and-advertising-ready"
    else (key, label, help_text)
    for key, label, help_text in READINESS_DEFAULTS
] + [("refresher-training-booked", "Refresher training booked for the facilitators", f"{ILLUSTRATIVE} Added.")]
# Which continuing sites had booked their refresher, and when (illustrative).
REFRESHERS_BOOKED = {"sheffield": date(2010, 5, 12), "birmingham": date(2010, 6, 2)}


def _step(steps, status: str) -> date | None:
    return next((on for on, step, _ in steps if step == status), None)


def pilot_sites() -> list[tuple[str, date, date | None]]:
    """(site slug, joined on, left on) for each site the pilot selected, from the sites' histories."""
    rows = []
    for slug, steps in demo_data.HISTORIES.items():
        selected = _step(steps, "selected")
        if selected is not None:
            rows.append((slug, selected, _step(steps, "withdrawn")))
    return rows


def continuing_sites() -> list[str]:
    """The pilot's sites whose groups met and that did not withdraw: their groups carried on."""
    return [
        slug
        for slug, steps in demo_data.HISTORIES.items()
        if _step(steps, "groups_meeting") is not None and _step(steps, "withdrawn") is None
    ]


def _duties(programme: Programme, duties) -> None:
    for kind, frequency, fmt, recipients, share_with in duties:
        ReportingDuty.objects.update_or_create(
            programme=programme,
            report_kind=kind,
            frequency=frequency,
            defaults={"format": fmt, "recipients": recipients, "share_with": share_with},
        )


def _readiness(programme: Programme, sites: dict[str, HostSite]) -> None:
    """The continuation's own checklist, and the ticks of its added item at the sites that had done it."""
    for order, (key, label, help_text) in enumerate(CONTINUATION_READINESS, start=1):
        ReadinessItem.objects.update_or_create(
            programme=programme, key=key, defaults={"label": label, "help_text": help_text, "order": order}
        )
    for slug, on in REFRESHERS_BOOKED.items():
        row = SiteReadiness.objects.filter(site=sites.get(slug)).first() if slug in sites else None
        if row is not None:
            row.ticks = {**row.ticks, "refresher-training-booked": {"on": on.isoformat(), "by": None}}
            row.save(update_fields=["ticks"])


def load(*, out) -> None:
    fields = {key: value for key, value in PILOT.items() if key != "name"}
    pilot, _ = Programme.objects.update_or_create(name=PILOT["name"], defaults=fields)
    sites = {s.slug: s for s in HostSite.objects.filter(slug__in=demo_data.HISTORIES)}
    memberships = 0
    for slug, joined_on, left_on in pilot_sites():
        if slug in sites:
            ProgrammeSite.objects.update_or_create(
                programme=pilot, site=sites[slug], defaults={"joined_on": joined_on, "left_on": left_on}
            )
            memberships += 1
    _duties(pilot, DUTIES["pilot"])
    today = timezone.localdate()
    year_end = date(today.year + (today.month > 3), 3, 31)
    fields = {key: value for key, value in CONTINUATION.items() if key != "name"}
    continuation, _ = Programme.objects.update_or_create(
        name=CONTINUATION["name"], defaults={**fields, "ends_on": year_end}
    )
    for slug in continuing_sites():
        if slug in sites:
            ProgrammeSite.objects.update_or_create(
                programme=continuation, site=sites[slug], defaults={"joined_on": continuation.starts_on}
            )
    _duties(continuation, DUTIES["continuation"])
    _readiness(continuation, sites)
    out.write(
        f"  programmes: {pilot.name} with {memberships} sites; {continuation.name} with "
        f"{continuation.memberships.count()} sites"
    )
