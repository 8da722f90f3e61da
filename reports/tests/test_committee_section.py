"""The monitoring report's committee section: overdue actions as of the report's day, for the committee's readers."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from committee.tests.factories import CommitteeActionFactory, CommitteeMeetingFactory
from reports.kinds import FULL_AUDIENCE, audience_for
from reports.kinds.monitoring import MonitoringReport
from reports.writers import write

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions():
    meeting = CommitteeMeetingFactory(held_on=date(2009, 6, 15))
    CommitteeActionFactory(
        meeting=meeting, description="Name the key actor", owner="Host agency", due_on=date(2009, 9, 1)
    )
    CommitteeActionFactory(meeting=meeting, description="Due later", due_on=date(2010, 1, 1))
    CommitteeActionFactory(meeting=meeting, description="Done already", due_on=date(2009, 7, 1), status="done")


def _section(report):
    return next((s for s in report.sections if s.key == "committee"), None)


def test_the_section_lists_actions_overdue_on_the_reports_day(actions):
    report = MonitoringReport(parameters={"date_to": "2009-10-31"}, audience=FULL_AUDIENCE).build()
    table = _section(report).tables[0]
    assert table.rows == [["Name the key actor", "Host agency", "1 Sep 2009", "15 Jun 2009"]]
    out = io.BytesIO()
    write(report, "pdf", out)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert "Steering committee actions" in text and "Name the key actor" in text and "Due later" not in text


def test_observers_get_it_and_site_contacts_do_not(actions, observer, site_contact_a):
    observed = MonitoringReport(parameters={"date_to": "2009-10-31"}, audience=audience_for(observer)).build()
    assert _section(observed) is not None
    own_site = MonitoringReport(parameters={}, audience=audience_for(site_contact_a)).build()
    assert _section(own_site) is None


def test_nothing_overdue_says_so(observer):
    report = MonitoringReport(parameters={"date_to": "2009-10-31"}, audience=audience_for(observer)).build()
    assert _section(report).paragraphs == ["No steering committee action is overdue as of 31 October 2009."]
    assert _section(report).tables == []
