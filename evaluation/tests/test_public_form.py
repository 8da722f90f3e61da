"""The public form at /q/<token>/: no login, open only between its dates, rules checked on the server."""

import datetime

import time_machine
from django.urls import reverse

from evaluation.models import Response


def test_open_round_shows_the_form_with_rules_for_the_browser(client, round_a, autumn):
    page = client.get(round_a.get_public_url()).content.decode()
    assert "Check-in questionnaire" in page and 'id="questionnaire-rules"' in page
    assert '"relevant": ["cmp", "=", ["ref", "previous"], ["str", "yes"]]' in page
    assert 'data-question="which"' in page and "js/questionnaire.js" in page
    assert "<script>" not in page  # no inline script under the CSP


def test_good_answers_are_saved_and_thanked(client, round_a, autumn):
    response = client.post(round_a.get_public_url(), {"gender": "female", "age": "30", "previous": "yes",
                                                      "which": ["na"]})  # fmt: skip
    assert response["Location"] == reverse("questionnaire_public:thanks", args=[round_a.token])
    saved = Response.objects.get()
    assert not saved.is_paper and saved.submitted_on == autumn
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_bad_answers_are_refused_at_their_questions(client, round_a, autumn):
    response = client.post(round_a.get_public_url(), {"gender": "other", "age": "500", "previous": "yes"})
    page = response.content.decode()
    assert response.status_code == 400 and not Response.objects.exists()
    assert "Select a valid choice" in page and "Between 16 and 100, please." in page
    assert "An answer is needed." in page  # which: required once previous = yes


def test_closed_and_not_yet_open_rounds_say_so(client, round_a):
    with time_machine.travel(datetime.datetime(2009, 12, 5, tzinfo=datetime.UTC), tick=False):
        page = client.get(round_a.get_public_url()).content.decode()
        assert "closed on 30 November 2009" in page
        client.post(round_a.get_public_url(), {"gender": "male", "age": "40"})
    with time_machine.travel(datetime.datetime(2009, 9, 1, tzinfo=datetime.UTC), tick=False):
        assert "opens on 1 October 2009" in client.get(round_a.get_public_url()).content.decode()
    assert not Response.objects.exists()


def test_unknown_token_is_404(client, db):
    assert client.get("/q/not-a-real-token-at-all-xxxxxxxx/").status_code == 404
    assert client.post("/q/short/").status_code == 404


def test_public_form_sets_no_cookie_and_carries_no_csrf_token(client, round_a, autumn):
    response = client.get(round_a.get_public_url())
    assert response.status_code == 200 and not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_sections_notes_and_hints_are_laid_out_from_the_form(client, round_a, autumn):
    page = client.get(round_a.get_public_url()).content.decode()
    assert '<div class="question-note mb-3" data-question="intro"><p>Please do not write your name.</p></div>' in page
    assert '<fieldset class="questionnaire-section"><legend>About you</legend>' in page
    assert page.index("<legend>About you</legend>") < page.index('data-question="gender"') < page.index("</fieldset>")


def test_the_demo_members_form_says_once_that_it_is_anonymous_and_marks_only_required_questions(client, db, site_a):
    import re

    from evaluation.demo import DATA
    from evaluation.services import questionnaire_import, round_create

    data = (DATA / "members_autumn_2009.xlsx").read_bytes()
    questionnaire = questionnaire_import(data=data, filename="members.xlsx", audience="group_members").questionnaire
    today = datetime.date.today()
    round_ = round_create(questionnaire=questionnaire, name="Now", site=site_a, opens_on=today, closes_on=today)
    page = client.get(round_.get_public_url()).content.decode()
    assert len(re.findall(r"is anonymous", page, flags=re.IGNORECASE)) == 1  # not "Alcoholics Anonymous"
    assert 'class="alert alert-info questionnaire-promise" role="note"' in page
    assert "Questions marked" in page and "need an answer; you may leave the others blank." in page

    def heading(name):  # the label or legend of one question
        block = page[page.index(f'id="div_id_{name}"') :]
        return block[: block.index("</l")]

    assert 'asteriskField">*</span>' in heading("gender") and 'asteriskField">*</span>' in heading("age")
    assert "asteriskField" not in heading("treatment") and "asteriskField" not in heading("comments")
