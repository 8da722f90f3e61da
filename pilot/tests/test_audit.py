"""The audit trail: append-only, readable by coordinators only, and fed by scoped 404s."""

import pytest
from django.http import Http404
from django.urls import reverse

from groups.models import Facilitator, Group
from pilot.audit import audit
from pilot.models import AuditEntry
from pilot.scoping import get_visible_or_404
from sites.models import SitePerson
from training.models import Participant
from training.tests.factories import EventFactory


def test_entries_cannot_be_changed_or_deleted(coordinator):
    entry = audit(actor=coordinator, action="update", target_type="x.Y", changed_fields=["b", "a", "a"])
    assert entry.changed_fields == ["a", "b"]
    entry.detail = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(detail="gone")
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_admin_offers_no_change_or_delete(coordinator, django_user_model, client):
    root = django_user_model.objects.create_superuser("root", "r@example.org", "long-enough-password-1")
    entry = audit(actor=coordinator, action="login")
    client.force_login(root)
    assert client.get("/admin/pilot/auditentry/").status_code == 200
    page = client.get(f"/admin/pilot/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/pilot/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_coordinator_reads_and_filters_the_log(client_for, coordinator, facilitator_a):
    audit(actor=facilitator_a, action="create", target_type="groups.Meeting", target_id=1)
    audit(actor=coordinator, action="export", target_type="groups.Meeting")
    response = client_for(coordinator).get(reverse("audit_log"), {"action": "create"})
    assert response.status_code == 200
    entries = list(response.context["page"])
    assert [e.action for e in entries] == ["create"] and entries[0].actor_name == facilitator_a.username


def test_bad_filter_dates_are_reported_at_the_field(client_for, coordinator):
    response = client_for(coordinator).get(reverse("audit_log"), {"date_from": "2010-03-01", "date_to": "2009-01-01"})
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    response = client_for(coordinator).get(reverse("audit_log"), {"date_from": "not a date"})
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()


@pytest.mark.parametrize("persona", ["facilitator_a", "site_contact_a", "evaluator", "observer"])
def test_only_coordinators_read_the_log(personas, client_for, persona):
    assert client_for(personas[persona]).get(reverse("audit_log")).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_404_on_an_object_outside_scope_is_audited(facilitator_a, group_a, group_b):
    assert get_visible_or_404(Group, facilitator_a, pk=group_a.pk) == group_a
    assert not AuditEntry.objects.filter(action="not_found").exists()
    with pytest.raises(Http404):
        get_visible_or_404(Group, facilitator_a, pk=group_b.pk)
    probe = AuditEntry.objects.get(action="not_found")
    assert probe.actor == facilitator_a and probe.target_type == "groups.Group" and probe.target_id == str(group_b.pk)
    with pytest.raises(Http404):
        get_visible_or_404(Group, facilitator_a, pk=999999)  # nothing there: not a probe of a real record
    assert AuditEntry.objects.filter(action="not_found").count() == 1


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("site_contact_b", "/sites/alpha/"),
        ("facilitator_b", "/groups/{group_a}/"),
        ("site_contact_b", "/training/{event_a}/"),
    ],
)
def test_probing_another_sites_pages_is_answered_404_and_audited(client_for, personas, group_a, persona, url):
    from training.tests.factories import EventFactory

    event_a = EventFactory(site=group_a.site)
    response = client_for(personas[persona]).get(url.format(group_a=group_a.pk, event_a=event_a.pk))
    assert response.status_code == 404
    probe = AuditEntry.objects.get(action="not_found")
    assert probe.actor == personas[persona]


def test_coordinator_follows_a_persons_entries_by_id(client_for, coordinator, site_a):
    event = EventFactory(site=site_a)
    participant = Participant.objects.create(event=event, name="Robin", agreed_to_be_recorded=True)
    other = Participant.objects.create(event=event, name="Morgan", agreed_to_be_recorded=True)
    for row in (participant, other, participant):
        audit(actor=coordinator, action="update", target=row, changed_fields=["contact"])
    client = client_for(coordinator)

    page = client.get(reverse("audit_log"), {"target_type": "training.Participant", "target_id": str(participant.pk)})
    entries = list(page.context["page"])
    assert [e.target_id for e in entries] == [str(participant.pk)] * 2
    html = page.content.decode()
    record = f"{reverse('training:detail', args=[event.pk])}#participant-{participant.pk}"
    assert f'href="{record}"' in html
    assert f"?target_type=training.Participant&amp;target_id={participant.pk}" in html

    pk = participant.pk
    participant.delete()
    html = client.get(reverse("audit_log"), {"target_id": str(pk)}).content.decode()
    assert "participant #" in html and f'href="{record}"' not in html  # the record is gone: no link


@pytest.mark.parametrize("rows", [1, 15])  # a page holds 50 entries
def test_audit_page_links_records_in_a_fixed_number_of_queries(
    client_for, coordinator, site_a, rows, django_assert_num_queries
):
    event = EventFactory(site=site_a)
    for n in range(rows):
        audit(actor=coordinator, action="update", target=Participant.objects.create(event=event, name=f"P{n}"))
        audit(actor=coordinator, action="update", target=Facilitator.objects.create(site=site_a, display_name=f"F{n}"))
        audit(
            actor=coordinator, action="update", target=SitePerson.objects.create(site=site_a, name=f"S{n}", role="x")
        )
    client = client_for(coordinator)
    # session, user, role groups, the count, the page of entries, one lookup per kind of person record (3),
    # and the session's idle-timeout stamp (savepoint, update, release)
    with django_assert_num_queries(11):
        response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert response.content.decode().count("Open the record") == 3 * rows
