"""A facilitator's support page at scale: the same number of queries for 1 or 50 support contacts, observations and
check-ins, for the coordinator and for the facilitator's site contact."""

import datetime

import pytest
from django.urls import reverse

from groups.models import Feeling, FidelityObservation, SupportContact, WellbeingCheckIn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_support_page_runs_a_constant_number_of_queries(
    client_for, personas, persona, facilitator_a, meeting_group_a, frozen_today, rows, django_assert_num_queries
):
    record = facilitator_a.facilitator
    for n in range(rows):
        day = frozen_today - datetime.timedelta(days=n)
        SupportContact.objects.create(facilitator=record, kind="visit", date=day, given_by=f"Visitor {n}")
        FidelityObservation.objects.create(facilitator=record, date=day, observer=f"Observer {n}", used_tools=True)
        WellbeingCheckIn.objects.create(facilitator=record, feeling=Feeling.FINE, answered_on=day)
    client = client_for(personas[persona])
    # session, user, role groups; the facilitator; the flags (programme sites, meetings' facilitators, support contacts
    # lately, check-ins); the support policy (programme sites); the load (meetings lately, meetings' facilitators);
    # the check-ins, the support contacts, the observations; session refresh (savepoint, update, release)
    with django_assert_num_queries(17):
        response = client.get(reverse("groups:facilitator_support", args=[record.pk]))
    assert len(response.context["contacts"]) == rows and len(response.context["observations"]) == rows
    assert len(response.context["checkins"]) == min(rows, 12)
