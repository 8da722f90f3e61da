"""Five registrations posted at the same moment to a live server: each is saved or refused, none fails.

On SQLite this needs IMMEDIATE transactions (pilot/settings.py): with deferred ones, two requests
that read and then write collide and one dies with "database is locked" (a 503 page).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import get_random_string

from groups.models import Meeting
from groups.tests.conftest import make_meeting_group

pytestmark = pytest.mark.django_db(transaction=True)
USERS = 5


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we want to see, not follow


def _signed_in(client, user) -> tuple[str, str]:
    """The Cookie header of a signed-in session of `user`, and the CSRF token that goes with it."""
    client.force_login(user)
    token = get_random_string(32)  # a CSRF secret: the cookie and the form field may carry it as it is
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={token}", token


def _post_all_at_once(live_server, openers, days, group):
    barrier = threading.Barrier(len(openers))
    results: list[tuple[int, str]] = []

    opener = urllib.request.build_opener(_NoRedirect)

    def post(cookie_token, day):
        cookie, token = cookie_token
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "group": group.pk,
                "date": day.isoformat(),
                "held": "yes",
                "attendance": "8",
                "newcomers": "1",
                # Consecutive days, not all the group's meeting day, and no facilitator ticked: confirmed.
                "confirmed": ["off_schedule_day", "no_facilitator"],
            },  # fmt: skip
            doseq=True,
        ).encode()
        request = urllib.request.Request(
            f"{live_server.url}/groups/meetings/new/", data=body, headers={"Cookie": cookie}
        )
        barrier.wait(timeout=30)
        try:
            with opener.open(request, timeout=60) as response:
                results.append((response.status, response.read().decode(errors="replace")))
        except urllib.error.HTTPError as exc:
            results.append((exc.code, exc.read().decode(errors="replace")))

    threads = [threading.Thread(target=post, args=args) for args in zip(openers, days, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def setup(live_server, group_a, make_user, site_a):
    from pilot.roles import Role

    make_meeting_group(group_a, since=timezone.localdate() - datetime.timedelta(days=60))
    users = [make_user(f"fac{n}", Role.FACILITATOR, site=site_a, groups=[group_a]) for n in range(USERS)]
    return group_a, users


def _openers(live_server, users):
    from django.test import Client

    return [_signed_in(Client(), user) for user in users]


def test_the_default_sqlite_database_takes_writes_in_turn():
    """The settings a fresh checkout gets (no DATABASE_URL), whatever database this test run uses."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    script = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES['default']))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    database = json.loads(result.stdout.strip().splitlines()[-1])
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] == 20
    assert database["TEST"]["NAME"].endswith(".sqlite3")  # a file that every thread opens, not memory


def test_five_registrations_at_once_are_all_saved(live_server, setup):
    group, users = setup
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n + 1) for n in range(USERS)]
    results = _post_all_at_once(live_server, _openers(live_server, users), days, group)
    codes = sorted(code for code, _ in results)
    locked = [body for _, body in results if "locked" in body.lower()]
    assert codes == [302] * USERS, (codes, locked)
    assert Meeting.objects.filter(group=group).count() == USERS


def test_five_registrations_of_the_same_meeting_at_once_save_one(live_server, setup):
    group, users = setup
    day = timezone.localdate() - datetime.timedelta(days=1)
    results = _post_all_at_once(live_server, _openers(live_server, users), [day] * USERS, group)
    codes = sorted(code for code, _ in results)
    assert codes == [302] + [400] * (USERS - 1), codes
    refused = [body for code, body in results if code == 400]
    # Whether the form or the service noticed first, the message is at the date.
    assert all(re.search(r"<strong>A meeting (of Alpha Tuesday )?on .* is already registered", b) for b in refused)
    assert Meeting.objects.filter(group=group).count() == 1
