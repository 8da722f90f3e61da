"""End to end on a phone: a member fills in the public questionnaire; a skip rule and a constraint fire."""

import datetime
from pathlib import Path

import pytest

from evaluation.models import Answer, Response
from evaluation.services import questionnaire_import, round_create
from pilot.testing.browser import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.browser
MEMBERS_FORM = Path(__file__).resolve().parents[2] / "demo_data" / "members_autumn_2009.xlsx"


@pytest.fixture
def open_round(site_a, group_a):
    version = questionnaire_import(data=MEMBERS_FORM.read_bytes(), audience="group_members")
    today = datetime.date.today()
    return round_create(
        questionnaire=version.questionnaire,
        name="Autumn, Alpha Tuesday group",
        site=site_a,
        group=group_a,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
    )


def test_member_fills_in_the_form_on_a_phone_with_a_skip_rule(browser_page, open_round):
    page, base_url = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}{open_round.get_public_url()}")
    which = page.locator('[data-question="which_groups"]')
    assert page.get_by_role("heading", level=1).inner_text() == "SMART Recovery group members, autumn 2009"
    assert which.is_hidden()  # skipped until "Have you been to other self-help groups?" is answered yes
    screenshot(page, "public-questionnaire")
    assert_accessible(page)

    page.locator('[data-question="gender"]').get_by_label("Female").check()
    page.get_by_label("How old are you?").fill("12")
    page.locator('[data-question="previous_groups"]').get_by_label("Yes").check()
    assert which.is_visible()  # the skip rule fired
    which.get_by_label("Alcoholics Anonymous (AA)").check()
    which.get_by_label("An NHS group").check()
    page.locator('[data-question="services_used"]').get_by_label("General Practitioner").check()

    page.get_by_role("button", name="Send my answers").click()
    # The constraint stops the form in the browser, with the form's own message at the question.
    assert page.get_by_text("Please give an age between 16 and 100.").is_visible()
    assert not Response.objects.exists()
    screenshot(page, "public-questionnaire-error")
    assert_accessible(page)

    page.get_by_label("How old are you?").fill("44")
    page.locator('[data-question="previous_groups"]').get_by_label("No").check()
    assert which.is_hidden()
    page.locator('[data-question="previous_groups"]').get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/thanks/")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    screenshot(page, "public-questionnaire-thanks")

    saved = Response.objects.get()
    assert not saved.is_paper and saved.round == open_round
    picked = set(Answer.objects.filter(question__name="which_groups").values_list("choice__name", flat=True))
    assert picked == {"aa", "nhs"}
    assert Answer.objects.get(question__name="age").number_value == 44


def test_hidden_answers_are_not_sent_when_the_skip_rule_closes(browser_page, open_round):
    page, base_url = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}{open_round.get_public_url()}")
    page.locator('[data-question="gender"]').get_by_label("Male", exact=True).check()
    page.get_by_label("How old are you?").fill("50")
    page.locator('[data-question="previous_groups"]').get_by_label("Yes").check()
    page.locator('[data-question="which_groups"]').get_by_label("Narcotics Anonymous (NA)").check()
    page.locator('[data-question="previous_groups"]').get_by_label("No").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/thanks/")
    assert not Answer.objects.filter(question__name="which_groups").exists()
