"""Demo programmes: the Department of Health pilot, April 2008 - March 2010, and the host sites that took part.

The sites are those the pilot selected (sites/demo_data.py): each joined on the day it was selected and, if it
withdrew, left on that day. Cumbria joined last, replacing Cornwall, so seven agencies held the pilot's six places.
"""

from __future__ import annotations

from datetime import date

from programmes.models import Programme, ProgrammeSite
from sites import demo_data
from sites.models import HostSite

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
    out.write(f"  programmes: {pilot.name} with {memberships} sites")
