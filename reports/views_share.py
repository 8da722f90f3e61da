"""Sharing a finished report with readers (the steering committee's library). Thin: the rules are in
reports.selectors.share_problem and reports.services.report_share."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pilot.permissions import role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from reports.document import ReportError
from reports.models import ReportShare
from reports.selectors import get_report_request_for_user, report_site
from reports.services import report_share, report_unshare
from reports.share_forms import ReportShareForm


@require_http_methods(["GET", "POST"])
@role_required(Capability.SHARE_REPORTS)
def share(request, pk):
    """Who may read this report besides the person who asked for it; a POST shares it with more readers."""
    report = get_report_request_for_user(request, pk)
    site = report_site(report)
    form = ReportShareForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            made, created = report_share(actor=request.user, request=report, role=form.cleaned_data["role"])
        except ReportError as exc:
            form.add_error("role", str(exc))
        else:
            if created:
                messages.success(request, f"Shared with {made.readers}. They find it under Reports, Shared with you.")
            else:
                messages.info(request, f"It was already shared with {made.readers}.")
            return redirect("reports:share", pk=report.pk)
    shares = report.shares.select_related("site", "shared_by")
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/share.html", {"report": report, "form": form, "shares": shares}, status=status)


@role_required(Capability.SHARE_REPORTS)
@require_POST
def unshare(request, pk):
    """Take a report back from the readers of one share."""
    found = get_visible_or_404(
        ReportShare.objects.visible_to(request.user).select_related("request", "site"), request.user, pk=pk
    )
    report = found.request
    report_unshare(actor=request.user, share=found)
    messages.success(request, f"No longer shared with {found.readers}.")
    return redirect("reports:share", pk=report.pk)
