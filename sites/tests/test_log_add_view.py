from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pilot.models import AuditEntry
from sites.models import ProgressEntry

pytestmark = pytest.mark.django_db


def url(site):
    return reverse("network:site_log_add", args=[site.slug])


def _data(**overrides):
    data = {"day": "2009-06-03", "kind": "contact", "note": "Phoned about the venue", "follow_up_on": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a"])
def test_coordinator_and_the_sites_contact_log_an_entry(client_for, personas, persona, site_a):
    response = client_for(personas[persona]).post(url(site_a), _data(follow_up_on="2009-06-17"))
    assert response.status_code == 302
    assert response["Location"].endswith("/sites/alpha/#log")
    entry = ProgressEntry.objects.get()
    assert (entry.site, entry.day, entry.kind, entry.follow_up_on) == (
        site_a,
        date(2009, 6, 3),
        "contact",
        date(2009, 6, 17),
    )
    assert entry.author == personas[persona]
    audit = AuditEntry.objects.get(target_type="sites.ProgressEntry")
    assert "note" in audit.changed_fields and "venue" not in audit.detail


def test_the_date_defaults_to_today(client_for, coordinator, site_a):
    html = client_for(coordinator).get(reverse("network:site", args=[site_a.slug])).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html


def test_observer_post_is_refused(client_for, observer, site_a):
    assert client_for(observer).post(url(site_a), _data()).status_code == 403
    assert not ProgressEntry.objects.exists()


def test_site_contact_from_another_site_gets_404(client_for, site_contact_b, site_a):
    assert client_for(site_contact_b).post(url(site_a), _data()).status_code == 404
    assert not ProgressEntry.objects.exists()


@pytest.mark.parametrize("persona", ["evaluator", "facilitator_a"])
def test_evaluators_and_facilitators_cannot_log(client_for, personas, persona, site_a):
    assert client_for(personas[persona]).post(url(site_a), _data()).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, site_a):
    assert "/accounts/login/" in client.post(url(site_a), _data())["Location"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"note": "   "}, "note", "Write what happened."),
        ({"day": "31/02/2009"}, "day", "Enter a valid date."),
        ({"day": (timezone.localdate() + timedelta(days=2)).isoformat()}, "day", "cannot be in the future"),
        ({"follow_up_on": "2009-05-01"}, "follow_up_on", "cannot be before the entry"),
        ({"kind": "gossip"}, "kind", "Select a valid choice"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_saved(
    client_for, coordinator, site_a, overrides, field, message
):
    response = client_for(coordinator).post(url(site_a), _data(**overrides))
    assert response.status_code == 400
    form = response.context["log_form"]
    assert any(message in error for error in form.errors[field])
    assert message.split("“")[0] in response.content.decode().replace("&#x27;", "'")
    assert not ProgressEntry.objects.exists()


def test_get_is_not_allowed(client_for, coordinator, site_a):
    assert client_for(coordinator).get(url(site_a)).status_code == 405


def test_with_htmx_the_log_section_comes_back_with_the_new_entry(client_for, coordinator, site_a):
    response = client_for(coordinator).post(url(site_a), _data(note="Rang the champion"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="log"' in html and "Rang the champion" in html
    assert "Added to the progress log." in html
    assert ProgressEntry.objects.count() == 1


def test_with_htmx_refused_input_comes_back_as_200_so_the_errors_are_swapped_in(client_for, coordinator, site_a):
    response = client_for(coordinator).post(url(site_a), _data(note=""), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Write what happened." in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_the_quick_add_form_works_without_javascript_and_is_enhanced_with_htmx(client_for, coordinator, site_a):
    html = client_for(coordinator).get(reverse("network:site", args=[site_a.slug])).content.decode()
    assert f'action="{url(site_a)}"' in html
    assert f'hx-post="{url(site_a)}"' in html and 'hx-select="#log"' in html
