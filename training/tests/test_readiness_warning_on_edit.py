"""Moving a facilitator training to another day or site warns, as scheduling does, when the site is not ready
(the Gateshead lesson); an edit that schedules nothing anew, or at a ready site, does not. Never a refusal."""

import pytest
from django.urls import reverse

from sites.models import READINESS_KEYS, SiteReadiness
from training.models import Event, EventKind, EventStatus
from training.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _ready(site, *keys):
    SiteReadiness.objects.update_or_create(
        site=site, defaults={"ticks": {key: {"on": "2009-01-01", "by": None} for key in keys}}
    )


def _post(client, event, **changes):
    data = {
        "kind": event.kind,
        "title": event.title,
        "site": event.site_id or "",
        "status": event.status,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "venue": event.venue,
        "unnamed_participants": event.unnamed_participants,
        "version": event.version,
    }
    data.update(changes)
    return client.post(reverse("training:edit", args=[event.pk]), data, follow=True)


def _warnings(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


@pytest.fixture
def training(site_a):
    _ready(site_a, *READINESS_KEYS)
    return EventFactory(site=site_a, kind=EventKind.FACILITATOR_TRAINING, status=EventStatus.PLANNED)


def test_moving_the_date_at_an_unready_site_warns_with_the_missing_items(client_for, coordinator, site_a, training):
    _ready(site_a, *[k for k in READINESS_KEYS if "venue" not in k and "posters" not in k])
    response = _post(client_for(coordinator), training, starts_on="2009-10-06", ends_on="2009-10-07")
    event = Event.objects.get(pk=training.pk)
    assert event.starts_on.isoformat() == "2009-10-06"  # saved: a warning, not a refusal
    (warning,) = _warnings(response)
    assert "5 of 7" in warning
    assert "Venue located and booked" in warning and "Posters and advertising ready" in warning
    assert "A champion named" not in warning


def test_moving_to_an_unready_site_warns(client_for, coordinator, site_b, training):
    _ready(site_b, READINESS_KEYS[0])
    response = _post(client_for(coordinator), training, site=site_b.pk)
    assert Event.objects.get(pk=training.pk).site == site_b
    (warning,) = _warnings(response)
    assert site_b.name in warning and "1 of 7" in warning


def test_a_ready_site_or_an_edit_that_moves_nothing_gives_no_warning(client_for, coordinator, site_a, training):
    client = client_for(coordinator)
    assert _warnings(_post(client, training, starts_on="2009-10-06", ends_on="2009-10-07")) == []  # ready
    _ready(site_a, READINESS_KEYS[0])  # now unready, but the edit changes only the title
    training.refresh_from_db()
    assert _warnings(_post(client, training, title="Facilitator training, autumn")) == []
    training.refresh_from_db()
    assert _warnings(_post(client, training, starts_on="2009-11-03", ends_on="2009-11-04"))  # moved: warns


def test_a_networking_event_moved_at_an_unready_site_gives_no_warning(client_for, coordinator, site_a):
    _ready(site_a)
    event = EventFactory(site=site_a, kind=EventKind.NETWORKING, status=EventStatus.PLANNED)
    assert _warnings(_post(client_for(coordinator), event, starts_on="2009-10-06", ends_on="2009-10-07")) == []


def test_other_sites_contact_gets_404_and_observer_403_on_the_edit(client_for, site_contact_b, observer, training):
    assert _post(client_for(site_contact_b), training, starts_on="2009-10-06").status_code == 404
    assert _post(client_for(observer), training, starts_on="2009-10-06").status_code == 403
    assert Event.objects.get(pk=training.pk).starts_on == training.starts_on
