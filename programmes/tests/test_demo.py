"""The demo's programmes: the pilot (its dates, funder and the sites that took part, joined and left as the sites'
own histories say: selected; withdrawn), then the illustrative continuation for the sites whose groups carried on."""

import datetime
import io

import pytest

from programmes import demo as programmes_demo
from programmes.models import Programme, ProgrammeSite

D = datetime.date


def _pilot():
    return Programme.objects.get(name=programmes_demo.PILOT["name"])


@pytest.fixture
def demo(db):
    from sites import demo as sites_demo

    sites_demo.load(out=io.StringIO())
    programmes_demo.load(out=io.StringIO())


def test_the_pilot_runs_april_2008_to_march_2010_for_the_department_of_health(demo):
    pilot = _pilot()
    assert pilot.name == "SMART Recovery pilot (Department of Health), April 2008 – March 2010"
    assert (pilot.funder, pilot.starts_on, pilot.ends_on) == ("Department of Health", D(2008, 4, 1), D(2010, 3, 31))
    assert not pilot.is_illustrative


def test_the_selected_sites_take_part_from_their_selection_until_they_withdrew(demo):
    pilot = _pilot()
    rows = {m.site.slug: (m.joined_on, m.left_on) for m in pilot.memberships.select_related("site")}
    assert set(rows) == {"birmingham", "sheffield", "norwich", "croydon", "gateshead", "cumbria", "cornwall"}
    for slug in ("birmingham", "sheffield", "croydon", "gateshead"):
        assert rows[slug] == (D(2008, 9, 24), None), slug
    assert rows["cumbria"] == (D(2009, 1, 28), None)  # the replacement for Cornwall, selected in January 2009
    assert rows["cornwall"][0] == D(2008, 9, 24) and rows["cornwall"][1] is not None  # withdrew (below)
    assert rows["norwich"][1] == D(2009, 12, 8)
    assert all(pilot.starts_on <= joined <= pilot.ends_on for joined, _ in rows.values())


def test_dates_follow_the_sites_histories(demo):
    from sites.demo_data import HISTORIES

    cornwall = ProgrammeSite.objects.get(programme=_pilot(), site__slug="cornwall")
    withdrawn = next(on for on, status, _ in HISTORIES["cornwall"] if status == "withdrawn")
    assert cornwall.left_on == withdrawn


def test_loading_twice_changes_nothing(demo):
    before = list(ProgrammeSite.objects.values_list("programme", "site", "joined_on", "left_on").order_by("site"))
    programmes_demo.load(out=io.StringIO())
    assert Programme.objects.count() == 2
    assert (
        list(ProgrammeSite.objects.values_list("programme", "site", "joined_on", "left_on").order_by("site")) == before
    )


def test_the_continuation_is_illustrative_runs_today_and_holds_the_sites_whose_groups_carried_on(demo):
    from django.utils import timezone

    continuation = Programme.objects.get(name=programmes_demo.CONTINUATION["name"])
    assert continuation.is_illustrative
    assert continuation.starts_on == D(2010, 4, 1) == _pilot().ends_on + datetime.timedelta(days=1)
    assert continuation.starts_on <= timezone.localdate() <= continuation.ends_on
    assert (continuation.ends_on.month, continuation.ends_on.day) == (3, 31)
    rows = {m.site.slug: (m.joined_on, m.left_on) for m in continuation.memberships.select_related("site")}
    # Cornwall withdrew and Norwich's group closed: neither carries on
    assert "cornwall" not in rows and "norwich" not in rows and rows
    assert set(rows) <= {"birmingham", "sheffield", "croydon", "gateshead", "cumbria"}
    assert all(value == (D(2010, 4, 1), None) for value in rows.values())
