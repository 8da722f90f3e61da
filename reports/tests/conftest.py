"""Data for report tests: meetings at two sites, built with the groups app's own model; questionnaires with rounds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory
from groups.models import Meeting
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import GroupFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_meeting():
    def _make(group, day: date, attendance: int, newcomers: int = 0, held: bool = True, late_days: int = 1, **extra):
        registered = timezone.make_aware(
            timezone.datetime.combine(day + timedelta(days=late_days), timezone.datetime.min.time())
        )
        return Meeting.objects.create(
            group=group,
            date=day,
            held=held,
            attendance=attendance if held else 0,
            newcomers=newcomers if held else 0,
            registered_at=registered,
            **extra,
        )

    return _make


@pytest.fixture
def meetings(group_a, group_b, make_meeting):
    """October 2009: group A (Tuesdays) held 4 meetings of 6, 7, 5, 6 (24 people, 3 newcomers), one registered
    late; group B (Thursdays) held 2 meetings of 2 and 3 and cancelled one. Both meeting since September."""
    group_b.weekday = 3
    group_b.save()
    for group in (group_a, group_b):
        make_meeting_group(group, since=date(2009, 9, 1))
    for day, n, new, late in [(6, 6, 1, 1), (13, 7, 1, 2), (20, 5, 0, 9), (27, 6, 1, 1)]:
        make_meeting(group_a, date(2009, 10, day), n, new, late_days=late, tool_change_plan=day < 20)
    make_meeting(group_b, date(2009, 10, 1), 2)
    make_meeting(group_b, date(2009, 10, 8), 3, 1)
    make_meeting(group_b, date(2009, 10, 15), 0, held=False)


@pytest.fixture
def world(site_a, site_b, group_a, group_b):
    """Two questionnaires; the members' one has a round at each site, the other one round at site A."""
    members = QuestionnaireFactory(form_id="members_autumn_2009")
    members.title = "SMART Recovery group members, autumn 2009"
    members.save()
    other = QuestionnaireFactory(form_id="host_agencies")
    other.title = "Host agencies"
    other.save()
    return {
        "members": members,
        "other": other,
        "members_a": CollectionRoundFactory(
            questionnaire=members, site=site_a, name="Autumn 2009 members' questionnaire"
        ),
        "members_b": CollectionRoundFactory(questionnaire=members, site=site_b, name="Autumn 2009 at Beta"),
        "other_a": CollectionRoundFactory(questionnaire=other, site=site_a, name="Host agencies 2009"),
        "second_group_b": GroupFactory(site=site_b, name="Beta Monday"),
    }
