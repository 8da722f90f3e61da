"""Sign-in: throttling, identical messages, session rotation and ending other sessions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from pilot.models import AuditEntry
from pilot.tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def _attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


def test_unknown_user_and_wrong_password_get_the_same_message(client, coordinator):
    wrong_password = _attempt(client, coordinator.username, "wrong-password").content.decode()
    unknown_user = _attempt(client, "no-such-person", "wrong-password").content.decode()
    message = "Please enter a correct username and password"
    assert message in wrong_password and message in unknown_user


def test_five_failures_lock_the_username_even_with_the_right_password(client, coordinator):
    for _ in range(4):
        assert _attempt(client, coordinator.username, "wrong-password").status_code == 200
    assert _attempt(client, coordinator.username, "wrong-password").status_code == 429  # the fifth locks
    locked = _attempt(client, coordinator.username, PASSWORD)
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    assert AuditEntry.objects.filter(action="locked_out").exists()
    assert AuditEntry.objects.filter(action="login_failed").count() >= 5


def test_lock_lifts_after_the_cool_off(client, coordinator):
    import datetime

    import time_machine

    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False) as traveller:
        for _ in range(5):
            _attempt(client, coordinator.username, "wrong-password")
        assert _attempt(client, coordinator.username, PASSWORD).status_code == 429
        traveller.shift(datetime.timedelta(minutes=16))
        assert _attempt(client, coordinator.username, PASSWORD).status_code == 302


def test_lock_is_per_username_and_address(client, coordinator):
    for _ in range(5):
        _attempt(client, coordinator.username, "wrong-password")
    other_address = client.post(
        LOGIN, {"username": coordinator.username, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert other_address.status_code == 302


def test_four_failures_then_success_resets_the_count(client, coordinator):
    for _ in range(4):
        _attempt(client, coordinator.username, "wrong-password")
    assert _attempt(client, coordinator.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _attempt(client, coordinator.username, "wrong-password")
    assert _attempt(client, coordinator.username, PASSWORD).status_code == 302


def test_login_issues_a_new_session_key(client, coordinator):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _attempt(client, coordinator.username, PASSWORD)
    assert client.session.session_key != before
    assert AuditEntry.objects.filter(action="login", actor=coordinator).exists()


def test_signing_out_ends_the_users_sessions_on_other_devices(coordinator):
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        assert _attempt(device, coordinator.username, PASSWORD).status_code == 302
    assert laptop.get("/").status_code == 200
    phone.post("/accounts/logout/")
    assert laptop.get("/").status_code == 302  # the laptop's session ended too


def test_deactivating_a_user_ends_their_sessions(coordinator):
    device = Client()
    _attempt(device, coordinator.username, PASSWORD)
    assert device.get("/").status_code == 200
    user = get_user_model().objects.get(pk=coordinator.pk)
    user.is_active = False
    user.save()
    assert device.get("/").status_code == 302
    assert not Session.objects.exists()


def test_password_change_ends_other_sessions_but_keeps_this_one(coordinator):
    this, other = Client(), Client()
    for device in (this, other):
        _attempt(device, coordinator.username, PASSWORD)
    response = this.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-77",
            "new_password2": "a-new-long-passphrase-77",
        },
    )
    assert response.status_code == 302
    assert this.get("/").status_code == 200
    assert other.get("/").status_code == 302


@pytest.mark.django_db
def test_session_cookie_flags_in_production_settings():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "pilot.settings"
    env.update(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60 + "production-like", "DJANGO_ALLOWED_HOSTS": "a.org"}
    )
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); {code}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "Lax", "True", "True"]
