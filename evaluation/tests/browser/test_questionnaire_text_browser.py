"""In a real browser: a workbook full of template syntax and HTML is imported through the page, and the
public form and paper entry show its text as typed, run nothing from it and send nothing to another host."""

import datetime
from urllib.parse import urlsplit

import pytest

from evaluation.models import Questionnaire
from evaluation.services import round_create
from evaluation.tests.factories import HOSTILE_TEXT, hostile_xlsform_bytes
from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser
PLACES = ["title", "group", "note", "question", "hint", "choice", "number", "text"]
# One note with the formatting authors may use: it is formatted, and its link is shown, never followed.
FORMATTED = ["note", "formatted", "**Please** answer *honestly*.\nSee [our notice](https://example.org/privacy)."]
LIVE_TAGS = """() => ({
  meta: document.querySelectorAll('meta[http-equiv]').length,
  scripts: [...document.scripts].filter(s => !s.src && s.type !== 'application/json').length,
  bold: [...document.querySelectorAll('b')].filter(b => b.textContent.startsWith('bold')).length,
  images: document.images.length,
})"""


def _watch_hosts(context, base_url):
    """Every request the pages make, and the ones whose host is not the live server's."""
    ours = urlsplit(base_url).netloc
    seen = []
    context.on("request", lambda request: seen.append(request.url))
    return lambda: [u for u in seen if urlsplit(u).scheme != "data" and urlsplit(u).netloc != ours]


def _assert_shown_as_typed(page, places, where, foreign):
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # time for a <meta> refresh or a script to act, had one been made
    assert foreign() == [], f"{where}: requests to another host"
    body = page.locator("body").inner_text()
    missing = [p for p in places if f"{p} {HOSTILE_TEXT}" not in body]
    assert not missing, f"{where}: not shown as typed: {missing}"
    assert "zq113zq1" not in body and f"zq2{datetime.date.today().year}zq2" not in body
    assert page.evaluate(LIVE_TAGS) == {"meta": 0, "scripts": 0, "bold": 0, "images": 0}, where


def test_hostile_questionnaire_text_is_shown_as_typed_and_sends_nothing_away(
    browser_page, browser, coordinator, group_a, tmp_path
):
    page, base_url = browser_page
    foreign = _watch_hosts(page.context, base_url)
    workbook = tmp_path / "hostile.xlsx"
    workbook.write_bytes(hostile_xlsform_bytes(extra_survey=[FORMATTED]))

    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}/evaluation/import/")
    page.get_by_label("XLSForm workbook (.xlsx)").set_input_files(str(workbook))
    page.get_by_label("Who answers it").select_option("group_members")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/evaluation/hostile/")
    _assert_shown_as_typed(page, ["title", "group", "question", "choice"], "questionnaire page", foreign)

    today = datetime.date.today()
    collection_round = round_create(
        questionnaire=Questionnaire.objects.get(form_id="hostile"),
        name="Hostile round",
        site=group_a.site,
        group=group_a,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
    )
    page.goto(f"{base_url}/evaluation/rounds/{collection_round.pk}/paper/")
    _assert_shown_as_typed(page, PLACES, "paper entry", foreign)
    # The formatting subset works; the link's address is on the page and nothing went there.
    note = page.locator('[data-question="formatted"]')
    assert note.locator("strong").inner_text() == "Please" and note.locator("em").inner_text() == "honestly"
    assert "our notice (https://example.org/privacy)" in note.inner_text()
    assert note.locator("a").get_attribute("rel") == "nofollow noopener noreferrer"
    screenshot(page, "hostile-paper-entry")

    page.get_by_label("number", exact=False).fill("5")
    page.get_by_role("button", name="Save this paper response").click()
    # Refused in the browser: the form's own message, set by the script as text.
    _assert_shown_as_typed(page, [*PLACES, "constraint"], "paper entry, refused", foreign)

    public = browser.new_context(viewport=PHONE)
    foreign_public = _watch_hosts(public, base_url)
    respondent = public.new_page()
    respondent.goto(f"{base_url}{collection_round.get_public_url()}")
    _assert_shown_as_typed(respondent, PLACES, "public form", foreign_public)
    assert_accessible(respondent)
    respondent.locator('[data-question="age"] input').fill("5")
    respondent.get_by_role("button", name="Send my answers").click()
    _assert_shown_as_typed(respondent, [*PLACES, "constraint"], "public form, refused", foreign_public)
    screenshot(respondent, "hostile-public-form")
    assert respondent.url == f"{base_url}{collection_round.get_public_url()}"
    public.close()
