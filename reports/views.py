"""Report pages: choose and request, watch progress, download. Thin: the work is in services."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pilot.audit import audit
from pilot.permissions import allows, read_only_page, require, role_required
from pilot.roles import Capability
from reports import conf
from reports.document import ReportError
from reports.forms import ReportRequestForm
from reports.kinds.base import PdfTooLarge
from reports.models import ReportKind, ReportStatus
from reports.selectors import (
    get_report_request_for_user,
    kinds_for,
    may_request,
    parameters_in_words,
    report_requests_for,
    shared_with,
    worker_status,
)
from reports.services import report_request_get_or_create, report_request_retry


@role_required(Capability.READ_REPORTS)
@read_only_page
def index(request):
    """The reports this user may ask for, and the ones they asked for."""
    mine = list(report_requests_for(user=request.user)[:50])
    described = parameters_in_words(mine)
    for report in mine:
        report.described = described[report.pk]  # its filters in words, for the list
    context = {
        "kinds": kinds_for(request.user),
        "mine": mine,
        "shared": shared_with(user=request.user),
        "can_share": allows(request.user, Capability.SHARE_REPORTS),
        "expiry_days": conf.expiry_days(),
        "max_active": conf.max_active_per_user(),
        "worker": worker_status(),
    }
    return render(request, "reports/index.html", context)


@role_required(Capability.REQUEST_REPORTS)
def new(request, kind: str):
    """The request form of one kind; a valid POST saves the request and shows its progress page."""
    if kind not in ReportKind.values:
        raise Http404("No such report.")
    require(request, "reports.add_reportrequest", allowed=may_request(request.user, kind))
    url = reverse("reports:new", args=[kind])
    if request.method == "POST" and "refresh" in request.POST:
        # "Update the choices" (or htmx on choosing a questionnaire or site): the form again, nothing built.
        chosen = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "refresh")}
        form = ReportRequestForm(initial=chosen, kind=kind, user=request.user, refresh_url=url)
    else:
        form = ReportRequestForm(request.POST or None, kind=kind, user=request.user, refresh_url=url)
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            report, created = report_request_get_or_create(
                user=request.user, kind=kind, parameters=form.parameters(), fmt=form.cleaned_data["format"]
            )
        except PdfTooLarge as exc:
            form.add_error("format", str(exc))  # nothing is queued: the estimate is a few COUNT queries
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            if not created:
                messages.info(request, "You already asked for this report; here it is. There is no need to ask again.")
            return redirect(report)
    return render(request, "reports/new.html", {"form": form, "kind": kind, "label": ReportKind(kind).label})


@never_cache
@role_required(Capability.READ_REPORTS)
@read_only_page
def detail(request, pk):
    """A request's progress page: refreshes itself without JavaScript, polls the status fragment with it."""
    report = get_report_request_for_user(request, pk)
    context = {
        **_progress_context(report),
        "shares": list(report.shares.select_related("site")),
        "can_share": allows(request.user, Capability.SHARE_REPORTS),
    }
    return render(request, "reports/detail.html", context)


@never_cache
@role_required(Capability.READ_REPORTS)
@read_only_page
def status(request, pk):
    """The progress fragment that the page polls once a second."""
    report = get_report_request_for_user(request, pk)
    return render(request, "reports/_status.html", _progress_context(report))


def _progress_context(report) -> dict:
    # Whether a worker is running matters only while the report waits or is being built.
    return {"report": report, "worker": None if report.is_finished else worker_status()}


@never_cache
@role_required(Capability.READ_REPORTS)
@read_only_page
def download(request, pk):
    """The file as an attachment: 409 while being built, 410 if it failed, 404 once expired or out of scope."""
    report = get_report_request_for_user(request, pk)
    if report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING):
        return HttpResponse("This report is still being built. Try again in a moment.", status=409)
    if report.status == ReportStatus.FAILED:
        return HttpResponse("This report failed and has no file. You can ask for it again.", status=410)
    if report.status != ReportStatus.DONE or not report.file or not report.file.storage.exists(report.file.name):
        raise Http404("This report has expired.")
    # Anyone but the person who asked and the coordinators reads it because it was shared with them.
    by_share = report.requested_by_id != request.user.pk and not allows(request.user, Capability.SHARE_REPORTS)
    shared = " (shared)" if by_share else ""
    audit(actor=request.user, action="download", target=report, detail=f"{report.kind} {report.format}{shared}")
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename)


@role_required(Capability.REQUEST_REPORTS)
@require_POST
def retry(request, pk):
    """Ask again for a failed or expired report with the same filters."""
    report = get_report_request_for_user(request, pk)
    require(request, "reports.add_reportrequest", allowed=report.requested_by_id == request.user.pk)
    if report.status not in (ReportStatus.FAILED, ReportStatus.EXPIRED):
        messages.info(request, "This report has not failed; there is nothing to retry.")
        return redirect(report)
    try:
        again = report_request_retry(user=request.user, request=report)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect(report)
    return redirect(again)
