"""A facilitator's support page: support contacts, fidelity observations, wellbeing check-ins and flags.

The coordinator and the facilitator's site contacts see everything and record contacts and observations; the
facilitator sees only their own check-ins and answers them. Evaluators and observers are refused (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from groups.forms import CheckInForm, FidelityObservationForm, SupportContactForm
from groups.models import Facilitator, FidelityObservation, SupportContact, WellbeingCheckIn
from groups.support import load, policy_for, record_checkin, record_support, support_flags
from pilot.permissions import allows, require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404


def _page(request, facilitator, *, status=200, **forms):
    supporter = allows(request.user, Capability.RECORD_FACILITATOR_SUPPORT)
    own = facilitator.user_id is not None and facilitator.user_id == request.user.pk
    context = {
        "facilitator": facilitator,
        "supporter": supporter,
        "own": own,
        "flags": support_flags([facilitator]) if supporter else [],
        "policy": policy_for(facilitator),
        "load": load(facilitator),
        "checkins": WellbeingCheckIn.objects.visible_to(request.user).filter(facilitator=facilitator)[:12],
        "contacts": SupportContact.objects.visible_to(request.user).filter(facilitator=facilitator)[:50],
        "observations": FidelityObservation.objects.visible_to(request.user).filter(facilitator=facilitator)[:50],
        "contact_form": forms.get("contact_form") or (SupportContactForm(prefix="contact") if supporter else None),
        "observation_form": forms.get("observation_form")
        or (FidelityObservationForm(prefix="obs") if supporter else None),
        "checkin_form": forms.get("checkin_form") or (CheckInForm(prefix="checkin") if own else None),
    }
    return render(request, "groups/facilitator_support.html", context, status=status)


def _facilitator(request, pk):
    return get_visible_or_404(Facilitator, request.user, pk=pk)


@role_required(Capability.FACILITATOR_SUPPORT)
def facilitator_support(request, pk: int):
    return _page(request, _facilitator(request, pk))


@role_required(Capability.FACILITATOR_SUPPORT)
@require_POST
def support_contact_add(request, pk: int):
    facilitator = _facilitator(request, pk)
    require(request, Capability.RECORD_FACILITATOR_SUPPORT)
    form = SupportContactForm(request.POST, prefix="contact")
    if not form.is_valid():
        return _page(request, facilitator, status=400, contact_form=form)
    contact = form.save(commit=False)
    contact.facilitator = facilitator
    record_support(contact, actor=request.user)
    messages.success(request, "The support contact is recorded.")
    return redirect("groups:facilitator_support", pk=facilitator.pk)


@role_required(Capability.FACILITATOR_SUPPORT)
@require_POST
def observation_add(request, pk: int):
    facilitator = _facilitator(request, pk)
    require(request, Capability.RECORD_FACILITATOR_SUPPORT)
    form = FidelityObservationForm(request.POST, prefix="obs")
    if not form.is_valid():
        return _page(request, facilitator, status=400, observation_form=form)
    observation = form.save(commit=False)
    observation.facilitator = facilitator
    record_support(observation, actor=request.user)
    messages.success(request, "The observation is recorded.")
    return redirect("groups:facilitator_support", pk=facilitator.pk)


@role_required(Capability.FACILITATOR_SUPPORT)
@require_POST
def checkin_add(request, pk: int):
    facilitator = _facilitator(request, pk)
    # Only the facilitator answers their own check-in.
    require(request, allowed=facilitator.user_id is not None and facilitator.user_id == request.user.pk)
    form = CheckInForm(request.POST, prefix="checkin")
    if not form.is_valid():
        return _page(request, facilitator, status=400, checkin_form=form)
    checkin = form.save(commit=False)
    checkin.facilitator = facilitator
    record_checkin(checkin, actor=request.user)
    messages.success(request, "Thank you: your check-in is saved.")
    return redirect("groups:facilitator_support", pk=facilitator.pk)
