"""Health flags from every app, judged on one day: the overview, site pages, start page and reports call this."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from groups.health import CHECKS as GROUP_CHECKS
from sites.health import OWN_CHECKS as SITE_CHECKS
from sites.health import HealthCheck, HealthFlag
from training.health import refresher_health_check

CHECKS: tuple[HealthCheck, ...] = (*SITE_CHECKS, *GROUP_CHECKS, refresher_health_check)


def flags_for(sites: Sequence, today: date) -> dict[int, list[HealthFlag]]:
    """Every check, each called once with all the sites (a constant number of queries)."""
    flags: dict[int, list[HealthFlag]] = {s.pk: [] for s in sites}
    if not sites:
        return flags
    for check in CHECKS:
        for site_id, found in check(sites, today).items():
            if site_id in flags:
                flags[site_id].extend(found)
    return flags
