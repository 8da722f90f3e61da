"""Views for events, attendance, participants and delegates (the pipeline page is the network's: network/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pilot.forms import form_add_service_errors
from pilot.permissions import allows, read_only_page, require, role_required
from pilot.roles import Capability
from sites.models import HostSite
from training import services
from training.forms import EVENT_KIND_CHOICES, DelegateCountForm, EventDayFormSet, EventForm, ParticipantForm
from training.models import EventKind, attendance_warnings
from training.selectors import (
    WHEN_CHOICES,
    can_make_facilitator,
    can_manage_events,
    can_propose_event,
    event_disclosure,
    event_list,
    event_page,
    get_delegate_count_for_user,
    get_event_for_user,
    get_participant_for_user,
    readiness_warning,
    readiness_warning_on_edit,
)


def _today():
    return timezone.localdate()


EVENTS_PER_PAGE = 25


@role_required(Capability.READ_EVENTS)
@read_only_page
def event_list_view(request):
    when = request.GET.get("when", "all")
    when = when if when in WHEN_CHOICES else "all"
    kind = request.GET.get("kind", "")
    kind = kind if kind in EventKind.values else ""
    page = Paginator(event_list(user=request.user, when=when, kind=kind, today=_today()), EVENTS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    events = list(page)
    prefix = reverse("training:list")  # reversed once: an event's page is the prefix and its id
    for event in events:
        event.disclosure = event_disclosure(request.user, event)
        event.url = f"{prefix}{event.pk}/"
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/event_list.html",
        {
            "events": events,
            "page": page,
            "query": query.urlencode(),
            "when": when,
            "kind": kind,
            "when_choices": WHEN_CHOICES,
            "kind_choices": EVENT_KIND_CHOICES,
            "can_manage": can_manage_events(request.user),
            "can_propose": can_propose_event(request.user),
            "can_see_pipeline": allows(request.user, Capability.READ_PIPELINE),
        },
    )


@role_required(Capability.READ_EVENTS)
def event_detail(request, pk: int):
    event = get_event_for_user(request, pk)
    context = event_page(event=event, user=request.user)
    context.update(
        {
            "event": event,
            "warnings": attendance_warnings(context["days"]),
            "can_manage": can_manage_events(request.user),
            "can_make_facilitator": can_make_facilitator(request.user, event),
            "delegate_form": DelegateCountForm() if event.takes_delegates else None,
        }
    )
    return render(request, "training/event_detail.html", context)


@role_required(Capability.READ_EVENTS)
def event_create(request):
    require(request, allowed=can_propose_event(request.user))
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user)
        if form.is_valid():
            event = services.event_save(actor=request.user, form=form, new_topics=form.cleaned_data["new_topics"])
            messages.success(request, f"Saved “{event.title}”.")
            if warning := readiness_warning(event):
                messages.warning(request, warning)
            return redirect(event)
    else:
        form = EventForm(user=request.user, initial=_prefill(request))
    return render(request, "training/event_form.html", {"form": form, "event": None})


def _prefill(request) -> dict:
    """Pre-fill from the query string, e.g. ?kind=refresher&site=3 from the site page's "plan a refresher"."""
    initial = {}
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        initial["kind"] = kind
    site_id = request.GET.get("site", "")
    if site_id.isdigit():
        site = HostSite.objects.visible_to(request.user).filter(pk=int(site_id)).first()
        if site is not None:
            initial["site"] = site.pk
            if kind:
                initial["title"] = f"{EventKind(kind).label}, {site.name}"
    return initial


@role_required(Capability.READ_EVENTS)
def event_edit(request, pk: int):
    event = get_event_for_user(request, pk)
    require(request, allowed=can_manage_events(request.user))
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_save(
                actor=request.user,
                form=form,
                new_topics=form.cleaned_data["new_topics"],
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Event saved.")
            if warning := readiness_warning_on_edit(event, form.changed_data):
                messages.warning(request, warning)
            return redirect(event)
    status = 400 if form.is_bound else 200
    return render(request, "training/event_form.html", {"form": form, "event": event}, status=status)


@role_required(Capability.READ_EVENTS)
def event_delete(request, pk: int):
    event = get_event_for_user(request, pk)
    require(request, allowed=can_manage_events(request.user))
    if request.method == "POST":
        services.event_delete(actor=request.user, event=event)
        messages.success(request, f"Deleted “{event.title}”.")
        return redirect("training:list")
    return render(request, "training/confirm_delete.html", {"object": event, "cancel_url": event.get_absolute_url()})


@role_required(Capability.READ_EVENTS)
def event_days(request, pk: int):
    event = get_event_for_user(request, pk)
    require(request, allowed=can_manage_events(request.user))
    queryset = event.days.all()
    formset = EventDayFormSet(request.POST or None, queryset=queryset, form_kwargs={"event": event})
    if request.method == "POST" and formset.is_valid():
        days = services.event_days_save(actor=request.user, event=event, formset=formset)
        messages.success(request, "Attendance saved.")
        for warning in attendance_warnings(days):
            messages.warning(request, warning)
        return redirect(event)
    return render(request, "training/event_days.html", {"event": event, "formset": formset})


@role_required(Capability.READ_EVENTS)
def participant_add(request, pk: int):
    event = get_event_for_user(request, pk)
    require(request, allowed=can_manage_events(request.user))
    form = ParticipantForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        participant = services.participant_add(actor=request.user, event=event, form=form)
        messages.success(request, f"Recorded {participant.display_name}.")
        return redirect(event)
    return render(request, "training/participant_form.html", {"event": event, "form": form})


@role_required(Capability.READ_EVENTS)
@require_POST
def participant_delete(request, pk: int):
    participant = get_participant_for_user(request, pk)
    require(request, allowed=can_manage_events(request.user))
    services.participant_delete(actor=request.user, participant=participant)
    messages.success(request, "Participant removed.")
    return redirect(participant.event)


@role_required(Capability.READ_EVENTS)
@require_POST
def participant_make_facilitator(request, pk: int):
    participant = get_participant_for_user(request, pk)
    require(request, allowed=can_make_facilitator(request.user, participant.event))
    if participant.facilitator_id:
        messages.info(request, f"{participant.display_name} already has a facilitator record.")
    else:
        facilitator = services.participant_make_facilitator(actor=request.user, participant=participant)
        messages.success(request, f"{facilitator.display_name} is now a facilitator at {participant.event.site}.")
    return redirect(participant.event)


@role_required(Capability.READ_EVENTS)
@require_POST
def delegate_add(request, pk: int):
    event = get_event_for_user(request, pk)
    require(request, allowed=can_manage_events(request.user) and event.takes_delegates)
    form = DelegateCountForm(request.POST)
    if form.is_valid():
        services.delegate_count_save(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, "Delegates saved.")
        return redirect(event)
    context = event_page(event=event, user=request.user)
    context.update({"event": event, "warnings": [], "can_manage": True, "delegate_form": form})
    return render(request, "training/event_detail.html", context, status=400)


@role_required(Capability.READ_EVENTS)
@require_POST
def delegate_delete(request, pk: int):
    row = get_delegate_count_for_user(request, pk)
    require(request, allowed=can_manage_events(request.user))
    services.delegate_count_delete(actor=request.user, row=row)
    messages.success(request, "Delegates removed.")
    return redirect(row.event)
