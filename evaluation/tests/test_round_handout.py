"""A round ready to hand out: its page with the public link, a copy button and a QR code; its A4 poster."""

import datetime
import re

import pytest
import segno
from django.urls import reverse

from evaluation.models import CollectionRound
from evaluation.qr import QUIET_ZONE, qr_code
from evaluation.tests.factories import CollectionRoundFactory

pytestmark = pytest.mark.django_db
NEW_ROUND = reverse("evaluation:round_create", args=["checkin"])


def _modules(svg_path: str, size: int) -> list[list[bool]]:
    """The module matrix an SVG path of the page draws, read back from its 'M x y h w v1 h-w z' squares."""
    grid = [[False] * size for _ in range(size)]
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg_path):
        for dx in range(int(width)):
            grid[int(y)][int(x) + dx] = True
    return grid


def _expected_modules(url: str) -> list[list[bool]]:
    return [[bool(m) for m in row] for row in segno.make(url, error="m").matrix_iter(border=QUIET_ZONE)]


def _svg(page: str, qr_id: str) -> tuple[int, str]:
    svg = re.search(rf'<svg class="qr-code" viewBox="0 0 (\d+) \1".*?aria-labelledby="{qr_id}-title".*?</svg>', page)
    assert svg, f"no QR code {qr_id} on the page"
    path = re.search(r'<path class="qr-modules" fill="#000" d="([^"]+)"', svg.group(0)).group(1)
    return int(svg.group(1)), path


def test_the_qr_code_draws_exactly_the_modules_of_its_data():
    url = "https://pilot.example.org/q/abcdefghijklmnopqrstuvwxyz012345/"
    code = qr_code(url)
    assert code.size == len(_expected_modules(url))
    assert _modules(code.path, code.size) == _expected_modules(url)
    assert _modules(code.path, code.size) != _expected_modules(url.replace("abc", "abd"))


def test_opening_a_round_leads_to_its_page_with_link_copy_button_and_qr(client_for, evaluator, questionnaire, group_a):
    data = {"name": "Spring, Alpha", "version": questionnaire.current_version.pk, "site": group_a.site.pk,
            "group": group_a.pk, "opens_on": "2010-03-01", "closes_on": "2010-03-31"}  # fmt: skip
    client = client_for(evaluator)
    response = client.post(NEW_ROUND, data)
    created = CollectionRound.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    page = client.get(created.get_absolute_url()).content.decode()
    url = f"http://testserver/q/{created.token}/"
    assert "is ready: hand out its link or QR code, or print its poster" in page
    assert f'id="public-link" type="text" value="{url}" readonly' in page
    assert 'data-copy-from="public-link"' in page and "js/round-handout" in page
    assert "<script>" not in page  # no inline script (CSP)
    size, path = _svg(page, "round-qr")
    assert _modules(path, size) == _expected_modules(url)  # the code on the page opens the round's link
    assert reverse("evaluation:round_poster", args=[created.pk]) in page
    assert "1 March 2010 to 31 March 2010" in page and "Alpha Tuesday group" in page


def test_the_poster_has_the_title_dates_qr_and_anonymity_promise(client_for, site_contact_a, round_a):
    round_a.questionnaire.title = "Members & friends <survey>"
    round_a.questionnaire.save()
    page = client_for(site_contact_a).get(reverse("evaluation:round_poster", args=[round_a.pk])).content.decode()
    url = f"http://testserver/q/{round_a.token}/"
    assert '<h1 class="poster-title" id="poster-title">Members &amp; friends &lt;survey&gt;</h1>' in page
    assert "Open from <strong>1 October 2009</strong> to <strong>30 November 2009</strong>" in page
    assert f'<p class="poster-url">{url}</p>' in page
    assert "<strong>Anonymous.</strong> This questionnaire is anonymous" in page and "never who you are" in page
    size, path = _svg(page, "poster-qr")
    assert _modules(path, size) == _expected_modules(url)
    assert "css/poster.css" in page and "<script>" not in page


def test_the_poster_prints_on_one_a4_page():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "poster.css").read_text()
    assert re.search(r"@media print\s*{\s*@page\s*{\s*size:\s*A4;", css)
    assert "break-inside: avoid" in css


def test_a_round_of_another_site_is_404_and_observers_see_no_link(client_for, personas, round_a):
    for who in ("site_contact_b", "facilitator_b"):
        for name in ("evaluation:round_detail", "evaluation:round_poster"):
            assert client_for(personas[who]).get(reverse(name, args=[round_a.pk])).status_code == 404
    page = client_for(personas["observer"]).get(round_a.get_absolute_url()).content.decode()
    assert round_a.token not in page and "qr-code" not in page and "Autumn A" in page
    assert (
        client_for(personas["observer"]).get(reverse("evaluation:round_poster", args=[round_a.pk])).status_code == 403
    )
    assert client_for(personas["facilitator_a"]).get(round_a.get_absolute_url()).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, round_a):
    for name in ("evaluation:round_detail", "evaluation:round_poster"):
        response = client.get(reverse(name, args=[round_a.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_round_page_counts_responses_through_the_disclosure_policy(client_for, personas, round_a):
    from evaluation.models import Response

    Response.objects.bulk_create(
        Response(round=round_a, version=round_a.version, submitted_on=datetime.date(2009, 10, 2)) for _ in range(3)
    )
    count = re.compile(r"<dt class=\"col-sm-3\">Responses</dt><dd class=\"col-sm-9\">(.*?)<")
    assert count.search(client_for(personas["evaluator"]).get(round_a.get_absolute_url()).content.decode())[1] == "3"
    assert count.search(client_for(personas["observer"]).get(round_a.get_absolute_url()).content.decode())[1] == "*"


def test_the_round_forms_groups_carry_their_site_for_the_page_to_filter(
    client_for, evaluator, questionnaire, group_a, group_b
):
    page = client_for(evaluator).get(NEW_ROUND).content.decode()
    assert 'data-filter-by="id_site"' in page and "js/round-form.js" in page
    assert f'value="{group_a.pk}" data-site="{group_a.site_id}"' in page
    assert f'value="{group_b.pk}" data-site="{group_b.site_id}"' in page


def test_questionnaire_page_links_each_round_to_its_handout_page(client_for, evaluator, round_a):
    other = CollectionRoundFactory(questionnaire=round_a.questionnaire, group=round_a.group, name="Winter A")
    page = client_for(evaluator).get(round_a.questionnaire.get_absolute_url()).content.decode()
    assert round_a.get_absolute_url() in page and other.get_absolute_url() in page
    assert "Link, QR code and poster" in page
