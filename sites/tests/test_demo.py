import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from network.selectors import network_overview
from sites import demo
from sites.models import Application, HostSite, ProgressEntry

pytestmark = pytest.mark.django_db


def test_demo_tells_the_reports_story_and_loads_twice_the_same():
    demo.load(out=io.StringIO())
    counts = (HostSite.objects.count(), Application.objects.count(), ProgressEntry.objects.count())
    demo.load(out=io.StringIO())
    assert (HostSite.objects.count(), Application.objects.count(), ProgressEntry.objects.count()) == counts
    assert counts[:2] == (7, 33)
    assert Application.objects.filter(decision="selected").count() == 7
    regions = set(Application.objects.values_list("region", flat=True))
    assert len(regions) == 9  # all regions of England
    for reason in Application.REASON_FIELDS:
        assert Application.objects.filter(**{reason: True}).exists()

    coordinator = get_user_model()(username="c", is_superuser=True, is_active=True)
    _, rows, _ = network_overview(user=coordinator, today=date(2010, 3, 31))
    by_slug = {r.site.slug: r for r in rows}
    assert by_slug["cornwall"].site.status == "withdrawn"
    assert by_slug["norwich"].site.status == "withdrawn"
    # "Completely successful", both, yet still needing "some emotional and material support": one status.
    assert by_slug["sheffield"].site.status == by_slug["birmingham"].site.status == "groups_meeting"
    assert "no_champion" not in [f.code for f in by_slug["sheffield"].flags]
    assert "no_champion" in [f.code for f in by_slug["croydon"].flags]
    assert "no_recent_contact" in [f.code for f in by_slug["birmingham"].flags]
    cumbria = list(by_slug["cumbria"].site.status_changes.values_list("status", flat=True))
    assert cumbria[:3] == ["applied", "not_selected", "selected"]
    milestones = ProgressEntry.objects.filter(site=None, kind="milestone")
    assert milestones.order_by("day").first().day == date(2008, 4, 1)
    assert milestones.order_by("day").last().note == "Article in the Guardian by Denis Campbell."
    cornwall = by_slug["cornwall"].site.status_changes.get(status="withdrawn")
    assert cornwall.on > date(2009, 1, 12)  # after the second coordinator was appointed, not November 2008
