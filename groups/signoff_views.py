"""A site's month: review, approve, reopen with a reason, raise a query (groups.signoff)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from groups import signoff
from groups.selectors import meeting_disclosure, sees_meeting_people
from groups.services import may_edit_meeting
from groups.signoff_forms import ApproveMonthForm, MonthQueryForm, ReopenMonthForm
from pilot.forms import form_add_service_errors
from pilot.permissions import allows, may, read_only_page, require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from sites.models import HostSite


def _site_month(request, slug: str, year: int, month: int) -> tuple[HostSite, date]:
    """The site if the user may see it (else 404) and the first day of the month asked for (else 404)."""
    site = get_visible_or_404(HostSite, request.user, slug=slug)
    try:
        first = date(year, month, 1)
    except ValueError:
        raise Http404("No such month.") from None
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404("No such month.")
    return site, first


def month_url(site, first: date) -> str:
    return reverse("groups:signoff_month", args=[site.slug, first.year, first.month])


def _render(request, site, first, *, status: int = 200, **forms):
    user = request.user
    review = signoff.month_review(site=site, month=first, user=user)
    row = review.signoff
    may_sign = may(user, "groups.change_monthsignoff", allowed=signoff.can_sign_off(user, site))
    ended = signoff.month_last(first) < timezone.localdate()
    context = {
        "site": site,
        "review": review,
        "month": first,
        "ended": ended,
        "is_current": first >= timezone.localdate().replace(day=1),  # no link to a month still to come
        "previous": signoff.month_start(first.replace(day=1) - timedelta(days=1)),
        "following": signoff.month_last(first) + timedelta(days=1),
        "disclosure": meeting_disclosure(user),
        "show_people": sees_meeting_people(user),
        "labels": signoff.CONFIRMED_WARNING_LABELS,
        "editable": {m.pk for g in review.groups for m in g.meetings if may_edit_meeting(user, m)},
        "may_register": allows(user, Capability.REGISTER_MEETINGS) and not review.approved,
        "query_form": forms.get("query_form") or MonthQueryForm(),
    }
    # A refused form is shown again with its errors, whatever the month's state now.
    if forms.get("approve_form") or (may_sign and ended and not review.approved):
        context["approve_form"] = forms.get("approve_form") or ApproveMonthForm(signoff=row)
    may_reopen = may(user, "groups.change_monthsignoff", allowed=allows(user, Capability.REOPEN_MONTHS))
    if forms.get("reopen_form") or (review.approved and may_reopen):
        context["reopen_form"] = forms.get("reopen_form") or ReopenMonthForm(signoff=row)
    return render(request, "groups/signoff_month.html", context, status=status)


@role_required(Capability.SIGN_OFF_MONTHS)
@read_only_page
def month(request, slug: str, year: int, month: int):
    site, first = _site_month(request, slug, year, month)
    return _render(request, site, first)


@role_required(Capability.SIGN_OFF_MONTHS)
@require_POST
def month_approve(request, slug: str, year: int, month: int):
    site, first = _site_month(request, slug, year, month)
    require(request, "groups.change_monthsignoff", allowed=signoff.can_sign_off(request.user, site))
    row = site.month_signoffs.filter(month=first).first()
    form = ApproveMonthForm(request.POST, signoff=row)
    if form.is_valid():
        try:
            signoff.month_approve(site=site, month=first, actor=request.user, expected_version=form.expected_version)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{signoff.month_label(first)} is approved: its registrations are now locked.")
            return redirect(month_url(site, first))
    return _render(request, site, first, status=400, approve_form=form)


@role_required(Capability.REOPEN_MONTHS)
@require_POST
def month_reopen(request, slug: str, year: int, month: int):
    site, first = _site_month(request, slug, year, month)
    require(request, "groups.change_monthsignoff")
    row = site.month_signoffs.filter(month=first).first()
    form = ReopenMonthForm(request.POST, signoff=row)
    if form.is_valid():
        try:
            signoff.month_reopen(
                site=site,
                month=first,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{signoff.month_label(first)} is reopened: registrations can be changed.")
            return redirect(month_url(site, first))
    return _render(request, site, first, status=400, reopen_form=form)


@role_required(Capability.SIGN_OFF_MONTHS)
@require_POST
def month_query(request, slug: str, year: int, month: int):
    site, first = _site_month(request, slug, year, month)
    require(request, "groups.add_monthquery", allowed=signoff.can_sign_off(request.user, site))
    form = MonthQueryForm(request.POST)
    if form.is_valid():
        try:
            signoff.month_query_add(site=site, month=first, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Your query is recorded on this page.")
            return redirect(month_url(site, first) + "#queries")
    return _render(request, site, first, status=400, query_form=form)
