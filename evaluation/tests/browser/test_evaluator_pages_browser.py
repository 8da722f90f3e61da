"""End to end: an evaluator reads the questionnaire page and the summary with its charts, on a desktop and a phone."""

import datetime

import pytest

from evaluation.services import response_create
from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory
from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_evaluator_reads_the_summary_and_the_responses(browser_page, evaluator, group_a):
    round_a = CollectionRoundFactory(questionnaire=QuestionnaireFactory(), group=group_a, site=group_a.site,
                                     name="Autumn 2009, Alpha Tuesday group")  # fmt: skip
    for gender, age in (("male", 40), ("female", 52), ("male", 61)):
        response_create(round=round_a, values={"gender": gender, "age": age, "previous": "no"},
                        submitted_on=datetime.date(2009, 10, 20), is_paper=True)  # fmt: skip
    page, base_url = browser_page
    login(page, base_url, evaluator.username, PASSWORD)
    pages = [
        ("/evaluation/", "questionnaires"),
        ("/evaluation/checkin/", "questionnaire-page"),
        ("/evaluation/checkin/summary/", "summary"),
        ("/evaluation/checkin/responses/", "responses"),
    ]
    for path, name in pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base_url}{path}")
        assert page.get_by_role("heading", level=1).is_visible()
        screenshot(page, f"evaluation-{name}")
        assert_accessible(page)
        page.set_viewport_size(PHONE)
        page.reload()
        # Wide tables scroll inside their own box; the page itself never scrolls sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        screenshot(page, f"evaluation-{name}")
        assert_accessible(page)
    page.goto(f"{base_url}/evaluation/checkin/summary/")
    assert page.locator("svg.bar-chart").count() >= 3
    assert page.get_by_role("img", name="Bar chart of percent of responses for Are you").count() == 1
