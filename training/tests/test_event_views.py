"""Event list and page: who sees which events, who sees names, proposing, editing, and constant queries."""

import datetime

import pytest
from django.urls import reverse

from budget.tests.factories import ExpenseFactory
from pilot.models import AuditEntry
from training.models import Event, EventKind, EventStatus, Topic
from training.tests.factories import DelegateCountFactory, EventFactory, ParticipantFactory, event_with_days

LIST = "/training/"


@pytest.fixture
def event_a(site_a):
    event = event_with_days(15, 13, site=site_a, title="Alpha facilitator training")
    ParticipantFactory(event=event, name="Jo", contact="07700 900123")
    return event


@pytest.fixture
def event_b(site_b):
    return event_with_days(9, site=site_b, title="Beta facilitator training")


@pytest.fixture
def network_event(db):
    return EventFactory(kind=EventKind.NETWORKING, site=None, title="Networking, London")


def test_anonymous_visitor_is_sent_to_sign_in(client, event_a):
    for url in (LIST, event_a.get_absolute_url(), reverse("training:create")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a"])
def test_site_people_see_their_sites_and_network_events_only(
    personas, client_for, persona, event_a, event_b, network_event
):
    html = client_for(personas[persona]).get(LIST).content.decode()
    assert "Alpha facilitator training" in html
    assert "Networking, London" in html
    assert "Beta facilitator training" not in html


@pytest.mark.parametrize("persona", ["site_contact_b", "facilitator_b"])
def test_event_at_another_site_is_not_found(personas, client_for, persona, event_a):
    c = client_for(personas[persona])
    assert c.get(event_a.get_absolute_url()).status_code == 404
    assert c.get(reverse("training:edit", args=[event_a.pk])).status_code == 404
    assert c.post(reverse("training:days", args=[event_a.pk]), {}).status_code == 404


def test_coordinator_sees_participant_names_and_contacts(coordinator, client_for, event_a):
    html = client_for(coordinator).get(event_a.get_absolute_url()).content.decode()
    assert "Jo" in html and "07700 900123" in html


def test_site_contact_sees_names_at_their_own_site(site_contact_a, client_for, event_a):
    html = client_for(site_contact_a).get(event_a.get_absolute_url()).content.decode()
    assert "07700 900123" in html


@pytest.mark.parametrize("persona", ["evaluator", "observer", "facilitator_a"])
def test_evaluators_observers_and_facilitators_never_see_names_or_contacts(personas, client_for, persona, event_a):
    response = client_for(personas[persona]).get(event_a.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "07700 900123" not in html
    assert ">Jo<" not in html
    # The count is still there: exact for the evaluator, who processes the data; published for the others.
    assert ("1 recorded: 1 by name" if persona == "evaluator" else "* recorded: * by name") in html


def test_observer_gets_403_on_every_write(observer, client_for, event_a):
    c = client_for(observer)
    for url in (
        reverse("training:create"),
        reverse("training:edit", args=[event_a.pk]),
        reverse("training:delete", args=[event_a.pk]),
        reverse("training:days", args=[event_a.pk]),
        reverse("training:participant_add", args=[event_a.pk]),
        reverse("training:delegate_add", args=[event_a.pk]),
    ):
        assert c.post(url, {"title": "x"}).status_code == 403, url
    assert Event.objects.filter(pk=event_a.pk).exists()


def test_facilitator_cannot_propose_or_edit(facilitator_a, client_for, event_a):
    c = client_for(facilitator_a)
    assert c.get(reverse("training:create")).status_code == 403
    assert c.post(reverse("training:edit", args=[event_a.pk]), {}).status_code == 403


def _event_data(site, **overrides):
    data = {
        "kind": EventKind.REFRESHER,
        "title": "Refresher",
        "site": site.pk if site else "",
        "status": EventStatus.PLANNED,
        "starts_on": "2009-10-06",
        "ends_on": "2009-10-07",
        "unnamed_participants": 0,
    }
    data.update(overrides)
    return data


def test_site_contact_proposes_an_event_at_their_site(site_contact_a, client_for, site_a):
    response = client_for(site_contact_a).post(reverse("training:create"), _event_data(site_a, status="planned"))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == EventStatus.PROPOSED  # only the coordinator plans
    assert event.proposed_by == site_contact_a
    assert [d.date for d in event.days.all()] == [datetime.date(2009, 10, 6), datetime.date(2009, 10, 7)]
    assert AuditEntry.objects.filter(target_type="training.Event", action="create").exists()


def test_site_contact_cannot_propose_for_another_site(site_contact_a, client_for, site_b):
    response = client_for(site_contact_a).post(reverse("training:create"), _event_data(site_b))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Event.objects.exists()


def test_plan_a_refresher_link_prefills_kind_site_and_title(coordinator, client_for, site_a):
    response = client_for(coordinator).get(reverse("training:create"), {"kind": "refresher", "site": site_a.pk})
    form = response.context["form"]
    assert form.initial["kind"] == "refresher"
    assert form.initial["site"] == site_a.pk
    assert form.initial["title"] == "Refresher training, Alpha Town"


def test_prefill_ignores_a_site_the_user_cannot_see(site_contact_a, client_for, site_b):
    response = client_for(site_contact_a).get(reverse("training:create"), {"kind": "refresher", "site": site_b.pk})
    assert "site" not in response.context["form"].initial


def test_coordinator_adds_new_topics_to_the_list(coordinator, client_for, site_a):
    topic = Topic.objects.get(name="Role play")
    data = _event_data(site_a, topics=[topic.pk], new_topics="Working with families\n\n")
    assert client_for(coordinator).post(reverse("training:create"), data).status_code == 302
    event = Event.objects.get()
    assert sorted(t.name for t in event.topics.all()) == ["Role play", "Working with families"]
    assert Topic.objects.count() == 15  # the report's fourteen plus the new one


def test_last_day_before_first_day_is_refused_at_the_field(coordinator, client_for, site_a):
    response = client_for(coordinator).post(reverse("training:create"), _event_data(site_a, ends_on="2009-10-01"))
    assert "The last day cannot be before the first day." in response.content.decode()
    assert not Event.objects.exists()


def test_shortening_an_event_cannot_orphan_recorded_attendance(coordinator, client_for, event_a):
    data = _event_data(
        event_a.site, starts_on="2009-03-03", ends_on="2009-03-03", kind=event_a.kind, title=event_a.title
    )
    response = client_for(coordinator).post(reverse("training:edit", args=[event_a.pk]), data)
    assert response.status_code == 400  # the form again, with the reason
    assert "Attendance is recorded on 04/03/2009" in response.content.decode()
    assert event_a.days.count() == 2


def test_coordinator_deletes_an_event(coordinator, client_for, event_a):
    assert client_for(coordinator).post(reverse("training:delete", args=[event_a.pk])).status_code == 302
    assert not Event.objects.filter(pk=event_a.pk).exists()


def test_conference_page_shows_delegates_by_sector_with_shares(coordinator, client_for):
    conference = EventFactory(kind=EventKind.CONFERENCE, site=None, title="Final conference")
    DelegateCountFactory(event=conference, sector="statutory", organisation="PCT", count=22)
    DelegateCountFactory(event=conference, sector="non_statutory", organisation="Addaction", count=39)
    DelegateCountFactory(event=conference, sector="non_statutory", organisation="Lifeline", count=39)
    html = client_for(coordinator).get(conference.get_absolute_url()).content.decode()
    assert "100 delegates; 22% statutory (22); 78% non-statutory (78)." in html
    assert "50%" in html  # Addaction's share of the non-statutory sector


def test_coordinator_records_delegates_and_a_second_figure_replaces_the_first(coordinator, client_for, network_event):
    c = client_for(coordinator)
    url = reverse("training:delegate_add", args=[network_event.pk])
    c.post(url, {"sector": "statutory", "organisation": "DAT", "count": 3})
    c.post(url, {"sector": "statutory", "organisation": "DAT", "count": 4})
    assert list(network_event.delegate_counts.values_list("count", flat=True)) == [4]
    bad = c.post(url, {"sector": "statutory", "organisation": "DAT", "count": 0})
    assert bad.status_code == 400
    assert "greater than or equal to 1" in bad.content.decode()


def _many_events(rows, site):
    for n in range(rows):
        event = event_with_days(
            10,
            9,
            site=None if n % 2 else site,
            title=f"Event {n}",
            starts_on=datetime.date(2009, 1, 1) + datetime.timedelta(days=3 * n),
        )
        ParticipantFactory(event=event)


@pytest.mark.parametrize("rows", [1, 50])
def test_event_list_runs_a_constant_number_of_queries(
    site_contact_a, client_for, site_a, rows, django_assert_num_queries
):
    _many_events(rows, site_a)
    c = client_for(site_contact_a)
    # session, user, role groups, permissions (x2), the events counted, a page of them, their days, the user's
    # sites (who keeps which event's figures), illustrative marks, session save, middleware
    with django_assert_num_queries(QUERIES_LIST):
        assert c.get(LIST).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_the_coordinators_event_list_runs_a_constant_number_of_queries(
    coordinator, client_for, site_a, rows, django_assert_num_queries
):
    _many_events(rows, site_a)
    c = client_for(coordinator)
    # session, user, role groups, the events counted, a page of them, their days, permissions (x2), illustrative
    # marks, session save, middleware: the site contact's without their sites (the coordinator keeps every event's)
    with django_assert_num_queries(QUERIES_LIST - 1):
        assert c.get(LIST).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(
    ("kind", "queries"),
    [
        # session, user, role groups, event, expenses, days, topics, participants, delegates, illustrative
        # marks, middleware, session save
        (EventKind.CONFERENCE, 13),
        # ... plus the user's and group permissions for the "make a facilitator" button
        (EventKind.FACILITATOR_TRAINING, 15),
    ],
)
def test_event_page_runs_a_constant_number_of_queries(
    coordinator, client_for, site_a, rows, kind, queries, django_assert_num_queries
):
    event = event_with_days(*range(10, 10 + min(rows, 5)), site=site_a, kind=kind)
    for n in range(rows):
        ParticipantFactory(event=event)
        DelegateCountFactory(event=event, organisation=f"Org {n}")
        ExpenseFactory(event=event)
    event.topics.set(Topic.objects.all())
    c = client_for(coordinator)
    with django_assert_num_queries(queries):
        assert c.get(event.get_absolute_url()).status_code == 200


QUERIES_LIST = 13


def test_spending_on_an_event_shows_to_budget_readers_only(personas, client_for, event_a):
    from decimal import Decimal

    ExpenseFactory(event=event_a, amount=Decimal("285.40"), description="Trainer's travel")
    for persona, sees in (("coordinator", True), ("observer", True), ("site_contact_a", False), ("evaluator", False)):
        html = client_for(personas[persona]).get(event_a.get_absolute_url()).content.decode()
        assert ("£285.40" in html) is sees, persona
