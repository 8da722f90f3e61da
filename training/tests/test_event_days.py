"""Recording attendance per day: days within the event, no duplicates, a warning when a later day has more."""

import datetime

import pytest
from django.urls import reverse

from training.models import EventDay, attendance_warnings
from training.tests.factories import event_with_days


@pytest.fixture
def event(site_a):
    return event_with_days(25, 12, site=site_a, title="Gateshead-style training")


def _formset(event, rows):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(event.days.count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    days = list(event.days.all())
    for i, (day, attendance) in enumerate(rows):
        if i < len(days):
            data[f"form-{i}-id"] = str(days[i].pk)
        data[f"form-{i}-date"] = day
        data[f"form-{i}-attendance"] = "" if attendance is None else str(attendance)
    return data


def test_coordinator_records_attendance_per_day(coordinator, client_for, event):
    url = reverse("training:days", args=[event.pk])
    response = client_for(coordinator).post(url, _formset(event, [("2009-03-03", 24), ("2009-03-04", 11), ("", None)]))
    assert response.status_code == 302
    assert [d.attendance for d in event.days.all()] == [24, 11]


def test_a_day_outside_the_event_is_refused_at_the_field(coordinator, client_for, event):
    url = reverse("training:days", args=[event.pk])
    response = client_for(coordinator).post(
        url, _formset(event, [("2009-03-03", 25), ("2009-03-04", 12), ("2009-03-09", 5)])
    )
    assert response.status_code == 200
    assert "Pick a date within the event: 03/03/2009 to 04/03/2009." in response.content.decode()
    assert event.days.count() == 2


def test_the_same_day_twice_is_refused(coordinator, client_for, event):
    url = reverse("training:days", args=[event.pk])
    response = client_for(coordinator).post(
        url, _formset(event, [("2009-03-03", 25), ("2009-03-04", 12), ("2009-03-04", 3)])
    )
    assert "This day is already listed." in response.content.decode()
    assert EventDay.objects.filter(event=event).count() == 2


def test_more_people_on_day_two_is_saved_with_a_warning(coordinator, client_for, event):
    url = reverse("training:days", args=[event.pk])
    response = client_for(coordinator).post(
        url, _formset(event, [("2009-03-03", 13), ("2009-03-04", 15)]), follow=True
    )
    assert [d.attendance for d in event.days.all()] == [13, 15]
    html = response.content.decode()
    assert "Day 2 (04/03/2009) had 15 attending, more than the 13 on day 1" in html
    assert "alert-warning" in html


def test_attendance_warnings_only_when_a_later_day_has_more():
    days = [
        EventDay(date=datetime.date(2009, 4, 21), attendance=25),
        EventDay(date=datetime.date(2009, 4, 22), attendance=12),
    ]
    assert attendance_warnings(days) == []
    days[1].attendance = 26
    assert len(attendance_warnings(days)) == 1
    days[0].attendance = None
    assert attendance_warnings(days) == []


def test_negative_attendance_is_refused(coordinator, client_for, event):
    url = reverse("training:days", args=[event.pk])
    response = client_for(coordinator).post(url, _formset(event, [("2009-03-03", -1), ("2009-03-04", 12)]))
    assert response.status_code == 200
    assert event.days.first().attendance == 25


def test_a_day_can_be_removed(coordinator, client_for, event):
    data = _formset(event, [("2009-03-03", 25), ("2009-03-04", 12)])
    data["form-1-DELETE"] = "on"
    assert client_for(coordinator).post(reverse("training:days", args=[event.pk]), data).status_code == 302
    assert [d.attendance for d in event.days.all()] == [25]
