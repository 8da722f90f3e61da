"""Every model of ours is reachable in the admin for superusers (directly or inline)."""

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin

from pilot.roles import PROJECT_APP_LABELS


def _inline_models():
    return {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}


def test_every_project_model_is_registered_or_inline():
    inline = _inline_models()
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APP_LABELS and not admin.site.is_registered(m) and m not in inline
    ]
    assert not missing, f"models without an admin: {missing}"


@pytest.mark.django_db
def test_admin_changelists_render_for_a_superuser(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "long-enough-password-1")
    client.force_login(root)
    for model in admin.site._registry:
        if model._meta.app_label in PROJECT_APP_LABELS:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_admin_is_for_superusers_only(client_for, coordinator):
    response = client_for(coordinator).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_no_role_made_by_create_user_is_staff_as_the_readme_says(client, site_a):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from pilot.roles import Role

    for role in Role:
        site = ["--site", "alpha"] if role in (Role.SITE_CONTACT, Role.FACILITATOR) else []
        call_command("create_user", f"u-{role.value}", "--role", role.value, "--password", "a-long-pass-9", *site)
    users = get_user_model().objects.filter(username__startswith="u-")
    assert users.count() == len(Role) and not users.filter(is_staff=True).exists()
    client.force_login(users.get(username="u-coordinator"))
    assert client.get("/admin/").status_code == 302
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "| `coordinator` | every page of the application and every site's records | no |" in readme


@pytest.mark.django_db
def test_the_summary_tallies_are_shown_but_never_edited_in_the_admin(client, django_user_model):
    from evaluation.models import ChoiceTally, NumberTally, QuestionTally, ResponseTally, TallyStamp

    root = django_user_model.objects.create_superuser("root", "root@example.org", "long-enough-password-1")
    client.force_login(root)
    for model in (ResponseTally, QuestionTally, ChoiceTally, NumberTally, TallyStamp):
        assert client.get(f"/admin/evaluation/{model._meta.model_name}/").status_code == 200
        assert client.get(f"/admin/evaluation/{model._meta.model_name}/add/").status_code == 403
