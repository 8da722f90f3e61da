"""A qualitative note's page at scale: the same number of queries for 1 or 50 tagged passages (the notes are the
centre's: no site scopes them)."""

import datetime

import pytest
from django.urls import reverse

from evaluation.qualitative import Theme, note_create, passage_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 50])
def test_the_note_page_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, rows, django_assert_num_queries
):
    themes = list(Theme.objects.filter(programme=None))
    note = note_create(
        actor=coordinator,
        kind="focus_group",
        date=datetime.date(2009, 9, 15),
        site=site_a,
        participant_roles=["facilitator"],
        notes="\n".join(f"Passage number {n}." for n in range(rows)),
    )
    for n in range(rows):
        passage_create(actor=coordinator, note=note, theme=themes[n % len(themes)], excerpt=f"Passage number {n}.")
    client = client_for(coordinator)
    # session, user, role groups; the note; its site; the illustrative marks; the passages with their theme; the
    # themes of the form to tag a passage (two); session refresh (savepoint, update, release)
    with django_assert_num_queries(12):
        response = client.get(reverse("evaluation:note_detail", args=[note.pk]))
    assert len(response.context["passages"]) == rows
