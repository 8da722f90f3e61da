"""End to end: an evaluator opens a round, copies its link, and prints its poster on one A4 page; at 375 and
1280 px, with axe finding nothing moderate, serious or critical."""

import io

import pytest
from playwright.sync_api import expect

from evaluation.models import CollectionRound
from evaluation.tests.factories import QuestionnaireFactory
from pilot.testing.browser import DESKTOP, PHONE, axe_violations, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _check(page, name: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    bad = axe_violations(page, impacts=("moderate", "serious", "critical"))
    summary = "\n".join(f"{v['impact']}: {v['id']} - {v['help']}" for v in bad)
    assert not bad, f"accessibility violations on {name}:\n{summary}"


def test_evaluator_opens_a_round_copies_its_link_and_prints_its_poster(browser_page, evaluator, group_a, group_b):
    from pypdf import PdfReader

    QuestionnaireFactory()
    page, base_url = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    login(page, base_url, evaluator.username, PASSWORD)
    page.goto(f"{base_url}/evaluation/checkin/rounds/new/")
    page.get_by_label("Name").fill("Spring, Alpha Tuesday group")
    site = page.get_by_label("Site")
    site.select_option(label=group_a.site.name)
    # The group list offers only the chosen site's groups.
    groups = page.get_by_label("Group")
    assert groups.locator(f'option[value="{group_b.pk}"]').is_disabled()
    assert not groups.locator(f'option[value="{group_a.pk}"]').is_disabled()
    groups.select_option(value=str(group_a.pk))
    page.get_by_label("Opens on").fill("2010-03-01")
    page.get_by_label("Closes on").fill("2010-03-31")
    page.get_by_role("button", name="Open the round").click()

    created = CollectionRound.objects.get()
    assert page.url.endswith(created.get_absolute_url())
    link = page.get_by_label("Public link")
    assert link.input_value() == f"{base_url}/q/{created.token}/"
    page.get_by_role("button", name="Copy").click()
    expect(page.locator("#copy-status")).to_contain_text("copied")
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()
    assert page.get_by_role("img", name=f"QR code: scan it with a phone's camera to open {link.input_value()}").count()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.reload()
        screenshot(page, "round-handout")
        _check(page, f"the round's page at {viewport['width']}px")

    page.get_by_role("link", name="Poster to print (A4)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(created.questionnaire.title)
    expect(page.get_by_role("button", name="Print the poster")).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.reload()
        screenshot(page, "round-poster")
        _check(page, f"the poster at {viewport['width']}px")
    # Printed, the poster is one A4 page with the title, the dates, the code and the promise.
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf.pages[0].extract_text()
    assert created.questionnaire.title in text and "1 March 2010" in text and "Anonymous." in text
    assert "Print the poster" not in text and "Questionnaires" not in text  # no menu or breadcrumbs on paper
