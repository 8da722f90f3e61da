"""The rules on who facilitates a meeting live in the services, so the form, the admin and any import obey them.

- professionals may attend but not facilitate (steering committee, June 2009);
- a meeting's facilitators belong to the group's site;
- REQUIRE_TRAINED_FACILITATOR: off / warn / block for someone with no facilitator training recorded;
- what must hold within one registration (newcomers within attendance, ...) is Meeting.clean().
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import override_settings

from groups.models import Meeting
from groups.services import meeting_register, meeting_update
from groups.tests.factories import FacilitatorFactory, MeetingFactory
from pilot.models import AuditEntry
from training.tests.factories import EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2009, 5, 5)
COUNTS = {"attendance": 7, "newcomers": 2, "duration_minutes": 85}


@pytest.fixture
def peer(site_a, meeting_group_a):
    """A trained peer facilitator of group A."""
    peer = FacilitatorFactory(site=site_a, display_name="Trained Tess")
    peer.groups.add(meeting_group_a)
    training = EventFactory(site=site_a, title="Alpha facilitator training", starts_on=datetime.date(2009, 3, 3))
    ParticipantFactory(event=training, facilitator=peer, name="")
    return peer


@pytest.fixture
def untrained(site_a, meeting_group_a):
    untrained = FacilitatorFactory(site=site_a, display_name="New Nell")
    untrained.groups.add(meeting_group_a)
    return untrained


@pytest.fixture
def professional(site_a):
    return FacilitatorFactory(site=site_a, display_name="Maggie", is_professional=True)


def _errors(exc_info) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in exc_info.value.message_dict.items()}


def _register(group, facilitators, actor, **fields):
    return meeting_register(group=group, date=DAY, actor=actor, facilitators=facilitators, **{**COUNTS, **fields})


# --- through the services -----------------------------------------------------------------------


def test_register_refuses_a_professional_as_facilitator_at_the_field(
    meeting_group_a, peer, professional, coordinator, frozen_today
):
    with pytest.raises(ValidationError) as exc_info:
        _register(meeting_group_a, [peer, professional], coordinator)
    assert "Maggie cannot be listed" in _errors(exc_info)["facilitators"]
    assert "must not facilitate" in _errors(exc_info)["facilitators"]
    assert not Meeting.objects.exists() and not AuditEntry.objects.filter(target_type="groups.Meeting").exists()


def test_update_refuses_a_professional_as_facilitator(meeting_group_a, peer, professional, coordinator, frozen_today):
    meeting = _register(meeting_group_a, [peer], coordinator).meeting
    with pytest.raises(ValidationError) as exc_info:
        meeting_update(meeting=meeting, actor=coordinator, facilitators=[peer, professional], attendance=8)
    assert "must not facilitate" in _errors(exc_info)["facilitators"]
    meeting.refresh_from_db()
    assert list(meeting.facilitators.all()) == [peer] and meeting.attendance == 7


def test_register_and_update_refuse_facilitators_of_another_site(
    meeting_group_a, peer, facilitator_b, coordinator, frozen_today
):
    other = facilitator_b.facilitator
    with pytest.raises(ValidationError) as exc_info:
        _register(meeting_group_a, [peer, other], coordinator)
    assert _errors(exc_info)["facilitators"] == "Not facilitators at Alpha Town: Fac_B."
    meeting = _register(meeting_group_a, [peer], coordinator).meeting
    with pytest.raises(ValidationError) as exc_info:
        meeting_update(meeting=meeting, actor=coordinator, facilitators=[other])
    assert "Not facilitators at Alpha Town: Fac_B." in _errors(exc_info)["facilitators"]
    assert list(Meeting.objects.get().facilitators.all()) == [peer]


def test_moving_a_meeting_to_another_sites_group_is_refused_for_its_facilitators(
    meeting_group_a, meeting_group_b, peer, coordinator, frozen_today
):
    meeting = _register(meeting_group_a, [peer], coordinator).meeting
    with pytest.raises(ValidationError) as exc_info:
        meeting_update(meeting=meeting, actor=coordinator, facilitators=[peer], group=meeting_group_b)
    assert "Not facilitators at Beta City: Trained Tess." in _errors(exc_info)["facilitators"]
    assert Meeting.objects.get().group == meeting_group_a


@override_settings(REQUIRE_TRAINED_FACILITATOR="block")
def test_block_refuses_an_untrained_facilitator_on_register_and_update(
    meeting_group_a, peer, untrained, coordinator, frozen_today
):
    with pytest.raises(ValidationError) as exc_info:
        _register(meeting_group_a, [peer, untrained], coordinator)
    assert _errors(exc_info)["facilitators"].startswith("New Nell: no facilitator training recorded")
    saved = _register(meeting_group_a, [peer], coordinator)  # the trained one alone is fine
    assert saved.warnings == ()
    with pytest.raises(ValidationError) as exc_info:
        meeting_update(meeting=saved.meeting, actor=coordinator, facilitators=[untrained])
    assert "New Nell: no facilitator training recorded" in _errors(exc_info)["facilitators"]
    assert list(Meeting.objects.get().facilitators.all()) == [peer]


@override_settings(REQUIRE_TRAINED_FACILITATOR="warn")
def test_warn_saves_and_returns_the_warning_on_register_and_update(
    meeting_group_a, peer, untrained, coordinator, frozen_today
):
    saved = _register(meeting_group_a, [peer, untrained], coordinator)
    assert saved.warnings == ("No facilitator training is recorded for New Nell.",)
    assert set(saved.meeting.facilitators.all()) == {peer, untrained}
    updated = meeting_update(meeting=saved.meeting, actor=coordinator, facilitators=[untrained], attendance=9)
    assert updated.warnings == ("No facilitator training is recorded for New Nell.",)
    assert list(Meeting.objects.get().facilitators.all()) == [untrained]
    trained_only = meeting_update(meeting=saved.meeting, actor=coordinator, facilitators=[peer])
    assert trained_only.warnings == ()


@override_settings(REQUIRE_TRAINED_FACILITATOR="off")
def test_off_neither_refuses_nor_warns(meeting_group_a, untrained, coordinator, frozen_today):
    saved = _register(meeting_group_a, [untrained], coordinator)
    assert saved.warnings == ()
    assert list(saved.meeting.facilitators.all()) == [untrained]


def test_the_default_is_warn(meeting_group_a, untrained, coordinator, frozen_today):
    assert _register(meeting_group_a, [untrained], coordinator).warnings == (
        "No facilitator training is recorded for New Nell.",
    )


def test_a_length_outside_the_usual_range_is_a_warning_from_the_service(
    meeting_group_a, peer, coordinator, frozen_today, settings
):
    settings.GROUPS_USUAL_DURATION_RANGE = (30, 40)
    assert _register(meeting_group_a, [peer], coordinator).warnings == (
        "85 minutes is outside the usual 30-40; saved as you entered it.",
    )


def test_all_broken_rules_are_reported_at_once_at_their_fields(
    meeting_group_a, professional, coordinator, frozen_today
):
    with pytest.raises(ValidationError) as exc_info:
        meeting_register(group=meeting_group_a, date=datetime.date(2009, 5, 8), actor=coordinator,
                         facilitators=[professional], attendance=3, newcomers=5, referral_gp=6)  # fmt: skip
    errors = _errors(exc_info)
    assert "must not facilitate" in errors["facilitators"]
    assert "cannot be in the future" in errors["date"]
    assert "at most 3, the number attending" in errors["newcomers"]
    assert "add up to 6, more than the 5 newcomers" in errors["referral_gp"]


def test_a_cancelled_meeting_needs_its_reason_and_no_attendance(meeting_group_a, coordinator, frozen_today):
    with pytest.raises(ValidationError) as exc_info:
        _register(meeting_group_a, [], coordinator, held=False, attendance=4, newcomers=0)
    errors = _errors(exc_info)
    assert "why the meeting was cancelled" in errors["cancelled_reason"]
    assert "A cancelled meeting has no attendance" in errors["attendance"]


# --- through the form ---------------------------------------------------------------------------


def test_the_edit_form_shows_the_services_professional_error_at_the_facilitators_field(
    client_for, coordinator, meeting_group_a, peer, frozen_today
):
    meeting = _register(meeting_group_a, [peer], coordinator).meeting
    peer.is_professional = True  # marked a professional after the registration
    peer.save()
    data = {"group": meeting_group_a.pk, "date": DAY.isoformat(), "held": "yes", "attendance": "7", "newcomers": "2",
            "facilitators": [peer.pk], "version": str(meeting.version)}  # fmt: skip
    response = client_for(coordinator).post(f"/groups/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "Trained Tess cannot be listed" in " ".join(form.errors["facilitators"])
    assert not form.non_field_errors()


@override_settings(REQUIRE_TRAINED_FACILITATOR="warn")
def test_the_edit_form_saves_under_warn_and_leaves_the_training_warning_to_the_coordinators_task_list(
    client_for, coordinator, meeting_group_a, untrained, frozen_today
):
    meeting = MeetingFactory(group=meeting_group_a, date=DAY)
    data = {"group": meeting_group_a.pk, "date": DAY.isoformat(), "held": "yes", "attendance": "7", "newcomers": "2",
            "facilitators": [untrained.pk], "version": str(meeting.version)}  # fmt: skip
    response = client_for(coordinator).post(f"/groups/meetings/{meeting.pk}/edit/", data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["The registration of 05/05/2009 is updated."]  # no banner on every registration
    assert list(Meeting.objects.get().facilitators.all()) == [untrained]
    assert "Facilitators with no training recorded" in client_for(coordinator).get("/").content.decode()


# --- through the admin --------------------------------------------------------------------------


@pytest.fixture
def root_client(client, make_user):
    client.force_login(make_user("root", None, is_staff=True, is_superuser=True))
    return client


ADD_URL = "/admin/groups/meeting/add/"


def _admin_data(group, facilitators, **overrides) -> dict:
    data = {
        "group": str(group.pk), "date": DAY.isoformat(), "held": "on", "cancelled_reason": "",
        "facilitators": [str(f.pk) for f in facilitators], "attendance": "7", "newcomers": "2",
        "duration_minutes": "85", "donations": "0.00", "note": "", "registered_by": "",
        "registered_at_0": "2009-05-07", "registered_at_1": "12:00:00", "expected_version": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def _admin_errors(response) -> str:
    form = response.context["adminform"].form
    return " ".join(f"{field}: {' '.join(messages)}" for field, messages in form.errors.items())


def test_the_admin_cannot_save_a_professional_as_facilitator(
    root_client, meeting_group_a, peer, professional, frozen_today
):
    response = root_client.post(ADD_URL, _admin_data(meeting_group_a, [peer, professional]))
    assert response.status_code == 200  # the form again, with the error
    assert "facilitators: Maggie cannot be listed" in _admin_errors(response)
    assert not Meeting.objects.exists()


def test_the_admin_cannot_add_a_professional_to_an_existing_meeting(
    root_client, meeting_group_a, peer, professional, coordinator, frozen_today
):
    meeting = _register(meeting_group_a, [peer], coordinator).meeting
    url = f"/admin/groups/meeting/{meeting.pk}/change/"
    data = _admin_data(meeting_group_a, [peer, professional], expected_version=str(meeting.version))
    response = root_client.post(url, data)
    assert response.status_code == 200
    assert "must not facilitate" in _admin_errors(response)
    assert list(Meeting.objects.get().facilitators.all()) == [peer]


def test_the_admin_refuses_facilitators_of_another_site_and_counts_that_do_not_add_up(
    root_client, meeting_group_a, facilitator_b, frozen_today
):
    data = _admin_data(meeting_group_a, [facilitator_b.facilitator], newcomers="9")
    response = root_client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = _admin_errors(response)
    assert "facilitators: Not facilitators at Alpha Town: Fac_B." in errors
    assert "newcomers: Newcomers are counted within attendance" in errors
    assert not Meeting.objects.exists()


@override_settings(REQUIRE_TRAINED_FACILITATOR="block")
def test_the_admin_obeys_the_block_setting(root_client, meeting_group_a, untrained, frozen_today):
    response = root_client.post(ADD_URL, _admin_data(meeting_group_a, [untrained]))
    assert response.status_code == 200
    assert "facilitators: New Nell: no facilitator training recorded" in _admin_errors(response)
    assert not Meeting.objects.exists()


@override_settings(REQUIRE_TRAINED_FACILITATOR="warn")
def test_the_admin_saves_with_the_warning_under_warn(root_client, meeting_group_a, untrained, frozen_today):
    response = root_client.post(ADD_URL, _admin_data(meeting_group_a, [untrained]))
    assert response.status_code == 302
    assert list(Meeting.objects.get().facilitators.all()) == [untrained]
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert "No facilitator training is recorded for New Nell." in shown
