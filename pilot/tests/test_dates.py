"""Implausible dates (before 2000, after next year, or not a date at all) are refused with a message, never a 500."""

from __future__ import annotations

import datetime
import inspect

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError

import groups.forms
import pilot.forms
import programmes.forms
import sites.forms
import training.forms
from pilot.dates import check_plausible_date
from pilot.forms import PlausibleDatesMixin, date_from_query

NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_range_is_2000_to_the_end_of_next_year(frozen):
    check_plausible_date(datetime.date(2000, 1, 1))
    check_plausible_date(datetime.date(2027, 12, 31))
    check_plausible_date(datetime.datetime(2010, 3, 31, 23, 59))
    with pytest.raises(ValidationError, match="Enter a date in 2000 or later."):
        check_plausible_date(datetime.date(1999, 12, 31))
    with pytest.raises(ValidationError, match="Enter a date no later than 2027."):
        check_plausible_date(datetime.date(2028, 1, 1))
    with pytest.raises(ValidationError, match="Enter a date in 2000 or later."):
        check_plausible_date(datetime.date.min)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("99999-01-01", "Enter a valid date."),
        ("0001-01-01", "Enter a date in 2000 or later."),
        ("9999-12-31", "Enter a date no later than 2027."),
        ("2009-02-30", "Enter a valid date."),
        ("1999-12-31", "Enter a date in 2000 or later."),
        ("x" * 5000, "Enter a valid date."),
    ],
)
def test_a_date_in_a_link_is_refused_with_the_reason(frozen, raw, message):
    assert date_from_query(raw) == (None, message)


def test_a_plausible_date_in_a_link_is_read(frozen):
    assert date_from_query("2010-03-31") == (datetime.date(2010, 3, 31), "")
    assert date_from_query("") == (None, "")


def _form_classes():
    for module in (pilot.forms, sites.forms, programmes.forms, groups.forms, training.forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_form_with_a_date_field_checks_the_year():
    with_dates = [
        cls for cls in _form_classes() if any(isinstance(field, forms.DateField) for field in cls.base_fields.values())
    ]
    assert len(with_dates) >= 12  # the check must not pass by finding no forms
    unchecked = [cls.__qualname__ for cls in with_dates if not issubclass(cls, PlausibleDatesMixin)]
    assert not unchecked, f"forms whose dates skip pilot.dates: {unchecked}"


BAD_DATES = ["99999-01-01", "0001-01-01", "9999-12-31", "2009-02-30"]


@pytest.mark.parametrize("raw", BAD_DATES)
@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/sites/log/", "date_from"),
        ("/groups/meetings/", "start"),
        ("/groups/meetings.csv", "end"),
        ("/groups/meetings/new/", "date"),
        ("/budget/", "as_of"),
        ("/audit/", "date_to"),
    ],
)
def test_dates_read_from_links_never_break_a_page(frozen, client_for, coordinator, site_a, url, param, raw):
    response = client_for(coordinator).get(url, {param: raw})
    assert response.status_code == 200, response.status_code
    if "csv" not in url:
        text = response.content.decode()
        expected = "Enter a valid date." if raw in ("99999-01-01", "2009-02-30") else "Enter a date"
        assert expected in text


@pytest.mark.parametrize(
    "url", ["/", "/sites/", "/sites/alpha/", "/training/pipeline/", "/groups/missing/", "/evaluation/checkin/summary/"]
)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom", "from": "0001-01-01", "to": "2009-01-01"}, "Enter a date in 2000 or later."),
        ({"period": "custom", "from": "2009-01-01", "to": "99999-01-01"}, "Enter the end date as YYYY-MM-DD."),
        ({"period": "custom", "from": "2009-02-30", "to": "2009-03-01"}, "Enter the start date as YYYY-MM-DD."),
        ({"period": "1999"}, "Enter a date in 2000 or later."),
        ({"period": "p99999"}, "There is no such programme."),
    ],
)
def test_a_period_from_a_link_never_breaks_a_page(frozen, client_for, coordinator, site_a, url, query, message):
    from evaluation.tests.factories import QuestionnaireFactory

    QuestionnaireFactory()
    response = client_for(coordinator).get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    assert f"That period cannot be shown: {message}" in response.content.decode()


def test_a_meeting_dated_1999_or_in_year_99999_is_refused_at_the_date_field(
    frozen, client_for, facilitator_a, group_a
):
    client = client_for(facilitator_a)
    data = {"group": group_a.pk, "held": "yes", "attendance": "5", "newcomers": "0"}
    for raw, message in (("1999-05-05", "Enter a date in 2000 or later."), ("99999-05-05", "Enter a valid date.")):
        response = client.post("/groups/meetings/new/", {**data, "date": raw})
        assert response.status_code == 400
        assert response.context["form"].errors["date"] == [message]
    assert not group_a.meetings.exists()


def test_an_event_in_year_3000_is_refused(frozen, client_for, coordinator, site_a):
    data = {"kind": "facilitator_training", "title": "Far future", "site": site_a.pk, "status": "planned"}
    data.update({"starts_on": "3000-01-01", "ends_on": "3000-01-02", "unnamed_participants": "0"})
    response = client_for(coordinator).post("/training/new/", data)
    assert response.context["form"].errors["starts_on"] == ["Enter a date no later than 2027."]


def test_a_facilitator_active_since_1899_is_refused(frozen, client_for, coordinator, site_a):
    data = {"site": site_a.pk, "display_name": "Old Timer", "active_since": "1899-01-01"}
    response = client_for(coordinator).post("/groups/facilitators/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["active_since"] == ["Enter a date in 2000 or later."]
