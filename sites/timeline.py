"""The programme timeline: what an entry is, the sites app's own entries, months and CSV.

network/timeline.py collects every app's entries; this module lays them out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from pilot.spreadsheets import neutralise
from sites.models import EntryKind, ProgressEntry, Status, StatusChange


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event on the programme timeline (site_id None: network-wide)."""

    day: date
    kind: str  # e.g. "status", "milestone", "training", "first_meeting", "last_meeting", "event"
    text: str
    site_id: int | None = None
    url: str = ""


KIND_LABELS = {
    "status": "Status",
    "milestone": "Milestone",
    "training": "Training",
    "first_meeting": "First meeting",
    "last_meeting": "Last meeting",
    "event": "Event",
}


def status_source(site_ids: Sequence[int] | None) -> list[TimelineEntry]:
    """Every status change after the application, as a timeline entry."""
    changes = StatusChange.objects.exclude(status=Status.APPLIED).select_related("site")
    if site_ids is not None:
        changes = changes.filter(site_id__in=site_ids)
    return [
        TimelineEntry(
            day=c.on,
            kind="status",
            text=f"{c.site.name}: {c.get_status_display().lower()}",
            site_id=c.site_id,
            url=c.site.get_absolute_url(),
        )
        for c in changes
    ]


def milestone_source(site_ids: Sequence[int] | None) -> list[TimelineEntry]:
    """Progress-log milestones (network-wide ones always, site ones for the sites asked for)."""
    entries = ProgressEntry.objects.filter(kind=EntryKind.MILESTONE).select_related("site")
    if site_ids is not None:
        entries = entries.filter(Q(site_id__in=site_ids) | Q(site__isnull=True))
    return [
        TimelineEntry(
            day=e.day,
            kind="milestone",
            text=f"{e.site.name}: {e.note}" if e.site else e.note,
            site_id=e.site_id,
            url=e.site.get_absolute_url() if e.site else "",
        )
        for e in entries
    ]


@dataclass
class Month:
    first_day: date
    entries: list[TimelineEntry] = field(default_factory=list)


def _month_range(start: date, end: date) -> Iterable[date]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def by_month(entries: Sequence[TimelineEntry], *, newest_first: bool = False) -> list[Month]:
    """Group entries (in date order) month by month, keeping empty months between the first and the last;
    `newest_first`: the last month first, each month's entries the latest first."""
    if not entries:
        return []
    months = {d: Month(d) for d in _month_range(entries[0].day, entries[-1].day)}
    for entry in entries:
        months[entry.day.replace(day=1)].entries.append(entry)
    if newest_first:
        for month in months.values():
            month.entries.reverse()
        return list(months.values())[::-1]
    return list(months.values())


def to_csv(entries: Sequence[TimelineEntry], site_names: dict[int, str]) -> str:
    """The timeline as CSV: month, date, site, kind, text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["month", "date", "site", "kind", "text"])
    for e in entries:
        site = site_names.get(e.site_id, "") if e.site_id else "Network"
        kind = KIND_LABELS.get(e.kind, e.kind)
        writer.writerow(
            [
                e.day.strftime("%B %Y"),
                e.day.strftime("%d/%m/%Y"),
                neutralise(site),
                neutralise(kind),
                neutralise(e.text),
            ]
        )
    return buffer.getvalue()
