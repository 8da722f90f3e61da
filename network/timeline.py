"""The programme timeline from every app: status changes, milestones, groups' first and last meetings, events."""

from __future__ import annotations

from collections.abc import Sequence

from groups.selectors import timeline_entries as group_entries
from sites.timeline import TimelineEntry, milestone_source, status_source
from training.selectors import timeline_entries as event_entries

SOURCES = (status_source, milestone_source, group_entries, event_entries)


def collect(site_ids: Sequence[int] | None, *, network_entries: bool = True) -> list[TimelineEntry]:
    """Entries for these sites (None: the whole network), network-wide ones too unless asked not to, by date."""
    entries: list[TimelineEntry] = []
    for source in SOURCES:
        entries.extend(source(site_ids))
    allowed = None if site_ids is None else set(site_ids)
    if allowed is not None:
        entries = [e for e in entries if e.site_id in allowed or (network_entries and e.site_id is None)]
    return sorted(entries, key=lambda e: (e.day, e.site_id or 0, e.kind, e.text))
