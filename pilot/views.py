import logging
import sys

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from network.dashboard import panels as network_panels
from network.privacy import audit_record_urls
from pilot.forms import AuditFilterForm
from pilot.permissions import read_only_page, role_required
from pilot.roles import Capability
from pilot.selectors import audit_entries
from programmes.periods import period_control, period_for
from reports.dashboard import panels as report_panels

logger = logging.getLogger("pilot.availability")


@login_required  # any signed-in user, with a role or none: a new account is told it has none yet
@read_only_page
def home(request):
    """Each role's first page: the panels that role needs first, from the network and from reports, for the
    period chosen (by default the programme running today)."""
    period = period_for(request)
    panels = sorted([*network_panels(request.user, period), *report_panels(request.user)], key=lambda p: p.order)
    context = {
        # What the role comes for comes first, above the period control, so a phone's first screen shows it.
        "leading": [p for p in panels if p.leads],
        "panels": [p for p in panels if not p.leads],
        "period": period,
        "show_period": any(p.period for p in panels),  # no control where nothing on the page follows it
        "control": period_control(request, period),
    }
    return render(request, "pilot/home.html", context)


@role_required(Capability.READ_AUDIT_LOG)
@read_only_page
def audit_log(request):
    """The audit trail, for coordinators only, filtered and paged."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    urls = audit_record_urls(page.object_list)
    for entry in page.object_list:
        entry.record_url = urls.get((entry.target_type, entry.target_id), "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pilot/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


@never_cache
@read_only_page
def healthz(request):
    """Liveness for a load balancer: the process answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """500, or 503 when the database is unreachable. No context processors: whatever broke may be behind them."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("database unavailable: %s", exc)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
