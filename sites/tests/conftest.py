"""Fixtures of the sites app's tests."""

from datetime import date

import pytest

from sites import hooks
from sites.tests.factories import with_history


@pytest.fixture
def active_site_a(site_a):
    """Site A, selected in September 2008 and with groups meeting since April 2009."""
    return with_history(
        site_a,
        ("selected", date(2008, 9, 24)),
        ("agreement_issued", date(2008, 10, 15)),
        ("agreement_signed", date(2008, 11, 20)),
        ("training_delivered", date(2009, 3, 5)),
        ("groups_meeting", date(2009, 4, 7)),
    )


@pytest.fixture
def only_own_hooks(monkeypatch):
    """Registries holding only the sites app's own providers (others' come and go with their apps)."""
    from sites import health, timeline

    monkeypatch.setattr(hooks, "_health_checks", list(health.OWN_CHECKS))
    monkeypatch.setattr(hooks, "_site_stats", [])
    monkeypatch.setattr(hooks, "_timeline_sources", [timeline.status_source, timeline.milestone_source])
    monkeypatch.setattr(hooks, "_site_panels", [])


@pytest.fixture
def fake_hooks(monkeypatch, only_own_hooks):
    """Registers fake providers like those of the groups and training apps; records how often each is called."""
    calls = {"check": 0, "stats": 0, "timeline": 0, "panels": 0}

    def check(sites, today):
        calls["check"] += 1
        return {
            s.pk: [hooks.HealthFlag("single_facilitator", "Only one facilitator", "Burn-out risk.")] for s in sites
        }

    def stats(sites, today):
        calls["stats"] += 1
        return {
            s.pk: {
                "groups_meeting": 2,
                "meetings_last_4_weeks": 7,
                "average_attendance": 6.5,
                "attendance_series": [3, 5, 8, 6],
                "last_meeting": date(2009, 6, 2),
            }
            for s in sites
        }

    def source(site_ids):
        calls["timeline"] += 1
        return [
            hooks.TimelineEntry(date(2009, 3, 17), "first_meeting", "First meeting of Test group", sid)
            for sid in (site_ids or [])
        ]

    def panels(site, user):
        calls["panels"] += 1
        return [hooks.SitePanel("Training", "sites/tests/_fake_panel.html", {"action": "Plan a refresher"})]

    hooks.register_health_check(check)
    hooks.register_site_stats(stats)
    hooks.register_timeline_source(source)
    hooks.register_site_panels(panels)
    return calls
