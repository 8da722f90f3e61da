"""Facilitator support flags beyond the support page: counted per site on the overview, the site page, the start
pages and the evaluation pack; names only for the coordinator and the site's own contacts (docs/support.md)."""

import datetime
import io
import json

import pytest
from django.urls import reverse

from groups.models import Feeling, WellbeingCheckIn
from groups.tests.factories import FacilitatorFactory
from network.selectors import support_counts_for
from reports.kinds import KINDS, audience_for
from reports.writers import write

pytestmark = pytest.mark.django_db


@pytest.fixture
def struggling(site_a):
    """Two facilitators at site A, one of whom said at their last check-in that they are struggling."""
    stu = FacilitatorFactory(site=site_a, display_name="Stu Strugglewell")
    FacilitatorFactory(site=site_a, display_name="Fine Fiona")
    WellbeingCheckIn.objects.create(facilitator=stu, feeling=Feeling.STRUGGLING, answered_on=datetime.date.today())
    return stu


def _row(client, site):
    rows = client.get(reverse("network:overview")).context["rows"]
    return next((r for r in rows if r.site == site), None)


def test_counts_per_site_come_from_the_support_flags(struggling, site_a, site_b):
    counts = support_counts_for([site_a, site_b], datetime.date.today())
    assert counts[site_a.pk] == {"flagged": 1, "alone": 0, "no_contact": 0, "struggling": 1}
    assert counts[site_b.pk]["flagged"] == 0


def test_coordinator_and_site_contact_see_exact_counts_and_names(client_for, coordinator, site_contact_a, struggling):
    site = struggling.site
    for user in (coordinator, site_contact_a):
        client = client_for(user)
        assert _row(client, site).support["flagged"] == 1
        assert "Stu Strugglewell" in client.get(site.get_absolute_url()).content.decode()
    home = client_for(site_contact_a).get(reverse("home")).content.decode()
    assert "Facilitators with a support flag: 1" in home


def test_the_steering_committee_sees_published_counts_and_no_names(client_for, observer, struggling):
    client = client_for(observer)
    site = struggling.site
    assert _row(client, site).support["flagged"] == "*"  # one person: hidden in published figures
    page = client.get(site.get_absolute_url())
    html = page.content.decode()
    assert "Stu Strugglewell" not in html and "Fine Fiona" not in html
    assert "Facilitators with a support flag as of" in html
    assert reverse("groups:facilitator_support", args=[struggling.pk]) not in html
    home = client.get(reverse("home")).context
    glance = next(p for p in home["leading"] + home["panels"] if p.title == "The network at a glance")
    assert glance.context["support_flagged"] == 1  # one site, a count of sites


def test_another_sites_contact_sees_neither_the_row_nor_the_page(client_for, site_contact_b, struggling):
    client = client_for(site_contact_b)
    assert _row(client, struggling.site) is None
    assert client.get(struggling.site.get_absolute_url()).status_code == 404


def test_the_pack_counts_without_names_published_for_the_committee(coordinator, observer, struggling):
    for user, figures, shown in ((coordinator, "exact", 1), (observer, None, "*")):
        report = KINDS["evaluation_pack"](parameters={"figures": figures}, audience=audience_for(user)).build()
        out = io.BytesIO()
        write(report, "json", out)
        document = json.loads(out.getvalue())
        section = next(s for s in document["sections"] if s["key"] == "support")
        row = next(r for r in section["tables"][0]["rows"] if r["site"] == struggling.site.name)
        assert (row["flagged"], row["struggling"], row["alone"]) == (shown, shown, 0)
        assert "Stu" not in json.dumps(section)
