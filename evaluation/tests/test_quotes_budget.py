"""The quotes page at scale: the same number of queries for 1 or 50 tagged passages (the notes are the centre's:
no site scopes them)."""

import datetime

import pytest
from django.urls import reverse

from evaluation.qualitative import Theme, note_create, passage_create

pytestmark = pytest.mark.django_db
URL = reverse("evaluation:quotes")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_quotes_page_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, site_b, rows, django_assert_num_queries
):
    themes = list(Theme.objects.filter(programme=None))
    for n in range(rows):
        note = note_create(
            actor=coordinator,
            kind="interview",
            date=datetime.date(2009, 9, 15),
            site=site_a if n % 2 else site_b,
            participant_roles=["facilitator"],
            notes=f"Quote number {n}.",
        )
        passage_create(actor=coordinator, note=note, theme=themes[n % len(themes)], excerpt=f"Quote number {n}.")
    client = client_for(coordinator)
    # session, user, role groups; the passages with their note, its site and their theme; the themes and the sites
    # of the filter; the illustrative marks; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get(URL)
    assert sum(len(quotes) for _, quotes in response.context["groups"]) == rows
