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
