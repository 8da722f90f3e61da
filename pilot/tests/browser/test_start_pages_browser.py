"""Every role's start page in Chromium at 375 and 1280 px: what the role comes for is on a phone's first screen,
the page never scrolls sideways, and axe finds nothing moderate, serious or critical."""

import datetime

import pytest
from django.utils import timezone

from evaluation.models import Response
from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory
from pilot.testing.browser import DESKTOP, PHONE, axe_violations, login, screenshot
from pilot.tests.factories import PASSWORD
from reports.models import ReportRequest, ReportShare

pytestmark = pytest.mark.browser

# (persona, the panel heading that must be on a phone's first screen)
FIRST = {
    "coordinator": "Overdue follow-ups",
    "site_contact_a": "Your site",
    "facilitator_a": "My groups",
    "evaluator": "Questionnaires open now",
    "observer": "Shared with you",
}


@pytest.fixture
def start_page_world(personas, group_a, site_a):
    today = timezone.localdate()
    questionnaire = QuestionnaireFactory()
    open_round = CollectionRoundFactory(
        questionnaire=questionnaire,
        group=group_a,
        name="This month, Alpha Tuesday group",
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=20),
    )
    Response.objects.bulk_create(
        Response(round=open_round, version=open_round.version, submitted_on=today) for _ in range(12)
    )
    for role, kind in (("observer", "monitoring"), ("evaluator", "evaluation_pack")):
        report = ReportRequest.objects.create(
            requested_by=personas["coordinator"], kind=kind, parameters={"site": site_a.slug} if role == "observer"
            else {}, format="pdf", status="done", file=f"reports/x/{kind}.pdf", built_for="coordinator",
        )  # fmt: skip
        ReportShare.objects.create(request=report, role=role, shared_by=personas["coordinator"])
    return personas


def _check(page, name: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    bad = axe_violations(page, impacts=("moderate", "serious", "critical"))
    summary = "\n".join(f"{v['impact']}: {v['id']} - {v['help']}" for v in bad)
    assert not bad, f"accessibility violations on {name}:\n{summary}"


@pytest.mark.parametrize("persona", list(FIRST))
def test_each_roles_start_page_leads_with_what_it_comes_for(browser_page, start_page_world, persona):
    page, base_url = browser_page
    login(page, base_url, start_page_world[persona].username, PASSWORD)
    heading = page.get_by_role("heading", level=2, name=FIRST[persona], exact=True)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"{base_url}/")
        box = heading.bounding_box()
        assert box is not None, f"{FIRST[persona]} is not on {persona}'s start page"
        if viewport is PHONE:
            # The heading and the first lines under it are within the first screen, without scrolling.
            assert box["y"] + box["height"] + 60 <= PHONE["height"], f"{FIRST[persona]} is below the first screen"
            page.screenshot(path=str(screenshot(page, f"start-{persona}")).replace(".png", "-first-screen.png"))
        else:
            screenshot(page, f"start-{persona}")
        _check(page, f"{persona}'s start page at {viewport['width']}px")


def test_the_demo_banner_sits_in_the_page_header_landmark(browser_page, start_page_world, settings):
    """With the demo on, its banner is part of the header (axe's "region" rule: no content outside landmarks),
    and the page still has nothing moderate or worse at either width."""
    settings.PILOT_DEMO = True
    page, base_url = browser_page
    login(page, base_url, start_page_world["observer"].username, PASSWORD)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"{base_url}/")
        assert page.locator("header .demo-banner").count() == 1
        _check(page, f"the demo's start page at {viewport['width']}px")
