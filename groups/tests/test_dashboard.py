"""Home-page panels: the facilitator's own groups with a register button; missing registrations for the centre."""

import datetime

import pytest

from groups.dashboard import panels
from groups.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_facilitator_sees_their_groups_with_a_register_button(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    html = client_for(facilitator_a).get("/").content.decode()
    assert "My groups" in html
    assert f"/groups/meetings/new/?group={meeting_group_a.pk}" in html
    assert "Register Tuesday&#x27;s meeting" in html or "Register Tuesday's meeting" in html


def test_coordinator_sees_missing_registrations_and_the_latest_meeting(
    client_for, coordinator, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5), attendance=12)
    html = client_for(coordinator).get("/").content.decode()
    assert "missing registration" in html and "05/05/2009: 12 attending" in html


def test_evaluators_get_no_meeting_panel(evaluator):
    assert panels(evaluator) == []


def test_observer_panel_offers_no_registration(observer, meeting_group_a, frozen_today):
    (panel,) = panels(observer)
    assert panel.context["may_register"] is False


def test_latest_registrations_are_ordered_by_meeting_date_not_by_when_they_were_registered(
    coordinator, meeting_group_a, frozen_today
):
    now = datetime.datetime(2009, 5, 7, 12, tzinfo=datetime.UTC)
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5), registered_at=now - datetime.timedelta(1))
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 3, 3), registered_at=now)  # caught up today
    (panel,) = panels(coordinator)
    assert [m.date for m in panel.context["recent"]] == [datetime.date(2009, 5, 5), datetime.date(2009, 3, 3)]


def test_a_flagged_registration_never_heads_the_latest_registrations(
    client_for, coordinator, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5), attendance=150,
                   confirmed_warnings=["attendance_high"])  # fmt: skip
    for weeks in range(1, 6):
        MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5) - datetime.timedelta(weeks=weeks))
    (panel,) = panels(coordinator)
    recent = panel.context["recent"]
    assert recent[0].date == datetime.date(2009, 4, 28) and not recent[0].is_flagged
    assert recent[1].attendance == 150 and len(recent) == 5  # still listed, second, with its marker
    html = client_for(coordinator).get("/").content.decode()
    assert html.index("28/04/2009: 6 attending") < html.index("05/05/2009: 150 attending")
    assert "Confirmed as unusual: attendance unusually high" in html


def test_when_every_recent_registration_is_flagged_an_older_usual_one_heads_the_list(
    coordinator, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 3, 3))
    for weeks in range(5):
        MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5) - datetime.timedelta(weeks=weeks),
                       confirmed_warnings=["no_facilitator"])  # fmt: skip
    (panel,) = panels(coordinator)
    assert [m.date for m in panel.context["recent"]][:2] == [datetime.date(2009, 3, 3), datetime.date(2009, 5, 5)]
