"""Every URL x role, checked with real objects from two sites (the table is pilot/access_matrix.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from pilot.access_matrix import ACCESS, OBSERVER_POSTS, PERSONAS
from pilot.tests.access_world import CHAMPION_NAMES, CONTACT_DETAILS, FACILITATOR_NAMES, PERSON_NAMES, build_world


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _code(response) -> str:
    status = response.status_code
    if status == 302 and "/accounts/login/" in response.get("Location", ""):
        return "LG"
    if 200 <= status <= 400:  # 400: the form was accepted for checking and re-shown with its errors
        return "OK"
    return {404: "NF", 403: "FB", 405: "NA", 409: "CF"}.get(status, str(status))


@pytest.fixture
def world(personas, site_a, site_b, group_a, group_b):
    return build_world(personas, site_a, site_b, group_a, group_b)


def _client(personas, who):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(personas[who])
    return client


def _url(name, world):
    rule = ACCESS[name]
    args = []
    for spec in rule.args:
        if "." in spec:
            obj, attr = spec.split(".")
            args.append(getattr(world[obj], attr))
        else:
            args.append(spec)
    return reverse(name, args=args)


def test_every_url_has_a_rule_and_every_rule_a_url():
    names = set(_url_names(get_resolver().url_patterns))
    missing = sorted(names - set(ACCESS))
    stale = sorted(set(ACCESS) - names)
    assert not missing, f"URLs without an access rule in pilot/access_matrix.py: {missing}"
    assert not stale, f"access rules for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_access_cells(name, personas, world):
    rule = ACCESS[name]
    url = _url(name, world)
    expected_get = rule.cells(rule.get)
    got = {who: _code(_client(personas, who).get(url, rule.query)) for who in PERSONAS}
    assert got == expected_get, f"GET {url}"

    if rule.post:
        expected_post = rule.cells(rule.post)
    else:
        expected_post = {}
        if expected_get["anonymous"] == "LG":
            expected_post["anonymous"] = "LG"
        if name not in OBSERVER_POSTS:
            expected_post["observer"] = "FB"
    # Refusals first: an allowed POST may change or delete the object the others point at.
    for who in sorted(expected_post, key=lambda w: expected_post[w] == "OK"):
        code = _code(_client(personas, who).post(url, {}))
        assert code == expected_post[who], f"POST {url} as {who}: {code}, expected {expected_post[who]}"


def _pages_served_to(who):
    for name, rule in sorted(ACCESS.items()):
        if rule.cells(rule.get)[who] == "OK" and name not in {"logout"}:
            yield name


def _leaks(personas, world, who, secrets):
    client = _client(personas, who)
    found = []
    for name in _pages_served_to(who):
        response = client.get(_url(name, world), ACCESS[name].query)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        found += [f"{name}: {secret}" for secret in secrets if secret in text]
    return found


def test_evaluators_never_see_facilitators_or_contact_details(personas, world):
    assert not _leaks(
        personas, world, "evaluator", FACILITATOR_NAMES + PERSON_NAMES + CONTACT_DETAILS + CHAMPION_NAMES
    )


def test_observers_never_see_contact_details(personas, world):
    assert not _leaks(personas, world, "observer", CONTACT_DETAILS)


def test_observers_never_see_referral_champions_names(personas, world):
    assert not _leaks(personas, world, "observer", CHAMPION_NAMES)


def test_the_other_sites_contact_and_facilitators_never_see_referral_champions_names(personas, world):
    for who in ("site_contact_b", "facilitator_a", "facilitator_b"):
        assert not _leaks(personas, world, who, CHAMPION_NAMES), who


def test_public_pages_name_no_facilitator_and_no_contact(personas, world):
    assert not _leaks(
        personas, world, "anonymous", FACILITATOR_NAMES + PERSON_NAMES + CONTACT_DETAILS + CHAMPION_NAMES
    )


def test_facilitators_never_see_another_sites_people(personas, world):
    assert not _leaks(personas, world, "facilitator_b", ["ZebedeeA", "zebedee-a@example.org", "Quentin Champion"])


def test_site_contacts_never_see_another_sites_people(personas, world):
    assert not _leaks(personas, world, "site_contact_b", ["ZebedeeA", "zebedee-a@example.org", "Quentin Champion"])
