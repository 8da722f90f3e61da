"""The data quality page and its CSV: per site and month, completeness, timeliness, flags, sign-off."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from groups import conf
from groups.models import Group
from groups.quality import as_percent, by_month, by_site, data_quality, total
from pilot.audit import audit
from pilot.permissions import allows, read_only_page, role_required
from pilot.roles import Capability
from pilot.spreadsheets import neutralise
from programmes.periods import period_control, period_for
from programmes.selectors import sites_taking_part
from sites.models import HostSite

SITES_PER_PAGE = 25


def _scope(request):
    """The period, the sites the user may see that take part in its programme, the one chosen (?site=slug)."""
    period = period_for(request)
    sites = sites_taking_part(HostSite.objects.visible_to(request.user).order_by("name"), period.programme)
    chosen = next((s for s in sites if s.slug == request.GET.get("site")), None)
    shown = [chosen] if chosen else sites
    groups = Group.objects.visible_to(request.user).filter(site__in=[s.pk for s in shown])
    return period, sites, chosen, data_quality(groups=groups, start=period.start, end=period.as_of())


@role_required(Capability.READ_DATA_QUALITY)
@read_only_page
def quality(request):
    period, sites, chosen, rows = _scope(request)
    one_site = chosen or (sites[0] if len(sites) == 1 else None)  # no site column, the name in the heading
    keep = [(k, v) for k, v in request.GET.items() if k in ("period", "from", "to")]
    context = {
        "rows": rows,
        "total": total(rows),
        "sites": sites,
        "chosen": chosen,
        "one_site": one_site,
        "period": period,
        "control": period_control(request, period),
        "due_days": conf.registration_due_days(),
        "keep": keep,
        "csv_query": urlencode([(k, v) for k, v in request.GET.items() if k != "page"]),
        "signoff_links": allows(request.user, Capability.SIGN_OFF_MONTHS),
    }
    if not one_site:
        # Every site: the network's months, then the sites added up, 25 to a page; a site's months are one link
        # away (?site=). The rows are the same ones the CSV lists.
        page = Paginator(by_site(rows), SITES_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            months=by_month(rows),
            page=page,
            query=urlencode(keep),
            site_query=urlencode([*keep, ("site", "")]),  # a site's link: this, then its slug
        )
    return render(request, "groups/quality.html", context)


def csv_columns() -> list[str]:
    due = conf.registration_due_days()
    return [
        "site", "month", "meetings_expected", "registered_on_schedule", "completeness_percent",
        f"registered_within_{due}_days", "timeliness_percent", "registrations_in_month", "flagged", "sign_off",
    ]  # fmt: skip


@role_required(Capability.READ_DATA_QUALITY)
@read_only_page
def quality_csv(request):
    period, _, chosen, rows = _scope(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"data-quality-{chosen.slug + '-' if chosen else ''}{period.start:%Y-%m}-to-{period.as_of():%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    columns = csv_columns()
    writer.writerow(columns)
    for row in rows:
        values = [row.site_name, row.month.strftime("%Y-%m"), row.rate.scheduled, row.rate.received]
        values += [as_percent(row.completeness), row.rate.on_time, as_percent(row.timeliness)]
        values += [row.registered, row.flagged, row.sign_off]
        writer.writerow([neutralise("" if v is None else v) for v in values])
    audit(
        actor=request.user,
        action="export",
        target_type="groups.data_quality",
        changed_fields=columns,
        detail=f"data quality CSV, {len(rows)} rows, {period.label}",
    )
    return response
