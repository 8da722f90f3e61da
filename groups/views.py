"""Group pages: the list with filters, the group page, and recording a status change."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from groups import charts, selectors
from groups.forms import GroupFilterForm, GroupStatusForm
from groups.models import Facilitator, Group, Meeting
from groups.services import group_set_status, may_edit_meeting
from groups.signoff import approved_months
from pilot.forms import form_add_service_errors
from pilot.permissions import allows, read_only_page, require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from programmes.periods import period_control, period_for
from sites.models import HostSite
from training.selectors import training_status


def get_group_for_user(request, pk: int) -> Group:
    """The group if the user may see it, else 404 (audited when the group exists outside the user's scope)."""
    return get_visible_or_404(Group, request.user, pk=pk)


GROUPS_PER_PAGE = 50


@role_required(Capability.READ_GROUPS)
@read_only_page
def group_list(request):
    """The groups, as they stood at the end of the period (today for a running one), of the period's programme."""
    period = period_for(request)
    as_of = period.as_of()
    groups = Group.objects.visible_to(request.user).select_related("site")
    if period.programme is not None:
        groups = groups.filter(site__in=period.programme.memberships.values("site"))
    groups = selectors.groups_as_of(groups, as_of)
    form = GroupFilterForm(request.GET or None, sites=HostSite.objects.visible_to(request.user))
    if form.is_valid():
        data = form.cleaned_data
        if data["site"]:
            groups = groups.filter(site=data["site"])
        if data["status"]:
            groups = groups.filter(status_then=data["status"])
        if data["venue_type"]:
            groups = groups.filter(venue_type=data["venue_type"])
    mine = Facilitator.objects.filter(user=request.user).values("groups")
    groups = groups.annotate(
        mine=Case(When(pk__in=mine, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("mine", "site__name", "name", "pk")
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    prefix = reverse("groups:list")  # reversed once: each row's link is the prefix and the group's id
    rows = list(page)
    for group in rows:
        group.url = f"{prefix}{group.pk}/"
    context = {
        "page": page,
        "groups": rows,
        "query": query.urlencode(),
        "form": form,
        "period": period,
        "as_of": as_of,
        "control": period_control(request, period),
        "may_manage": allows(request.user, Capability.MANAGE_GROUPS),
        "may_register": allows(request.user, Capability.REGISTER_MEETINGS),
    }
    return render(request, "groups/group_list.html", context)


@role_required(Capability.READ_GROUPS)
def group_detail(request, pk: int):
    group = get_group_for_user(request, pk)
    period = period_for(request)
    today = period.as_of()
    group_list = [group]
    disclosure = selectors.meeting_disclosure(request.user)
    sees_people = selectors.sees_meeting_people(request.user)
    facilitators = list(group.facilitators.order_by("display_name")) if sees_people else []
    training = training_status([f.pk for f in facilitators])
    recent = Meeting.objects.filter(group=group, date__lte=today).order_by("-date")
    recent = list((recent.prefetch_related("facilitators") if sees_people else recent)[:10])
    points = selectors.attendance_points(group, disclosure=disclosure, until=today)
    period_start = today - timedelta(days=90)
    rates = selectors.reporting_rate(groups=group_list, start=period_start, end=today)
    by_month = selectors.reporting_rate_by_month(groups=group_list, end=today)
    context = {
        "group": group,
        "period": period,
        "control": period_control(request, period),
        "disclosure": disclosure,
        "sees_people": sees_people,
        "facilitators": [(f, training[f.pk]) for f in facilitators],
        "show_contacts": selectors.may_see_contacts(request.user, group.site_id),
        "recent": [(m, may_edit_meeting(request.user, m)) for m in recent],
        "points": points,
        "chart": charts.attendance_chart(points, title=f"Attendance and newcomers at {group.name}"),
        "missing": selectors.missing_for_groups(group_list, today),
        "rate": rates.overall,
        "period_start": period_start,
        "by_month": by_month,
        # Months the group's site has signed off; the others are provisional (groups.signoff).
        "approved_months": [m for _, m in approved_months([group.site_id], by_month[0][0], today)],
        "history": sorted(group.status_changes.all(), key=lambda c: (c.changed_on, c.pk), reverse=True),
        "show_notes": sees_people,
        "next_date": selectors.most_recent_scheduled_date(group, today),
        "may_register": allows(request.user, Capability.REGISTER_MEETINGS),
        "may_change_status": allows(request.user, Capability.MANAGE_GROUPS),
        "status_form": GroupStatusForm(initial={"status": group.status, "changed_on": timezone.localdate()}),
    }
    return render(request, "groups/group_detail.html", context)


# Facilitators reach the view to be refused after the lookup: another site's group is a 404 to them, as elsewhere.
@role_required(Capability.READ_GROUPS)
@require_POST
def group_status(request, pk: int):
    group = get_group_for_user(request, pk)
    require(request, "groups.change_group", allowed=allows(request.user, Capability.MANAGE_GROUPS))
    form = GroupStatusForm(request.POST)
    if form.is_valid():
        try:
            group_set_status(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{group.name} is now recorded as {group.get_status_display().lower()}.")
            return redirect(group)
    return render(request, "groups/group_status.html", {"group": group, "form": form}, status=400)
