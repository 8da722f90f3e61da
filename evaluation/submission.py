"""What a stranger can POST to a questionnaire, checked before and beside the form's own rules.

Django's form fields quietly take the last of repeated values, ignore names they do not
know and turn bytes that are not UTF-8 into U+FFFD. For answer sheets that is not good
enough: a ticked choice sent twice would break the one-row-per-choice rule, and an answer
silently replaced or garbled would be saved as if the respondent wrote it. So the request
is read here once, every oddity becomes a message at its question (or at the top of the
form), and the view answers 400 with the form re-shown.

    data, problems = read_post(request)
    form = QuestionnaireForm(data, version=version)
    if form_is_valid(form, problems): ...
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from django import forms
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError

from evaluation.rules import MAX_TEXT

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Sent by the page itself, not answers.
ALLOWED_EXTRA = {"submit", "csrfmiddlewaretoken"}
BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
NAME_SHOWN = 40

UNREADABLE = "Your answers could not be read ({reason}). Please check them and send the form again."
GARBLED = "This answer arrived garbled (it was not sent as UTF-8 text). Please type it again."
ONE_ONLY = "Choose one answer only."
ONE_VALUE = "Send one answer to this question, not {count}."
TICKED_TWICE = "Each choice can be ticked only once."
TOO_LONG = "This answer is too long (at most {limit:,} characters)."
NOT_ASKED = "The form sent something it does not ask for ({names}). Reload the page and try again."
NO_FILES = "This form does not take files."

Problems = list[tuple[str | None, str]]


def read_post(request) -> tuple[QueryDict, Problems]:
    """The POST data to bind a questionnaire form to, and (field or None, message) for what was wrong with it."""
    if request.content_type not in FORM_TYPES:
        return QueryDict(), [(None, UNREADABLE.format(reason="they were not sent as a web form"))]
    try:
        data, files = request.POST, request.FILES
    except (SuspiciousOperation, BadRequest, MultiPartParserError, UnreadablePostError) as exc:
        return QueryDict(), [(None, UNREADABLE.format(reason=_why_unreadable(exc)))]
    problems: Problems = []
    if files:
        problems.append((None, NO_FILES))
    if request.content_type == FORM_TYPES[0]:
        problems.extend((name, GARBLED) for name in _garbled_names(request.body))
    else:
        problems.extend((name, GARBLED) for name, values in data.lists() if any("\ufffd" in v for v in values))
    return data, problems


def _why_unreadable(exc: Exception) -> str:
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return "too many answers were sent"
    if isinstance(exc, RequestDataTooBig):
        return "too much was sent"
    if isinstance(exc, BadRequest):
        return "they were not sent as UTF-8 text"
    return "the form data was damaged"


def _garbled_names(body: bytes) -> list[str]:
    """Names of fields whose urlencoded name or value is not valid percent-encoded UTF-8."""
    garbled = []
    for pair in body.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        if not _is_clean(raw_name) or not _is_clean(raw_value):
            name = unquote_to_bytes(raw_name.replace(b"+", b" ")).decode("utf-8", "replace")
            if name not in garbled:
                garbled.append(name)
    return garbled


def _is_clean(raw: bytes) -> bool:
    if BAD_PERCENT.search(raw):
        return False
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def shape_problems(form: forms.Form, data: QueryDict) -> Problems:
    """Repeated values for one-answer questions, repeated ticks, over-long values and names the form lacks."""
    problems: Problems = []
    unknown = []
    for name, values in data.lists():
        field = form.fields.get(name)
        base, _, place = name.rpartition("_")
        if field is None and place.isdigit() and isinstance(form.fields.get(base), forms.MultiValueField):
            field = form.fields[base].fields[0]  # one position of a ranking (its widget sends name_0, name_1, ...)
            if int(place) >= len(form.fields[base].fields):
                unknown.append(name)
                continue
        if field is None:
            if name not in ALLOWED_EXTRA:
                unknown.append(name)
            continue
        if any(len(v) > MAX_TEXT for v in values):
            problems.append((name, TOO_LONG.format(limit=MAX_TEXT)))
        elif isinstance(field, forms.MultipleChoiceField):
            if len(set(values)) != len(values):
                problems.append((name, TICKED_TWICE))
        elif len(values) > 1:
            message = ONE_ONLY if isinstance(field, forms.ChoiceField) else ONE_VALUE.format(count=len(values))
            problems.append((name, message))
    if unknown:
        shown = ", ".join(repr(n[:NAME_SHOWN]) for n in unknown[:3]) + (", …" if len(unknown) > 3 else "")
        problems.append((None, NOT_ASKED.format(names=shown)))
    return problems


def form_is_valid(form: forms.Form, problems: Problems) -> bool:
    """Run the form's own checks, then add every problem with how the answers were sent; True if none."""
    valid = form.is_valid()
    for field, message in [*problems, *shape_problems(form, form.data)]:
        form.add_error(field if field in form.fields else None, message)
    return valid and not form.errors
