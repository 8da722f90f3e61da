import logging
import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from pilot import privacy
from pilot.audit import Action, audit
from pilot.dashboard import dashboard_panels
from pilot.forms import AuditFilterForm
from pilot.roles import Role, role_of, role_required
from pilot.selectors import audit_entries, audit_record_urls

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
    page.object_list = list(page.object_list)
    urls = audit_record_urls(page.object_list)
    for entry in page.object_list:
        entry.record_url = urls.get((entry.target_type, entry.target_id), "")
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


PERSON_MODELS = {
    "facilitators": "groups.Facilitator",
    "people": "sites.SitePerson",
    "participants": "training.Participant",
}


def _person_or_404(kind: str, pk: int):
    from django.apps import apps
    from django.http import Http404

    if kind not in PERSON_MODELS:
        raise Http404
    return get_object_or_404(apps.get_model(PERSON_MODELS[kind]), pk=pk)


def _facilitator_behind(kind: str, person):
    """A participant linked to a facilitator record is handled as that facilitator: one person, one request."""
    return person.facilitator_id if kind == "participants" and person.facilitator_id else None


@role_required(Role.COORDINATOR)
def person_export(request, kind: str, pk: int):
    """A data-subject export: everything held about one person, as a JSON download."""
    person = _person_or_404(kind, pk)
    if facilitator_id := _facilitator_behind(kind, person):
        return redirect("person_export", "facilitators", facilitator_id)
    audit(actor=request.user, action=Action.EXPORT, target=person, detail="data-subject export")
    response = JsonResponse(privacy.person_export(person=person), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{kind}-{pk}.json"'
    return response


@role_required(Role.COORDINATOR)
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
    return render(request, "pilot/person_erase.html", context)
