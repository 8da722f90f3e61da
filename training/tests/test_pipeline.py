"""The training pipeline: trained -> became facilitators -> facilitating, and the Gateshead pattern standing out."""

import datetime

import pytest
import time_machine

from groups.models import Meeting
from groups.tests.factories import GroupFactory
from network.pipeline import training_pipeline
from pilot.disclosure import EXACT
from sites.tests.factories import HostSiteFactory
from training.models import EventKind, EventStatus
from training.tests.factories import FacilitatorFactory, ParticipantFactory, event_with_days

TODAY = datetime.date(2009, 12, 1)
URL = "/training/pipeline/"


def _meeting(group, day, *facilitators, held=True):
    meeting = Meeting.objects.create(group=group, date=day, held=held)
    meeting.facilitators.set(facilitators)
    return meeting


@pytest.fixture
def gateshead(db):
    site = HostSiteFactory(name="Gateshead", slug="gateshead-test")
    event_with_days(25, 12, site=site, starts_on=datetime.date(2009, 4, 21))
    return site


@pytest.fixture
def sheffield(db):
    site = HostSiteFactory(name="Sheffield", slug="sheffield-test")
    training = event_with_days(10, 10, site=site, starts_on=datetime.date(2009, 3, 3))
    group = GroupFactory(site=site)
    active, lapsed, never = (FacilitatorFactory(site=site, display_name=n) for n in ("A", "B", "C"))
    for facilitator in (active, lapsed, never):
        ParticipantFactory(event=training, facilitator=facilitator, name="")
    _meeting(group, datetime.date(2009, 4, 14), lapsed)  # the site's first meeting, 42 days after training
    _meeting(group, TODAY - datetime.timedelta(weeks=3), active)
    _meeting(group, TODAY - datetime.timedelta(weeks=10), lapsed)
    _meeting(group, TODAY - datetime.timedelta(weeks=1), never, held=False)  # called off: does not count
    return site


def test_pipeline_counts_trained_facilitators_and_those_facilitating_lately(sheffield):
    [row], _ = training_pipeline(sites=[sheffield], today=TODAY)
    assert (row.trainings, row.trained, row.became_count, row.facilitating_count) == (1, 10, 3, 1)
    assert row.first_training == datetime.date(2009, 3, 3)
    assert row.first_meeting == datetime.date(2009, 4, 14)
    assert row.days_to_first_meeting == 42
    assert row.figures(EXACT).conversion_percent == 30.0
    assert not row.many_trained_none_facilitating


def test_trained_counts_the_last_days_attendance_so_walkouts_do_not_count(gateshead):
    [row], _ = training_pipeline(sites=[gateshead], today=TODAY)
    assert row.trained == 12


def test_gateshead_pattern_many_trained_none_facilitating_is_flagged(gateshead, sheffield):
    rows, network = training_pipeline(sites=[gateshead, sheffield], today=TODAY)
    flags = {row.label: row.many_trained_none_facilitating for row in rows}
    assert flags == {"Gateshead": True, "Sheffield": False}
    assert (network.trained, network.became_count, network.facilitating_count) == (22, 3, 1)
    assert network.first_training == datetime.date(2009, 3, 3)


def test_few_trained_and_none_facilitating_is_not_the_gateshead_pattern(db, settings):
    site = HostSiteFactory()
    event_with_days(9, site=site)
    [row], _ = training_pipeline(sites=[site], today=TODAY)
    assert not row.many_trained_none_facilitating
    settings.TRAINING_MANY_TRAINED = 9
    [row], _ = training_pipeline(sites=[site], today=TODAY)
    assert row.many_trained_none_facilitating


def test_cancelled_future_and_other_kinds_of_events_are_not_training(db):
    site = HostSiteFactory()
    event_with_days(10, site=site, status=EventStatus.CANCELLED)
    event_with_days(10, site=site, starts_on=TODAY + datetime.timedelta(days=7))
    event_with_days(10, site=site, kind=EventKind.PROFESSIONALS_TRAINING)
    [row], _ = training_pipeline(sites=[site], today=TODAY)
    assert (row.trainings, row.trained) == (0, 0)


def test_trained_facilitators_with_no_recent_meeting_are_marked_idle(db):
    site = HostSiteFactory()
    training = event_with_days(5, site=site)
    ParticipantFactory(event=training, facilitator=FacilitatorFactory(site=site), name="")
    [row], _ = training_pipeline(sites=[site], today=TODAY)
    assert row.trained_but_idle


@time_machine.travel(datetime.datetime(2009, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_pipeline_page_highlights_the_gateshead_row(coordinator, client_for, gateshead, sheffield):
    html = client_for(coordinator).get(URL).content.decode()
    assert "Gateshead:</strong> 12 people trained and none went on to facilitate" in html
    assert html.count('class="table-danger pipeline-alert"') == 1
    assert html.count("pipeline-alert-card") == 1  # the same highlight on phones
    assert "Whole network" in html
    assert "42 days" in html


@pytest.mark.parametrize("persona", ["evaluator", "observer", "coordinator"])
def test_centre_roles_read_the_pipeline(personas, client_for, persona, gateshead):
    assert client_for(personas[persona]).get(URL).status_code == 200


def test_site_contact_sees_only_their_own_site(site_contact_a, client_for, site_a, gateshead):
    event_with_days(10, site=site_a)
    response = client_for(site_contact_a).get(URL)
    html = response.content.decode()
    assert "Alpha Town" in html
    assert "Gateshead" not in html
    assert "Whole network" not in html


def test_facilitators_and_anonymous_visitors_cannot_open_the_pipeline(facilitator_a, client_for, client, db):
    assert client_for(facilitator_a).get(URL).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pipeline_page_shows_no_names(evaluator, client_for, sheffield):
    html = client_for(evaluator).get(URL).content.decode()
    assert ">A<" not in html and ">B<" not in html


@pytest.mark.parametrize("rows", [1, 50])
def test_pipeline_runs_a_constant_number_of_queries(coordinator, client_for, rows, django_assert_num_queries):
    for n in range(rows):
        site = HostSiteFactory()
        training = event_with_days(12, 10, site=site, starts_on=RECENTLY)
        facilitator = FacilitatorFactory(site=site)
        ParticipantFactory(event=training, facilitator=facilitator, name="")
        _meeting(GroupFactory(site=site), datetime.date.today() - datetime.timedelta(days=n % 20), facilitator)
    c = client_for(coordinator)
    # session, user, role groups, programmes (the period control), sites, training days (in the period),
    # participations, the trained facilitators' meetings, first meetings, illustrative marks, session save and the
    # middleware
    with django_assert_num_queries(QUERIES_PIPELINE):
        response = c.get(URL)
    assert sum(row.trainings for row, _ in response.context["rows"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_a_site_contacts_pipeline_runs_a_constant_number_of_queries(
    site_contact_a, site_a, client_for, rows, django_assert_num_queries
):
    for n in range(rows):
        for site in (site_a, HostSiteFactory()):
            training = event_with_days(12, 10, site=site, starts_on=RECENTLY)
            facilitator = FacilitatorFactory(site=site)
            ParticipantFactory(event=training, facilitator=facilitator, name="")
            _meeting(GroupFactory(site=site), datetime.date.today() - datetime.timedelta(days=n % 20), facilitator)
    c = client_for(site_contact_a)
    # as the coordinator's, the sites being the contact's
    with django_assert_num_queries(QUERIES_PIPELINE):
        response = c.get(URL)
    assert [row.site for row, _ in response.context["rows"]] == [site_a]
    assert response.context["rows"][0][0].trainings == rows


QUERIES_PIPELINE = 13
RECENTLY = datetime.date.today() - datetime.timedelta(days=60)  # in the default period, the last 12 months
