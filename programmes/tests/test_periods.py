"""The one clock: periods read from the URL, their days, the default, and what the page says."""

import datetime

import pytest
import time_machine
from django.http import QueryDict

from programmes.periods import PeriodError, default_period, parse_period, period_choices
from programmes.tests.factories import ProgrammeFactory

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = D(2026, 11, 30)


@pytest.fixture
def pilot():
    return ProgrammeFactory(name="Pilot", starts_on=D(2008, 4, 1), ends_on=D(2010, 3, 31))


@pytest.fixture
def continuation():
    return ProgrammeFactory(name="Continuation", starts_on=D(2010, 4, 1), ends_on=D(2027, 3, 31))


def _parse(query: str):
    return parse_period(QueryDict(query), today=TODAY)


def test_a_programme_is_its_own_dates_and_an_ended_one_is_judged_on_its_last_day(pilot):
    period = _parse(f"period=p{pilot.pk}")
    assert (period.start, period.end, period.programme) == (pilot.starts_on, pilot.ends_on, pilot)
    assert period.as_of(TODAY) == D(2010, 3, 31)
    assert period.judged(TODAY).endswith("ended 31 March 2010: judged as of that day.")
    assert period.query() == {"period": f"p{pilot.pk}"}


def test_a_running_programme_is_judged_as_of_today(continuation):
    period = _parse(f"period=p{continuation.pk}")
    assert period.as_of(TODAY) == TODAY
    assert "running: judged as of today, 30 November 2026" in period.judged(TODAY)


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("period=2009", D(2009, 1, 1), D(2009, 12, 31)),
        ("period=2009q1", D(2009, 1, 1), D(2009, 3, 31)),
        ("period=2009q4", D(2009, 10, 1), D(2009, 12, 31)),
        ("period=custom&from=2009-10-05&to=2009-11-20", D(2009, 10, 5), D(2009, 11, 20)),
    ],
)
def test_years_quarters_and_custom_dates(query, start, end):
    period = _parse(query)
    assert (period.start, period.end) == (start, end)
    assert parse_period(QueryDict("&".join(f"{k}={v}" for k, v in period.query().items())), today=TODAY) == period


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("period=p999", "no such programme"),
        ("period=1999", "2000 or later"),
        ("period=99999", "Choose a programme"),
        ("period=2009q5", "Choose a programme"),
        ("period=custom&from=2009-10-05", "end date"),
        ("period=custom&from=2009-02-30&to=2009-03-01", "start date"),
        ("period=custom&from=2009-10-05&to=2009-10-01", "on or after"),
        ("period=custom&from=0001-01-01&to=2009-10-01", "2000 or later"),
        ("period=custom&from=2009-01-01&to=9999-12-31", "no later than"),
    ],
)
def test_a_period_that_cannot_be_shown_says_why(query, message):
    with pytest.raises(PeriodError, match=message):
        _parse(query)


def test_the_default_is_the_running_programme_then_the_latest_then_the_last_twelve_months(pilot, continuation):
    assert default_period(TODAY).programme == continuation
    assert default_period(D(2009, 6, 1)).programme == pilot
    continuation.delete()
    assert default_period(TODAY).programme == pilot  # ended, but the latest
    pilot.delete()
    recent = default_period(TODAY)
    assert recent.programme is None and recent.end == TODAY and (recent.end - recent.start).days == 364


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC), tick=False)
def test_the_control_offers_programmes_years_quarters_and_dates(pilot, continuation):
    keys = [key for key, _ in period_choices()]
    assert keys[:2] == [f"p{continuation.pk}", f"p{pilot.pk}"]
    assert "2008" in keys and "2026" in keys and "2027" not in keys and "2009q4" in keys
    assert keys[-2:] == ["recent", "custom"]
