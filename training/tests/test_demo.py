"""The demo tells the report's story: 63 trained, Gateshead flagged, 109 conference delegates."""

import datetime
import io

import pytest

from network.pipeline import training_pipeline
from sites.models import HostSite
from training.models import DelegateCount, Event, EventKind
from training.selectors import delegate_summary


@pytest.fixture
def demo(db):
    from groups import demo as groups_demo
    from sites import demo as sites_demo
    from training import demo as training_demo

    out = io.StringIO()
    sites_demo.load(out=out)
    groups_demo.load(out=out)
    training_demo.load(out=out)
    return out


def test_demo_is_idempotent(demo):
    from training import demo as training_demo

    counts = (Event.objects.count(), DelegateCount.objects.count())
    training_demo.load(out=io.StringIO())
    assert (Event.objects.count(), DelegateCount.objects.count()) == counts


def test_six_facilitator_trainings_trained_63_people_and_gateshead_stands_out(demo):
    assert Event.objects.filter(kind=EventKind.FACILITATOR_TRAINING).count() == 6
    assert Event.objects.filter(kind=EventKind.PROFESSIONALS_TRAINING).count() == 4
    rows, network = training_pipeline(sites=list(HostSite.objects.all()), today=datetime.date(2010, 3, 31))
    assert network.trained == 63
    flagged = [row.label for row in rows if row.many_trained_none_facilitating]
    assert flagged == ["Gateshead"]
    gateshead = Event.objects.get(title="Facilitator training, Gateshead")
    assert [d.attendance for d in gateshead.days.all()] == [25, 12]
    birmingham = Event.objects.get(title="Facilitator training, Birmingham")
    assert [d.attendance for d in birmingham.days.all()] == [15, 13]


def test_networking_meetings_in_june_september_and_december_2009(demo):
    months = sorted(e.starts_on.month for e in Event.objects.filter(kind=EventKind.NETWORKING))
    assert months == [6, 9, 12]


def test_conference_delegates_match_the_report(demo):
    conference = Event.objects.get(kind=EventKind.CONFERENCE)
    total, sectors = delegate_summary(list(conference.delegate_counts.all()))
    assert total == 109
    shares = {line.sector: line.percent for line in sectors}
    assert shares == {"statutory": 22, "non_statutory": 78}
    non_statutory = next(line for line in sectors if line.sector == "non_statutory")
    org_shares = {org: pct for org, _, pct in non_statutory.organisations}
    assert (org_shares["Addaction"], org_shares["SMART Recovery"]) == (45, 16)
