"""Meeting registration (phone first), the meetings list, its CSV export and the missing registrations."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from groups import conf, selectors
from groups.forms import MeetingFilterForm, MeetingForm
from groups.models import (
    AGENDA_SECTIONS,
    MAIN_PROBLEMS,
    REFERRAL_SOURCES,
    TOOLS,
    Facilitator,
    Group,
    GroupStatus,
    Meeting,
)
from groups.plausibility import UnconfirmedWarnings
from groups.services import (
    UNTRAINED_WARNING,
    facilitator_training_notice,
    may_edit_meeting,
    meeting_plausibility,
    meeting_register,
    meeting_update,
)
from pilot.audit import audit
from pilot.forms import date_from_query, form_add_service_errors
from pilot.paging import LimitedPaginator
from pilot.permissions import allows, read_only_page, require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from pilot.spreadsheets import neutralise
from programmes.periods import period_control, period_for


def get_meeting_for_user(request, pk: int) -> Meeting:
    """The registration if the user may see it, else 404 (audited when it exists outside the user's scope)."""
    return get_visible_or_404(Meeting, request.user, pk=pk)


def _registrable_groups(user):
    groups = Group.objects.visible_to(user).select_related("site").exclude(status=GroupStatus.NEVER_STARTED)
    return groups.order_by("site__name", "name")


def _requested_day(request):
    """The date a link asks the form to start with (?date=), if it is a plausible one."""
    day, error = date_from_query(request.GET.get("date", ""))
    if error:
        messages.error(request, f"The date in the link was not used: {error}")
    return day


@role_required(Capability.REGISTER_MEETINGS)
def meeting_new(request):
    require(request, "groups.add_meeting")
    groups = _registrable_groups(request.user)
    today = timezone.localdate()
    default_dates = None
    if request.method == "POST" and "same_as_last" in request.POST:
        # Without JavaScript, "Same as last time" shows the form again with last meeting's choices ticked.
        form = MeetingForm(initial=MeetingForm.initial_from(request.POST), groups=groups, today=today)
        form.last_times = selectors.last_choices(groups)
        form.fill_as_last_time()
    elif request.method == "POST":
        form = MeetingForm(request.POST, groups=groups, today=today)
        form.last_times = selectors.last_choices(groups)
        if form.is_valid():
            try:
                saved = meeting_register(
                    group=form.cleaned_data["group"],
                    date=form.cleaned_data["date"],
                    actor=request.user,
                    facilitators=form.cleaned_data["facilitators"],
                    confirmed=form.confirmations,
                    **form.meeting_fields(),
                )
            except UnconfirmedWarnings as exc:
                form.plausibility = exc.warnings
            except ValidationError as exc:
                form_add_service_errors(form, exc, default_field="facilitators")
            else:
                meeting = saved.meeting
                messages.success(request, f"Thank you: the meeting of {meeting.date:%d/%m/%Y} is registered.")
                _tell(request, saved, form.cleaned_data["facilitators"])
                return redirect(meeting.group)
    else:
        form, default_dates = _new_form(request, groups, today)
    existing = form.existing_meeting
    context = {
        "form": form,
        "existing": existing,
        "may_edit_existing": existing is not None and may_edit_meeting(request.user, existing),
        "default_dates": default_dates,
        "last_times": _last_times_json(form.last_times),
    }
    return render(request, "groups/meeting_form.html", context, status=_status(request, form))


def _new_form(request, groups, today):
    """The empty registration form: the chosen (or only) group, its last meeting day, the signed-in facilitator
    ticked when they facilitate it; with each group's last meeting day for the page when there are several."""
    # The histories date each group's default day, read as plain rows (a coordinator's thousand groups' prefetch
    # cost more than the rest); the form's choices read the groups without them.
    group_list = list(groups)
    history = selectors.status_history([g.pk for g in group_list])
    periods = {g.pk: selectors.meeting_periods(g, history.get(g.pk, ())) for g in group_list}
    days = {g.pk: selectors.most_recent_scheduled_date(g, today, periods[g.pk]) for g in group_list}
    default_dates = {pk: (day or today).isoformat() for pk, day in days.items()}
    chosen = next((g for g in group_list if str(g.pk) == request.GET.get("group")), None)
    chosen = chosen or (group_list[0] if group_list else None)
    initial = {"held": "yes", "group": chosen.pk if chosen else None, "date": today, "attendance": None}
    if chosen is not None:
        initial["date"] = days[chosen.pk] or today
        initial["duration_minutes"] = chosen.usual_length_minutes
        mine = Facilitator.objects.active().filter(user=request.user, groups=chosen, is_professional=False)
        initial["facilitators"] = list(mine.values_list("pk", flat=True))
    requested = _requested_day(request)
    if requested is not None and requested <= today:
        initial["date"] = requested
    form = MeetingForm(initial=initial, groups=groups, today=today)
    form.last_times = selectors.last_choices(group_list)
    # Opening the form on a meeting that is already registered says so at once.
    form.existing_meeting = _registration_on(chosen, initial["date"])
    return form, default_dates if len(default_dates) > 1 else None


def _last_times_json(last_times) -> dict:
    """ "Same as last time" for the page's script, compact (a coordinator's form offers a thousand groups): the
    agenda sections and tools once, in `fields`; per group id, its last meeting's date and which of them it
    ticked as a bit mask (bit i: `fields[i]`), in `groups`. Nothing when no group has met."""
    names = [name for name, _ in AGENDA_SECTIONS + TOOLS]
    bit = {name: 1 << i for i, name in enumerate(names)}
    groups = {pk: [f"{last.date:%d/%m/%Y}", sum(bit[f] for f in last.fields)] for pk, last in last_times.items()}
    return {"fields": names, "groups": groups} if groups else {}


def _tell(request, saved, facilitators) -> None:
    """The service's warnings, but the training one: the facilitator concerned is told that once, with whom to
    ask; for everyone else it is a task on the coordinator's start page, not a banner on every registration."""
    for warning in saved.warnings:
        if not warning.startswith(UNTRAINED_WARNING):
            messages.warning(request, warning)
    notice = facilitator_training_notice(user=request.user, facilitators=facilitators)
    if notice:
        messages.info(request, notice)


def _status(request, form) -> int:
    """400 for input the form or the service refused; 200 for a form shown, or shown again to confirm a warning."""
    return 400 if request.method == "POST" and form.errors else 200


def _registration_on(group, day, *, exclude_pk=None) -> Meeting | None:
    """The registration of this group's meeting on this day, if there is one (other than the one being changed)."""
    if group is None or day is None:
        return None
    return Meeting.objects.filter(group=group, date=day).exclude(pk=exclude_pk).select_related("group").first()


@role_required(Capability.REGISTER_MEETINGS)
@read_only_page
def meeting_registered(request):
    """The "already registered" warning for ?group=&date= (&meeting= when changing one), as a fragment the
    registration form swaps in with htmx; empty when that meeting is not registered yet."""
    require(request, "groups.add_meeting")
    existing = None
    day, error = date_from_query(request.GET.get("date", ""))
    group_id = request.GET.get("group", "")
    if group_id.isdigit() and day is not None and not error:
        group = get_visible_or_404(Group, request.user, pk=int(group_id))
        exclude = request.GET.get("meeting", "")
        existing = _registration_on(group, day, exclude_pk=int(exclude) if exclude.isdigit() else None)
    context = {
        "existing": existing,
        "may_edit_existing": existing is not None and may_edit_meeting(request.user, existing),
    }
    return render(request, "groups/_duplicate.html", context)


@role_required(Capability.REGISTER_MEETINGS)
def meeting_edit(request, pk: int):
    require(request, "groups.add_meeting")
    meeting = get_meeting_for_user(request, pk)
    if not may_edit_meeting(request.user, meeting):
        messages.error(
            request,
            f"This registration can no longer be changed by a facilitator ({conf.edit_window_days()} days have "
            "passed, or someone else registered it). Ask your site contact.",
        )
        return redirect(meeting.group)
    groups = _registrable_groups(request.user)
    if request.method == "POST":
        # With the initial values, changed_data (and so the audit entry) names only what was changed.
        form = MeetingForm(request.POST, initial=MeetingForm.initial_for(meeting), groups=groups, meeting=meeting)
        if form.is_valid():
            try:
                saved = meeting_update(
                    meeting=meeting,
                    actor=request.user,
                    facilitators=form.cleaned_data["facilitators"],
                    changed_fields=[name for name in form.changed_data if name != "confirmed"],
                    expected_version=form.expected_version,
                    confirmed=form.confirmations,
                    group=form.cleaned_data["group"],
                    date=form.cleaned_data["date"],
                    **form.meeting_fields(),
                )
            except UnconfirmedWarnings as exc:
                form.plausibility = exc.warnings
            except ValidationError as exc:
                form_add_service_errors(form, exc, default_field="facilitators")
            else:
                messages.success(request, f"The registration of {meeting.date:%d/%m/%Y} is updated.")
                _tell(request, saved, form.cleaned_data["facilitators"])
                return redirect(meeting.group)
    else:
        # What was confirmed when it was saved stays confirmed while that value stays as it is.
        found = meeting_plausibility(meeting, meeting.facilitators.count()) if meeting.confirmed_warnings else []
        kept = [w.token for w in found if w.code in meeting.confirmed_warnings]
        initial = {**MeetingForm.initial_for(meeting), "confirmed": kept}
        form = MeetingForm(initial=initial, groups=groups, meeting=meeting)
    existing = form.existing_meeting
    context = {
        "form": form,
        "meeting": meeting,
        "existing": existing,
        "may_edit_existing": existing is not None and may_edit_meeting(request.user, existing),
    }
    return render(request, "groups/meeting_form.html", context, status=_status(request, form))


def _filtered_meetings(request):
    # The filter lists groups by name only: no site row and no other column per group.
    groups = Group.objects.visible_to(request.user).only("pk", "name")
    form = MeetingFilterForm(request.GET or None, groups=groups)
    meetings = Meeting.objects.visible_to(request.user).select_related("group", "group__site")
    if form.is_valid():
        data = form.cleaned_data
        if data["group"]:
            meetings = meetings.filter(group=data["group"])
        if data["start"]:
            meetings = meetings.filter(date__gte=data["start"])
        if data["end"]:
            meetings = meetings.filter(date__lte=data["end"])
        if data["held"]:
            meetings = meetings.filter(held=data["held"] == "yes")
    return form, meetings.order_by("-date", "group__name")


@role_required(Capability.READ_MEETINGS)
@read_only_page
def meeting_list(request):
    form, meetings = _filtered_meetings(request)
    show_facilitators = selectors.sees_meeting_people(request.user)
    if show_facilitators:
        meetings = meetings.prefetch_related("facilitators")
    # Counted up to a limit: a COUNT over every registration of the network cost more than the page's rows.
    paginator = LimitedPaginator(meetings, conf.meetings_per_page(), limit=conf.meetings_count_limit())
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Reversed once; each row's links are these prefixes and the row's ids.
    groups_prefix, meetings_prefix = reverse("groups:list"), reverse("groups:meeting_list")
    return render(
        request,
        "groups/meeting_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (
                    m,
                    may_edit_meeting(request.user, m),
                    f"{groups_prefix}{m.group_id}/",
                    f"{meetings_prefix}{m.pk}/edit/",
                )
                for m in page.object_list
            ],
            "show_facilitators": show_facilitators,
            "disclosure": selectors.meeting_disclosure(request.user),
            "link_groups": allows(request.user, Capability.READ_GROUPS),  # evaluators see meetings, not group pages
            "query": query.urlencode(),
            "count_shown": f"{paginator.count:,}",  # 10,000
        },
    )


CSV_COLUMNS = [
    "group",
    "site",
    "date",
    "held",
    "attendance",
    "newcomers",
    "duration_minutes",
    "donations",
    *[name for name, _ in AGENDA_SECTIONS + TOOLS + REFERRAL_SOURCES + MAIN_PROBLEMS],
    "professional_attended",
    "registered_on",
    "registered_within_7_days",
    "illustrative",
]
# Free text and names: only for those who keep the group's records (selectors.sees_meeting_people).
CSV_PEOPLE_COLUMNS = ["cancelled_reason", "note", "facilitators"]


@role_required(Capability.READ_MEETINGS)
@read_only_page
def meeting_csv(request):
    form, meetings = _filtered_meetings(request)
    people = selectors.sees_meeting_people(request.user)
    disclosure = selectors.meeting_disclosure(request.user)
    if people:
        meetings = meetings.prefetch_related("facilitators")
    columns = CSV_COLUMNS + (CSV_PEOPLE_COLUMNS if people else [])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetings-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(columns)
    count = 0
    due = timedelta(days=conf.registration_due_days())
    for m in meetings:
        registered_on = timezone.localdate(m.registered_at)
        row = [m.group.name, m.group.site.name, m.date.isoformat(), "yes" if m.held else "no"]
        row += [disclosure.count(m.attendance), disclosure.count(m.newcomers), m.duration_minutes]
        row += [f"{m.donations:.2f}"]
        row += ["yes" if getattr(m, name) else "no" for name, _ in AGENDA_SECTIONS + TOOLS]
        row += [disclosure.count(getattr(m, name)) for name, _ in REFERRAL_SOURCES + MAIN_PROBLEMS]
        row += ["yes" if m.professional_attended else "no", registered_on.isoformat()]
        row += ["yes" if registered_on - m.date <= due else "no", "yes" if m.is_illustrative else "no"]
        if people:
            row += [m.cancelled_reason, m.note, "; ".join(f.display_name for f in m.facilitators.all())]
        writer.writerow([neutralise(value) for value in row])
        count += 1
    audit(
        actor=request.user,
        action="export",
        target_type="groups.Meeting",
        changed_fields=columns,
        detail=f"meetings CSV, {count} rows, {disclosure.label} figures",
    )
    return response


# Groups per page of the missing registrations; each lists all its missing dates (at most the look-back's weeks).
MISSING_GROUPS_PER_PAGE = 25


@role_required(Capability.READ_GROUPS)
@read_only_page
def missing(request):
    """Missing registrations grouped by group, a page of groups at a time (?group= for one group); the total is
    `selectors.missing_count`'s, as on the start page, and the CSV lists every row."""
    period = period_for(request)
    today = period.as_of()
    found = selectors.missing_by_group(user=request.user, today=today)
    total = sum(m.count for m in found)
    chosen = request.GET.get("group", "")
    shown = [m for m in found if str(m.group.pk) == chosen] if chosen.isdigit() else found
    page = Paginator(shown, MISSING_GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Reversed once and formatted per row: a page may hold hundreds of links.
    register = reverse("groups:meeting_new")
    group_prefix = reverse("groups:list")
    context = {
        "page": page,
        "rows": [
            (m, f"{group_prefix}{m.group.pk}/", f"{register}?group={m.group.pk}&date=", _due_dates(m.dates))
            for m in page
        ],
        "total": total,
        "group_count": len(found),
        "chosen": shown[0].group if chosen.isdigit() and shown else None,
        "may_register": allows(request.user, Capability.REGISTER_MEETINGS),
        "today": today,
        "period": period,
        "control": period_control(request, period),
        "query": query.urlencode(),
        "csv_query": urlencode(period.query()),
    }
    return render(request, "groups/missing.html", context)


def _due_dates(dates) -> list[tuple[str, str]]:
    """(shown, ISO) for each date: formatted here, as the page may hold hundreds (the template's date filter is
    slow per call)."""
    return [(f"{WEEKDAY_ABBR[d.weekday()]} {d:%d/%m/%Y}", d.isoformat()) for d in dates]


WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@role_required(Capability.READ_GROUPS)
@read_only_page
def missing_csv(request):
    """Every missing registration, one row each, newest first (the page shows a page of groups at a time)."""
    period = period_for(request)
    today = period.as_of()
    rows = selectors.missing_registrations(user=request.user, today=today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="missing-registrations-{today:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    columns = ["group", "site", "due", "days_overdue"]
    writer.writerow(columns)
    for row in rows:
        values = [row.group.name, row.group.site.name, row.date.isoformat(), row.days_overdue]
        writer.writerow([neutralise(value) for value in values])
    audit(
        actor=request.user,
        action="export",
        target_type="groups.Meeting",
        changed_fields=columns,
        detail=f"missing registrations CSV, {len(rows)} rows, as of {today:%Y-%m-%d}",
    )
    return response
