import pytest
from django.contrib.auth.models import Group

from pilot.roles import Role, role_of, sync_role_groups


@pytest.mark.django_db
def test_each_role_is_a_group_with_declared_permissions():
    sync_role_groups()
    perms = {
        g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.select_related("content_type")}
        for g in Group.objects.all()
    }
    assert set(perms) >= {r.value for r in Role}
    assert "sites.delete_hostsite" in perms["coordinator"]
    assert "pilot.view_workerheartbeat" in perms["coordinator"]
    # The steering committee reads; it never adds, changes or deletes anything.
    assert perms["observer"], "observers can read"
    assert all(p.split(".")[1].startswith("view_") or p == "reports.add_reportrequest" for p in perms["observer"])
    assert "pilot.view_workerheartbeat" not in perms["observer"]
    assert "pilot.view_auditentry" not in perms["evaluator"]
    assert "sites.change_hostsite" not in perms["facilitator"]
    assert "sites.change_hostsite" in perms["site_contact"]


@pytest.mark.django_db
def test_role_of_reads_the_group_and_treats_superusers_as_coordinators(make_user, django_user_model):
    assert role_of(make_user("e", Role.EVALUATOR)) == Role.EVALUATOR
    assert role_of(make_user("nobody", None)) is None
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x-very-long-password")
    assert role_of(root) == Role.COORDINATOR


@pytest.mark.django_db
def test_inactive_user_has_no_role(make_user):
    user = make_user("gone", Role.COORDINATOR, is_active=False)
    assert role_of(user) is None
