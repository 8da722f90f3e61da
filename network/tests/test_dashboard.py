from datetime import date

import pytest
from django.urls import reverse

from network.dashboard import site_panels
from programmes.periods import custom_period, recent_period
from sites.tests.factories import ProgressEntryFactory

pytestmark = pytest.mark.django_db


def panels(user, period=None):
    return site_panels(user, period or recent_period())


def test_coordinator_gets_overdue_follow_ups_and_sites_needing_attention(coordinator, active_site_a, site_b):
    ProgressEntryFactory(site=active_site_a, follow_up_on=date(2009, 6, 1), note="Ring about the venue")
    ProgressEntryFactory(site=active_site_a, follow_up_on=date(2009, 6, 2), follow_up_done=True)
    ProgressEntryFactory(site=site_b, follow_up_on=date(2009, 8, 1))
    overdue, attention = panels(coordinator, custom_period(date(2009, 4, 1), date(2009, 7, 1)))
    assert [e.note for e in overdue.context["entries"]] == ["Ring about the venue"]
    assert [r.site for r in attention.context["rows"]] == [active_site_a]


def test_site_contact_sees_their_sites_status_on_the_home_page(client_for, site_contact_a, active_site_a, site_b):
    html = client_for(site_contact_a).get(reverse("home")).content.decode()
    assert "Your site" in html and "Groups meeting" in html
    assert "Beta City" not in html


@pytest.mark.parametrize("persona", ["observer", "evaluator", "facilitator_a"])
def test_other_roles_get_no_sites_panel(personas, persona):
    assert panels(personas[persona]) == []


def test_the_attention_panel_lists_the_overviews_flagged_sites_with_the_same_flags_and_order(
    coordinator, active_site_a, site_b
):
    from groups.tests.factories import GroupFactory
    from network.selectors import network_overview
    from sites.models import SustainabilityPlan
    from sites.tests.factories import HostSiteFactory

    HostSiteFactory(name="Gamma Town")  # a third site, with the sites app's own flags
    GroupFactory(site=site_b, venue_type="church")
    SustainabilityPlan.objects.create(site=active_site_a, future="at_risk")
    period = custom_period(date(2009, 4, 1), date(2009, 7, 1))
    found = panels(coordinator, period)
    attention = next(p for p in found if p.title == "Sites needing attention")
    _, rows, _ = network_overview(user=coordinator, today=period.as_of(), sort="-flags")
    flagged = [(r.site, [f.code for f in r.flags]) for r in rows if r.flags]
    assert flagged and [(r.site, [f.code for f in r.flags]) for r in attention.context["rows"]] == flagged
    doubt = next(p for p in found if p.title == "Sites whose future is in doubt")
    assert [r.site for r in doubt.context["rows"]] == [r.site for r in rows if r.plan and r.plan.future == "at_risk"]


def test_the_attention_panel_lists_ten_flagged_sites_and_says_how_many_more(client_for, coordinator):
    from sites.tests.factories import HostSiteFactory, with_history

    for n in range(12):  # selected, with no champion named: the sites app's own flag
        with_history(HostSiteFactory(name=f"Flagged {n:02}"), ("selected", date(2008, 9, 24)))
    html = client_for(coordinator).get(reverse("home")).content.decode()
    assert html.count("Flagged ") == 10 and "And 2 more sites with a flag." in html
    assert "Network overview, most flags first" in html
