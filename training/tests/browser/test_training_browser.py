"""End to end: the coordinator opens the training pipeline and an event at desktop and phone widths."""

import datetime

import pytest

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD
from sites.tests.factories import HostSiteFactory
from training.models import EventKind
from training.tests.factories import (
    DelegateCountFactory,
    EventFactory,
    FacilitatorFactory,
    ParticipantFactory,
    event_with_days,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def story(db):
    gateshead = HostSiteFactory(name="Gateshead", slug="gateshead-b")
    sheffield = HostSiteFactory(name="Sheffield", slug="sheffield-b")
    event_with_days(
        25, 12, site=gateshead, title="Facilitator training, Gateshead", starts_on=datetime.date(2009, 4, 21)
    )
    training = event_with_days(10, 10, site=sheffield, title="Facilitator training, Sheffield")
    for name in ("Ann", "Bob", "Cy"):
        ParticipantFactory(event=training, facilitator=FacilitatorFactory(site=sheffield, display_name=name), name="")
    conference = EventFactory(kind=EventKind.CONFERENCE, site=None, title="Final conference")
    DelegateCountFactory(event=conference, sector="statutory", organisation="Primary care trusts", count=24)
    DelegateCountFactory(event=conference, sector="non_statutory", organisation="Addaction", count=38)
    return conference


def test_coordinator_reads_pipeline_and_event_on_desktop_and_phone(browser_page, coordinator, story):
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)

    # The trainings were in 2009: the pipeline is read for that year (its default is the current period).
    page.goto(f"{base_url}/training/pipeline/?period=2009")
    assert page.get_by_role("alert").filter(has_text="Gateshead").is_visible()
    screenshot(page, "pipeline")
    assert_accessible(page)

    page.goto(f"{base_url}/training/{story.pk}/")
    assert page.get_by_text("62 delegates").is_visible()
    screenshot(page, "event")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    for path, name in (
        ("/training/pipeline/?period=2009", "pipeline"),
        ("/training/", "events"),
    ):
        page.goto(f"{base_url}{path}")
        # Nothing wider than the phone except inside scrollable tables.
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        screenshot(page, name)
        assert_accessible(page)


def test_illustrative_figures_carry_a_marker_that_explains_itself(browser_page, coordinator, story):
    from pilot import illustrative
    from training.models import DelegateCount, Event, EventDay

    sheffield = Event.objects.get(title="Facilitator training, Sheffield")
    note = "Illustrative: the report gives 63 trained in all, not this training's numbers."
    marks = [(day, "attendance", note) for day in sheffield.days.all()]
    marks += [(d, "count", "Illustrative: not the report's count.") for d in DelegateCount.objects.all()]
    illustrative.record(marks, models=[EventDay, DelegateCount])
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)

    for viewport in (None, PHONE):
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(f"{base_url}{sheffield.get_absolute_url()}")
        markers = page.locator(".illustrative")
        assert markers.count() == 2 and markers.first.is_visible()
        assert markers.first.get_attribute("title") == note
        assert note in markers.first.text_content()  # what a screen reader reads
        screenshot(page, "event-illustrative")
        assert_accessible(page)
    page.goto(f"{base_url}/training/{story.pk}/")
    assert page.locator("th .illustrative").count() == 2  # the delegates column of each sector
    assert_accessible(page)
