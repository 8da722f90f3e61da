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

from pilot.dashboard import dashboard_panels
from pilot.forms import AuditFilterForm
from pilot.roles import Role, role_of, role_required
from pilot.selectors import audit_entries

logger = logging.getLogger("pilot.availability")


@login_required
def home(request):
    """Each role's first page: the panels that role needs first."""
    role = role_of(request.user)
    return render(request, "pilot/home.html", {"role": role, "panels": dashboard_panels(request.user)})


@role_required(Role.COORDINATOR)
def audit_log(request):
    """The audit trail, for coordinators only, filtered and paged."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pilot/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


@never_cache
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
