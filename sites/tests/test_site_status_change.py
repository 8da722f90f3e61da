from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pilot.models import AuditEntry
from sites.models import HostSite, Status
from sites.services import site_status_change
from sites.tests.factories import with_history

pytestmark = pytest.mark.django_db


def _change(site, to, on, note="", actor=None):
    return site_status_change(site=site, to_status=to, actor=actor, on=on, note=note)


def test_a_site_walks_the_lifecycle_and_its_status_is_the_latest_change(site_a, coordinator):
    steps = [
        ("selected", date(2008, 9, 24)),
        ("agreement_issued", date(2008, 10, 15)),
        ("agreement_signed", date(2008, 11, 20)),
        ("training_delivered", date(2009, 3, 5)),
        ("groups_meeting", date(2009, 4, 7)),
        ("self_sustaining", date(2010, 2, 2)),
    ]
    for status, on in steps:
        _change(site_a, status, on, actor=coordinator)
    assert HostSite.objects.with_status().get(pk=site_a.pk).status == "self_sustaining"
    assert list(site_a.status_changes.values_list("status", flat=True)) == [s for s, _ in steps]


def test_a_site_without_history_counts_as_applied(site_a):
    assert HostSite.objects.with_status().get(pk=site_a.pk).status == Status.APPLIED
    assert site_a.status == Status.APPLIED


def test_a_jump_over_steps_is_refused_with_the_next_steps_named(site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)))
    with pytest.raises(ValidationError) as exc:
        _change(site_a, "groups_meeting", date(2009, 4, 1))
    message = exc.value.message_dict["to_status"][0]
    assert "cannot jump to “Groups meeting”" in message
    assert "“Agreement issued”" in message
    assert site_a.status_changes.count() == 1


def test_withdrawn_to_groups_meeting_needs_a_reactivation_note(site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)), ("withdrawn", date(2008, 11, 19)))
    with pytest.raises(ValidationError) as exc:
        _change(site_a, "groups_meeting", date(2009, 5, 1))
    assert "reactivation" in exc.value.message_dict["to_status"][0]
    _change(site_a, "groups_meeting", date(2009, 5, 1), note="Agency back on board with a new manager.")
    assert HostSite.objects.with_status().get(pk=site_a.pk).status == "groups_meeting"


def test_withdrawal_needs_a_reason(site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)))
    with pytest.raises(ValidationError) as exc:
        _change(site_a, "withdrawn", date(2008, 11, 19))
    assert "Say why" in exc.value.message_dict["to_status"][0]


def test_not_selected_applicant_can_be_selected_later_with_a_note(site_a):
    with_history(site_a, ("applied", date(2008, 8, 28)), ("not_selected", date(2008, 9, 24)))
    _change(site_a, "selected", date(2008, 11, 27), note="Replacement rural site.")
    assert site_a.status == "selected"


def test_the_same_status_twice_is_refused(site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)))
    with pytest.raises(ValidationError, match="already"):
        _change(site_a, "selected", date(2008, 9, 25))


def test_a_change_dated_before_the_last_one_is_refused(site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)))
    with pytest.raises(ValidationError) as exc:
        _change(site_a, "agreement_issued", date(2008, 9, 1))
    assert "24/09/2008" in exc.value.message_dict["on"][0]


def test_a_change_dated_in_the_future_is_refused(site_a):
    with pytest.raises(ValidationError) as exc:
        _change(site_a, "selected", date(2999, 1, 1))
    assert "future" in exc.value.message_dict["on"][0]


def test_an_unknown_status_is_refused(site_a):
    with pytest.raises(ValidationError):
        _change(site_a, "flourishing", date(2009, 1, 1))


def test_the_change_is_audited_with_field_names_only(site_a, coordinator):
    _change(site_a, "selected", date(2008, 9, 24), note="Strong commitment", actor=coordinator)
    entry = AuditEntry.objects.get(target_type="sites.StatusChange")
    assert entry.actor == coordinator
    assert entry.changed_fields == ["note", "on", "status"]
    assert "Strong commitment" not in entry.detail
