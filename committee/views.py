"""Committee pages: the meetings with their decisions and actions; the coordinator's forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse

from committee import selectors, services
from committee.forms import ActionForm, MeetingForm
from committee.models import CommitteeAction, CommitteeMeeting
from pilot.forms import form_add_service_errors
from pilot.permissions import allows, read_only_page, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from programmes.models import Programme

# Meetings to a page of the committee's record, newest first.
MEETINGS_PER_PAGE = 25


@role_required(Capability.READ_COMMITTEE)
@read_only_page
def meeting_list(request):
    programme = None
    if request.GET.get("programme", "").isdigit():
        programme = get_visible_or_404(Programme, request.user, pk=int(request.GET["programme"]))
    meetings = (
        selectors.meeting_list(user=request.user, programme=programme)
        .annotate(action_count=Count("actions"))
        .order_by("-held_on", "pk")
    )
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "programme": programme,
        "meetings": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "meeting_prefix": reverse("committee:list"),  # reversed once; a meeting's page is <prefix><id>/
        "overdue": list(selectors.overdue_actions(user=request.user, programme=programme)),
        "can_manage": allows(request.user, Capability.MANAGE_COMMITTEE),
    }
    return render(request, "committee/meeting_list.html", context)


@role_required(Capability.READ_COMMITTEE)
@read_only_page
def meeting_detail(request, pk: int):
    meeting = get_visible_or_404(CommitteeMeeting, request.user, pk=pk)
    overdue = set(selectors.overdue_actions(user=request.user).filter(meeting=meeting).values_list("pk", flat=True))
    context = {
        "meeting": meeting,
        "actions": [(a, a.pk in overdue) for a in meeting.actions.all()],
        "can_manage": allows(request.user, Capability.MANAGE_COMMITTEE),
    }
    return render(request, "committee/meeting_detail.html", context)


@role_required(Capability.MANAGE_COMMITTEE)
def meeting_edit(request, pk: int | None = None):
    meeting = get_visible_or_404(CommitteeMeeting, request.user, pk=pk) if pk else None
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = services.meeting_save(
                meeting=meeting, actor=request.user, expected_version=form.expected_version, **values
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{saved} is saved.")
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(request, "committee/meeting_form.html", {"form": form, "meeting": meeting}, status=status)


@role_required(Capability.MANAGE_COMMITTEE)
def action_edit(request, pk: int | None = None, action_pk: int | None = None):
    action = get_visible_or_404(CommitteeAction, request.user, pk=action_pk) if action_pk else None
    meeting = action.meeting if action else get_visible_or_404(CommitteeMeeting, request.user, pk=pk)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.action_save(
                action=action, meeting=meeting, actor=request.user, expected_version=form.expected_version, **values
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "The action is saved.")
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "meeting": meeting, "action": action}
    return render(request, "committee/action_form.html", context, status=status)
