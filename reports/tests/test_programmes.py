"""Reports for a programme: its period and its sites only, its name in the title."""

from datetime import date

import pytest

from groups.models import Meeting
from groups.tests.factories import GroupFactory, MeetingFactory
from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory
from reports.document import ReportError
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.suppress import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_programmes(site_a, site_b):
    pilot = ProgrammeFactory(name="Pilot", starts_on=date(2008, 4, 1), ends_on=date(2010, 3, 31))
    later = ProgrammeFactory(name="Continuation", starts_on=date(2010, 4, 1), ends_on=date(2012, 3, 31))
    ProgrammeSiteFactory(programme=pilot, site=site_a)
    ProgrammeSiteFactory(programme=pilot, site=site_b, left_on=date(2009, 12, 1))
    ProgrammeSiteFactory(programme=later, site=site_a, joined_on=date(2010, 4, 1))
    group_a, group_b = GroupFactory(site=site_a, name="A"), GroupFactory(site=site_b, name="B")
    MeetingFactory(group=group_a, date=date(2009, 10, 6), attendance=9)
    MeetingFactory(group=group_b, date=date(2009, 10, 8), attendance=8)
    MeetingFactory(group=group_a, date=date(2010, 10, 5), attendance=10)
    return pilot, later


def _build(kind, **parameters):
    return KINDS[kind](parameters={**parameters, "figures": "exact"}, audience=FULL_AUDIENCE).build()


def test_a_programme_report_covers_its_period_and_its_sites_only(two_programmes):
    pilot, later = two_programmes
    report = _build("evaluation_pack", programme=later.pk)
    assert report.title == "Evaluation pack: Continuation"
    assert ("Programme", "Continuation") in report.filters and ("From", "01/04/2010") in report.filters
    variations = publish(next(t for t in report.tables() if t.key == "variations"))
    assert [(r[0], r[2]) for r in variations.rows] == [("Alpha Town", 1)]  # the 2010 meeting, site A only
    pilot_pack = _build("evaluation_pack", programme=pilot.pk)
    rows = publish(next(t for t in pilot_pack.tables() if t.key == "variations")).rows
    assert [(r[0], r[2]) for r in rows] == [("Alpha Town", 1), ("Beta City", 1)]
    assert Meeting.objects.count() == 3


def test_dates_narrow_a_programme_and_never_widen_it(two_programmes):
    pilot, _ = two_programmes
    kind = KINDS["monitoring"](
        parameters={"programme": pilot.pk, "date_from": "2001-01-01", "date_to": "2009-10-07"}, audience=FULL_AUDIENCE
    )
    assert (kind.date_from, kind.date_to) == (date(2008, 4, 1), date(2009, 10, 7))
    assert kind.as_of == date(2009, 10, 7)


def test_an_unknown_programme_is_a_clear_error(db):
    with pytest.raises(ReportError, match="no such programme"):
        _build("monitoring", programme=999)
