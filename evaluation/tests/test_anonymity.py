"""Respondents are anonymous by construction: nothing finer than the date, no request metadata."""

from django.db import models

from evaluation.models import Answer, Response
from pilot.models import AuditEntry


def test_response_and_answer_columns_hold_nothing_about_the_person_or_the_time():
    response_fields = {f.name: type(f) for f in Response._meta.concrete_fields}
    assert set(response_fields) == {"id", "round", "version", "is_paper", "submitted_on"}
    assert response_fields["submitted_on"] is models.DateField
    answer_fields = {f.name for f in Answer._meta.concrete_fields}
    assert answer_fields == {"id", "response", "question", "choice", "number_value", "text_value", "date_value"}
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.GenericIPAddressField), field
            assert field.name not in {"ip", "user", "user_agent", "cookie", "session"}


def test_online_submission_stores_only_round_answers_and_date(client, round_a, autumn):
    round_a.opens_on, round_a.closes_on = autumn, autumn
    round_a.save()
    response = client.post(
        round_a.get_public_url(),
        {"gender": "female", "age": "44", "previous": "no"},
        HTTP_USER_AGENT="Secret-Browser/1.0",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.submitted_on == autumn and not saved.is_paper
    stored = repr(list(Response.objects.values())) + repr(list(Answer.objects.values()))
    assert "203.0.113.9" not in stored and "Secret-Browser" not in stored
    # Nor does the audit log time-stamp an anonymous answer sheet.
    assert not AuditEntry.objects.filter(target_type="evaluation.Response").exists()
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
