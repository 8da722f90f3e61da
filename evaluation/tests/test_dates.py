"""Dates typed on the questionnaire side: 2000 to the end of next year, else a clear message at the field."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.models import CollectionRound, Response
from evaluation.services import round_create
from pilot.dates import check_plausible_date

EARLY = "Enter a date in 2000 or later."
LATE = "Enter a date no later than 2010."  # the clock stands in October 2009


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (datetime.date(2000, 1, 1), None),
        (datetime.date(1999, 12, 31), EARLY),
        (datetime.date(1, 1, 1), EARLY),
        (datetime.date(2010, 12, 31), None),
        (datetime.date(2011, 1, 1), "Enter a date no later than 2010."),
        (datetime.date(9999, 12, 31), "Enter a date no later than 2010."),
        (datetime.datetime(2011, 1, 1, 0, 30, tzinfo=datetime.UTC), "Enter a date no later than 2010."),
        (None, None),
    ],
)
def test_check_plausible_date_bounds(autumn, value, message):
    if message is None:
        check_plausible_date(value)
        return
    with pytest.raises(ValidationError) as info:
        check_plausible_date(value)
    assert info.value.messages == [message]


def test_the_latest_year_moves_with_the_clock():
    import time_machine

    with time_machine.travel(datetime.datetime(2030, 6, 1, tzinfo=datetime.UTC), tick=False):
        check_plausible_date(datetime.date(2031, 12, 31))
        with pytest.raises(ValidationError, match="no later than 2031"):
            check_plausible_date(datetime.date(2032, 1, 1))


def round_data(questionnaire, group, **dates):
    return {"name": "Spring", "version": questionnaire.current_version.pk, "site": group.site.pk, "group": group.pk,
            "opens_on": "2010-03-01", "closes_on": "2010-03-31", **dates}  # fmt: skip


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ({"opens_on": "1999-12-31"}, "opens_on", EARLY),
        ({"opens_on": "01/03/0010"}, "opens_on", EARLY),
        ({"closes_on": "9999-12-31"}, "closes_on", LATE),
    ],
)
def test_round_form_refuses_implausible_years(client_for, evaluator, questionnaire, group_a, autumn, dates, field,
                                              message):  # fmt: skip
    url = reverse("evaluation:round_create", args=["checkin"])
    response = client_for(evaluator).post(url, round_data(questionnaire, group_a, **dates))
    assert response.status_code == 400 and not CollectionRound.objects.exists()
    assert response.context["form"].errors[field] == [message]


def test_round_service_refuses_implausible_years_too(questionnaire, group_a, autumn):
    with pytest.raises(ValidationError) as info:
        round_create(questionnaire=questionnaire, name="x", site=group_a.site, opens_on=datetime.date(1999, 1, 1),
                     closes_on=datetime.date(2009, 1, 1))  # fmt: skip
    assert info.value.message_dict == {"opens_on": [EARLY]}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [({"date_from": "0001-01-01"}, "date_from", EARLY), ({"date_to": "9999-12-31"}, "date_to", LATE)],
)
def test_filter_dates_refuse_implausible_years_at_the_field(client_for, evaluator, round_a, answer, autumn,
                                                            query, field, message):  # fmt: skip
    answer(round_a)
    response = client_for(evaluator).get(reverse("evaluation:responses", args=["checkin"]), query)
    assert response.status_code == 200
    assert response.context["filter_form"].errors[field] == [message]
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("dates", "message"), [(("0001-01-01", "2009-10-31"), EARLY), (("2009-10-01", "9999-12-31"), LATE)]
)
def test_the_summarys_period_refuses_implausible_years_and_says_why(client_for, evaluator, round_a, answer, autumn,
                                                                     dates, message):  # fmt: skip
    answer(round_a)
    query = {"period": "custom", "from": dates[0], "to": dates[1]}
    response = client_for(evaluator).get(reverse("evaluation:summary", args=["checkin"]), query)
    assert response.status_code == 200
    assert f"That period cannot be shown: {message}" in response.content.decode()
    assert response.context["period"].start == round_a.opens_on  # the questionnaire's own period instead


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("1999-12-31", EARLY),
        ("2009-09-30", "The date is before the round opened on 1 October 2009."),
        ("2009-10-16", "The date cannot be in the future."),
    ],
)
def test_paper_date_must_be_plausible_and_inside_the_round(client_for, evaluator, round_a, autumn, day, message):
    url = reverse("evaluation:paper_entry", args=[round_a.pk])
    response = client_for(evaluator).post(url, {"_submitted_on": day, "gender": "male", "age": "40"})
    assert response.status_code == 400 and not Response.objects.exists()
    assert response.context["form"].errors["_submitted_on"] == [message]
