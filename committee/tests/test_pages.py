"""Committee pages: the coordinator writes, the committee and evaluators read, site roles are refused."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from committee import selectors
from committee.models import CommitteeAction, CommitteeMeeting
from committee.tests.factories import CommitteeActionFactory, CommitteeMeetingFactory
from pilot.models import AuditEntry
from programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
NEW = reverse("committee:meeting_new")


def _good(programme):
    return {"programme": programme.pk, "held_on": "2009-06-15", "attendees": "funder, hosts", "decisions": "A\nB"}


def test_the_coordinator_records_a_meeting_and_the_committee_reads_it(client_for, coordinator, observer, evaluator):
    programme = ProgrammeFactory()
    response = client_for(coordinator).post(NEW, _good(programme))
    meeting = CommitteeMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.decision_lines() == ["A", "B"]
    assert AuditEntry.objects.filter(action="create", target_type="committee.CommitteeMeeting").exists()
    for reader in (observer, evaluator):
        page = client_for(reader).get(meeting.get_absolute_url()).content.decode()
        assert "funder, hosts" in page and "<li>B</li>" in page
        assert reverse("committee:meeting_edit", args=[meeting.pk]) not in page


def test_the_observer_reads_but_may_not_write(client_for, observer):
    action = CommitteeActionFactory()
    meeting = action.meeting
    client = client_for(observer)
    assert client.get(reverse("committee:list")).status_code == 200
    assert client.post(NEW, _good(meeting.programme)).status_code == 403
    edit = reverse("committee:action_edit", args=[action.pk])
    post = {"description": "Changed", "owner": "Me", "due_on": "2009-12-01", "status": "done"}
    assert client.post(edit, post).status_code == 403
    action.refresh_from_db()
    assert action.description == "Write to the hosts" and CommitteeMeeting.objects.count() == 1


def test_anonymous_is_sent_to_sign_in_and_site_roles_are_refused(client, client_for, site_contact_a, facilitator_a):
    meeting = CommitteeMeetingFactory()
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for user in (site_contact_a, facilitator_a):
        assert client_for(user).get(meeting.get_absolute_url()).status_code == 403
        assert client_for(user).get(reverse("committee:list")).status_code == 403


def test_an_action_is_overdue_when_open_and_past_due_and_only_then(client_for, coordinator):
    today = date(2010, 1, 10)
    meeting = CommitteeMeetingFactory(held_on=date(2009, 12, 1))
    late = CommitteeActionFactory(meeting=meeting, due_on=date(2010, 1, 9))
    CommitteeActionFactory(meeting=meeting, due_on=date(2010, 1, 10))  # due today: not yet overdue
    CommitteeActionFactory(meeting=meeting, due_on=date(2010, 1, 1), status="done")
    CommitteeActionFactory(meeting=meeting, due_on=date(2010, 1, 1), status="dropped")
    assert list(selectors.overdue_actions(user=coordinator, today=today)) == [late]


def test_overdue_actions_show_on_the_committee_pages(client_for, observer):
    late = CommitteeActionFactory(description="Name the key actor", due_on=date.today() - timedelta(days=1))
    late.meeting.held_on = date.today() - timedelta(days=40)
    late.meeting.save()
    CommitteeActionFactory(description="Finished thing", due_on=date.today() - timedelta(days=1), status="done")
    page = client_for(observer).get(reverse("committee:list")).content.decode()
    overdue = page.split('id="overdue-h"')[1].split("</section>")[0]
    assert "Name the key actor" in overdue and "Finished thing" not in overdue
    detail = client_for(observer).get(late.meeting.get_absolute_url()).content.decode()
    assert "overdue</span>" in detail


def test_an_action_needs_an_owner_and_a_due_day_after_the_meeting(client_for, coordinator):
    meeting = CommitteeMeetingFactory(held_on=date(2009, 6, 15))
    url = reverse("committee:action_new", args=[meeting.pk])
    client = client_for(coordinator)
    response = client.post(url, {"description": "Do it", "owner": "  ", "due_on": "2009-07-01", "status": "open"})
    assert response.status_code == 400 and "owner" in response.context["form"].errors
    response = client.post(url, {"description": "Do it", "owner": "Host", "due_on": "2009-06-01", "status": "open"})
    assert response.status_code == 400
    assert "on or after the meeting" in " ".join(response.context["form"].errors["due_on"])
    assert not CommitteeAction.objects.exists()
    response = client.post(url, {"description": "Do it", "owner": "Host", "due_on": "2009-07-01", "status": "open"})
    assert response.status_code == 302 and CommitteeAction.objects.get().owner == "Host"
    assert AuditEntry.objects.filter(action="create", target_type="committee.CommitteeAction").exists()


def test_a_lost_update_is_refused(client_for, coordinator):
    action = CommitteeActionFactory()
    url = reverse("committee:action_edit", args=[action.pk])
    stale = {"description": "Mine", "owner": "A", "due_on": str(action.due_on), "status": "done", "version": 1}
    CommitteeAction.objects.filter(pk=action.pk).update(version=2, description="Theirs")
    response = client_for(coordinator).post(url, stale)
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.description == "Theirs" and action.status == "open"


def test_an_edit_is_audited_with_the_fields_it_changed(client_for, coordinator):
    action = CommitteeActionFactory(owner="Alcohol Concern", status="open")
    url = reverse("committee:action_edit", args=[action.pk])
    edit = {"description": action.description, "owner": "SMART Recovery UK", "due_on": str(action.due_on)}
    response = client_for(coordinator).post(url, {**edit, "status": "done", "version": action.version})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="update", target_type="committee.CommitteeAction")
    assert entry.changed_fields == ["owner", "status"]
    meeting = action.meeting
    url = reverse("committee:meeting_edit", args=[meeting.pk])
    fields = {"programme": meeting.programme_id, "held_on": str(meeting.held_on), "attendees": meeting.attendees}
    response = client_for(coordinator).post(url, {**fields, "decisions": "Agreed.", "version": meeting.version})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="update", target_type="committee.CommitteeMeeting")
    assert entry.changed_fields == ["decisions"]


def _home(client):
    return client.get(reverse("home")).content.decode()


def test_the_start_page_shows_overdue_actions_to_the_coordinator_and_the_committee(
    client_for, coordinator, observer, evaluator, site_contact_a
):
    assert "Overdue committee actions" not in _home(client_for(coordinator))  # nothing overdue: no task
    assert "The steering committee" in _home(client_for(observer))  # the committee's way in, always
    meeting = CommitteeMeetingFactory(held_on=date.today() - timedelta(days=60))
    CommitteeActionFactory(meeting=meeting, description="Name the key actor", due_on=date.today() - timedelta(days=2))
    CommitteeActionFactory(meeting=meeting, description="Not yet due", due_on=date.today() + timedelta(days=2))
    for user in (coordinator, observer):
        page = _home(client_for(user))
        assert "Name the key actor" in page and "Not yet due" not in page
    assert "Name the key actor" not in _home(client_for(site_contact_a))


def test_the_programme_page_links_to_its_committee_for_readers_only(client_for, observer, site_contact_a):
    programme = ProgrammeFactory()
    link = f"{reverse('committee:list')}?programme={programme.pk}"
    assert link in client_for(observer).get(programme.get_absolute_url()).content.decode()
    assert link not in client_for(site_contact_a).get(programme.get_absolute_url()).content.decode()
    CommitteeMeetingFactory(programme=programme, held_on=date(2009, 6, 15))
    CommitteeMeetingFactory(held_on=date(2009, 9, 15))
    page = client_for(observer).get(link).content.decode()
    assert "15 June 2009" in page and "15 September 2009" not in page


def test_a_second_meeting_on_the_same_day_is_answered_at_the_date(client_for, coordinator):
    meeting = CommitteeMeetingFactory(held_on=date(2009, 6, 15))
    response = client_for(coordinator).post(NEW, _good(meeting.programme))
    assert response.status_code == 400
    assert "already has a meeting on this day" in " ".join(response.context["form"].errors.get("held_on", [])), (
        response.context["form"].errors
    )
    response = client_for(coordinator).post(NEW, {**_good(meeting.programme), "held_on": "1999-06-15"})
    assert response.status_code == 400 and "held_on" in response.context["form"].errors
    assert CommitteeMeeting.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_the_same_queries_for_1_or_50_meetings_and_pages_them(client_for, observer, rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme = ProgrammeFactory()
    for n in range(rows):
        meeting = CommitteeMeetingFactory(programme=programme, held_on=date(2009, 1, 1) + timedelta(days=7 * n))
        CommitteeActionFactory(meeting=meeting, due_on=date(2030, 1, 1))
        CommitteeActionFactory(meeting=meeting, due_on=date(2030, 1, 1))
    client = client_for(observer)
    # session, user, role groups, meetings counted, overdue actions, a page of meetings with their actions
    # counted; savepoint, session save, release
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("committee:list")).content.decode()
    assert len(queries) == LIST_QUERIES, "\n".join(q["sql"][:60] for q in queries.captured_queries)
    assert "2 actions" in html and html.count("2 actions") == min(rows, 25)
    assert ("Page 1 of 2" in html) is (rows == 50)
    if rows == 50:
        older = client.get(reverse("committee:list"), {"page": 2}).content.decode()
        assert "1 January 2009" in older and "1 January 2009" not in html


LIST_QUERIES = 9


@pytest.mark.parametrize("rows", [1, 50])
def test_the_coordinators_list_runs_a_constant_number_of_queries(client_for, coordinator, rows,
                                                                django_assert_num_queries):  # fmt: skip
    programme = ProgrammeFactory()
    for n in range(rows):
        meeting = CommitteeMeetingFactory(programme=programme, held_on=date(2009, 1, 1) + timedelta(days=7 * n))
        CommitteeActionFactory(meeting=meeting, due_on=date(2009, 2, 1))  # overdue
        CommitteeActionFactory(meeting=meeting, due_on=date(2030, 1, 1))
    client = client_for(coordinator)
    # as the committee's: session, user, role groups, meetings counted, overdue actions, a page of meetings with their
    # actions counted; savepoint, session save, release
    with django_assert_num_queries(LIST_QUERIES):
        html = client.get(reverse("committee:list")).content.decode()
    assert html.count("2 actions") == min(rows, 25)
