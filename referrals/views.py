"""Referral pathways pages: partners per site and network-wide, partner and outreach forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pilot.disclosure import policy_for
from pilot.forms import form_add_service_errors
from pilot.permissions import may, read_only_page, require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from programmes.periods import period_control, period_for
from referrals import selectors, services
from referrals.forms import EndPartnerForm, OutreachForm, PartnerForm
from referrals.models import OutreachActivity, ReferralPartner
from sites.selectors import sites_for
from sites.views import get_site_for_user


def _partner_or_404(request, pk: int) -> ReferralPartner:
    return get_visible_or_404(selectors.partners_for(request.user), request.user, pk=pk)


def _outreach_or_404(request, pk: int) -> OutreachActivity:
    return get_visible_or_404(selectors.outreach_for(request.user), request.user, pk=pk)


def _site_page(site) -> str:
    return reverse("referrals:site", args=[site.slug])


@role_required(Capability.READ_REFERRALS)
@read_only_page
def partner_list(request):
    """Every partner the user may read, by site, with the quiet ones marked (as of the period's day)."""
    period = period_for(request)
    today = period.as_of()
    sites = list(sites_for(request.user, as_of=today).order_by("name"))
    summaries = selectors.referral_summary(sites, today, start=period.start)
    rows = [(site, summaries[site.pk], selectors.sees_champions(request.user, site)) for site in sites]
    context = {
        "rows": [r for r in rows if r[1].partners],
        "without": [site for site, summary, _ in rows if not summary.partners],
        "as_of": today,
        "period": period,
        "control": period_control(request, period),
        "quiet_weeks": selectors.conf.quiet_weeks(),
    }
    return render(request, "referrals/partner_list.html", context)


@role_required(Capability.READ_REFERRALS)
@read_only_page
def site_referrals(request, slug: str):
    """One site's partners (ended ones too), its outreach log and where its newcomers came from."""
    site = get_site_for_user(request, slug)
    period = period_for(request)
    today = period.as_of()
    summary = selectors.referral_summary([site], today, start=period.start)[site.pk]
    quiet = {p.pk for p in summary.quiet}
    partners = list(selectors.partners_for(request.user, site=site).annotate(last_outreach=Max("outreach__date")))
    # As on the site page (network.selectors.site_disclosure): exact for the coordinator and the site's own
    # contacts, who keep its registrations; published for the steering committee.
    disclosure = policy_for(request.user, keeper=True)
    context = {
        "sources": summary.sources.shown(disclosure, last=12),
        "rule": disclosure.rule_text(),
        "site": site,
        "summary": summary,
        "partners": [(p, p.pk in quiet, p.is_active(today)) for p in partners],
        "outreach": list(
            selectors.outreach_for(request.user, site=site).filter(date__gte=period.start, date__lte=today)[:200]
        ),
        "show_champions": selectors.sees_champions(request.user, site),
        "can_manage": may(
            request.user, Capability.MANAGE_REFERRALS, allowed=selectors.can_manage_referrals(request.user, site)
        ),
        "as_of": today,
        "period": period,
        "control": period_control(request, period),
        "quiet_weeks": selectors.conf.quiet_weeks(),
    }
    return render(request, "referrals/site.html", context)


@role_required(Capability.MANAGE_REFERRALS)
def partner_edit(request, slug: str | None = None, pk: int | None = None):
    partner = _partner_or_404(request, pk) if pk else None
    site = partner.site if partner else get_site_for_user(request, slug)
    need = "referrals.change_referralpartner" if partner else "referrals.add_referralpartner"
    require(request, need, allowed=selectors.can_manage_referrals(request.user, site))
    form = PartnerForm(request.POST or None, instance=partner, site=site)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = services.partner_save(
                partner=partner, site=site, actor=request.user, expected_version=form.expected_version, **values
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{saved} is saved.")
            return redirect(_site_page(site))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "site": site, "partner": partner}
    if partner and partner.ended_on is None:
        context["end_form"] = EndPartnerForm(partner=partner, initial={"version": partner.version})
    return render(request, "referrals/partner_form.html", context, status=status)


@role_required(Capability.MANAGE_REFERRALS)
@require_POST
def partner_end(request, pk: int):
    partner = _partner_or_404(request, pk)
    require(
        request, "referrals.change_referralpartner", allowed=selectors.can_manage_referrals(request.user, partner.site)
    )
    form = EndPartnerForm(request.POST, partner=partner)
    if form.is_valid():
        try:
            services.partner_end(
                partner=partner,
                actor=request.user,
                ended_on=form.cleaned_data["ended_on"],
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"The partnership with {partner} ended on {partner.ended_on:%-d %B %Y}.")
            return redirect(_site_page(partner.site))
    context = {"form": PartnerForm(instance=partner, site=partner.site), "site": partner.site, "partner": partner}
    context["end_form"] = form
    return render(request, "referrals/partner_form.html", context, status=400)


@role_required(Capability.MANAGE_REFERRALS)
def outreach_edit(request, slug: str | None = None, pk: int | None = None):
    activity = _outreach_or_404(request, pk) if pk else None
    site = activity.site if activity else get_site_for_user(request, slug)
    need = "referrals.change_outreachactivity" if activity else "referrals.add_outreachactivity"
    require(request, need, allowed=selectors.can_manage_referrals(request.user, site))
    initial = {}
    if activity is None and request.GET.get("partner", "").isdigit():
        initial["partner"] = int(request.GET["partner"])
    form = OutreachForm(request.POST or None, instance=activity, site=site, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.outreach_save(
                activity=activity, site=site, actor=request.user, expected_version=form.expected_version, **values
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "The outreach is saved.")
            return redirect(_site_page(site) + "#outreach")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "site": site, "activity": activity, "today": timezone.localdate()}
    return render(request, "referrals/outreach_form.html", context, status=status)


@role_required(Capability.MANAGE_REFERRALS)
def outreach_delete(request, pk: int):
    activity = _outreach_or_404(request, pk)
    require(
        request,
        "referrals.delete_outreachactivity",
        allowed=selectors.can_manage_referrals(request.user, activity.site),
    )
    refused = False
    if request.method == "POST":
        if request.POST.get("confirm") == "delete":
            site = activity.site
            services.outreach_delete(activity=activity, actor=request.user)
            messages.success(request, "The outreach is deleted.")
            return redirect(_site_page(site) + "#outreach")
        refused = True
    context = {"activity": activity, "site": activity.site, "refused": refused}
    return render(request, "referrals/outreach_delete.html", context, status=400 if refused else 200)
