"""The account page's choices, the unsubscribe link without signing in, and the coordinator's record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from reminders import services
from reminders.models import Kind, Preference, SentReminder


def prefs(user) -> Preference:
    return Preference.objects.get(user=user)


def test_a_facilitator_is_offered_their_reminder_and_the_digest_only(client_for, personas):
    html = client_for(personas["facilitator_a"]).get(reverse("reminders:preferences")).content.decode()
    assert 'name="meeting_unregistered"' in html and 'name="digest"' in html
    assert 'name="coordinator_weekly"' not in html and 'name="month_signoff"' not in html
    assert "no email address" in html


def test_choices_are_saved_for_the_user_only_and_audited(client_for, personas):
    contact_a, contact_b = personas["site_contact_a"], personas["site_contact_b"]
    Preference.objects.create(user=contact_a)
    response = client_for(contact_b).post(reverse("reminders:preferences"), {"digest": "on"})
    assert response.status_code == 302
    assert (prefs(contact_b).month_signoff, prefs(contact_b).digest) == (False, True)
    assert (prefs(contact_a).month_signoff, prefs(contact_a).digest) == (True, False)  # another site's contact
    entry = AuditEntry.objects.get(target_type="reminders.Preference", target_id=str(prefs(contact_b).pk))
    assert sorted(entry.changed_fields) == ["digest", "month_signoff"]


def test_the_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("reminders:preferences"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unsubscribe_link_works_without_signing_in_for_its_one_kind(client, personas):
    contact = personas["site_contact_a"]
    token = services.unsubscribe_token(user=contact, kind=Kind.MONTH_SIGNOFF)
    url = reverse("reminders:unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Stop these emails" in page.content.decode()
    assert not Preference.objects.filter(user=contact).exists()  # a GET (a mail scanner) changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "no longer receive" in done.content.decode()
    choice = prefs(contact)
    assert (choice.month_signoff, choice.meeting_unregistered, choice.digest) == (False, True, False)


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: t.replace(":", ";"), lambda t: "abc"])
def test_a_tampered_token_answers_400_with_a_clear_page(client, personas, mangle):
    token = services.unsubscribe_token(user=personas["facilitator_a"], kind=Kind.MEETING_UNREGISTERED)
    for method in (client.get, client.post):
        response = method(reverse("reminders:unsubscribe", args=[mangle(token)]))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_token_signed_for_another_kind_name_is_refused(client, personas):
    from django.core import signing

    token = signing.dumps({"u": personas["facilitator_a"].pk, "k": "is_staff"}, salt=services.TOKEN_SALT)
    assert client.post(reverse("reminders:unsubscribe", args=[token])).status_code == 400


def test_the_record_is_the_coordinators_and_holds_no_text(client_for, personas, group_a):
    SentReminder.objects.create(
        key="k1", user=personas["facilitator_a"], kind=Kind.MEETING_UNREGISTERED, group=group_a, day=date(2009, 6, 2)
    )
    html = client_for(personas["coordinator"]).get(reverse("reminders:sent")).content.decode()
    assert "fac_a" in html and "Alpha Tuesday" in html and "2 Jun 2009" in html
    assert client_for(personas["site_contact_b"]).get(reverse("reminders:sent")).status_code == 403
    assert client_for(personas["site_contact_a"]).get(reverse("reminders:sent")).status_code == 403
    assert client_for(None).get(reverse("reminders:sent")).status_code == 302


def test_without_a_choice_everyone_receives_their_roles_reminders_one_by_one(personas, site_b):
    from groups.models import Facilitator
    from reminders.models import kinds_for
    from reminders.selectors import preference_for

    assert kinds_for(personas["coordinator"]) == [Kind.COORDINATOR_WEEKLY]
    assert kinds_for(personas["site_contact_a"]) == [Kind.MONTH_SIGNOFF]
    assert kinds_for(personas["facilitator_a"]) == [Kind.MEETING_UNREGISTERED]
    Facilitator.objects.create(user=personas["site_contact_b"], site=site_b, display_name="Also facilitates")
    assert kinds_for(personas["site_contact_b"]) == [Kind.MEETING_UNREGISTERED, Kind.MONTH_SIGNOFF]
    assert kinds_for(personas["observer"]) == [] and kinds_for(personas["evaluator"]) == []
    default = preference_for(personas["facilitator_a"])
    assert default.pk is None and default.wants(Kind.MEETING_UNREGISTERED) and not default.digest


@pytest.mark.parametrize("rows", [1, 50])
def test_the_record_page_costs_the_same_queries_for_1_or_50_rows(
    client_for, personas, group_a, rows, django_assert_num_queries
):
    for n in range(rows):
        SentReminder.objects.create(
            key=f"k{n}", user=personas["facilitator_a"], kind=Kind.MEETING_UNREGISTERED, group=group_a
        )
    client = client_for(personas["coordinator"])
    # session, user, role (groups), count, the page's rows with their user, site and group; the session's
    # idle-timeout stamp saved (savepoint, update, release)
    with django_assert_num_queries(8):
        assert client.get(reverse("reminders:sent")).status_code == 200


def test_nothing_ticked_switches_everything_off(client_for, personas):
    facilitator = personas["facilitator_a"]
    assert client_for(facilitator).post(reverse("reminders:preferences"), {}).status_code == 302
    assert (prefs(facilitator).meeting_unregistered, prefs(facilitator).digest) == (False, False)
