"""The data quality page, its CSV and the selector behind them (and behind the monitoring report's section)."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from groups.quality import data_quality
from groups.signoff import month_approve
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import GroupFactory, MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/groups/quality/"
SPRING = {"period": "custom", "from": "2009-03-01", "to": "2009-04-30"}


def _at(day: datetime.date, days_later: int = 0):
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=days_later), datetime.time(21)))


@pytest.fixture
def returns(meeting_group_a, meeting_group_b, coordinator, frozen_today):
    """Group A (Alpha Town) meets on Tuesdays from 3 March 2009: 5 expected in March, 4 in April.
    March: 3 registered (3rd on time, 10th 9 days late, 17th on time and flagged), 24th and 31st missing, and a
    Thursday 19 March registration off the schedule. April: all 4 registered on time, one flagged; approved.
    Group B (Beta City), same schedule: March all 5 on time; April nothing."""
    a, b = meeting_group_a, meeting_group_b
    for day, late, flags in [(3, 0, []), (10, 9, []), (17, 1, ["attendance_high"]), (19, 0, ["off_schedule_day"])]:
        when = datetime.date(2009, 3, day)
        MeetingFactory(group=a, date=when, registered_at=_at(when, late), confirmed_warnings=flags)
    for day in (7, 14, 21, 28):
        when = datetime.date(2009, 4, day)
        MeetingFactory(group=a, date=when, registered_at=_at(when, 2),
                       confirmed_warnings=["no_facilitator"] if day == 21 else [])  # fmt: skip
    for day in (3, 10, 17, 24, 31):
        when = datetime.date(2009, 3, day)
        MeetingFactory(group=b, date=when, registered_at=_at(when))
    month_approve(site=a.site, month=datetime.date(2009, 4, 1), actor=coordinator)
    return a, b


def _figures(rows):
    return {
        (r.site_name, r.month.month): (r.rate.scheduled, r.rate.received, r.rate.on_time, r.registered, r.flagged,
                                       r.sign_off)
        for r in rows
    }  # fmt: skip


def test_figures_per_site_and_month_are_counted_right(returns):
    from groups.models import Group

    rows = data_quality(groups=Group.objects.all(), start=datetime.date(2009, 3, 1), end=datetime.date(2009, 4, 30))
    assert _figures(rows) == {
        ("Alpha Town", 3): (5, 3, 2, 4, 2, "provisional"),
        ("Alpha Town", 4): (4, 4, 4, 4, 1, "approved"),
        ("Beta City", 3): (5, 5, 5, 5, 0, "provisional"),
        ("Beta City", 4): (4, 0, 0, 0, 0, "provisional"),
    }
    alpha_march = rows[0]
    assert (alpha_march.completeness, alpha_march.timeliness) == (0.6, 0.4)


def test_page_shows_the_coordinator_every_site_added_up_and_every_month(client_for, coordinator, returns):
    response = client_for(coordinator).get(URL, SPRING)
    assert response.status_code == 200
    assert {r.site_name for r in response.context["rows"]} == {"Alpha Town", "Beta City"}
    sites = {s.site_name: s for s in response.context["page"].object_list}
    alpha, beta = sites["Alpha Town"], sites["Beta City"]
    assert (alpha.rate.scheduled, alpha.rate.received, alpha.rate.on_time, alpha.registered, alpha.flagged,
            alpha.approved, alpha.months) == (9, 7, 6, 8, 3, 1, 2)  # fmt: skip
    assert (beta.rate.scheduled, beta.rate.received, beta.rate.on_time, beta.approved) == (9, 5, 5, 0)
    months = [(m.month.month, m.rate.scheduled, m.rate.received, m.flagged, m.approved)
              for m in response.context["months"]]  # fmt: skip
    assert months == [(4, 8, 4, 1, 1), (3, 10, 8, 2, 0)]  # the latest first
    page = response.content.decode()
    assert "12 of 18 expected meetings registered" in page  # the total line, as before
    assert "7 of 9 (78%)" in page and "8 registered in all" in page and "1 of 2" in page
    assert 'href="?period=custom&amp;from=2009-03-01&amp;to=2009-04-30&amp;site=alpha"' in page
    assert "/groups/signoff/" not in page  # a site's months, and their sign-off, are one link away


def test_a_sites_link_opens_its_months_with_their_sign_off(client_for, coordinator, returns):
    page = client_for(coordinator).get(URL, {**SPRING, "site": "alpha"}).content.decode()
    assert "3 of 5 (60%)" in page and "4 registered in all" in page and "2 (40%)" in page
    assert 'href="/groups/signoff/alpha/2009/4/"' in page
    assert "Beta City" not in page.split("<h1>")[1].split('name="site"')[0]


def test_site_totals_and_month_totals_add_up_to_the_rows(returns):
    from groups.models import Group
    from groups.quality import by_month, by_site, total

    rows = data_quality(groups=Group.objects.all(), start=datetime.date(2009, 3, 1), end=datetime.date(2009, 4, 30))
    whole = total(rows)
    for summaries in (by_site(rows), by_month(rows)):
        added = total(summaries)
        assert (added.scheduled, added.received, added.on_time) == (whole.scheduled, whole.received, whole.on_time)
        assert sum(s.registered for s in summaries) == sum(r.registered for r in rows) == 13
        assert sum(s.flagged for s in summaries) == sum(r.flagged for r in rows) == 3


def _more_sites(count: int, day=datetime.date(2009, 3, 3)):
    from sites.tests.factories import HostSiteFactory

    for n in range(count):
        site = HostSiteFactory(name=f"Zeta {n:02}", slug=f"zeta-{n:02}")
        group = make_meeting_group(GroupFactory(site=site, name=f"Zeta group {n:02}"))
        MeetingFactory(group=group, date=day, registered_at=_at(day))


def test_sites_are_listed_25_to_a_page_and_the_csv_keeps_every_site(client_for, coordinator, returns):
    _more_sites(24)  # 26 sites
    client = client_for(coordinator)
    first = client.get(URL, SPRING)
    assert [s.site_name for s in first.context["page"].object_list][:2] == ["Alpha Town", "Beta City"]
    assert len(first.context["page"].object_list) == 25 and first.context["page"].paginator.num_pages == 2
    page = first.content.decode()
    assert "Page 1 of 2" in page and 'href="?period=custom&amp;from=2009-03-01&amp;to=2009-04-30&amp;page=2"' in page
    second = client.get(URL, {**SPRING, "page": 2})
    assert [s.site_name for s in second.context["page"].object_list] == ["Zeta 23"]
    assert second.context["total"] == first.context["total"]  # the totals are every site's, on every page
    text = client.get("/groups/quality.csv", {**SPRING, "page": 2}).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len({r["site"] for r in rows}) == 26 and len(rows) == 4 + 24 * 2


def test_site_contact_sees_only_their_own_site(client_for, site_contact_a, returns):
    response = client_for(site_contact_a).get(URL, {**SPRING, "site": "beta"})
    assert {r.site_name for r in response.context["rows"]} == {"Alpha Town"}
    assert "Beta City" not in response.content.decode()
    rows = list(csv.reader(io.StringIO(client_for(site_contact_a).get(URL[:-1] + ".csv", SPRING).content.decode())))
    assert {r[0] for r in rows[1:]} == {"Alpha Town"}


def test_the_site_filter_narrows_to_one_site(client_for, coordinator, returns):
    response = client_for(coordinator).get(URL, {**SPRING, "site": "beta"})
    assert {r.site_name for r in response.context["rows"]} == {"Beta City"}


def test_observer_and_evaluator_read_it_without_sign_off_links(client_for, observer, evaluator, returns):
    for user in (observer, evaluator):
        response = client_for(user).get(URL, SPRING)
        assert response.status_code == 200 and len(response.context["rows"]) == 4
        assert "/groups/signoff/" not in response.content.decode()


def test_facilitator_and_anonymous_may_not(client, client_for, facilitator_a, returns):
    assert client_for(facilitator_a).get(URL).status_code == 403
    assert client_for(facilitator_a).get("/groups/quality.csv").status_code == 403
    assert client.get(URL).status_code == 302 and "/accounts/login/" in client.get(URL)["Location"]
    assert client.get("/groups/quality.csv").status_code == 302


def test_csv_holds_the_same_rows_and_the_export_is_audited(client_for, coordinator, returns):
    response = client_for(coordinator).get("/groups/quality.csv", SPRING)
    assert response["Content-Disposition"].startswith('attachment; filename="data-quality-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    alpha_march = next(r for r in rows if r["site"] == "Alpha Town" and r["month"] == "2009-03")
    assert alpha_march == {
        "site": "Alpha Town", "month": "2009-03", "meetings_expected": "5", "registered_on_schedule": "3",
        "completeness_percent": "60.0", "registered_within_7_days": "2", "timeliness_percent": "40.0",
        "registrations_in_month": "4", "flagged": "2", "sign_off": "provisional",
    }  # fmt: skip
    assert next(r for r in rows if r["month"] == "2009-04" and r["site"] == "Alpha Town")["sign_off"] == "approved"
    entry = AuditEntry.objects.get(action="export", target_type="groups.data_quality")
    assert entry.actor == coordinator and "4 rows" in entry.detail


def test_csv_neutralises_a_site_name_a_spreadsheet_would_run(client_for, coordinator, returns):
    site = returns[0].site
    site.name = "=HYPERLINK(1)"
    site.save()
    text = client_for(coordinator).get("/groups/quality.csv", SPRING).content.decode()
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize("extra", [0, 49])
def test_page_runs_a_fixed_number_of_queries(client_for, coordinator, returns, django_assert_num_queries, extra):
    for n in range(extra):
        group = make_meeting_group(GroupFactory(site=returns[0].site, name=f"Extra {n}"))
        MeetingFactory(group=group, date=datetime.date(2009, 3, 3))
    client = client_for(coordinator)
    client.get(URL, SPRING)
    # session, user, user's groups; the programmes (period control); the sites; the groups with their sites; their
    # status history; the registrations' dates; the grouped counts per site and month; the approved months;
    # the session saved (savepoint, update, release). 13 for 1 group or 50.
    with django_assert_num_queries(13):
        client.get(URL, SPRING)


@pytest.mark.parametrize("extra", [0, 49])
def test_every_site_page_runs_a_fixed_number_of_queries_with_1_or_50_sites(
    client_for, coordinator, meeting_group_a, frozen_today, django_assert_num_queries, extra
):
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 3, 3))
    _more_sites(extra)
    client = client_for(coordinator)
    shown = client.get(URL, SPRING).context  # one site: its months, not a list of sites
    assert len(shown["rows"]) == 2 * (1 + extra) and ("page" in shown) == bool(extra)
    with django_assert_num_queries(13):  # as above
        client.get(URL, SPRING)


def test_monitoring_report_section_is_built_from_the_same_figures(returns):
    from reports.kinds import FULL_AUDIENCE, KINDS

    params = {"date_from": "2009-03-01", "date_to": "2009-04-30"}
    report = KINDS["monitoring"](parameters=params, audience=FULL_AUDIENCE).build()
    section = next(s for s in report.sections if s.key == "data_quality")
    assert section.title == "Data quality"
    rows = {(r["site"], r["month"]): r for r in section.tables[0].as_dicts()}
    alpha_march = rows[("Alpha Town", "Mar 2009")]
    assert (alpha_march["expected"], alpha_march["received"], alpha_march["completeness"]) == (5, 3, 60.0)
    assert (alpha_march["on_time"], alpha_march["timeliness"], alpha_march["flagged"]) == (2, 40.0, 2)
    assert rows[("Alpha Town", "Apr 2009")]["sign_off"] == "approved"
    assert rows[("Beta City", "Apr 2009")]["received"] == 0 and len(rows) == 4


def test_site_page_links_to_its_data_quality(client_for, site_contact_a, returns):
    page = client_for(site_contact_a).get("/sites/alpha/").content.decode()
    assert 'href="/groups/quality/?site=alpha"' in page and "Data quality and monthly sign-off" in page


def test_menu_marks_data_quality_and_not_groups_as_the_current_page(client_for, site_contact_a, returns):
    nav = client_for(site_contact_a).get(URL).context["pilot_nav"]
    assert [i["label"] for i in nav if i["active"]] == ["Data quality"]
    nav = client_for(site_contact_a).get("/groups/").context["pilot_nav"]
    assert [i["label"] for i in nav if i["active"]] == ["Groups"]


def test_rates_worked_out_already_give_the_same_rows_without_reading_the_registrations_again(
    returns, django_assert_num_queries
):
    """The monitoring report passes the monthly rates of its meetings table: same rows, two queries fewer."""
    from groups.models import Group
    from groups.selectors import monthly_rates

    start, end = datetime.date(2009, 3, 1), datetime.date(2009, 4, 30)
    groups = list(Group.objects.select_related("site"))
    plain = data_quality(groups=groups, start=start, end=end)
    rates = monthly_rates(groups=groups, start=start, end=end)
    with django_assert_num_queries(2):  # the grouped counts and the approved months
        reused = data_quality(groups=groups, start=start, end=end, rates=rates)
    assert _figures(reused) == _figures(plain)
