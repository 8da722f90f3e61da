import csv
import io
from datetime import date

import pytest

from network import timeline
from sites.tests.factories import ProgressEntryFactory, with_history
from sites.timeline import TimelineEntry, by_month, to_csv

pytestmark = pytest.mark.django_db


def test_timeline_gathers_status_changes_milestones_and_every_apps_entries(site_a):
    from groups.tests.factories import GroupFactory, MeetingFactory
    from training.tests.factories import event_with_days

    with_history(site_a, ("applied", date(2008, 8, 20)), ("selected", date(2008, 9, 24)))
    ProgressEntryFactory(site=None, day=date(2008, 4, 1), kind="milestone", note="Grant begins.")
    ProgressEntryFactory(site=site_a, day=date(2009, 1, 5), kind="contact", note="A phone call")
    from groups.tests.conftest import make_meeting_group

    group = make_meeting_group(GroupFactory(site=site_a, name="Test"), since=date(2009, 3, 17))
    MeetingFactory(group=group, date=date(2009, 3, 17))
    event_with_days(12, 10, site=site_a, title="Alpha training", starts_on=date(2009, 2, 3))
    entries = timeline.collect([site_a.pk])
    assert [(e.day, e.kind) for e in entries] == [
        (date(2008, 4, 1), "milestone"),
        (date(2008, 9, 24), "status"),
        (date(2009, 2, 3), "training"),
        (date(2009, 3, 17), "first_meeting"),
        (date(2009, 3, 17), "status"),  # the group began meeting
    ]
    assert entries[1].text == "Alpha Town: selected"


def test_a_site_timeline_leaves_out_network_entries_and_other_sites(site_a, site_b):
    with_history(site_b, ("selected", date(2008, 9, 24)))
    ProgressEntryFactory(site=None, day=date(2008, 4, 1), kind="milestone", note="Grant begins.")
    ProgressEntryFactory(site=site_a, day=date(2009, 3, 17), kind="milestone", note="First meeting")
    entries = timeline.collect([site_a.pk], network_entries=False)
    assert [e.text for e in entries] == ["Alpha Town: First meeting"]


def test_months_run_without_gaps_from_first_to_last_entry():
    entries = [
        TimelineEntry(date(2008, 11, 3), "status", "a"),
        TimelineEntry(date(2009, 2, 9), "status", "b"),
        TimelineEntry(date(2009, 2, 1), "milestone", "c"),
    ]
    months = by_month(sorted(entries, key=lambda e: e.day))
    assert [m.first_day for m in months] == [date(2008, 11, 1), date(2008, 12, 1), date(2009, 1, 1), date(2009, 2, 1)]
    assert [e.text for e in months[3].entries] == ["c", "b"]
    assert months[1].entries == []


def test_csv_neutralises_cells_a_spreadsheet_would_run():
    entries = [
        TimelineEntry(date(2009, 3, 1), "milestone", text) for text in ("=HYPERLINK(1)", "+1", "-2", "@x", "\tx", "ok")
    ]
    rows = list(csv.reader(io.StringIO(to_csv(entries, {}))))
    assert rows[0] == ["month", "date", "site", "kind", "text"]
    assert [r[4] for r in rows[1:]] == ["'=HYPERLINK(1)", "'+1", "'-2", "'@x", "'\tx", "ok"]
    assert rows[1][:3] == ["March 2009", "01/03/2009", "Network"]


def test_csv_names_the_site_and_neutralises_a_hostile_site_name():
    entries = [TimelineEntry(date(2009, 3, 1), "status", "x", site_id=7)]
    rows = list(csv.reader(io.StringIO(to_csv(entries, {7: "=cmd"}))))
    assert rows[1][2] == "'=cmd"


def test_groups_first_and_last_held_meetings_are_on_the_timeline_with_links_to_the_group(site_a):
    from groups.models import GroupStatus
    from groups.tests.conftest import make_meeting_group
    from groups.tests.factories import GroupFactory, MeetingFactory

    meeting = make_meeting_group(GroupFactory(site=site_a, name="Still"), since=date(2009, 3, 3))
    stopped = GroupFactory(site=site_a, name="Ended", status=GroupStatus.CLOSED)
    for group in (meeting, stopped):
        MeetingFactory(group=group, date=date(2009, 3, 3), held=False, attendance=0)  # not held: not the first meeting
        MeetingFactory(group=group, date=date(2009, 3, 10))
        MeetingFactory(group=group, date=date(2009, 4, 7))
        MeetingFactory(group=group, date=date(2009, 4, 14), held=False, attendance=0)  # nor the last
    entries = {(e.text, e.day, e.url) for e in timeline.collect([site_a.pk]) if e.kind.endswith("_meeting")}
    assert entries == {
        ("Still group first met", date(2009, 3, 10), meeting.get_absolute_url()),
        ("Ended group first met", date(2009, 3, 10), stopped.get_absolute_url()),
        ("Ended group last met", date(2009, 4, 7), stopped.get_absolute_url()),  # a group still meeting has no last
    }


def test_months_newest_first_put_the_latest_month_and_entry_first():
    entries = [
        TimelineEntry(date(2009, 1, 5), "milestone", "January"),
        TimelineEntry(date(2009, 3, 2), "milestone", "early March"),
        TimelineEntry(date(2009, 3, 20), "milestone", "late March"),
    ]
    months = by_month(entries, newest_first=True)
    assert [m.first_day for m in months] == [date(2009, 3, 1), date(2009, 2, 1), date(2009, 1, 1)]
    assert [e.text for e in months[0].entries] == ["late March", "early March"] and months[1].entries == []
