"""Fixtures for the questionnaire tests: a small form, rounds at site A and site B, answer helpers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from evaluation.services import response_create
from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory

AUTUMN_DAY = datetime.datetime(2009, 10, 15, 12, 0, tzinfo=datetime.UTC)
GOOD_ANSWERS = {
    "gender": "male",
    "age": Decimal(47),
    "previous": "yes",
    "which": ["aa", "nhs"],
    "comments": "Helpful.",
}


@pytest.fixture
def autumn():
    """The clock stopped in the middle of the autumn 2009 rounds."""
    with time_machine.travel(AUTUMN_DAY, tick=False):
        yield AUTUMN_DAY.date()


@pytest.fixture
def questionnaire(db):
    return QuestionnaireFactory()


@pytest.fixture
def round_a(questionnaire, group_a):
    return CollectionRoundFactory(questionnaire=questionnaire, group=group_a, site=group_a.site, name="Autumn A")


@pytest.fixture
def round_b(questionnaire, group_b):
    return CollectionRoundFactory(questionnaire=questionnaire, group=group_b, site=group_b.site, name="Autumn B")


@pytest.fixture
def answer():
    """answer(round, **overrides) saves one checked response (paper, dated 12 October 2009)."""

    def _answer(collection_round, **overrides):
        values = {**GOOD_ANSWERS, **overrides}
        values = {k: v for k, v in values.items() if v not in ("", None, [])}
        return response_create(
            round=collection_round, values=values, submitted_on=datetime.date(2009, 10, 12), is_paper=True
        )

    return _answer
