"""Pages and exports show figures about people through the one disclosure policy, by who is looking.

Coordinators and evaluators see exact figures; the site contacts and facilitators who keep a group's
records see those exactly; the steering committee sees published figures, and no facilitator names or
free-text notes. Every page here is also fetched by a user of another site (404).
"""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from groups.tests.conftest import make_meeting_group
from groups.tests.factories import FacilitatorFactory, MeetingFactory

D = datetime.date
NOTE = "Jo was upset about her sister"
REASON = "Sam in hospital"


@pytest.fixture
def records(group_a):
    """Group A: a facilitator, a held meeting of 3 with 2 newcomers and a note, one of 13, one cancelled."""
    make_meeting_group(group_a)
    facilitator = FacilitatorFactory(site=group_a.site, display_name="Robin Quill")
    facilitator.groups.add(group_a)
    small = MeetingFactory(group=group_a, date=D(2009, 10, 6), attendance=3, newcomers=2, note=NOTE)
    small.facilitators.add(facilitator)
    MeetingFactory(group=group_a, date=D(2009, 10, 13), attendance=13, newcomers=0)
    MeetingFactory(group=group_a, date=D(2009, 10, 20), held=False, attendance=0, newcomers=0, cancelled_reason=REASON)
    return group_a


def _page(client_for, user, url, **query):
    response = client_for(user).get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@time_machine.travel("2009-10-25 10:00 +0000")
def test_group_page_for_the_committee_shows_published_counts_and_no_people(client_for, personas, records):
    url = records.get_absolute_url()
    page = _page(client_for, personas["observer"], url)
    assert "<td>*</td><td>*</td>" in page  # 3 attending, 2 new: counts of 1 to 7
    assert "<td>15</td><td>0</td>" in page  # 13 rounds to 15; 0 stays 0
    assert "Robin Quill" not in page and NOTE not in page and REASON not in page
    assert "Published figures" in page
    for persona in ("coordinator", "site_contact_a", "facilitator_a"):
        page = _page(client_for, personas[persona], url)
        assert "<td>3</td><td>2</td>" in page and "<td>13</td><td>0</td>" in page, persona
        assert "Robin Quill" in page and REASON in page, persona
    assert client_for(personas["site_contact_b"]).get(url).status_code == 404


@time_machine.travel("2009-10-25 10:00 +0000")
def test_meeting_list_and_csv_by_role(client_for, personas, records):
    url, csv_url = reverse("groups:meeting_list"), reverse("groups:meeting_csv")

    def rows(persona):
        response = client_for(personas[persona]).get(csv_url)
        return list(csv.DictReader(io.StringIO(response.content.decode())))

    observer = {r["date"]: r for r in rows("observer")}
    assert (observer["2009-10-06"]["attendance"], observer["2009-10-06"]["newcomers"]) == ("*", "*")
    assert observer["2009-10-13"]["attendance"] == "15"
    assert "note" not in observer["2009-10-06"] and "facilitators" not in observer["2009-10-06"]
    assert "cancelled_reason" not in observer["2009-10-20"]
    evaluator = {r["date"]: r for r in rows("evaluator")}
    assert evaluator["2009-10-06"]["attendance"] == "3"  # evaluators process the data: exact
    assert "note" not in evaluator["2009-10-06"] and "facilitators" not in evaluator["2009-10-06"]
    contact = {r["date"]: r for r in rows("site_contact_a")}
    assert contact["2009-10-06"]["note"] == NOTE and contact["2009-10-06"]["facilitators"] == "Robin Quill"
    assert rows("site_contact_b") == []  # another site's contact: none of these rows
    page = _page(client_for, personas["observer"], url)
    assert "Robin Quill" not in page and REASON not in page and "<td>*</td><td>*</td>" in page
    page = _page(client_for, personas["evaluator"], url)
    assert "Robin Quill" not in page and REASON not in page and "<td>3</td><td>2</td>" in page


@time_machine.travel("2009-10-25 10:00 +0000")
def test_site_overview_sparkline_and_average_for_the_committee(client_for, personas, records, site_a):
    page = _page(client_for, personas["observer"], reverse("network:overview"))
    # 16 attendances at 2 held meetings in 12 weeks: published 15 / 2 = 7.5 (exact 8.0); weeks show * and 15.
    assert '<td data-label="Average attendance">7.5</td>' in page
    assert "Weekly attendance, last 12 weeks: 0, 0, 0, 0, 0, 0, 0, 0, 0, *, 15, 0" in page
    page = _page(client_for, personas["coordinator"], reverse("network:overview"))
    assert '<td data-label="Average attendance">8.0</td>' in page
    assert "Weekly attendance, last 12 weeks: 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 13, 0" in page
    page = _page(client_for, personas["site_contact_a"], site_a.get_absolute_url())
    assert "8.0" in page  # the site's own contact keeps these records
    assert client_for(personas["site_contact_b"]).get(site_a.get_absolute_url()).status_code == 404


def test_progress_log_notes_are_for_coordinators_and_site_contacts(client_for, personas, site_a):
    from sites.models import ProgressEntry

    ProgressEntry.objects.create(site=site_a, day=D(2009, 10, 1), kind="call", note="Spoke to Dana about rota")
    for persona, sees in (("coordinator", True), ("site_contact_a", True), ("observer", False)):
        for url in (site_a.get_absolute_url(), reverse("sites:log")):
            assert ("Dana" in _page(client_for, personas[persona], url)) is sees, (persona, url)
