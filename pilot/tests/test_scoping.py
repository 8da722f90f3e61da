"""Each role sees only its scope: out-of-scope objects answer 404, wrong roles 403, anonymous users log in."""

import pytest
from django.urls import reverse

from groups.models import Facilitator, Group
from sites.models import HostSite


def test_facilitator_gets_404_for_another_sites_group(client_for, facilitator_a, group_a, group_b):
    client = client_for(facilitator_a)
    assert client.get(reverse("groups:detail", args=[group_a.pk])).status_code == 200
    assert client.get(reverse("groups:detail", args=[group_b.pk])).status_code == 404


def test_facilitator_gets_404_for_a_group_at_their_own_site_they_do_not_run(client_for, facilitator_a, site_a):
    from groups.tests.factories import GroupFactory

    other = GroupFactory(site=site_a, name="Alpha Friday")
    assert client_for(facilitator_a).get(reverse("groups:detail", args=[other.pk])).status_code == 404


def test_site_contact_sees_own_site_and_its_groups_only(client_for, site_contact_a, site_a, site_b, group_a, group_b):
    client = client_for(site_contact_a)
    assert client.get(reverse("network:site", args=[site_a.slug])).status_code == 200
    assert client.get(reverse("network:site", args=[site_b.slug])).status_code == 404
    assert client.get(reverse("groups:detail", args=[group_a.pk])).status_code == 200
    assert client.get(reverse("groups:detail", args=[group_b.pk])).status_code == 404


def test_site_list_shows_only_the_contacts_site(client_for, site_contact_b, site_a, site_b):
    response = client_for(site_contact_b).get(reverse("network:overview"))
    assert response.status_code == 200
    assert list(response.context["sites"]) == [site_b]


def test_coordinator_sees_everything(client_for, coordinator, group_a, group_b):
    client = client_for(coordinator)
    for group in (group_a, group_b):
        assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 200


def test_visible_to_querysets_per_role(personas, site_a, site_b, group_a, group_b):
    assert set(HostSite.objects.visible_to(personas["site_contact_a"])) == {site_a}
    assert set(HostSite.objects.visible_to(personas["facilitator_b"])) == {site_b}
    assert set(HostSite.objects.visible_to(personas["observer"])) == {site_a, site_b}
    assert set(Group.objects.visible_to(personas["facilitator_a"])) == {group_a}
    assert set(Group.objects.visible_to(personas["site_contact_b"])) == {group_b}
    # Evaluators never see facilitator records (their names are personal data).
    assert not Facilitator.objects.visible_to(personas["evaluator"]).exists()
    assert set(Facilitator.objects.visible_to(personas["facilitator_a"])) == {personas["facilitator_a"].facilitator}


def test_user_without_role_sees_nothing(make_user, site_a, group_a):
    user = make_user("norole", None)
    assert not HostSite.objects.visible_to(user).exists()
    assert not Group.objects.visible_to(user).exists()


def test_evaluator_gets_403_on_site_management(client_for, evaluator, site_a):
    assert client_for(evaluator).get(reverse("network:site", args=[site_a.slug])).status_code == 403


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login_from_every_private_page(client, site_a, group_a):
    private = [
        reverse("home"),
        reverse("network:overview"),
        reverse("network:site", args=[site_a.slug]),
        reverse("groups:list"),
        reverse("groups:detail", args=[group_a.pk]),
        reverse("password_change"),
    ]
    for url in private:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
