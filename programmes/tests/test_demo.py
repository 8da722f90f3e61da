"""The demo's pilot programme: its dates, funder and the sites that took part, joined and left as the sites' own
histories say (selected; withdrawn)."""

import datetime
import io

import pytest

from programmes import demo as programmes_demo
from programmes.models import Programme, ProgrammeSite

D = datetime.date


@pytest.fixture
def demo(db):
    from sites import demo as sites_demo

    sites_demo.load(out=io.StringIO())
    programmes_demo.load(out=io.StringIO())


def test_the_pilot_runs_april_2008_to_march_2010_for_the_department_of_health(demo):
    pilot = Programme.objects.get()
    assert pilot.name == "SMART Recovery pilot (Department of Health), April 2008 – March 2010"
    assert (pilot.funder, pilot.starts_on, pilot.ends_on) == ("Department of Health", D(2008, 4, 1), D(2010, 3, 31))
    assert not pilot.is_illustrative


def test_the_selected_sites_take_part_from_their_selection_until_they_withdrew(demo):
    rows = {m.site.slug: (m.joined_on, m.left_on) for m in ProgrammeSite.objects.select_related("site")}
    assert set(rows) == {"birmingham", "sheffield", "norwich", "croydon", "gateshead", "cumbria", "cornwall"}
    for slug in ("birmingham", "sheffield", "croydon", "gateshead"):
        assert rows[slug] == (D(2008, 9, 24), None), slug
    assert rows["cumbria"] == (D(2008, 11, 27), None)  # the replacement for Cornwall
    assert rows["cornwall"][0] == D(2008, 9, 24) and rows["cornwall"][1] is not None  # withdrew (below)
    assert rows["norwich"][1] == D(2009, 12, 8)
    pilot = Programme.objects.get()
    assert all(pilot.starts_on <= joined <= pilot.ends_on for joined, _ in rows.values())


def test_dates_follow_the_sites_histories(demo):
    from sites.demo_data import HISTORIES

    cornwall = ProgrammeSite.objects.get(site__slug="cornwall")
    withdrawn = next(on for on, status, _ in HISTORIES["cornwall"] if status == "withdrawn")
    assert cornwall.left_on == withdrawn


def test_loading_twice_changes_nothing(demo):
    before = list(ProgrammeSite.objects.values_list("programme", "site", "joined_on", "left_on").order_by("site"))
    programmes_demo.load(out=io.StringIO())
    assert Programme.objects.count() == 1
    assert (
        list(ProgrammeSite.objects.values_list("programme", "site", "joined_on", "left_on").order_by("site")) == before
    )
