"""Rate limits: the public questionnaire, the meeting finder and sign-in answer 429 past their rate.

The logic runs on the tests' LocMem cache; one test runs it on the file cache across two processes
and one on Redis, the two caches production uses.
"""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
import sys
import uuid

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory
from pilot.env import cache_settings
from pilot.ratelimits import client_address, client_key
from pilot.testing.services import require

ADDRESS = "203.0.113.77"
OTHER = "198.51.100.4"
AUTUMN = datetime.datetime(2009, 10, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def rates(settings):
    """Small rates, so that a test reaches them in a few requests."""
    settings.PILOT_RATE_LIMITS = {"public_form": "3/h", "finder": "3/h", "login": "3/h"}
    return settings.PILOT_RATE_LIMITS


@pytest.fixture
def rounds(group_a, group_b):
    questionnaire = QuestionnaireFactory()
    with time_machine.travel(AUTUMN, tick=False):
        yield (
            CollectionRoundFactory(questionnaire=questionnaire, group=group_a, site=group_a.site),
            CollectionRoundFactory(questionnaire=questionnaire, group=group_b, site=group_b.site),
        )


def _answer(client, collection_round, address=ADDRESS):
    return client.post(collection_round.get_public_url(), {"gender": "male", "age": "40"}, REMOTE_ADDR=address)


def _assert_friendly_429(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Please wait a little</h1>" in page and "Nothing you sent just now was saved." in page
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "no-store" in response["Cache-Control"]


def test_the_default_rates(settings):
    assert settings.PILOT_RATE_LIMITS == {"public_form": "20/h", "finder": "300/h", "login": "30/h"}


def test_twenty_answers_an_hour_per_round_and_address_then_429(client, rounds):
    from evaluation.models import Response

    round_a, round_b = rounds
    codes = [_answer(client, round_a).status_code for _ in range(20)]
    assert set(codes) <= {302, 200, 400} and 429 not in codes
    _assert_friendly_429(_answer(client, round_a))
    assert Response.objects.filter(round=round_a).count() == 20  # the refused answer was not saved
    # Another round from the same address, and the same round from another address, still take answers.
    assert _answer(client, round_b).status_code == 302
    assert _answer(client, round_a, address=OTHER).status_code == 302
    # Reading the form is not limited.
    assert client.get(round_a.get_public_url(), REMOTE_ADDR=ADDRESS).status_code == 200


def test_the_limit_lifts_when_the_hour_is_over(client, rounds, rates):
    round_a, _ = rounds
    for _ in range(3):
        _answer(client, round_a)
    assert _answer(client, round_a).status_code == 429
    with time_machine.travel(AUTUMN + datetime.timedelta(hours=2), tick=False):
        assert _answer(client, round_a).status_code == 302


def test_the_finder_and_its_cards_share_one_limit(client, group_a, rates):
    group_a.status = "meeting"
    group_a.save()
    assert client.get("/meetings/", REMOTE_ADDR=ADDRESS).status_code == 200
    assert client.get(f"/meetings/{group_a.pk}/card/", REMOTE_ADDR=ADDRESS).status_code == 200
    assert client.get("/meetings/", {"town": "x"}, REMOTE_ADDR=ADDRESS).status_code == 200
    _assert_friendly_429(client.get(f"/meetings/{group_a.pk}/card/", REMOTE_ADDR=ADDRESS))
    assert "public" not in client.get("/meetings/", REMOTE_ADDR=ADDRESS)["Cache-Control"]  # a proxy must not keep it
    assert client.get("/meetings/", REMOTE_ADDR=OTHER).status_code == 200


def test_sign_in_attempts_are_limited_per_address_whatever_the_username(client, coordinator, rates):
    for n in range(3):
        response = client.post("/accounts/login/", {"username": f"guess{n}", "password": "x"}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 200  # the form again, with its message
    refused = client.post("/accounts/login/", {"username": coordinator.username, "password": "x"}, REMOTE_ADDR=ADDRESS)
    _assert_friendly_429(refused)
    assert client.get("/accounts/login/", REMOTE_ADDR=ADDRESS).status_code == 200  # the page itself still opens
    other = client.post("/accounts/login/", {"username": "guess", "password": "x"}, REMOTE_ADDR=OTHER)
    assert other.status_code == 200


def test_rate_limits_can_be_switched_off(client, rounds, rates, settings):
    settings.RATELIMIT_ENABLE = False
    round_a, _ = rounds
    assert all(_answer(client, round_a).status_code == 302 for _ in range(5))


def test_the_address_is_kept_nowhere_but_as_a_keyed_hash(client, rounds, rates, caplog):
    round_a, _ = rounds
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        _answer(client, round_a)
    client.get("/meetings/", REMOTE_ADDR=ADDRESS)
    # Not in the cache: keys and values.
    stored = dict(cache._cache)  # LocMemCache's own store: key -> pickled value
    assert stored and not any(ADDRESS.encode() in key.encode() + value for key, value in stored.items())
    # Not in any table.
    for model in apps.get_models():
        for row in model._base_manager.values():
            assert ADDRESS not in str(row), model._meta.label
    # Not in any log line.
    assert "rate limit public_form (3/h) reached" in caplog.text
    assert ADDRESS not in caplog.text


def test_the_key_is_a_stable_keyed_hash_of_the_address(settings):
    factory = RequestFactory()
    key = client_key("g", factory.get("/", REMOTE_ADDR=ADDRESS))
    assert key == client_key("g", factory.get("/", REMOTE_ADDR=ADDRESS))
    assert key != client_key("g", factory.get("/", REMOTE_ADDR=OTHER))
    assert ADDRESS not in key and len(key) == 64
    settings.SECRET_KEY = "another-secret-" * 4
    assert client_key("g", factory.get("/", REMOTE_ADDR=ADDRESS)) != key


def test_ipv6_clients_count_per_64_and_trusted_proxies_are_read(settings):
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    two = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_address(one) == client_address(two) == "2001:db8:1:2::"
    behind = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {ADDRESS}")
    assert client_address(behind) == "10.0.0.1"  # no trusted proxy: the header is anyone's to forge
    settings.PILOT_TRUSTED_PROXIES = 1
    assert client_address(behind) == ADDRESS  # the address our own proxy saw, not the one the client claimed


# --- The caches production uses ------------------------------------------------------------------


def test_the_cache_follows_the_environment(tmp_path):
    assert cache_settings("", "filesystem://", tmp_path)["BACKEND"].endswith("FileBasedCache")
    beside_broker = cache_settings("", "redis://127.0.0.1:6379/15", tmp_path)
    assert beside_broker["LOCATION"] == "redis://127.0.0.1:6379/14" and beside_broker["KEY_PREFIX"] == "pilot"
    assert cache_settings("", "redis://:pw@host:6379/3?x=1", tmp_path)["LOCATION"] == "redis://:pw@host:6379/4?x=1"
    assert cache_settings("redis://cache:6379/2", "redis://127.0.0.1:6379/0", tmp_path)["LOCATION"] == (
        "redis://cache:6379/2"
    )
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        cache_settings("memcached://x", "", tmp_path)


def _manage(*args, env):
    from django.conf import settings

    full = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "CELERY_BROKER_URL", "DATABASE_URL")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=full, capture_output=True, text=True
    )


def test_the_file_cache_counts_across_processes(client, tmp_path, rates, group_a):
    """Two processes on one machine (two web workers, or runserver and a shell) share the count."""
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }  # fmt: skip
    ):
        for _ in range(3):
            assert client.get("/meetings/", REMOTE_ADDR=ADDRESS).status_code == 200
    script = (
        "from django.test import Client; "
        f"print(Client(HTTP_HOST='127.0.0.1').get('/meetings/', REMOTE_ADDR='{ADDRESS}').status_code)"
    )
    result = _manage("shell", "-c", script, env={"PILOT_VAR_DIR": str(tmp_path), "PILOT_RATE_FINDER": "3/h"})
    assert result.stdout.strip().splitlines()[-1] == "429", result.stdout + result.stderr


def _redis_url() -> str:
    configured = cache_settings(os.environ.get("CACHE_URL", ""), os.environ.get("CELERY_BROKER_URL", ""), "")
    if configured["BACKEND"].endswith("RedisCache"):
        return configured["LOCATION"]
    return os.environ.get("PILOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def test_limits_on_redis(client, rounds, rates):
    import redis

    url = _redis_url()
    require(_redis_reachable(url), f"no Redis reachable at {url}")
    prefix = f"pilot-test-{uuid.uuid4().hex}"
    round_a, round_b = rounds
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": prefix,
            }
        }  # fmt: skip
    ):
        codes = [_answer(client, round_a).status_code for _ in range(4)]
        assert codes == [302, 302, 302, 429]
        assert _answer(client, round_b).status_code == 302
    server = redis.Redis.from_url(url)
    keys = server.keys(f"{prefix}:*")
    try:
        assert len(keys) == 2  # one count per round and address
        assert all(ADDRESS.encode() not in key + (server.get(key) or b"") for key in keys)
        assert all(0 < server.ttl(key) <= 3600 + 5 for key in keys)  # gone with the window
    finally:
        if keys:
            server.delete(*keys)
