"""The request form cannot ask nonsense: rounds of the chosen questionnaire, groups of the chosen site, checked on
the server too; the report page and the reports list show the parameters in words."""

import html
import re
from unittest import mock

import pytest
from django.urls import reverse

from reports import services
from reports.document import ReportError
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.models import ReportRequest

pytestmark = pytest.mark.django_db
SEND = "reports.tasks.build_report.apply_async"
URL = reverse("reports:new", args=["questionnaire_summary"])


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return [html.unescape(re.sub(r"<.*?>", "", o)).strip() for o in re.findall(r"<option.*?</option>", select, re.S)]


def test_rounds_offered_are_those_of_the_chosen_questionnaire_and_the_groups_those_of_the_chosen_site(
    client_for, evaluator, world
):
    client = client_for(evaluator)
    page = client.get(URL).content.decode()
    # Nothing chosen yet: no round to pick until a questionnaire is, and the questionnaire known by its title.
    assert _options(page, "round") == ["All rounds"]
    assert "SMART Recovery group members, autumn 2009" in _options(page, "questionnaire")
    assert not any("members_autumn_2009" in o for o in _options(page, "questionnaire"))
    # Without JavaScript: "Update the choices" posts the form back with refresh, and nothing is built.
    page = client.post(URL, {"refresh": "Update the choices", "questionnaire": "members_autumn_2009", "format": "pdf"})
    page = page.content.decode()
    assert _options(page, "round") == [
        "All rounds", "Autumn 2009 at Beta, Beta City", "Autumn 2009 members' questionnaire, Alpha Town",
    ]  # fmt: skip
    assert not ReportRequest.objects.exists()
    assert 'value="members_autumn_2009" selected' in page  # the choice is kept
    page = client.post(URL, {"refresh": "1", "questionnaire": "members_autumn_2009", "site": "beta"}).content.decode()
    assert _options(page, "round") == ["All rounds", "Autumn 2009 at Beta, Beta City"]
    assert _options(page, "group") == ["All groups", "Beta City: Beta Monday", "Beta City: Beta Thursday"]


def test_the_form_asks_itself_again_with_htmx_when_a_questionnaire_or_site_is_chosen(client_for, evaluator, world):
    page = client_for(evaluator).get(URL).content.decode()
    for name in ("questionnaire", "site"):
        tag = page[page.index(f'<select name="{name}"') :].split(">", 1)[0]
        assert f'hx-post="{URL}"' in tag and 'hx-select="#report-form-box"' in tag
        assert 'hx-target="#report-form-box"' in tag
    assert page.count('id="report-form-box"') == 1 and "js/reports.js" in page and "Update the choices" in page


def test_a_round_of_another_questionnaire_is_an_error_at_the_round_field(client_for, evaluator, world):
    with mock.patch(SEND):
        response = client_for(evaluator).post(
            URL, {"format": "pdf", "questionnaire": "members_autumn_2009", "round": world["other_a"].pk}
        )
    assert response.status_code == 200 and not ReportRequest.objects.exists()
    errors = response.context["form"].errors
    assert list(errors) == ["round"]
    assert "“Host agencies 2009” is a round of “Host agencies”, not of the chosen questionnaire" in errors["round"][0]


def test_a_round_at_another_site_and_a_group_of_another_site_are_errors_at_their_fields(
    client_for, evaluator, world, group_a
):
    response = client_for(evaluator).post(
        URL,
        {"format": "pdf", "questionnaire": "members_autumn_2009", "site": "beta", "round": world["members_a"].pk,
         "group": group_a.pk},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert set(errors) == {"round", "group"} and not ReportRequest.objects.exists()
    assert "was held at Alpha Town, not at Beta City" in errors["round"][0]
    assert "Alpha Tuesday meets at Alpha Town, not at Beta City" in errors["group"][0]


def test_a_site_contact_cannot_pick_a_round_or_group_of_another_site(client_for, site_contact_a, world, group_b):
    """Monitoring is theirs to ask for; the questionnaire summary is not: their form offers only their site."""
    page = client_for(site_contact_a).get(reverse("reports:new", args=["monitoring"])).content.decode()
    assert "Beta" not in "".join(_options(page, "group") + _options(page, "site"))
    response = client_for(site_contact_a).post(
        reverse("reports:new", args=["monitoring"]), {"format": "pdf", "group": group_b.pk}
    )
    assert response.context["form"].errors["group"] == ["Choose a group from the list."]
    assert client_for(site_contact_a).get(URL).status_code == 403


def test_the_kind_refuses_a_round_of_another_questionnaire_or_site_whoever_calls_it(world, site_b):
    build = KINDS["questionnaire_summary"]
    with pytest.raises(ReportError, match="round of another questionnaire"):
        build(
            parameters={"questionnaire": "members_autumn_2009", "round": world["other_a"].pk}, audience=FULL_AUDIENCE
        )
    with pytest.raises(ReportError, match="was not held at Beta City"):
        build(
            parameters={"questionnaire": "members_autumn_2009", "site": "beta", "round": world["members_a"].pk},
            audience=FULL_AUDIENCE,
        )
    ok = build(
        parameters={"questionnaire": "members_autumn_2009", "round": world["members_b"].pk}, audience=FULL_AUDIENCE
    )
    assert ("Collection round", "Autumn 2009 at Beta, Beta City") in ok.filters()
    assert ("Questionnaire", "SMART Recovery group members, autumn 2009") in ok.filters()


def test_report_page_and_list_show_the_parameters_in_words(client_for, evaluator, world, group_b):
    with mock.patch(SEND):
        client_for(evaluator).post(
            URL,
            {"format": "pdf", "questionnaire": "members_autumn_2009", "site": "alpha", "round": world["members_a"].pk,
             "date_from": "01/10/2009", "figures": "exact"},
        )  # fmt: skip
        monitoring = services.report_request_create(
            user=evaluator, kind="monitoring", parameters={"group": group_b.pk}, fmt="csv"
        )
    report = ReportRequest.objects.get(kind="questionnaire_summary")
    assert report.parameters["round"] == world["members_a"].pk  # stored as the id, shown in words
    client = client_for(evaluator)
    for page in (client.get(report.get_absolute_url()), client.get(reverse("reports:index"))):
        text = page.content.decode()
        assert "Questionnaire: SMART Recovery group members, autumn 2009" in text
        assert "Collection round: Autumn 2009 members&#x27; questionnaire, Alpha Town" in text
        assert "Site: Alpha Town" in text and "From: 01/10/2009" in text
        assert "Figures: exact, not for publication" in text
        assert "members_autumn_2009" not in text and f"round: {world['members_a'].pk}" not in text.lower()
    assert "Group: Beta City: Beta Thursday" in client.get(monitoring.get_absolute_url()).content.decode()


def test_someone_from_another_site_cannot_open_the_report_page(client_for, evaluator, site_contact_b, world):
    with mock.patch(SEND):
        report = services.report_request_create(
            user=evaluator, kind="questionnaire_summary",
            parameters={"questionnaire": "members_autumn_2009", "round": world["members_a"].pk}, fmt="pdf",
        )  # fmt: skip
    assert client_for(site_contact_b).get(report.get_absolute_url()).status_code == 404
    assert "Autumn 2009" not in client_for(site_contact_b).get(reverse("reports:index")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_from_the_form_and_its_refresh(client):
    for response in (client.get(URL), client.post(URL, {"refresh": "1", "questionnaire": "x"})):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_parameters_in_words_keep_one_order_whatever_order_they_were_stored_in(evaluator, world):
    """PostgreSQL's jsonb does not keep key order: the words follow the form's order on every database."""
    from reports.models import PARAMETER_LABELS
    from reports.selectors import parameters_in_words

    backwards = {"figures": "published", "site": "alpha", "round": world["members_a"].pk}
    backwards["questionnaire"] = "members_autumn_2009"
    request = ReportRequest(pk=1, kind="questionnaire_summary", parameters=backwards)
    labels = [label for label, _ in parameters_in_words([request])[1]]
    assert labels == ["Questionnaire", "Collection round", "Site", "Figures"]
    assert labels == [label for key, label in PARAMETER_LABELS.items() if key in backwards]
