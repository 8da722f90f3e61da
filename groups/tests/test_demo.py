"""The demo groups: the report's groups and statuses, illustrative meetings, deterministic and idempotent."""

import datetime
import json
from io import StringIO

import icalendar
import pytest
from django.db.models import Avg

from groups import demo
from groups.models import Facilitator, Group, GroupStatus, Meeting
from sites import demo as sites_demo
from sites.models import SitePerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    sites_demo.load(out=StringIO())
    demo.load(out=StringIO())


def test_demo_has_the_reports_groups_and_statuses(loaded):
    status = dict(Group.objects.values_list("name", "status"))
    assert len(status) == 11
    assert status["North Birmingham"] == status["Norwich"] == GroupStatus.CLOSED
    assert status["Lowestoft"] == status["Gateshead"] == GroupStatus.NEVER_STARTED
    assert status["Sheffield"] == status["Birmingham"] == GroupStatus.MEETING
    assert Group.objects.get(name="Norwich").closure_reason == "facilitator_stepped_down"
    assert Group.objects.get(name="North Birmingham").venue_type == "church"
    croydon_notes = " ".join(Group.objects.get(name="Croydon").status_changes.values_list("note", flat=True))
    assert "church hall" in croydon_notes and "YMCA" in croydon_notes


def test_demo_meetings_start_when_the_report_says_and_fit_its_attendance(loaded):
    first = {
        g.name: g.meetings.order_by("date").first().date
        for g in Group.objects.filter(meetings__isnull=False).distinct()
    }
    assert first["Birmingham"].strftime("%Y-%m") == "2009-03" and first["Norwich"].strftime("%Y-%m") == "2009-03"
    assert first["Sheffield"].strftime("%Y-%m") == "2009-04" and first["Croydon"].strftime("%Y-%m") == "2009-04"
    assert first["Kendal"].strftime("%Y-%m") == "2009-07"
    early = Meeting.objects.filter(group__name="Birmingham", date__lt=datetime.date(2009, 5, 1), held=True)
    assert early.aggregate(a=Avg("attendance"))["a"] == pytest.approx(4, abs=1)  # a core of four at first
    overall = Meeting.objects.filter(held=True).aggregate(a=Avg("attendance"))["a"]
    assert 5 <= overall <= 7  # meetings average about six
    assert not Meeting.objects.filter(is_illustrative=False).exists()
    assert not Meeting.objects.filter(group__status=GroupStatus.NEVER_STARTED).exists()


def test_demo_never_names_a_professional_as_facilitator(loaded):
    # Professionals may attend but not facilitate (steering committee, June 2009): Aquarius staff are people
    # at the site, not facilitators.
    assert not Facilitator.objects.filter(is_professional=True).exists()
    assert not Facilitator.objects.filter(display_name__icontains="staff").exists()
    assert SitePerson.objects.get(site__slug="birmingham", name="Maggie").kind == "professional"
    assert all(f.email.endswith("@example.org") for f in Facilitator.objects.exclude(email=""))


def test_demo_is_deterministic_and_idempotent(loaded):
    before = list(Meeting.objects.order_by("group__name", "date").values_list("group__name", "date", "attendance"))
    demo.load(out=StringIO())
    after = list(Meeting.objects.order_by("group__name", "date").values_list("group__name", "date", "attendance"))
    assert before == after
    assert Facilitator.objects.count() == len(demo.FACILITATORS)


def test_demo_has_a_couple_of_flagged_registrations_that_the_rules_would_ask_about(loaded):
    from groups.services import meeting_plausibility

    flagged = list(Meeting.objects.flagged().select_related("group").order_by("date"))
    assert [(m.group.name, m.confirmed_warnings) for m in flagged] == [
        ("Kendal", ["late_registration"]),
        ("Sheffield", ["attendance_high"]),
    ]
    for meeting in flagged:
        asked = [w.code for w in meeting_plausibility(meeting, meeting.facilitators.count())]
        assert asked == meeting.confirmed_warnings, meeting
    demo.load(out=StringIO())
    assert Meeting.objects.flagged().count() == 2


def test_demo_feeds_list_the_groups_meeting_today_and_no_closed_one(loaded, client):
    meeting = set(Group.objects.public().values_list("name", flat=True))
    listed = {entry["name"] for entry in json.loads(client.get("/meetings/feed.json").content)}
    assert meeting and listed == meeting and "Norwich" not in listed and "North Birmingham" not in listed
    calendar = icalendar.Calendar.from_ical(client.get("/meetings/feed.ics").content)
    calendar.validate()
    assert {str(e["summary"]) for e in calendar.walk("VEVENT")} == {f"SMART Recovery {name}" for name in meeting}


def test_demo_support_records_are_marked_illustrative_and_load_once(loaded):
    from groups.models import SupportContact, WellbeingCheckIn
    from pilot.models import IllustrativeFigure

    demo.load(out=StringIO())
    assert SupportContact.objects.count() == len(demo.SUPPORT_CONTACTS)
    struggling = WellbeingCheckIn.objects.get()
    assert struggling.feeling == "struggling" and struggling.facilitator.display_name == "Stu"
    marked = set(
        IllustrativeFigure.objects.filter(model__in=["groups.supportcontact", "groups.wellbeingcheckin"]).values_list(
            "object_id", flat=True
        )
    )
    assert {str(pk) for pk in SupportContact.objects.values_list("pk", flat=True)} | {str(struggling.pk)} <= {
        str(pk) for pk in marked
    }
