"""End to end: an evaluator uploads an ODK Central export, reads the preview on a desktop and a phone, confirms."""

import datetime

import pytest
from django.utils import timezone

from evaluation.models import Answer, CollectionRound, Response
from evaluation.services import questionnaire_import
from evaluation.tests.test_responses_kobo_odk import ODK_CENTRAL
from evaluation.tests.test_xlsform_kobo_odk import kobo_form
from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_evaluator_previews_an_odk_central_export_then_imports_it(browser_page, evaluator, site_a, tmp_path):
    version = questionnaire_import(data=kobo_form(), filename="members.xlsx")
    today = timezone.localdate()
    days = datetime.timedelta(days=10)
    CollectionRound.objects.create(questionnaire=version.questionnaire, version=version, site=site_a,
                                   name="This month", opens_on=today - days, closes_on=today + days)  # fmt: skip
    export = tmp_path / "members_central.csv"
    export.write_text(ODK_CENTRAL)
    page, base_url = browser_page
    login(page, base_url, evaluator.username, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base_url}/evaluation/members/responses/import/")
    page.set_input_files("input[type=file]", str(export))
    page.get_by_role("button", name="Check and import").click()
    assert page.get_by_text("Nothing has been saved yet.").is_visible()
    assert page.get_by_role("cell", name="about-gender").is_visible()
    assert not Response.objects.exists()
    screenshot(page, "evaluation-responses-preview")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "evaluation-responses-preview")
    assert_accessible(page)
    page.get_by_role("button", name="Import 2 responses").click()
    assert page.get_by_text("Imported 2 responses.").is_visible()
    assert Response.objects.count() == 2


def test_a_kobo_form_with_a_ranking_a_scale_and_a_time_reads_on_a_phone(browser_page, site_a):
    version = questionnaire_import(data=kobo_form(), filename="members.xlsx")
    today = timezone.localdate()
    days = datetime.timedelta(days=10)
    round_ = CollectionRound.objects.create(questionnaire=version.questionnaire, version=version, site=site_a,
                                            name="Now", opens_on=today - days, closes_on=today + days)  # fmt: skip
    page, base_url = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}{round_.get_public_url()}")
    assert page.get_by_label("Place 1").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "evaluation-kobo-public-form")
    assert_accessible(page)
    other = page.get_by_label("Specify other.")
    assert not other.is_visible()  # asked only when "Other" is chosen (or_other)
    page.get_by_role("radio", name="Female").check()
    page.get_by_role("radio", name="Other").check()
    other.fill("A friend")
    page.get_by_label("Place 1").select_option("work")
    page.get_by_label("Place 2").select_option("sleep")
    page.get_by_label("I understand this is anonymous").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/thanks/")
    answers = {a.question.name: a for a in Answer.objects.select_related("question", "choice")}
    assert answers["priorities"].text_value == "work sleep" and answers["agree"].text_value == "OK"
    assert answers["heard"].choice.name == "other" and answers["heard_other"].text_value == "A friend"
