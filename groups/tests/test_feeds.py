"""The public meeting feeds: Meeting Guide JSON, iCalendar for the network and per group, schema.org markup."""

import datetime
import json
from pathlib import Path

import icalendar
import pytest
from django.test import override_settings

from groups.models import Frequency, GroupStatus
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import GroupFactory, GroupStatusChangeFactory
from groups.tests.schema_check import errors
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "meeting-feed.schema.json").read_text())
PRIVATE = ["Jo", "jo@example.org", "07700 900123", "ZebedeeB", "zebedee-b@example.org", "07700 900002"]


@pytest.fixture
def listed(meeting_group_a, peer_a):
    meeting_group_a.address = "3 Example Street"
    meeting_group_a.town = "Sheffield"
    meeting_group_a.postcode = "S1 2AB"
    meeting_group_a.contact_phone = "0114 496 0002"
    meeting_group_a.save()
    return meeting_group_a


@pytest.fixture
def twice_weekly(site_b, facilitator_b):
    """A group of another site, meeting Mondays and Thursdays, whose facilitator has contact details."""
    group = GroupFactory(
        site=site_b,
        name="Beta Twice",
        weekday=0,
        second_weekday=3,
        frequency=Frequency.TWICE_WEEKLY,
        start_time=datetime.time(19, 0),
        usual_length_minutes=75,
        postcode="B1 1AA",
    )
    record = facilitator_b.facilitator
    record.display_name, record.email, record.phone = "ZebedeeB", "zebedee-b@example.org", "07700 900002"
    record.save()
    record.groups.add(group)
    return make_meeting_group(group, since=datetime.date(2009, 4, 1))


@pytest.fixture
def gone(site_a):
    """One group of each status the finder does not list."""
    return {
        status: make_meeting_group(GroupFactory(site=site_a, name=f"Gone {status}"))
        for status in (GroupStatus.PAUSED, GroupStatus.CLOSED, GroupStatus.FORMING, GroupStatus.NEVER_STARTED)
    }


def _stop(groups):
    for status, group in groups.items():
        GroupStatusChangeFactory(group=group, status=status, changed_on=datetime.date(2009, 4, 20))
        group.status = status
        group.save()


def _feed(client, url, **headers):
    response = client.get(url, **headers)
    return response, response.content.decode()


# --- Meeting Guide JSON ---------------------------------------------------------------------------


def test_json_feed_lists_each_weekly_slot_in_meeting_guide_format(client, listed, twice_weekly):
    response, text = _feed(client, "/meetings/feed.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    entries = json.loads(text)
    assert errors(entries, SCHEMA) == []
    alpha = next(e for e in entries if e["name"] == "Alpha Tuesday")
    assert alpha["day"] == 2  # Tuesday, counted from Sunday = 0
    assert (alpha["time"], alpha["end_time"]) == ("18:30", "20:00")
    assert alpha["postal_code"] == "S1 2AB" and alpha["city"] == "Sheffield" and alpha["address"] == "3 Example Street"
    assert alpha["location"] == "Agency group room"
    assert alpha["url"] == f"http://testserver/meetings/{listed.pk}/card/"
    twice = sorted((e["day"], e["slug"]) for e in entries if e["name"] == "Beta Twice")
    assert [day for day, _ in twice] == [1, 4]  # Monday and Thursday: two entries
    assert len({slug for _, slug in twice}) == 2 and len({e["slug"] for e in entries}) == len(entries)


def test_json_feed_leaves_out_paused_closed_and_unlisted_groups(client, listed, gone):
    _stop(gone)
    names = [e["name"] for e in json.loads(client.get("/meetings/feed.json").content)]
    assert names == ["Alpha Tuesday"]


def test_json_feed_says_nothing_about_facilitators_members_or_enquiry_contacts(client, listed, twice_weekly):
    text = client.get("/meetings/feed.json").content.decode()
    assert "Beta Twice" in text
    for secret in PRIVATE + ["0114 496 0002", "attendance", "newcomers"]:
        assert secret not in text


def test_schema_check_refuses_what_the_format_forbids():
    good = {
        "name": "A",
        "slug": "a-1",
        "types": ["A"],
        "notes": "",
        "updated": "2009-05-07 12:00:00",
        "url": "http://x",
    }
    assert errors([good], SCHEMA) == []
    assert errors([{**good, "day": 7}], SCHEMA)  # days run 0-6
    assert errors([{**good, "day": 1}], SCHEMA)  # a day needs a time
    assert errors([{**good, "email": "jo@example.org"}], SCHEMA)  # nothing beyond the listed fields
    assert errors([{**good, "time": "6:30pm", "day": 1, "end_time": "20:00"}], SCHEMA)


# --- iCalendar ------------------------------------------------------------------------------------


def _events(text):
    calendar = icalendar.Calendar.from_ical(text)
    return calendar, {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_network_calendar_has_one_recurring_event_per_group_following_its_schedule(client, listed, twice_weekly):
    response, text = _feed(client, "/meetings/feed.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar, events = _events(text)
    calendar.validate()
    assert calendar.get_missing_tzids() == set()
    assert set(events) == {"SMART Recovery Alpha Tuesday", "SMART Recovery Beta Twice"}
    alpha = events["SMART Recovery Alpha Tuesday"]
    start = alpha.decoded("dtstart")
    assert start == datetime.datetime(2009, 3, 3, 18, 30, tzinfo=start.tzinfo) and str(start.tzinfo) == "Europe/London"
    assert alpha.decoded("dtend") - start == datetime.timedelta(minutes=90)
    assert alpha["rrule"]["FREQ"] == ["WEEKLY"] and alpha["rrule"]["BYDAY"] == ["TU"]
    assert "Sheffield S1 2AB" in str(alpha["location"])
    twice = events["SMART Recovery Beta Twice"]
    assert twice["rrule"]["BYDAY"] == ["MO", "TH"]
    assert twice.decoded("dtstart").date() == datetime.date(2009, 4, 2)  # the first Thursday from 1 April
    for secret in PRIVATE + ["0114 496 0002"]:
        assert secret not in text


def test_fortnightly_group_repeats_every_other_week_from_its_first_meeting(client, site_a):
    group = GroupFactory(site=site_a, name="Fortnight", weekday=2, frequency=Frequency.FORTNIGHTLY)
    make_meeting_group(group, since=datetime.date(2009, 3, 2))
    _, events = _events(client.get(f"/meetings/{group.pk}/feed.ics").content)
    event = events["SMART Recovery Fortnight"]
    assert event["rrule"]["INTERVAL"] == [2] and event["rrule"]["BYDAY"] == ["WE"]
    assert event.decoded("dtstart").date() == datetime.date(2009, 3, 4)


def test_a_group_that_meets_again_starts_from_its_new_period(client, listed):
    GroupStatusChangeFactory(group=listed, status=GroupStatus.PAUSED, changed_on=datetime.date(2009, 6, 1))
    GroupStatusChangeFactory(group=listed, status=GroupStatus.MEETING, changed_on=datetime.date(2009, 9, 7))
    _, events = _events(client.get(f"/meetings/{listed.pk}/feed.ics").content)
    assert events["SMART Recovery Alpha Tuesday"].decoded("dtstart").date() == datetime.date(2009, 9, 8)


def test_network_calendar_leaves_out_paused_and_closed_groups(client, listed, gone):
    _stop(gone)
    _, events = _events(client.get("/meetings/feed.ics").content)
    assert list(events) == ["SMART Recovery Alpha Tuesday"]


def test_group_calendar_holds_only_that_group(client, listed, twice_weekly):
    response, text = _feed(client, f"/meetings/{twice_weekly.pk}/feed.ics")
    calendar, events = _events(text)
    calendar.validate()
    assert list(events) == ["SMART Recovery Beta Twice"]
    assert str(events["SMART Recovery Beta Twice"]["uid"]) == f"group-{twice_weekly.pk}@testserver"


@pytest.mark.parametrize("status", [GroupStatus.PAUSED, GroupStatus.CLOSED, GroupStatus.FORMING])
def test_group_calendar_of_a_group_not_listed_is_404_and_audited(client, listed, status):
    GroupStatusChangeFactory(group=listed, status=status, changed_on=datetime.date(2009, 4, 20))
    listed.status = status
    listed.save()
    before = AuditEntry.objects.count()
    assert client.get(f"/meetings/{listed.pk}/feed.ics").status_code == 404
    assert client.get("/meetings/999999/feed.ics").status_code == 404
    assert AuditEntry.objects.count() == before + 1  # the existing group's probe is recorded


def test_signed_in_users_of_another_site_get_the_public_feed_and_nothing_more(
    client, listed, twice_weekly, site_contact_a
):
    client.force_login(site_contact_a)
    response, text = _feed(client, f"/meetings/{twice_weekly.pk}/feed.ics")
    assert response.status_code == 200
    for secret in PRIVATE:
        assert secret not in text
    signed_in = client.get("/meetings/feed.json").content
    client.logout()
    assert signed_in == client.get("/meetings/feed.json").content  # the same public feed for everyone


# --- caching --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/meetings/feed.json", "/meetings/feed.ics", "GROUP"])
def test_feeds_carry_an_etag_and_answer_304_when_it_matches(client, listed, url):
    url = f"/meetings/{listed.pk}/feed.ics" if url == "GROUP" else url
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=900" in first["Cache-Control"]
    tag = first["ETag"]
    assert tag.startswith('"') and client.get(url)["ETag"] == tag  # the same feed twice: the same tag
    again = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    listed.venue_name = "New room"
    listed.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag


@override_settings(GROUPS_FEED_MAX_AGE=60)
def test_feed_max_age_is_a_setting(client, listed):
    assert "max-age=60" in client.get("/meetings/feed.ics")["Cache-Control"]


def test_feeds_refuse_writes(client, listed):
    assert client.post("/meetings/feed.json").status_code == 405


# --- the finder and the card ----------------------------------------------------------------------


def test_finder_links_the_feeds(client, listed):
    html = client.get("/meetings/").content.decode()
    assert 'href="/meetings/feed.ics"' in html and 'href="/meetings/feed.json"' in html


def test_feeds_share_the_finders_rate_limit(client, listed, settings):
    settings.PILOT_RATE_LIMITS = {**settings.PILOT_RATE_LIMITS, "finder": "3/h"}
    codes = [client.get(url, REMOTE_ADDR="203.0.113.9").status_code for url in ("/meetings/", "/meetings/feed.json")]
    codes.append(client.get("/meetings/feed.ics", REMOTE_ADDR="203.0.113.9").status_code)
    assert codes == [200, 200, 200]
    assert client.get(f"/meetings/{listed.pk}/feed.ics", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get("/meetings/feed.json", REMOTE_ADDR="203.0.113.10").status_code == 200  # another address


def test_feeds_take_the_same_few_queries_for_any_number_of_groups(
    client, listed, site_b, django_assert_max_num_queries
):
    for n in range(6):
        make_meeting_group(GroupFactory(site=site_b, name=f"More {n}"))
    for url in ("/meetings/feed.json", "/meetings/feed.ics"):
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
