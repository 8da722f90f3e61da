"""Whatever a stranger POSTs to the public form or to paper entry: 400 with a message where it belongs, never 500.

Each case names the question (or None: the top of the form) where the message must appear and
checks that nothing was saved. The property tests at the end send random fields and raw bodies.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.models import Answer, Response
from evaluation.submission import GARBLED, NO_FILES, ONE_ONLY, TICKED_TWICE
from pilot.models import AuditEntry

GOOD = "gender=male&age=40&previous=yes&which=aa"
PAPER_DATE = "&_submitted_on=2009-10-10"


@pytest.fixture(autouse=True)
def _no_rate_limit():
    """Hypothesis sends hundreds of POSTs to one round: the rate limit (tested in pilot/tests) would answer 429."""
    with override_settings(RATELIMIT_ENABLE=False):
        yield


@pytest.fixture(params=["public", "paper"])
def target(request, round_a, autumn, evaluator):
    """(client, url, extra body) for the public form and for paper entry of the same round."""
    client = Client(raise_request_exception=False)
    if request.param == "public":
        return client, round_a.get_public_url(), ""
    client.force_login(evaluator)
    return client, reverse("evaluation:paper_entry", args=[round_a.pk]), PAPER_DATE


def post(target, body: str | bytes, content_type="application/x-www-form-urlencoded"):
    client, url, extra = target
    if isinstance(body, str):
        body = body + extra
    return client.generic("POST", url, body, content_type=content_type)


def saved() -> tuple[int, int]:
    return Response.objects.count(), Answer.objects.count()


def refused(target, body, *, at, message, **kwargs):
    """POST the body; assert 400, nothing saved, and the message shown at its question (None: top of the form)."""
    response = post(target, body, **kwargs)
    assert response.status_code == 400, response.status_code
    assert saved() == (0, 0)
    form = response.context["form"]
    shown = form.errors.get(at if at else "__all__", [])
    assert any(message in m for m in shown), (at, form.errors)
    return response


def test_good_answers_are_still_saved(target):
    assert post(target, GOOD).status_code == 302
    assert saved()[0] == 1


def test_a_choice_ticked_twice_is_refused_at_its_question(target):
    refused(target, GOOD + "&which=aa", at="which", message=TICKED_TWICE)


@pytest.mark.parametrize("second", ["male", "female"])
def test_two_answers_to_a_choose_one_question_are_refused(target, second):
    response = refused(target, GOOD + f"&gender={second}", at="gender", message=ONE_ONLY)
    assert ONE_ONLY in response.content.decode()


@pytest.mark.parametrize("field", ["age", "comments", "units", "first_meeting"])
def test_a_list_for_a_one_value_question_is_refused(target, field):
    value = {"age": "41", "comments": "x", "units": "2", "first_meeting": "2009-10-01"}[field]
    base = "&".join(p for p in GOOD.split("&") if not p.startswith(field + "="))
    refused(
        target,
        base + f"&{field}={value}&{field}={value}",
        at=field,
        message="Send one answer to this question, not 2.",
    )


def test_a_field_the_form_does_not_ask_for_is_refused(target):
    response = refused(
        target, GOOD + "&bogus=1&reasons=model", at=None, message="does not ask for ('bogus', 'reasons')"
    )
    assert "Reload the page" in response.content.decode()


@pytest.mark.parametrize("field", ["comments", "gender", "age"])
def test_an_over_long_value_is_refused_at_its_question(target, field):
    refused(target, GOOD + f"&{field}=" + "9" * 6000, at=field, message="too long (at most 5,000 characters)")


@pytest.mark.parametrize("value", ["%FF%FE", "caf%E9", "%zz", "50%"])
def test_invalid_utf8_or_percent_encoding_is_refused_at_its_question(target, value):
    refused(target, GOOD + f"&comments={value}", at="comments", message=GARBLED)


def test_a_garbled_field_name_is_refused(target):
    refused(target, GOOD + "&%FF=1", at=None, message=GARBLED)


def test_answers_not_sent_as_a_form_are_refused(target):
    refused(target, '{"gender": "male"}', at=None, message="not sent as a web form", content_type="application/json")


def test_a_declared_charset_other_than_utf8_is_refused(target):
    refused(
        target,
        GOOD,
        at=None,
        message="not sent as UTF-8",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )


def test_too_many_fields_are_refused_with_the_form(target, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    refused(target, GOOD + "&x=1" * 20, at=None, message="too many answers were sent")


def test_too_large_a_body_is_refused_with_the_form(target, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    refused(target, GOOD + "&comments=" + "a" * 2000, at=None, message="too much was sent")


def test_a_file_is_refused(target):
    client, url, extra = target
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"gender": "male", "age": "40", "comments": SimpleUploadedFile("a.txt", b"hello")}
    if extra:
        data["_submitted_on"] = "2009-10-10"
    response = client.post(url, data)
    assert response.status_code == 400 and saved() == (0, 0)
    assert NO_FILES in response.context["form"].errors["__all__"]


def test_damaged_multipart_is_refused(target):
    body = b'--xyz\r\nContent-Disposition: form-data; name="gender"\r\n\r\nmale\r\n--xyz--\r\n'
    refused(target, body, at=None, message="could not be read", content_type="multipart/form-data")  # no boundary


def test_garbled_multipart_text_is_refused_at_its_question(target):
    parts = [("gender", b"male"), ("age", b"40"), ("comments", b"caf\xe9"), ("_submitted_on", b"2009-10-10")]
    body = b"".join(
        b'--xyz\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (n.encode(), v) for n, v in parts
    )
    refused(target, body + b"--xyz--\r\n", at="comments", message=GARBLED,
            content_type="multipart/form-data; boundary=xyz")  # fmt: skip


def test_an_empty_post_is_refused(target):
    client, url, extra = target
    response = client.generic("POST", url, "", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and saved() == (0, 0)
    assert response.context["form"].is_bound


def test_nothing_answered_is_refused(target, round_a):
    """A sheet with no answer at all is not a response (bulk import skips blank rows the same way)."""
    from evaluation.services import questionnaire_import
    from evaluation.tests.factories import xlsform_bytes

    data = xlsform_bytes(survey=[["text", "comments", "Anything?"]], settings={"version": "2"})
    round_a.version = questionnaire_import(data=data, filename="v2.xlsx")
    round_a.save()
    refused(target, "submit=Send", at=None, message="Nothing was answered: answer at least one question")
    assert post(target, "comments=Fine").status_code == 302


@pytest.mark.parametrize("day", ["1999-12-31", "0001-01-01", "9999-12-31"])
def test_an_implausible_date_answer_is_refused(target, day):
    message = "Enter a date in 2000 or later." if day < "2000" else "Enter a date no later than 2010."
    refused(target, GOOD + f"&first_meeting={day}", at="first_meeting", message=message)


def test_the_page_of_a_refused_post_keeps_the_answers(target):
    response = refused(target, GOOD + "&which=aa&comments=Still+here", at="which", message=TICKED_TWICE)
    assert "Still here" in response.content.decode()


# --- property tests ----------------------------------------------------------------------------------------

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = st.sampled_from(["gender", "age", "previous", "which", "units", "first_meeting", "comments", "_submitted_on",
                         "submit", "csrfmiddlewaretoken", "intro", "reasons", ""])  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(
        [
            "male",
            "female",
            "yes",
            "no",
            "aa",
            "nhs",
            "40",
            "12",
            "1e999",
            "NaN",
            "-1",
            "2009-10-10",
            "1999-01-01",
            "9999-12-31",
            "",
            " ",
            "=1+1",
            "\x00",
            "\ud800x",
        ]
    ),  # fmt: skip
    st.text(max_size=30),
)


def check_outcome(response, before) -> None:
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert saved() == before
        assert response.context["form"].errors
    else:
        assert saved()[0] == before[0] + 1


@HYPOTHESIS
@given(fields=st.lists(st.tuples(NAMES, st.lists(VALUES, min_size=1, max_size=3)), max_size=8))
def test_random_fields_answer_302_or_400(target, fields):
    from urllib.parse import quote

    before = saved()
    body = "&".join(f"{quote(n)}={quote(v, errors='surrogatepass')}" for n, values in fields for v in values)
    check_outcome(post(target, body), before)


@HYPOTHESIS
@given(body=st.binary(max_size=300))
def test_random_bodies_answer_302_or_400(target, body):
    before = saved()
    check_outcome(post(target, body), before)


def test_paper_entry_without_a_csrf_token_is_403(round_a, evaluator, autumn):
    client = Client(enforce_csrf_checks=True)
    client.force_login(evaluator)
    response = client.post(reverse("evaluation:paper_entry", args=[round_a.pk]), {"gender": "male"})
    assert response.status_code == 403 and saved() == (0, 0)
    assert not AuditEntry.objects.filter(action="create").exists()
