"""The account page's reminder choices, the unsubscribe link from an email, and the coordinator's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pilot.permissions import read_only_page, role_required
from pilot.roles import Capability
from reminders import selectors, services
from reminders.forms import PreferenceForm
from reminders.models import kinds_for


@role_required(Capability.CHOOSE_REMINDERS)
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = selectors.preference_for(request.user)
    data = request.POST if request.method == "POST" else None  # nothing ticked is a choice too
    form = PreferenceForm(data, instance=preference, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preference_save(user=request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, "Your reminder choices are saved.")
        return redirect("reminders:preferences")
    context = {"form": form, "offered": kinds_for(request.user), "has_email": bool(request.user.email)}
    return render(request, "reminders/preferences.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Open to anyone holding the link: GET asks, POST stops that kind (a mail scanner's GET changes nothing)."""
    try:
        _, kind = services.unsubscribe_read(token)
    except services.BadToken:
        return render(request, "reminders/unsubscribe_bad.html", status=400)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "reminders/unsubscribe_done.html", {"kind": kind})
    # The page names the kind only, not the person: a forwarded email tells its reader no more than it did.
    return render(request, "reminders/unsubscribe.html", {"kind": kind})


@role_required(Capability.READ_REMINDERS_SENT)
@read_only_page
def sent(request):
    page = Paginator(selectors.sent_log(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "reminders/sent.html", {"page": page})
