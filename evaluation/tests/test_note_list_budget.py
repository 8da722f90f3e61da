"""The qualitative notes list at scale: the same number of queries for 1 or 50 notes with their passages (the
notes are the centre's: no site scopes them)."""

import datetime

import pytest
from django.urls import reverse

from evaluation.qualitative import Theme, note_create, passage_create

pytestmark = pytest.mark.django_db
URL = reverse("evaluation:notes")


def _notes(actor, site, count):
    venue = Theme.objects.get(programme=None, name="Venue")
    for n in range(count):
        note = note_create(
            actor=actor,
            kind="focus_group",
            date=datetime.date(2009, 9, 15),
            site=site,
            participant_roles=["facilitator"],
            notes=f"The venue was cold ({n}).\nReferrals came from the GP.",
        )
        passage_create(actor=actor, note=note, theme=venue, excerpt=f"The venue was cold ({n}).")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_notes_list_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, rows, django_assert_num_queries
):
    _notes(coordinator, site_a, rows)
    client = client_for(coordinator)
    # session, user, role groups; the notes with their site; their passages; the illustrative marks; the sites and
    # the programmes of the form for a new note; session refresh (savepoint, update, release)
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert len(response.context["notes"]) == rows
