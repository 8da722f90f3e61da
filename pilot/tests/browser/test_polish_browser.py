"""End to end over the demo on a phone: no page scrolls sideways as a whole, a wide table says it scrolls,
chart text is 12 CSS px or more, button labels sit in the middle, a question's text looks the same whether
it is a box or a list of choices."""

import datetime

import pytest
from django.core.management import call_command

from pilot.testing.browser import DESKTOP, PHONE, login, screenshot

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "smart-pilot-2009"

# The smallest chart text on the page, in CSS px as drawn (an SVG's viewBox scales its text).
SMALLEST_CHART_TEXT = """() => {
  const sizes = [...document.querySelectorAll('svg text')].filter(t => t.getClientRects().length).map(t => {
    const matrix = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(matrix.a, matrix.b);
  });
  return sizes.length ? Math.min(...sizes) : null;
}"""
# How far a button's label sits from the middle of its button, in px.
LABEL_OFF_CENTRE = """(name) => {
  const button = [...document.querySelectorAll('.btn')].find(b => b.textContent.trim() === name);
  const range = document.createRange();
  range.selectNodeContents(button);
  const text = range.getBoundingClientRect(), box = button.getBoundingClientRect();
  return Math.abs((text.top + text.bottom) / 2 - (box.top + box.bottom) / 2);
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("load_pilot_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_the_coordinators_pages_fit_a_phone_and_wide_content_scrolls_in_its_box(browser_page, demo):
    from groups.models import Group
    from programmes.models import Programme

    page, base_url = browser_page
    login(page, base_url, "coordinator", DEMO_PASSWORD)
    pilot = Programme.objects.order_by("starts_on").first()
    group = Group.objects.get(name="Sheffield")
    budget = f"/budget/?period=p{pilot.pk}"
    page.set_viewport_size(PHONE)
    pages = [budget, "/groups/meetings/", "/audit/", "/groups/", "/evaluation/", "/sites/", "/sites/applications/"]
    pages += ["/sites/timeline/", "/sites/log/", group.get_absolute_url(), "/sites/sheffield/", "/no-such-page/"]
    for path in pages:
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
        assert overflow(page) <= 0, f"{path} scrolls sideways by {overflow(page)}px at 375px"
        smallest = page.evaluate(SMALLEST_CHART_TEXT)
        assert smallest is None or smallest >= 11.9, f"chart text on {path} is {smallest:.1f}px"
        screenshot(page, f"polish{path.split('?')[0].replace('/', '-')}")

    # The budget's wide tables scroll inside their box, which says so; the caption stays whole in view.
    page.goto(f"{base_url}{budget}")
    hint = page.locator(".scroll-hint").first
    assert hint.is_visible() and hint.inner_text().startswith("Scroll sideways")
    caption = page.locator(".budget-table caption").first.bounding_box()
    assert caption["x"] >= 0 and caption["x"] + caption["width"] <= PHONE["width"]
    assert page.evaluate(LABEL_OFF_CENTRE, "Show") <= 1.5
    assert page.evaluate(SMALLEST_CHART_TEXT) >= 11.9  # the spending chart is drawn
    page.goto(f"{base_url}{group.get_absolute_url()}")
    assert page.evaluate(SMALLEST_CHART_TEXT) >= 11.9  # the attendance chart is drawn

    # At a desktop width nothing overflows, so no hint shows; the page itself never scrolls sideways.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/groups/")
    assert not page.locator(".scroll-hint:visible").count()
    for path in ("/groups/", "/sites/", "/"):
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
        assert overflow(page) <= 0, f"{path} scrolls sideways by {overflow(page)}px at a desktop width"


def test_every_question_of_the_public_form_looks_alike_and_only_required_ones_are_starred(browser_page, demo):
    from evaluation.models import Questionnaire
    from evaluation.services import round_create
    from sites.models import HostSite

    page, base_url = browser_page
    today = datetime.date.today()
    round_ = round_create(questionnaire=Questionnaire.objects.get(form_id="members_autumn_2009"), name="Now",
                          site=HostSite.objects.get(slug="sheffield"), opens_on=today, closes_on=today)  # fmt: skip
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}{round_.get_public_url()}")
    assert overflow(page) <= 0
    weight = "(el) => getComputedStyle(el).fontWeight + ' ' + getComputedStyle(el).fontSize"
    required_list = page.locator("#div_id_gender legend").evaluate(weight)
    required_box = page.locator("label[for=id_age]").evaluate(weight)
    optional_list = page.locator("#div_id_treatment legend").evaluate(weight)
    assert required_list == required_box == optional_list
    assert page.get_by_text("is anonymous").count() == 1
    # The exclusive choices: ticking "Never" with "Yes, currently" is refused at the question.
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("How old are you?").fill("40")
    page.get_by_label("Yes, currently").check()
    page.get_by_label("Never").check()
    page.locator("#submit-id-submit").click()
    assert page.get_by_text('"Never" cannot go with a "Yes" answer').first.is_visible()
    screenshot(page, "public-form-exclusive-choices")
