"""Extension points through which apps to the right of `sites` add to site pages.

`sites` must not import `groups`, `training` or `evaluation` (dependencies point one
way), yet the network overview, the health flags, the timeline and the site page
show their data. Those apps register providers here from their AppConfig.ready().

Every provider receives *all* the sites a page shows at once and must run a
constant number of queries whatever their number (pages assert query budgets).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class HealthFlag:
    """One reason a site needs attention: a short label and a one-line reason from the pilot's lessons."""

    code: str
    label: str
    reason: str
    severity: str = "warning"  # "warning" or "danger"


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event on the programme timeline (site_id None: network-wide)."""

    day: date
    kind: str  # e.g. "status", "milestone", "training", "first_meeting", "last_meeting", "event"
    text: str
    site_id: int | None = None
    url: str = ""


@dataclass
class SitePanel:
    """A block on the site page contributed by another app."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


# check(sites, today) -> {site_id: [HealthFlag, ...]}; sites absent from the dict have no flag.
HealthCheck = Callable[[Sequence, date], dict[int, list[HealthFlag]]]
# stats(sites, today) -> {site_id: {"key": value, ...}} merged into each overview row.
SiteStats = Callable[[Sequence, date], dict[int, dict]]
# source(site_ids or None for the whole network) -> [TimelineEntry, ...]
TimelineSource = Callable[[Sequence[int] | None], list[TimelineEntry]]
# panels(site, user) -> [SitePanel, ...]
SitePanels = Callable[[object, object], list[SitePanel]]

_health_checks: list[HealthCheck] = []
_site_stats: list[SiteStats] = []
_timeline_sources: list[TimelineSource] = []
_site_panels: list[SitePanels] = []


def _register(registry: list, func):
    if func not in registry:
        registry.append(func)
    return func


def register_health_check(func: HealthCheck) -> HealthCheck:
    return _register(_health_checks, func)


def register_site_stats(func: SiteStats) -> SiteStats:
    return _register(_site_stats, func)


def register_timeline_source(func: TimelineSource) -> TimelineSource:
    return _register(_timeline_sources, func)


def register_site_panels(func: SitePanels) -> SitePanels:
    return _register(_site_panels, func)


def health_checks() -> list[HealthCheck]:
    return list(_health_checks)


def site_stats_providers() -> list[SiteStats]:
    return list(_site_stats)


def timeline_sources() -> list[TimelineSource]:
    return list(_timeline_sources)


def site_panel_providers() -> list[SitePanels]:
    return list(_site_panels)
