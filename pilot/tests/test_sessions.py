import time

from django.urls import reverse


def test_idle_session_is_ended(client, coordinator, settings, monkeypatch):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(coordinator)
    assert client.get(reverse("home")).status_code == 200
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 61 + 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_absolute_session_limit_applies_even_when_active(client, coordinator, settings, monkeypatch):
    settings.SESSION_IDLE_TIMEOUT = 10_000
    settings.SESSION_ABSOLUTE_TIMEOUT = 100
    client.force_login(coordinator)
    assert client.get(reverse("home")).status_code == 200
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 50)
    assert client.get(reverse("home")).status_code == 200
    monkeypatch.setattr(time, "time", lambda: real_time() + 101)
    assert client.get(reverse("home")).status_code == 302


def test_active_session_survives(client, coordinator, settings):
    client.force_login(coordinator)
    for _ in range(3):
        assert client.get(reverse("home")).status_code == 200


def _at(moment):
    import time_machine

    return time_machine.travel(moment, tick=False)


def test_the_idle_time_out_comes_after_exactly_thirty_minutes_of_idleness(client, coordinator, settings):
    """Activity 59 seconds after the previous request still counts: no time-out up to a minute early."""
    import datetime

    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    start = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)
    with _at(start):
        client.force_login(coordinator)
        assert client.get(reverse("home")).status_code == 200
    with _at(start + datetime.timedelta(seconds=59)):
        assert client.get(reverse("home")).status_code == 200  # the last activity
    last = start + datetime.timedelta(seconds=59)
    with _at(last + datetime.timedelta(minutes=29, seconds=59)):
        assert client.get(reverse("home")).status_code == 200  # 29:59 after it: still signed in
    last += datetime.timedelta(minutes=29, seconds=59)
    with _at(last + datetime.timedelta(minutes=30, seconds=1)):
        response = client.get(reverse("home"))  # 30:01 after it: signed out
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
