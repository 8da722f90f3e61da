"""The start page's panels from every domain app, for the user's role (reports/dashboard.py adds its own).

The coordinator's overdue follow-ups and sites needing attention, a site contact's site, and each app's
own panels: groups, training, the budget and questionnaires.
"""

from __future__ import annotations

from budget.dashboard import panels as budget_panels
from committee.selectors import overdue_actions
from evaluation.dashboard import panels as questionnaire_panels
from groups import conf as groups_conf
from groups.dashboard import panels as group_panels
from groups.support import support_flags_for
from network.selectors import facilitating_untrained, network_overview, sites_needing_attention
from pilot.dashboard import Panel
from pilot.permissions import allows
from pilot.roles import Capability, Role, role_of
from programmes.periods import Period
from referrals import conf as referrals_conf
from sites import selectors
from sites.models import Future
from training.dashboard import panels as training_panels


def site_panels(user, period: Period) -> list[Panel]:
    """The coordinator's follow-ups and flagged sites; a site contact's own site with its flags; as of the
    period's end or today."""
    role = role_of(user)
    today = period.as_of()
    if role == Role.COORDINATOR:
        overdue = list(selectors.overdue_follow_ups(user=user, today=today)[:10])
        # Flags and plans only: the overview's meeting figures are not on the start page.
        rows = sites_needing_attention(user=user, today=today, programme=period.programme)
        attention = [r for r in rows if r.flags]
        found = [
            Panel("Overdue follow-ups", "sites/_panel_overdue.html", {"entries": overdue, "as_of": today}, 10),
            Panel("Sites needing attention", "sites/_panel_attention.html", attention_context(attention, today), 20),
        ]
        if doubt := in_doubt(rows):
            context = {"rows": doubt, "as_of": today}
            found.append(Panel("Sites whose future is in doubt", "sites/_panel_future.html", context, 21))
        if quiet := quiet_referrals(rows):
            context = {"rows": quiet, "as_of": today, "weeks": referrals_conf.quiet_weeks()}
            found.append(Panel("Referral partners gone quiet", "referrals/_panel_quiet.html", context, 22))
        return found
    if role == Role.SITE_CONTACT:
        _, rows, _ = network_overview(user=user, today=today)
        return [Panel("Your site", "sites/_panel_my_site.html", {"rows": rows, "as_of": today}, 10)]
    return []


# Flagged sites the start page lists; the overview, sorted by flags, lists them all.
ATTENTION_SHOWN = 10


def attention_context(rows, today) -> dict:
    """The panel's flagged sites (`rows`, all of them), the first ATTENTION_SHOWN to list and how many more."""
    return {"rows": rows, "shown": rows[:ATTENTION_SHOWN], "more": max(0, len(rows) - ATTENTION_SHOWN), "as_of": today}


def in_doubt(rows) -> list:
    """The rows (overview or attention rows) whose sustainability plan (sites.selectors.sustainability_for) says
    at risk or ending."""
    return [r for r in rows if r.plan is not None and r.plan.future in (Future.AT_RISK, Future.ENDING)]


def quiet_referrals(rows) -> list:
    """The overview rows with referral partners gone quiet (referrals.selectors.referral_summary's quiet partners)."""
    return [r for r in rows if r.referrals is not None and r.referrals.quiet]


def training_task_panels(user) -> list[Panel]:
    """The coordinator's task: facilitators who run meetings with no facilitator training recorded (instead of
    a warning on every registration they are listed in)."""
    if role_of(user) != Role.COORDINATOR or groups_conf.require_trained_facilitator() == "off":
        return []
    rows = facilitating_untrained()
    if not rows:
        return []
    return [Panel("Facilitators with no training recorded", "network/_panel_untrained.html", {"rows": rows}, 25)]


def support_task_panels(user) -> list[Panel]:
    """The coordinator's task: facilitators with a support flag (groups.support.support_flags, as the programme's
    support policy allows), as of today."""
    if role_of(user) != Role.COORDINATOR:
        return []
    flags = support_flags_for(user)
    if not flags:
        return []
    return [Panel("Facilitators who may need support", "groups/_panel_support_flags.html", {"flags": flags}, 26)]


def glance_panels(user, period: Period) -> list[Panel]:
    """The steering committee's network at a glance: sites taking part by stage, groups meeting, meetings lately and
    sites with a health flag, as of the period's end or today (counts of sites, groups and meetings, not people)."""
    if role_of(user) != Role.OBSERVER or not allows(user, Capability.SEE_WHOLE_NETWORK):
        return []
    today = period.as_of()
    _, rows, _ = network_overview(user=user, today=today, programme=period.programme)
    stages: dict[str, int] = {}
    for row in rows:
        stages[row.site.status_label] = stages.get(row.site.status_label, 0) + 1
    context = {
        "as_of": today,
        "programme": period.programme,
        "sites": len(rows),
        "stages": sorted(stages.items(), key=lambda item: -item[1]),
        "groups_meeting": sum(r.stats["groups_meeting"] for r in rows),
        "meetings": sum(r.stats["meetings_last_4_weeks"] for r in rows),
        "flagged": [r for r in rows if r.flags],
        "ready": sum(1 for r in rows if r.readiness.complete),
        "in_doubt": in_doubt(rows),
        # Counts of sites: a site whose count of flagged facilitators is hidden ("*") still has one.
        "support_flagged": sum(1 for r in rows if r.support["flagged"]),
    }
    return [Panel("The network at a glance", "network/_panel_glance.html", context, 8)]


def committee_panels(user) -> list[Panel]:
    """The steering committee's overdue actions (committee.selectors.overdue_actions): the coordinator's task when
    there are any; the committee's own way in to its record, always."""
    role = role_of(user)
    if role not in (Role.COORDINATOR, Role.OBSERVER) or not allows(user, Capability.READ_COMMITTEE):
        return []
    overdue = list(overdue_actions(user=user)[:10])
    if role == Role.COORDINATOR and not overdue:
        return []
    title = "Overdue committee actions" if role == Role.COORDINATOR else "The steering committee"
    return [Panel(title, "committee/_panel_actions.html", {"actions": overdue}, 15 if overdue else 60)]


def panels(user, period: Period) -> list[Panel]:
    """Every domain app's panels for this user and period, unsorted; those whose figures follow the period say so."""
    by_period = [
        *site_panels(user, period),
        *glance_panels(user, period),
        *group_panels(user, start=period.start, today=period.as_of()),
        *budget_panels(user, period=period),
    ]
    for panel in by_period:
        panel.period = True
    return [
        *by_period,
        *committee_panels(user),
        *training_task_panels(user),
        *support_task_panels(user),
        *training_panels(user),
        *questionnaire_panels(user),
    ]
