import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from groups.models import Facilitator
from pilot.roles import Role, role_of
from sites.models import SiteMembership


def _login(username, password):
    user = get_user_model().objects.filter(username=username).first()
    return user if user is not None and user.check_password(password) else None


def test_creates_a_facilitator_scoped_to_site_and_groups(site_a, group_a, capsys):
    call_command(
        "create_user",
        "kim",
        "--role",
        "facilitator",
        "--site",
        site_a.slug,
        "--group",
        str(group_a.pk),
        "--password",
        "a-sound-passphrase-42",
    )
    user = _login("kim", "a-sound-passphrase-42")
    assert user is not None and role_of(user) == Role.FACILITATOR
    assert SiteMembership.objects.filter(user=user, site=site_a).exists()
    assert list(Facilitator.objects.get(user=user).groups.all()) == [group_a]


def test_generates_and_prints_a_password_when_none_is_given(capsys, db):
    call_command("create_user", "eva", "--role", "evaluator")
    out = capsys.readouterr().out
    password = out.split("Password: ")[1].strip()
    assert _login("eva", password) is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "site_contact"], "needs --site"),
        (["--role", "site_contact", "--site", "nowhere"], "No host site has the slug"),
        (["--role", "evaluator", "--site", "alpha"], "sees the whole network"),
        (["--role", "coordinator", "--group", "1"], "only to facilitators"),
        (["--role", "coordinator", "--password", "short"], "password:"),
    ],
)
def test_refuses_bad_input_with_a_clear_message_and_creates_nothing(site_a, args, message, django_user_model):
    with pytest.raises(CommandError, match=message):
        call_command("create_user", "bad", *args)
    assert not django_user_model.objects.filter(username="bad").exists()


def test_refuses_a_group_from_another_site(site_a, group_b, django_user_model):
    with pytest.raises(CommandError, match="Not a group of"):
        call_command("create_user", "x", "--role", "facilitator", "--site", site_a.slug, "--group", str(group_b.pk))
    assert not django_user_model.objects.filter(username="x").exists()


def test_refuses_duplicate_username(coordinator):
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_user", coordinator.username, "--role", "observer")
