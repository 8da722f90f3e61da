"""The permission vocabulary (pilot/permissions.py) on its own; the access matrix checks it on every page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from pilot.permissions import allows, may, read_only_page, require, role_required
from pilot.roles import Capability, Role

factory = RequestFactory()


def _request(method: str, user):
    request = getattr(factory, method.lower())("/somewhere/?x=1")
    request.user = user
    return request


def _page(request):
    return HttpResponse("served")


def _answer(view, request) -> int | str:
    try:
        response = view(request)
    except PermissionDenied:
        return 403
    return response.status_code


def test_role_required_signs_in_refuses_other_roles_and_serves_its_own(coordinator, evaluator, make_user):
    view = role_required(Capability.READ_BUDGET)(_page)
    response = view(_request("GET", AnonymousUser()))
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/somewhere/%3Fx%3D1"
    assert _answer(view, _request("GET", evaluator)) == 403
    assert _answer(view, _request("GET", make_user("nobody", None))) == 403
    assert _answer(view, _request("GET", coordinator)) == 200
    assert view.capability == Capability.READ_BUDGET


def test_role_required_refuses_every_write_from_a_read_only_role(observer, coordinator):
    view = role_required(Capability.READ_BUDGET)(_page)  # observers hold it: they may read the budget
    assert _answer(view, _request("GET", observer)) == 200
    assert _answer(view, _request("HEAD", observer)) == 200
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert _answer(view, _request(method, observer)) == 403, method
        assert _answer(view, _request(method, coordinator)) == 200, method


def test_a_read_only_role_writes_through_the_capabilities_declared_for_it(observer):
    view = role_required(Capability.REQUEST_REPORTS)(_page)
    assert _answer(view, _request("POST", observer)) == 200


def test_read_only_page_answers_403_to_an_observers_write_and_405_to_anyone_elses(observer, coordinator):
    view = read_only_page(_page)
    assert _answer(view, _request("GET", observer)) == 200
    assert _answer(view, _request("POST", observer)) == 403
    assert _answer(view, _request("DELETE", observer)) == 403
    assert _answer(view, _request("POST", coordinator)) == 405
    assert _answer(view, _request("POST", AnonymousUser())) == 405
    assert view(_request("PUT", coordinator))["Allow"] == "GET, HEAD"


def test_require_needs_the_model_permission(site_contact_a, facilitator_a):
    require(_request("POST", site_contact_a), "groups.add_group")
    with pytest.raises(PermissionDenied):
        require(_request("POST", facilitator_a), "groups.add_group")


def test_require_applies_the_apps_own_predicate(coordinator):
    require(_request("POST", coordinator), "sites.change_hostsite", allowed=True)
    with pytest.raises(PermissionDenied):
        require(_request("POST", coordinator), "sites.change_hostsite", allowed=False)
    with pytest.raises(PermissionDenied):
        require(_request("POST", coordinator), allowed=False)


def test_require_refuses_a_read_only_role_all_but_its_declared_writes(observer):
    with pytest.raises(PermissionDenied):
        require(_request("POST", observer))  # no permission named: read-only roles never
    with pytest.raises(PermissionDenied):
        require(_request("POST", observer), "sites.change_hostsite")
    require(_request("POST", observer), "reports.add_reportrequest")  # asking for a report


def test_nobody_without_a_role_may_anything(make_user):
    for user in (AnonymousUser(), make_user("nobody", None)):
        assert not may(user)
        assert not allows(user, Capability.READ_QUESTIONNAIRES)


def test_allows_reads_the_declared_roles(personas):
    assert allows(personas["coordinator"], Capability.DECIDE_APPLICATIONS)
    assert not allows(personas["observer"], Capability.DECIDE_APPLICATIONS)
    assert allows(personas["evaluator"], Capability.READ_TIMELINE)
    assert not allows(personas["site_contact_a"], Capability.SEE_WHOLE_NETWORK)
    assert {r for r in Role if allows(personas[_persona(r)], Capability.REGISTER_MEETINGS)} == {
        Role.COORDINATOR,
        Role.SITE_CONTACT,
        Role.FACILITATOR,
    }


def _persona(role: Role) -> str:
    return {Role.SITE_CONTACT: "site_contact_a", Role.FACILITATOR: "facilitator_a"}.get(role, role.value)


def test_require_a_capability_after_the_lookup(observer, evaluator):
    """Pages that look their object up first check the role afterwards (out of scope stays 404 for all)."""
    require(_request("GET", observer), Capability.READ_SUMMARIES)  # reading: the observer holds it
    with pytest.raises(PermissionDenied):
        require(_request("GET", evaluator), Capability.DECIDE_APPLICATIONS)
    with pytest.raises(PermissionDenied):
        require(_request("GET", evaluator), Capability.MANAGE_QUESTIONNAIRES, allowed=False)
    require(_request("POST", evaluator), Capability.MANAGE_QUESTIONNAIRES)
