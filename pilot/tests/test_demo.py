from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from network.demo import DEMO_PASSWORD
from pilot.roles import PROJECT_APP_LABELS, Role, role_of


def _login(username, password):
    user = get_user_model().objects.filter(username=username).first()
    return user if user is not None and user.check_password(password) else None


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APP_LABELS + ("auth",)
    }


@pytest.mark.django_db
def test_demo_loads_one_login_per_role_and_prints_them():
    out = StringIO()
    call_command("load_pilot_demo", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    seen = set()
    for username in ("coordinator", "sitecontact", "facilitator", "evaluator", "observer"):
        assert username in text
        user = _login(username, DEMO_PASSWORD)
        assert user is not None, username
        seen.add(role_of(user))
    assert seen == set(Role)


@pytest.mark.django_db
def test_demo_is_idempotent():
    call_command("load_pilot_demo", stdout=StringIO())
    first = _counts()
    call_command("load_pilot_demo", stdout=StringIO())
    assert _counts() == first
    assert first["sites.HostSite"] >= 7


@pytest.mark.django_db
def test_demo_facilitator_sees_only_their_group(client):
    call_command("load_pilot_demo", stdout=StringIO())
    response = client.post("/accounts/login/", {"username": "facilitator", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.get("/groups/")
    names = [g.name for g in response.context["groups"]]
    assert names == ["Sheffield"]
