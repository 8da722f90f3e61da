"""Data-subject requests: everything held about one person, and erasure (coordinators only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from groups.models import Facilitator
from network import privacy
from pilot.audit import Action, audit
from pilot.permissions import role_required
from pilot.roles import Capability
from referrals.models import ReferralPartner
from sites.models import SitePerson
from training.models import Participant

PERSON_MODELS = {
    "facilitators": Facilitator,
    "people": SitePerson,
    "participants": Participant,
    "champions": ReferralPartner,  # a referral partner's champion: their name is the partner's only person data
}


def _person_or_404(kind: str, pk: int):
    if kind not in PERSON_MODELS:
        raise Http404
    return get_object_or_404(PERSON_MODELS[kind], pk=pk)


def _facilitator_behind(kind: str, person):
    """A participant linked to a facilitator record is handled as that facilitator: one person, one request."""
    return person.facilitator_id if kind == "participants" and person.facilitator_id else None


@role_required(Capability.ANSWER_DATA_SUBJECT_REQUESTS)
def person_export(request, kind: str, pk: int):
    """A data-subject export: everything held about one person, as a JSON download."""
    person = _person_or_404(kind, pk)
    if facilitator_id := _facilitator_behind(kind, person):
        return redirect("person_export", "facilitators", facilitator_id)
    audit(actor=request.user, action=Action.EXPORT, target=person, detail="data-subject export")
    response = JsonResponse(privacy.person_export(person=person), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{kind}-{pk}.json"'
    return response


@role_required(Capability.ANSWER_DATA_SUBJECT_REQUESTS)
def person_erase(request, kind: str, pk: int):
    """Erase a person's name and contact details after a confirmation; their aggregates remain."""
    person = _person_or_404(kind, pk)
    if facilitator_id := _facilitator_behind(kind, person):
        return redirect("person_erase", "facilitators", facilitator_id)
    if privacy.is_erased(person):
        messages.info(request, "This person's details have already been erased.")
        return redirect("home")
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            messages.error(request, "Tick the box to confirm the erasure.")
        else:
            privacy.person_erase(person=person, actor=request.user)
            messages.success(request, "Their name and contact details have been erased.")
            return redirect("home")
    context = {"person": person, "kind": kind, "records": privacy.participant_records(person)}
    return render(request, "network/person_erase.html", context)
