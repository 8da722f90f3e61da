import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pilot.models import AuditEntry
from sites.models import READINESS_ITEMS, READINESS_KEYS, SiteReadiness
from sites.selectors import readiness_for
from training.models import Event, EventKind, EventStatus

pytestmark = pytest.mark.django_db
URL = reverse("sites:readiness", args=["alpha"])


def _ticks(*done, version=None, **dates):
    data = {f"done_{i}": "on" for i in done}
    data.update(dates)
    if version is not None:
        data["version"] = version
    return data


def test_site_contact_ticks_items_with_date_and_who(client_for, site_contact_a, site_a):
    response = client_for(site_contact_a).post(URL, _ticks(0, 1, on_0="2009-03-02"))
    assert response.status_code == 302
    ticks = SiteReadiness.objects.get(site=site_a).ticks
    assert ticks[READINESS_KEYS[0]]["on"] == "2009-03-02"
    assert ticks[READINESS_KEYS[1]]["on"] == timezone.localdate().isoformat()  # left empty: today
    assert ticks[READINESS_KEYS[0]]["by"] == site_contact_a.pk
    readiness = readiness_for([site_a])[site_a.pk]
    assert (readiness.done, readiness.total, str(readiness)) == (2, 7, "2 of 7")
    assert readiness.missing == list(READINESS_ITEMS[2:])
    assert AuditEntry.objects.filter(target_type="sites.SiteReadiness", action="update").exists()


def test_a_future_date_and_a_date_without_tick_are_refused_at_the_field(client_for, coordinator, site_a):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client_for(coordinator).post(URL, _ticks(0, on_0=future, on_1="2009-01-01"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "still to come" in errors["on_0"][0]
    assert "Tick the item" in errors["done_1"][0]
    assert not SiteReadiness.objects.exists()


def test_a_tick_keeps_who_made_it_when_someone_else_saves(client_for, coordinator, site_contact_a, site_a):
    client_for(site_contact_a).post(URL, _ticks(0, on_0="2009-03-02"))
    version = SiteReadiness.objects.get().version
    client_for(coordinator).post(URL, _ticks(0, 2, on_0="2009-03-02", version=version))
    ticks = SiteReadiness.objects.get().ticks
    assert ticks[READINESS_KEYS[0]]["by"] == site_contact_a.pk
    assert ticks[READINESS_KEYS[2]]["by"] == coordinator.pk


def test_a_lost_update_is_refused(client_for, coordinator, site_contact_a, site_a):
    client_for(site_contact_a).post(URL, _ticks(0))
    version = SiteReadiness.objects.get().version
    client_for(coordinator).post(URL, _ticks(0, 1, version=version))
    response = client_for(site_contact_a).post(URL, _ticks(version=version))
    assert response.status_code == 400
    assert len(SiteReadiness.objects.get().ticks) == 2


def test_another_sites_contact_gets_404_and_observer_403(client_for, site_contact_b, observer, site_a):
    assert client_for(site_contact_b).get(URL).status_code == 404
    assert client_for(site_contact_b).post(URL, _ticks(0)).status_code == 404
    assert client_for(observer).post(URL, _ticks(0)).status_code == 403
    assert not SiteReadiness.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, site_a):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_site_page_and_overview_show_the_same_readiness(client_for, observer, site_contact_a, site_a):
    site_contact_a.first_name, site_contact_a.last_name = "Jo", "Tickwell"
    site_contact_a.save()
    by = site_contact_a.pk
    SiteReadiness.objects.create(site=site_a, ticks={READINESS_KEYS[3]: {"on": "2009-02-01", "by": by}})
    page = client_for(observer).get(site_a.get_absolute_url()).content.decode()
    assert "Readiness (1 of 7)" in page
    assert "01/02/2009, Jo Tickwell" in page
    # Names are read from the login as it is now: an erased login (network.privacy) erases them here too.
    site_contact_a.first_name = site_contact_a.last_name = ""
    site_contact_a.username = f"erased-{site_contact_a.pk}"
    site_contact_a.save()
    page = client_for(observer).get(site_a.get_absolute_url()).content.decode()
    assert "Tickwell" not in page and f"erased-{site_contact_a.pk}" in page
    assert URL not in page  # read-only: no edit link
    overview = client_for(observer).get(reverse("network:overview") + "?as_of=2010-01-01")
    row = next(r for r in overview.context["rows"] if r.site == site_a)
    assert str(row.readiness) == "1 of 7"


def test_facilitator_training_at_an_unready_site_warns_with_missing_items(client_for, coordinator, site_a):
    ticks = {key: {"on": "2009-01-01", "by": None} for key in READINESS_KEYS if "venue" not in key}
    SiteReadiness.objects.create(site=site_a, ticks=ticks)
    data = {
        "kind": EventKind.FACILITATOR_TRAINING,
        "title": "Facilitator training",
        "site": site_a.pk,
        "status": EventStatus.PLANNED,
        "starts_on": "2009-10-06",
        "ends_on": "2009-10-06",
        "unnamed_participants": 0,
    }
    response = client_for(coordinator).post(reverse("training:create"), data, follow=True)
    assert Event.objects.exists()  # a warning, not a refusal
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Venue located and booked" in warnings[0] and "6 of 7" in warnings[0]
    # complete: no warning
    SiteReadiness.objects.filter(site=site_a).update(
        ticks={key: {"on": "2009-01-01", "by": None} for key in READINESS_KEYS}
    )
    response = client_for(coordinator).post(reverse("training:create"), data, follow=True)
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
