"""The blocks of a site page that come from other apps: its groups, its training, its questionnaire rounds,
its facilitators' support.

Each takes the site, the user and the day the page judges on, and returns a SitePanel (template and
context) or nothing; the site page shows them in order. Every panel runs a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse

from evaluation.models import CollectionRound
from groups import selectors as group_selectors
from groups.models import Facilitator, Group
from groups.signoff import approved_months
from groups.support import FLAG_LABELS, support_flags
from network.pipeline import site_pipeline
from network.selectors import SUPPORT_CODES, disclosed_support_counts, site_disclosure, support_counts_for
from pilot.disclosure import policy_for
from pilot.permissions import allows, may
from pilot.roles import Capability, role_of
from referrals.selectors import referral_summary, sees_champions
from sites.selectors import can_manage_site, readiness_for, sustainability_for
from training.models import Event, EventKind, EventStatus
from training.selectors import can_propose_event


@dataclass
class SitePanel:
    """A block on the site page: a title, the template that draws it and its context."""

    title: str
    template: str
    context: dict = field(default_factory=dict)


def groups_panel(site, user, today) -> SitePanel | None:
    """The groups at a site with their reporting rate over the last 13 weeks and per month."""
    groups = list(Group.objects.visible_to(user).filter(site=site).order_by("name"))
    if not groups:
        return None
    start = today - timedelta(days=90)
    rates = group_selectors.reporting_rate(groups=groups, start=start, end=today)
    by_month = group_selectors.reporting_rate_by_month(groups=groups, end=today)
    approved = approved_months([site.pk], by_month[0][0], today)
    context = {
        "rows": [(g, rates.groups[g.pk]) for g in groups],
        "overall": rates.overall,
        "start": start,
        # Each month with its sign-off: approved, or provisional (its registrations may still change).
        "by_month": [(month, rate, (site.pk, month) in approved) for month, rate in by_month],
        "site": site,
        "signoff_links": allows(user, Capability.SIGN_OFF_MONTHS),
        "quality_link": allows(user, Capability.READ_DATA_QUALITY),
    }
    return SitePanel(title="Groups", template="groups/_site_panel.html", context=context)


def training_panel(site, user, today) -> SitePanel | None:
    """The site's training pipeline, its recent and next events, and "plan a refresher"."""
    if not allows(user, Capability.READ_PIPELINE):
        return None
    events = list(Event.objects.filter(site=site).exclude(status=EventStatus.CANCELLED).order_by("-starts_on")[:5])
    plan_url = ""
    if may(user, allowed=can_propose_event(user)):
        plan_url = f"{reverse('training:create')}?kind={EventKind.REFRESHER}&site={site.pk}"
    row = site_pipeline(site=site, today=today)
    # The site's own contacts keep its training records; the committee sees published figures.
    figures = row.figures(policy_for(user, keeper=True))
    context = {"site": site, "row": row, "fig": figures, "events": events, "plan_url": plan_url}
    return SitePanel(title="Training", template="training/_site_panel.html", context=context)


def rounds_panel(site, user, today) -> SitePanel | None:
    """This site's questionnaire rounds in the user's scope, with counts (never answers)."""
    if role_of(user) is None:
        return None
    rounds = list(
        CollectionRound.objects.visible_to(user)
        .filter(site=site)
        .select_related("questionnaire", "group")
        .annotate(
            response_count=Count("responses"), paper_count=Count("responses", filter=Q(responses__is_paper=True))
        )
        .order_by("-opens_on", "name")[:20]
    )
    if not rounds:
        return None
    context = {
        "rounds": rounds,
        "may_enter": may(user, "evaluation.add_response", allowed=allows(user, Capability.ENTER_RESPONSES)),
        "disclosure": policy_for(user),
    }
    return SitePanel("Questionnaire rounds", "evaluation/_site_rounds.html", context)


def readiness_panel(site, user, today) -> SitePanel | None:
    """The site's readiness checklist (sites.selectors.readiness_for), with "edit" for those who manage the site."""
    readiness = readiness_for([site], today=today)[site.pk]
    edit_url = ""
    if may(user, "sites.change_sitereadiness", allowed=can_manage_site(user, site)):
        edit_url = reverse("sites:readiness", args=[site.slug])
    context = {"site": site, "readiness": readiness, "edit_url": edit_url, "row": readiness.row}
    return SitePanel(title=f"Readiness ({readiness})", template="sites/_readiness_panel.html", context=context)


def sustainability_panel(site, user, today) -> SitePanel | None:
    """The site's sustainability plan and future status (sites.selectors.sustainability_for)."""
    plan = sustainability_for([site])[site.pk]
    edit_url = ""
    if may(user, "sites.change_sustainabilityplan", allowed=can_manage_site(user, site)):
        edit_url = reverse("sites:sustainability", args=[site.slug])
    if plan is None and not edit_url:
        return None
    title = f"After the funding: {plan.get_future_display().lower()}" if plan else "After the funding"
    return SitePanel(
        title=title, template="sites/_sustainability_panel.html", context={"plan": plan, "edit_url": edit_url}
    )


def support_panel(site, user, today) -> SitePanel | None:
    """The site's active facilitators with their support flags (groups.support), for the coordinator and the
    site's contacts; the steering committee sees how many are flagged, published, never who."""
    if not allows(user, Capability.RECORD_FACILITATOR_SUPPORT):
        if not allows(user, Capability.SEE_WHOLE_NETWORK):
            return None
        counts = disclosed_support_counts(support_counts_for([site], today), site_disclosure(user))[site.pk]
        labels = [(FLAG_LABELS[code], counts[code]) for code in SUPPORT_CODES]
        context = {"counts": counts, "labels": labels, "as_of": today}
        return SitePanel("Facilitator support", "network/_support_counts_panel.html", context)
    facilitators = list(Facilitator.objects.visible_to(user).active().filter(site=site).order_by("display_name"))
    if not facilitators:
        return None
    flags = support_flags(facilitators, today)
    rows = [(f, [flag for flag in flags if flag.facilitator.pk == f.pk]) for f in facilitators]
    return SitePanel("Facilitator support", "groups/_support_panel.html", {"rows": rows})


REFERRAL_MONTHS = 12  # months of newcomers by source the site page lists (the totals are the whole period's)


def referrals_panel(site, user, today, start=None) -> SitePanel | None:
    """The site's referral pathways (referrals.selectors.referral_summary, as on the overview, the start page and
    the evaluation pack): its partners with protocols and champions (names only for those who may see them), the
    quiet ones, and where its newcomers came from over the period (counts of people, through the site's
    disclosure policy). Two queries."""
    if not allows(user, Capability.READ_REFERRALS):
        return None
    start = start or today.replace(day=1)
    summary = referral_summary([site], today, start=start)[site.pk]
    disclosure = site_disclosure(user)
    context = {
        "exact": disclosure.exact,
        "rule": disclosure.rule_text(),
        "site": site,
        "summary": summary,
        "as_of": today,
        "start": start,
        "sources": summary.sources.shown(disclosure, last=REFERRAL_MONTHS),
        "show_champions": sees_champions(user, site),
    }
    return SitePanel("Referral pathways", "referrals/_site_panel.html", context)


PANELS = (
    readiness_panel,
    sustainability_panel,
    groups_panel,
    training_panel,
    rounds_panel,
    support_panel,
    referrals_panel,
)
# Panels whose figures cover the page's period (from its first day), not only its last day.
PERIOD_PANELS = (referrals_panel,)


def site_panels(site, user, today, start=None) -> list[SitePanel]:
    """The panels of the site page, judged as of `today` (the page's day), those over a period from `start`, in
    the order shown."""
    panels = []
    for make in PANELS:
        panel = make(site, user, today, start) if make in PERIOD_PANELS else make(site, user, today)
        if panel is not None:
            panels.append(panel)
    return panels
