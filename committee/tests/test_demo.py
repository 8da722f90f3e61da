"""The committee's demo loads again without duplicating anything, and its pages show it."""

import io

import pytest
from django.urls import reverse

from committee import demo as committee_demo
from committee.models import CommitteeAction, CommitteeMeeting


@pytest.fixture
def demo(db):
    from programmes import demo as programmes_demo
    from sites import demo as sites_demo

    sites_demo.load(out=io.StringIO())
    programmes_demo.load(out=io.StringIO())
    committee_demo.load(out=io.StringIO())


def test_loading_twice_changes_nothing(demo):
    before = (CommitteeMeeting.objects.count(), CommitteeAction.objects.count())
    committee_demo.load(out=io.StringIO())
    assert (CommitteeMeeting.objects.count(), CommitteeAction.objects.count()) == before == (7, 5)


def test_the_june_2009_meeting_reads_as_the_report_says(demo, client_for, observer):
    june = CommitteeMeeting.objects.get(held_on__year=2009, held_on__month=6)
    page = client_for(observer).get(june.get_absolute_url()).content.decode()
    assert "Professionals may be involved in meetings but should not facilitate them." in page
    assert "illustrative" in page  # its action is made up, and says so
    listing = client_for(observer).get(reverse("committee:list")).content.decode()
    assert "Name a local champion at every site" in listing.split('id="overdue-h"')[1].split("</section>")[0]
