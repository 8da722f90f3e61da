"""The public questionnaire at /q/<token>/: no login, no cookie, nothing about the respondent kept."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from evaluation import selectors, services
from evaluation.forms import QuestionnaireForm
from evaluation.rules import client_rules
from pilot.ratelimits import limit, round_client_key


# No CSRF cookie: an anonymous form gains nothing from it, and a cookie is one more thing that could follow a person.
@limit("public_form", key=round_client_key, method="POST")
@csrf_exempt
@require_http_methods(["GET", "POST"])
def questionnaire_form(request, token):
    collection_round = selectors.get_round_by_token(token)
    today = timezone.localdate()
    if not collection_round.is_open_on(today):
        return render(request, "evaluation/public_closed.html", {"round": collection_round, "today": today})
    form = QuestionnaireForm(request.POST or None, version=collection_round.version)
    if request.method == "POST" and form.is_valid():
        services.response_create(round=collection_round, values=form.values, submitted_on=today, is_paper=False)
        return redirect("questionnaire_public:thanks", token=token)
    context = {"form": form, "round": collection_round, "rules": client_rules(collection_round.version)}
    return render(request, "evaluation/public_form.html", context)


def thanks(request, token):
    collection_round = selectors.get_round_by_token(token)
    return render(request, "evaluation/public_thanks.html", {"round": collection_round})
