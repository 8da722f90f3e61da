"""Monthly sign-off: review a site's month, approve it (which locks it), reopen it with a reason, queries."""

import datetime
import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups.admin import MeetingAdminForm
from groups.models import Meeting, MonthQuery, MonthSignOff, MonthState
from groups.services import meeting_register, meeting_update
from groups.signoff import approved_months, ensure_month_open, month_approve
from groups.tests.factories import MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db

APRIL = "/groups/signoff/alpha/2009/4/"
LOCKED = "April 2009 at Alpha Town is approved"


def _registered(when: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(when, datetime.time(21)))


@pytest.fixture
def april(meeting_group_a, facilitator_a, frozen_today):
    """Group A meets on Tuesdays: 7, 14, 21 and 28 April 2009. The first two are registered, one of them flagged."""
    first = MeetingFactory(
        group=meeting_group_a, date=datetime.date(2009, 4, 7), attendance=31, newcomers=3,
        registered_by=facilitator_a, registered_at=_registered(datetime.date(2009, 4, 7)),
        confirmed_warnings=["attendance_high", "no_facilitator"],
    )  # fmt: skip
    second = MeetingFactory(
        group=meeting_group_a, date=datetime.date(2009, 4, 14), registered_by=facilitator_a,
        registered_at=_registered(datetime.date(2009, 4, 30)),
    )  # fmt: skip
    return first, second


def _meeting_post(group, day: str, **overrides):
    data = {"group": group.pk, "date": day, "held": "yes", "attendance": "7", "newcomers": "2"}
    data.update({"duration_minutes": "85", "donations": "0"})
    data.update(overrides)
    return data


def _date_errors(response) -> list[str]:
    return response.context["form"].errors.get("date", [])


def test_month_page_lists_expected_registered_missing_and_flagged(client_for, site_contact_a, april):
    response = client_for(site_contact_a).get(APRIL)
    assert response.status_code == 200
    review = response.context["review"]
    (group,) = review.groups
    assert group.expected == [datetime.date(2009, 4, d) for d in (7, 14, 21, 28)]
    assert group.missing == [datetime.date(2009, 4, 21), datetime.date(2009, 4, 28)]
    assert (review.rate.scheduled, review.rate.received, review.flagged_count) == (4, 2, 1)
    page = response.content.decode()
    assert "Registered 2 of 4 expected meetings (50%)" in page
    assert "Attendance far above the group&#x27;s usual" in page and "No facilitator ticked" in page
    assert f"/groups/meetings/{april[0].pk}/edit/" in page  # a link to correct it
    assert "/groups/meetings/new/?group=" in page and "date=2009-04-21" in page  # a link to register a missing one
    assert "Provisional" in page and "Approve the month" in page


def test_site_contact_approves_an_ended_month_and_it_is_audited(client_for, site_contact_a, april):
    response = client_for(site_contact_a).post(APRIL + "approve/", {})
    assert response.status_code == 302
    signoff = MonthSignOff.objects.get()
    assert (signoff.month, signoff.state) == (datetime.date(2009, 4, 1), "approved")
    assert signoff.approved_by == site_contact_a
    entry = AuditEntry.objects.get(target_type="groups.MonthSignOff")
    assert (entry.action, entry.detail, entry.actor) == ("update", "approved", site_contact_a)
    page = client_for(site_contact_a).get(APRIL).content.decode()
    assert "Approved" in page and "Approve the month" not in page


def test_a_month_that_has_not_ended_cannot_be_approved(client_for, site_contact_a, meeting_group_a, frozen_today):
    response = client_for(site_contact_a).post("/groups/signoff/alpha/2009/5/approve/", {})
    assert response.status_code == 400
    assert "May 2009 has not ended yet" in response.content.decode()
    assert not MonthSignOff.objects.exists()


def test_facilitator_cannot_register_in_an_approved_month_and_is_told_at_the_date(
    client_for, site_contact_a, facilitator_a, april
):
    client_for(site_contact_a).post(APRIL + "approve/", {})
    response = client_for(facilitator_a).post("/groups/meetings/new/", _meeting_post(april[0].group, "2009-04-21"))
    assert response.status_code == 400
    assert any(LOCKED in e and "Ask the coordinator to reopen the month" in e for e in _date_errors(response))
    assert not Meeting.objects.filter(date=datetime.date(2009, 4, 21)).exists()
    # May is not approved: registering in it still works.
    response = client_for(facilitator_a).post(
        "/groups/meetings/new/",
        _meeting_post(april[0].group, "2009-05-05", facilitators=[facilitator_a.facilitator.pk]),
    )
    assert response.status_code == 302


def test_facilitator_cannot_change_a_registration_in_an_approved_month(
    client_for, site_contact_a, facilitator_a, april
):
    client_for(site_contact_a).post(APRIL + "approve/", {})
    second = april[1]
    url = f"/groups/meetings/{second.pk}/edit/"
    response = client_for(facilitator_a).post(url, _meeting_post(second.group, "2009-04-14", attendance="12"))
    assert response.status_code == 400
    assert any(LOCKED in e for e in _date_errors(response))
    second.refresh_from_db()
    assert second.attendance == 6


def test_a_registration_cannot_be_moved_into_or_out_of_an_approved_month(site_contact_a, april, facilitator_a):
    month_approve(site=april[0].group.site, month=datetime.date(2009, 4, 1), actor=site_contact_a)
    may_meeting = MeetingFactory(group=april[0].group, date=datetime.date(2009, 5, 5))
    with pytest.raises(ValidationError) as into:
        meeting_update(meeting=may_meeting, actor=site_contact_a, facilitators=[], date=datetime.date(2009, 4, 28))
    assert LOCKED in into.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as out_of:
        meeting_update(meeting=april[1], actor=site_contact_a, facilitators=[], date=datetime.date(2009, 5, 5))
    assert LOCKED in out_of.value.message_dict["date"][0]
    # The coordinator and the site contact are locked out too: the month must be reopened first.
    with pytest.raises(ValidationError):
        meeting_register(group=april[0].group, date=datetime.date(2009, 4, 21), actor=site_contact_a)


def test_the_admin_obeys_the_lock(coordinator, site_contact_a, april):
    month_approve(site=april[0].group.site, month=datetime.date(2009, 4, 1), actor=site_contact_a)
    meeting = april[1]
    data = {"group": meeting.group_id, "date": "2009-04-14", "held": "on", "attendance": "12", "newcomers": "0"}
    data.update({"donations": "0", "registered_at_0": "2009-04-30", "registered_at_1": "21:00:00", "version": "1"})
    form = MeetingAdminForm(data=data, instance=meeting)
    assert admin_site.is_registered(Meeting)
    assert not form.is_valid()
    assert any(LOCKED in e for e in form.errors.get("date", []))


def test_coordinator_reopens_with_a_reason_and_the_month_is_open_again(
    client_for, coordinator, site_contact_a, facilitator_a, april
):
    client_for(site_contact_a).post(APRIL + "approve/", {})
    refused = client_for(coordinator).post(APRIL + "reopen/", {"reason": "  "})
    assert refused.status_code == 400
    assert "Say why the month is reopened" in refused.context["reopen_form"].errors["reason"][0]
    assert MonthSignOff.objects.get().state == MonthState.APPROVED
    response = client_for(coordinator).post(APRIL + "reopen/", {"reason": "Kendal's 21 April was held after all"})
    assert response.status_code == 302
    signoff = MonthSignOff.objects.get()
    assert (signoff.state, signoff.reopened_by) == ("reopened", coordinator)
    assert signoff.reopen_reason == "Kendal's 21 April was held after all"
    entry = AuditEntry.objects.get(target_type="groups.MonthSignOff", detail="reopened")
    assert entry.actor == coordinator and "reopen_reason" in entry.changed_fields
    assert "held after all" not in str(entry.changed_fields) + entry.detail  # names, never values
    assert "held after all" in client_for(site_contact_a).get(APRIL).content.decode()
    ensure_month_open(site=april[0].group.site, day=datetime.date(2009, 4, 21))  # no longer raises
    response = client_for(facilitator_a).post(
        "/groups/meetings/new/",
        _meeting_post(april[0].group, "2009-04-21", facilitators=[facilitator_a.facilitator.pk]),
    )
    assert response.status_code == 302


def test_site_contact_may_not_reopen(client_for, site_contact_a, april):
    client_for(site_contact_a).post(APRIL + "approve/", {})
    assert client_for(site_contact_a).post(APRIL + "reopen/", {"reason": "x"}).status_code == 403
    assert MonthSignOff.objects.get().state == MonthState.APPROVED


def test_a_query_is_recorded_and_shown_and_an_empty_one_refused(client_for, site_contact_a, april):
    empty = client_for(site_contact_a).post(APRIL + "query/", {"text": ""})
    assert empty.status_code == 400 and "Write the question" in empty.content.decode()
    response = client_for(site_contact_a).post(APRIL + "query/", {"text": "Was 31 on 7 April right? <b>"})
    assert response.status_code == 302
    assert MonthQuery.objects.get().raised_by == site_contact_a
    page = client_for(site_contact_a).get(APRIL).content.decode()
    assert "Was 31 on 7 April right? &lt;b&gt;" in page
    assert AuditEntry.objects.filter(target_type="groups.MonthQuery", action="create").exists()


@pytest.mark.parametrize("suffix", ["", "approve/", "query/"])
def test_site_contact_of_another_site_gets_404(client_for, site_contact_b, april, suffix):
    client = client_for(site_contact_b)
    response = client.get(APRIL + suffix) if not suffix else client.post(APRIL + suffix, {"text": "x"})
    assert response.status_code == 404
    assert not MonthSignOff.objects.exists() and not MonthQuery.objects.exists()


def test_facilitator_and_anonymous_cannot_open_or_approve(client, client_for, facilitator_a, april):
    assert client_for(facilitator_a).get(APRIL).status_code == 403
    assert client_for(facilitator_a).post(APRIL + "approve/").status_code == 403
    assert client.get(APRIL).status_code == 302 and "/accounts/login/" in client.get(APRIL)["Location"]
    assert client.post(APRIL + "approve/").status_code == 302
    assert not MonthSignOff.objects.exists()


def test_a_month_that_does_not_exist_is_404(client_for, coordinator, site_a):
    assert client_for(coordinator).get("/groups/signoff/alpha/2009/13/").status_code == 404


def test_approved_months_names_only_approved_ones(site_a, site_b, coordinator, frozen_today):
    month_approve(site=site_a, month=datetime.date(2009, 3, 1), actor=coordinator)
    month_approve(site=site_a, month=datetime.date(2009, 4, 1), actor=coordinator)
    month_approve(site=site_b, month=datetime.date(2009, 4, 1), actor=coordinator)
    MonthSignOff.objects.filter(site=site_a, month=datetime.date(2009, 3, 1)).update(state=MonthState.REOPENED)
    found = approved_months([site_a.pk], datetime.date(2009, 3, 15), datetime.date(2009, 4, 30))
    assert found == {(site_a.pk, datetime.date(2009, 4, 1))}


def test_site_page_marks_each_month_approved_or_provisional(client_for, site_contact_a, april):
    month_approve(site=april[0].group.site, month=datetime.date(2009, 4, 1), actor=site_contact_a)
    response = client_for(site_contact_a).get("/sites/alpha/", {"period": "custom", "from": "2009-01-01",
                                                                 "to": "2009-05-07"})  # fmt: skip
    (panel,) = [p for p in response.context["panels"] if p.title == "Groups"]
    marks = {month: approved for month, _, approved in panel.context["by_month"]}
    assert marks[datetime.date(2009, 4, 1)] is True
    assert marks[datetime.date(2009, 3, 1)] is False and marks[datetime.date(2009, 5, 1)] is False
    page = response.content.decode()
    assert f'href="{APRIL}">Approved' in page and 'href="/groups/signoff/alpha/2009/3/">Provisional' in page


def test_monitoring_report_marks_months_approved_or_provisional(coordinator, april):
    from reports.kinds import FULL_AUDIENCE, KINDS

    month_approve(site=april[0].group.site, month=datetime.date(2009, 4, 1), actor=coordinator)
    params = {"date_from": "2009-03-01", "date_to": "2009-04-30"}
    report = KINDS["monitoring"](parameters=params, audience=FULL_AUDIENCE).build()
    table = next(t for t in report.tables() if t.key == "meetings_by_group_month")
    marks = {row["month"]: row["sign_off"] for row in table.as_dicts()}
    assert marks == {"Mar 2009": "provisional", "Apr 2009": "approved"}


def test_an_approval_from_a_page_loaded_before_someone_else_changed_the_month_is_refused(coordinator, april):
    from groups.signoff import month_reopen
    from pilot.concurrency import StaleEdit

    site, april_first = april[0].group.site, datetime.date(2009, 4, 1)
    month_approve(site=site, month=april_first, actor=coordinator)
    loaded = month_reopen(site=site, month=april_first, actor=coordinator, reason="Check 21 April").version
    month_approve(site=site, month=april_first, actor=coordinator, expected_version=loaded)
    month_reopen(site=site, month=april_first, actor=coordinator, reason="Check it again")
    with pytest.raises(StaleEdit):
        month_approve(site=site, month=april_first, actor=coordinator, expected_version=loaded)
    assert MonthSignOff.objects.get().state == MonthState.REOPENED


def test_month_page_runs_the_same_number_of_queries_for_1_or_50_groups(client_for, site_contact_a, april):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groups.tests.conftest import make_meeting_group
    from groups.tests.factories import GroupFactory

    client = client_for(site_contact_a)
    client.get(APRIL)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(APRIL).status_code == 200
        return len(queries)

    one = count()
    for n in range(49):
        group = make_meeting_group(GroupFactory(site=april[0].group.site, name=f"Extra {n}"))
        MeetingFactory(group=group, date=datetime.date(2009, 4, 7), confirmed_warnings=["no_facilitator"])
    assert count() == one


@pytest.mark.parametrize("groups", [1, 50])
def test_the_coordinators_month_page_runs_a_constant_number_of_queries(
    client_for, coordinator, april, groups, django_assert_num_queries
):
    from groups.tests.conftest import make_meeting_group
    from groups.tests.factories import GroupFactory

    for n in range(groups - 1):
        group = make_meeting_group(GroupFactory(site=april[0].group.site, name=f"Extra {n}"))
        MeetingFactory(group=group, date=datetime.date(2009, 4, 7), confirmed_warnings=["no_facilitator"])
    client = client_for(coordinator)
    # session, user, role groups; the site; its groups, their status history, the month's meetings, the registrations
    # counted; the month's sign-off, its queries; the user's and the role's permissions; session refresh (savepoint,
    # update, release)
    with django_assert_num_queries(15):
        html = client.get(APRIL).content.decode()
    assert set(re.findall(r"Extra \d+", html)) == {f"Extra {n}" for n in range(groups - 1)}


def test_group_page_marks_each_month_approved_or_provisional(client_for, facilitator_a, site_contact_a, april):
    month_approve(site=april[0].group.site, month=datetime.date(2009, 4, 1), actor=site_contact_a)
    page = client_for(facilitator_a).get(april[0].group.get_absolute_url()).content.decode()
    assert '<th scope="row">Apr 2009</th><td>2/4</td><td>25%</td><td>Approved</td>' in page
    assert '<th scope="row">May 2009</th><td>0/1</td><td>0%</td><td>Provisional</td>' in page
