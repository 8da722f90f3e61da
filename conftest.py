"""Shared fixtures: the personas every permission test uses, and real-service helpers.

Personas: a coordinator; at site A and at site B a site contact and a facilitator
(each facilitator runs one group at their site); an evaluator; an observer.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from pilot.roles import Role


def pytest_configure(config):
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Fast hashing: tests create many users; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A cache of this test process's own, emptied before each test (rate-limit counts must not carry
    # over from one test, or one parallel process, to the next). pilot/tests/test_ratelimits.py
    # runs the limits on the file cache and on Redis too.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def site_a(db):
    from sites.tests.factories import HostSiteFactory

    return HostSiteFactory(name="Alpha Town", slug="alpha")


@pytest.fixture
def site_b(db):
    from sites.tests.factories import HostSiteFactory

    return HostSiteFactory(name="Beta City", slug="beta")


@pytest.fixture
def group_a(site_a):
    from groups.tests.factories import GroupFactory

    return GroupFactory(site=site_a, name="Alpha Tuesday")


@pytest.fixture
def group_b(site_b):
    from groups.tests.factories import GroupFactory

    return GroupFactory(site=site_b, name="Beta Thursday")


@pytest.fixture
def make_user(db):
    from pilot.tests.factories import make_user as _make_user

    return _make_user


@pytest.fixture
def coordinator(make_user):
    return make_user("coord", Role.COORDINATOR)


@pytest.fixture
def evaluator(make_user):
    return make_user("eval", Role.EVALUATOR)


@pytest.fixture
def observer(make_user):
    return make_user("observer", Role.OBSERVER)


@pytest.fixture
def site_contact_a(make_user, site_a):
    return make_user("contact_a", Role.SITE_CONTACT, site=site_a)


@pytest.fixture
def site_contact_b(make_user, site_b):
    return make_user("contact_b", Role.SITE_CONTACT, site=site_b)


@pytest.fixture
def facilitator_a(make_user, site_a, group_a):
    return make_user("fac_a", Role.FACILITATOR, site=site_a, groups=[group_a])


@pytest.fixture
def facilitator_b(make_user, site_b, group_b):
    return make_user("fac_b", Role.FACILITATOR, site=site_b, groups=[group_b])


@pytest.fixture
def personas(coordinator, evaluator, observer, site_contact_a, site_contact_b, facilitator_a, facilitator_b):
    return {
        "coordinator": coordinator,
        "evaluator": evaluator,
        "observer": observer,
        "site_contact_a": site_contact_a,
        "site_contact_b": site_contact_b,
        "facilitator_a": facilitator_a,
        "facilitator_b": facilitator_b,
    }


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""
    from django.test import Client

    def _client(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return _client


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real `celery worker` child process on a private queue, sharing the test database."""
    from pilot.testing.services import require
    from pilot.testing.worker import WorkerProcess, broker_reachable

    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    worker = WorkerProcess(tmp_path).start()
    try:
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def smtp_server(settings, tmp_path):
    """A real SMTP server in a child process; Django's email goes to it. `.messages()` reads what arrived."""
    from pilot.testing.smtp import SmtpServerProcess

    server = SmtpServerProcess(tmp_path).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    try:
        yield server
    finally:
        server.stop()


# --- Browser tests (Playwright + Debian Chromium) ------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium, never a downloaded browser; keep pytest-playwright's own options."""
    from pilot.testing.browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API keeps an event loop running in this thread for the rest of the
    # session, which trips Django's async-safety check; the ORM is still used synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture
def browser_page(live_server, browser, transactional_db):
    """A fresh desktop-sized page and the live server's URL: (page, base_url)."""
    from pilot.testing.browser import DESKTOP

    # Our users are in England: British English and London time, as their browsers send.
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    yield page, live_server.url
    context.close()


@pytest.fixture(autouse=True)
def _require_chromium_for_browser_tests(request):
    if request.node.get_closest_marker("browser"):
        from pilot.testing.browser import require_chromium

        require_chromium()
