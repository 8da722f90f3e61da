"""Each role's start page leads with what that role comes for: the evaluator's questionnaires, summaries and
reports; the steering committee's shared reports and the network at a glance."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from evaluation.models import Questionnaire, Response
from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory
from groups.tests.conftest import make_meeting_group
from reports.models import ReportRequest, ReportShare

pytestmark = pytest.mark.django_db
AUTUMN = datetime.datetime(2009, 10, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def autumn():
    with time_machine.travel(AUTUMN, tick=False):
        yield


def _responses(collection_round, n, day=datetime.date(2009, 10, 5)):
    Response.objects.bulk_create(
        Response(round=collection_round, version=collection_round.version, submitted_on=day) for _ in range(n)
    )


def _shared(requested_by, role, kind="monitoring", **params):
    report = ReportRequest.objects.create(
        requested_by=requested_by, kind=kind, parameters=params, format="pdf", status="done",
        file=f"reports/2009/10/{kind}.pdf", built_for="coordinator",
    )  # fmt: skip
    ReportShare.objects.create(request=report, role=role)
    return report


def test_evaluator_starts_with_open_questionnaires_summaries_pack_and_reports(
    client_for, evaluator, coordinator, group_a, group_b, autumn
):
    members = QuestionnaireFactory(form_id="members")
    hosts = QuestionnaireFactory(form_id="hosts")
    Questionnaire.objects.filter(pk=members.pk).update(title="Members' questionnaire")
    Questionnaire.objects.filter(pk=hosts.pk).update(title="Host agencies")
    open_a = CollectionRoundFactory(questionnaire=members, group=group_a)
    open_b = CollectionRoundFactory(questionnaire=members, group=group_b, closes_on=datetime.date(2009, 12, 1))
    closed = CollectionRoundFactory(
        questionnaire=hosts, group=group_a, opens_on=datetime.date(2009, 3, 1), closes_on=datetime.date(2009, 4, 1)
    )
    _responses(open_a, 3)
    _responses(open_b, 2)
    _responses(closed, 6, day=datetime.date(2009, 3, 20))
    pack = _shared(coordinator, "evaluator", kind="evaluation_pack")
    ReportRequest.objects.create(requested_by=evaluator, kind="monitoring", format="xlsx")

    page = client_for(evaluator).get(reverse("home")).content.decode()
    titles = ["Questionnaires open now", "Latest summaries", "Shared with you", "Evaluation pack", "Your reports"]
    positions = [page.index(f">{t}</h2>") for t in titles]
    assert positions == sorted(positions)
    # Members' has two rounds open, with 5 responses between them (exact for an evaluator); hosts' none open.
    assert "2 rounds open · 5 responses so far · the last closes 1 Dec 2009" in page
    open_panel = page[positions[0] : positions[1]]
    assert "Members&#x27; questionnaire" in open_panel and "Host agencies" not in open_panel
    summaries = page[positions[1] : positions[2]]
    assert summaries.index(reverse("evaluation:summary", args=["members"])) < summaries.index(
        reverse("evaluation:summary", args=["hosts"])
    )  # the most recently answered first
    assert "6 responses · the latest 20 Mar 2009" in summaries
    assert reverse("reports:download", args=[pack.pk]) in page and reverse("reports:new", args=["evaluation_pack"])
    assert "Build a new evaluation pack" in page
    assert 'id="period-select"' not in page  # nothing on this page follows the period


def test_with_nothing_open_the_evaluator_starts_with_the_summaries(client_for, evaluator, group_a):
    hosts = QuestionnaireFactory(form_id="hosts")
    _responses(CollectionRoundFactory(questionnaire=hosts, group=group_a), 12)
    with time_machine.travel(datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC), tick=False):
        page = client_for(evaluator).get(reverse("home")).content.decode()
    assert page.index(">Latest summaries</h2>") < page.index(">Questionnaires open now</h2>")
    assert "No questionnaire round is open today" in page


def test_observer_starts_with_shared_reports_then_the_network_at_a_glance(
    client_for, observer, coordinator, evaluator, site_a, site_b, group_a, group_b
):
    make_meeting_group(group_a)
    make_meeting_group(group_b)
    theirs = _shared(coordinator, "observer", site="alpha")
    not_theirs = _shared(coordinator, "evaluator", kind="evaluation_pack")
    page = client_for(observer).get(reverse("home")).content.decode()
    shared = page.index(">Shared with you</h2>")
    glance = page.index(">The network at a glance</h2>")
    # The library above the period control; the glance, which follows the period, first below it.
    assert shared < page.index('id="period-select"') < glance
    assert glance < min(page.index(f">{t}</h2>") for t in ("Meetings", "Next events", "Budget"))
    assert theirs.get_absolute_url() in page and not_theirs.get_absolute_url() not in page
    assert '<div><dt>Groups meeting</dt><dd class="stat">2</dd></div>' in page
    assert '<div><dt>Host sites taking part</dt><dd class="stat">2</dd></div>' in page


def test_the_observers_glance_counts_no_people(client_for, observer, site_a, group_a):
    make_meeting_group(group_a)
    response = client_for(observer).get(reverse("home"))
    glance = next(p for p in response.context["panels"] if p.title == "The network at a glance")
    # Counts of sites, groups and meetings: "ready", "in_doubt" and "support_flagged" count sites too.
    assert set(glance.context) == {
        "as_of", "programme", "sites", "stages", "groups_meeting", "meetings", "flagged", "ready", "in_doubt",
        "support_flagged",
    }  # fmt: skip


def test_a_site_contact_sees_a_report_shared_with_their_site_and_not_another_sites(
    client_for, coordinator, site_contact_a, site_contact_b, site_a, site_b
):
    report = _shared(coordinator, "site_contact", site="alpha")
    ReportShare.objects.filter(request=report).update(site=site_a)
    assert report.get_absolute_url() in client_for(site_contact_a).get(reverse("home")).content.decode()
    page_b = client_for(site_contact_b).get(reverse("home")).content.decode()
    assert report.get_absolute_url() not in page_b and ">Shared with you</h2>" not in page_b


def _home_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["evaluator", "observer"])
def test_a_start_page_runs_the_same_number_of_queries_for_few_and_many_rows(
    client_for, personas, group_a, persona, autumn
):
    role = "evaluator" if persona == "evaluator" else "observer"
    counts, made = [], 0
    for total in (1, 5):  # questionnaires answered, reports shared and reports asked for
        for index in range(made, total):
            questionnaire = QuestionnaireFactory(form_id=f"q{index}")
            _responses(CollectionRoundFactory(questionnaire=questionnaire, group=group_a), 2)
            _shared(personas["coordinator"], role, site="alpha")
            ReportRequest.objects.create(requested_by=personas[persona], kind="evaluation_pack", format="pdf")
        made = total
        counts.append(_home_queries(client_for(personas[persona])))
    assert counts[0] == counts[1], f"{persona}'s start page: {counts[0]} queries with 1 row, {counts[1]} with 5"


def _busy_site(site, n):
    """A site with everything a start page lists: a meeting group run by a facilitator with no training recorded, a
    meeting lately, an overdue follow-up, a referral partner gone quiet and an overdue committee action."""
    from committee.tests.factories import CommitteeActionFactory
    from groups.tests.factories import FacilitatorFactory, GroupFactory, MeetingFactory
    from referrals.tests.factories import PartnerFactory
    from sites.models import EntryKind
    from sites.tests.factories import ProgressEntryFactory

    group = make_meeting_group(GroupFactory(site=site, name=f"Group {n:02d}"), since=datetime.date(2009, 3, 3))
    facilitator = FacilitatorFactory(site=site, display_name=f"Facilitator {n:02d}")
    facilitator.groups.add(group)
    MeetingFactory(group=group, date=datetime.date(2009, 10, 6))
    ProgressEntryFactory(
        site=site, day=datetime.date(2009, 9, 1), kind=EntryKind.ISSUE, follow_up_on=datetime.date(2009, 9, 15)
    )
    PartnerFactory(site=site, agency=f"Team {n:02d}", since=datetime.date(2009, 1, 5))
    CommitteeActionFactory(due_on=datetime.date(2009, 9, 30))


@pytest.mark.parametrize("rows", [1, 50])
def test_the_coordinators_start_page_runs_a_constant_number_of_queries(
    client_for, coordinator, rows, autumn, django_assert_num_queries
):
    from sites.tests.factories import HostSiteFactory, with_history

    for n in range(rows):
        site = with_history(
            HostSiteFactory(name=f"Site {n:02d}", slug=f"site-{n:02d}"), ("selected", datetime.date(2008, 9, 24))
        )
        _busy_site(site, n)
    client = client_for(coordinator)
    # session, user, programmes (the period control), role groups; overdue follow-ups; the sites needing attention
    # (programme sites, sites, groups, their status history, meetings in the window, the meetings); the budget (spent
    # and granted per head and month, the heads); overdue committee actions; facilitators with no training (two);
    # support flags (programme sites, meetings' facilitators, support contacts, check-ins); training events;
    # collection rounds; the user's and the role's permissions; the worker's heartbeat; reports counted by status;
    # session refresh (savepoint, update, release)
    with django_assert_num_queries(30):
        response = client.get(reverse("home"))
    titles = [p.title for p in response.context["leading"] + response.context["panels"]]
    assert "Overdue follow-ups" in titles and "Overdue committee actions" in titles, titles


@pytest.mark.parametrize("rows", [1, 50])
def test_a_site_contacts_start_page_runs_a_constant_number_of_queries(
    client_for, site_contact_a, site_a, site_b, rows, autumn, django_assert_num_queries
):
    for n in range(rows):
        _busy_site(site_a, n)
        _busy_site(site_b, 100 + n)
    client = client_for(site_contact_a)
    # session, user, programmes (the period control), role groups; the site's overview row (the site; groups meeting,
    # facilitators, groups, meetings, training, groups and meetings again for the last meeting, programme sites,
    # readiness, sustainability plan, facilitators, support flags: programme sites, meetings' facilitators, support
    # contacts, check-ins; newcomers per month, referral partners); the groups panel (groups, status history, meetings
    # in the window, the meetings); training events; collection rounds; reports shared with the site; session refresh
    # (savepoint, update, release)
    with django_assert_num_queries(34):
        response = client.get(reverse("home"))
    panels = {p.title: p for p in response.context["leading"] + response.context["panels"]}
    assert [row.site for row in panels["Your site"].context["rows"]] == [site_a]
    assert "Group 100" not in response.content.decode()
