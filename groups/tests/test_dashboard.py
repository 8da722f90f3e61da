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
