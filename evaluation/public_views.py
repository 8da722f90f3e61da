"""The public questionnaire at /q/<token>/: no login, no cookie, nothing about the respondent kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from evaluation import selectors, services
from evaluation.forms import QuestionnaireForm
from evaluation.rules import client_rules
from evaluation.submission import form_is_valid, read_post
from pilot.forms import form_add_service_errors
from pilot.permissions import read_only_page
from pilot.ratelimits import limit, round_client_key


# No CSRF cookie: an anonymous form gains nothing from it, and a cookie is one more thing that could follow a person.
@limit("public_form", key=round_client_key, method="POST")
@csrf_exempt
@require_http_methods(["GET", "POST"])
def questionnaire_form(request, token):
    """The form; a POST with anything wrong in it (answers or how they were sent) is re-shown with a 400."""
    collection_round = selectors.get_round_by_token(token)
    today = timezone.localdate()
    if not collection_round.is_open_on(today):
        return render(request, "evaluation/public_closed.html", {"round": collection_round, "today": today})
    if request.method != "POST":
        form = QuestionnaireForm(version=collection_round.version)
        return render(request, "evaluation/public_form.html", _context(form, collection_round))
    data, problems = read_post(request)
    form = QuestionnaireForm(data, version=collection_round.version)
    if form_is_valid(form, problems):
        try:
            services.response_create(round=collection_round, values=form.values, submitted_on=today, is_paper=False)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return redirect("questionnaire_public:thanks", token=token)
    return render(request, "evaluation/public_form.html", _context(form, collection_round), status=400)


def _context(form, collection_round) -> dict:
    return {"form": form, "round": collection_round, "rules": client_rules(collection_round.version)}


@read_only_page
def thanks(request, token):
    collection_round = selectors.get_round_by_token(token)
    return render(request, "evaluation/public_thanks.html", {"round": collection_round})
