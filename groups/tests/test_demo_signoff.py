"""The demo's signed-off months, and the data quality figures checked against months counted by hand."""

import io
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from groups.models import Meeting, MonthQuery, MonthSignOff, MonthState

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from network.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(out=io.StringIO())
        yield
        transaction.set_rollback(True)


def _client(username):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _on_time(group_name: str, days: list[date]) -> int:
    """Counted here from the rows themselves: registered within 7 days of the meeting."""
    rows = Meeting.objects.filter(group__name=group_name, date__in=days)
    return sum(1 for m in rows if (timezone.localdate(m.registered_at) - m.date).days <= 7)


def test_demo_months_are_approved_provisional_and_one_reopened(demo):
    sheffield = {s.month: s for s in MonthSignOff.objects.filter(site__slug="sheffield")}
    assert sheffield[date(2009, 4, 1)].state == sheffield[date(2009, 5, 1)].state == MonthState.APPROVED
    assert sheffield[date(2009, 4, 1)].approved_by.username == "sitecontact"
    june = sheffield[date(2009, 6, 1)]
    assert june.state == MonthState.REOPENED and june.reopen_reason and june.reopened_by.username == "coordinator"
    assert date(2009, 7, 1) not in sheffield  # later months are provisional
    assert MonthQuery.objects.filter(site__slug="sheffield", month=date(2009, 6, 1)).count() == 1


def test_reloading_the_demo_changes_no_sign_off(demo):
    from network.demo import load_demo

    before = list(MonthSignOff.objects.order_by("pk").values_list("site_id", "month", "state", "approved_at"))
    load_demo(out=io.StringIO())
    after = list(MonthSignOff.objects.order_by("pk").values_list("site_id", "month", "state", "approved_at"))
    assert before == after and MonthQuery.objects.count() == 1


def test_data_quality_page_matches_months_counted_by_hand(demo):
    # Sheffield meets on Tuesdays from 7 April 2009; every scheduled meeting of 2009 is registered in the demo.
    april = [date(2009, 4, d) for d in (7, 14, 21, 28)]
    may = [date(2009, 5, d) for d in (5, 12, 19, 26)]
    june = [date(2009, 6, d) for d in (2, 9, 16, 23, 30)]
    query = {"period": "custom", "from": "2009-04-01", "to": "2009-06-30", "site": "sheffield"}
    rows = _client("sitecontact").get("/groups/quality/", query).context["rows"]
    got = {r.month: (r.rate.scheduled, r.rate.received, r.rate.on_time, r.sign_off) for r in rows}
    assert got == {
        date(2009, 4, 1): (4, 4, _on_time("Sheffield", april), "approved"),
        date(2009, 5, 1): (4, 4, _on_time("Sheffield", may), "approved"),
        date(2009, 6, 1): (5, 5, _on_time("Sheffield", june), "provisional"),  # reopened
    }


def test_croydon_months_counted_by_hand_including_its_pause(demo):
    # Croydon meets on Thursdays from 16 April 2009, paused from 1 July and met again from 6 August.
    expected = {
        date(2009, 4, 1): [date(2009, 4, d) for d in (16, 23, 30)],
        date(2009, 5, 1): [date(2009, 5, d) for d in (7, 14, 21, 28)],
        date(2009, 6, 1): [date(2009, 6, d) for d in (4, 11, 18, 25)],
        date(2009, 8, 1): [date(2009, 8, d) for d in (6, 13, 20, 27)],
    }
    query = {"period": "custom", "from": "2009-04-01", "to": "2009-08-31", "site": "croydon"}
    response = _client("coordinator").get("/groups/quality/", query)
    got = {r.month: (r.rate.scheduled, r.rate.received, r.rate.on_time, r.sign_off) for r in response.context["rows"]}
    signed = {date(2009, 4, 1), date(2009, 5, 1)}
    assert got == {
        month: (len(days), len(days), _on_time("Croydon", days), "approved" if month in signed else "provisional")
        for month, days in expected.items()
    }  # July: nothing expected, nothing registered, so no row
    csv_text = _client("coordinator").get("/groups/quality.csv", query).content.decode()
    assert "Croydon,2009-04,3,3,100.0," in csv_text and "2009-07" not in csv_text


def test_demo_month_page_shows_the_reopened_month(demo):
    page = _client("sitecontact").get("/groups/signoff/sheffield/2009/6/").content.decode()
    assert "Reopened" in page and "may have been held after all" in page and "room booking" in page
    assert "Approve the month" in page  # it can be approved again
