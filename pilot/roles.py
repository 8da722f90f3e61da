"""Roles: who may do what, declared once.

A role is a Django auth group of the same name. Two tables below say what each role may do:

- CAPABILITIES: which roles may open which pages (and see the links and buttons to them). Every
  view names one with `pilot.permissions.role_required(Capability.X)`.
- ROLE_PERMISSIONS: which model permissions each role holds, synced to its group after every
  migration. A write checks one with `pilot.permissions.require(request, "app.codename")`.

What a user may *see* is decided by each model's `visible_to(user)` queryset method (out of
scope: 404); what they may *change* by these two tables plus that scope (not allowed: 403).
"""

from __future__ import annotations

import fnmatch
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, Group, Permission


class Role(StrEnum):
    COORDINATOR = "coordinator"
    SITE_CONTACT = "site_contact"
    FACILITATOR = "facilitator"
    EVALUATOR = "evaluator"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: "Coordinator",
    Role.SITE_CONTACT: "Site contact",
    Role.FACILITATOR: "Facilitator",
    Role.EVALUATOR: "Evaluator",
    Role.OBSERVER: "Steering committee (read-only)",
}

# Roles whose scope is one host site (set with `create_user --site`).
SITE_SCOPED_ROLES = {Role.SITE_CONTACT, Role.FACILITATOR}

# Roles that read and never write, but for READ_ONLY_WRITES below.
READ_ONLY_ROLES = {Role.OBSERVER}


class Capability(StrEnum):
    """Something a page lets its visitor do. CAPABILITIES says which roles may."""

    # host sites and the network
    READ_SITES = "read_sites"
    MANAGE_SITE = "manage_site"
    RENAME_SITES = "rename_sites"
    CHANGE_SITE_STATUS = "change_site_status"
    LOG_FOR_NETWORK = "log_for_network"
    READ_APPLICATIONS = "read_applications"
    DECIDE_APPLICATIONS = "decide_applications"
    READ_TIMELINE = "read_timeline"
    SEE_WHOLE_NETWORK = "see_whole_network"
    # groups and meetings
    READ_GROUPS = "read_groups"
    MANAGE_GROUPS = "manage_groups"
    READ_MEETINGS = "read_meetings"
    REGISTER_MEETINGS = "register_meetings"
    READ_DATA_QUALITY = "read_data_quality"
    SIGN_OFF_MONTHS = "sign_off_months"
    FACILITATOR_SUPPORT = "facilitator_support"
    RECORD_FACILITATOR_SUPPORT = "record_facilitator_support"
    REOPEN_MONTHS = "reopen_months"
    # programmes
    READ_PROGRAMMES = "read_programmes"
    MANAGE_PROGRAMMES = "manage_programmes"
    # the steering committee's meetings, decisions and actions
    READ_COMMITTEE = "read_committee"
    MANAGE_COMMITTEE = "manage_committee"
    # referral pathways: partners, their champions, outreach
    READ_REFERRALS = "read_referrals"
    SEE_CHAMPIONS = "see_champions"
    MANAGE_REFERRALS = "manage_referrals"
    # training and the budget
    READ_EVENTS = "read_events"
    READ_PIPELINE = "read_pipeline"
    READ_BUDGET = "read_budget"
    MANAGE_BUDGET = "manage_budget"
    # questionnaires
    READ_QUESTIONNAIRES = "read_questionnaires"
    MANAGE_QUESTIONNAIRES = "manage_questionnaires"
    ENTER_RESPONSES = "enter_responses"
    READ_SUMMARIES = "read_summaries"
    READ_FREE_TEXT = "read_free_text"
    QUALITATIVE_NOTES = "qualitative_notes"
    # reports
    READ_REPORTS = "read_reports"
    REQUEST_REPORTS = "request_reports"
    SHARE_REPORTS = "share_reports"
    # one's own email reminders (pilot account menu)
    CHOOSE_REMINDERS = "choose_reminders"
    # the coordinator's own
    READ_AUDIT_LOG = "read_audit_log"
    READ_REMINDERS_SENT = "read_reminders_sent"
    ANSWER_DATA_SUBJECT_REQUESTS = "answer_data_subject_requests"


ALL_ROLES = frozenset(Role)
_CENTRE = (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER)

# Which roles hold each capability. A role outside the set gets 403 from the page.
CAPABILITIES: dict[Capability, frozenset[Role]] = {
    Capability.READ_SITES: frozenset({Role.COORDINATOR, Role.SITE_CONTACT, Role.OBSERVER}),
    # Edit a site's details and people, add to its progress log (their own site: sites.selectors.can_manage_site).
    Capability.MANAGE_SITE: frozenset({Role.COORDINATOR, Role.SITE_CONTACT}),
    Capability.RENAME_SITES: frozenset({Role.COORDINATOR}),
    Capability.CHANGE_SITE_STATUS: frozenset({Role.COORDINATOR}),
    # An entry for any site, or a network-wide milestone.
    Capability.LOG_FOR_NETWORK: frozenset({Role.COORDINATOR}),
    # How sites were chosen: the coordinator, the steering committee, and the evaluators.
    Capability.READ_APPLICATIONS: frozenset(_CENTRE),
    Capability.DECIDE_APPLICATIONS: frozenset({Role.COORDINATOR}),
    # The programme timeline is also the evaluators' record of what happened when.
    Capability.READ_TIMELINE: frozenset({*_CENTRE, Role.SITE_CONTACT}),
    # Network totals and network-wide entries; a site contact's pages show their own site's.
    Capability.SEE_WHOLE_NETWORK: frozenset(_CENTRE),
    # Programmes frame every page's figures: every role reads them; the coordinator manages them.
    Capability.READ_PROGRAMMES: ALL_ROLES,
    Capability.MANAGE_PROGRAMMES: frozenset({Role.COORDINATOR}),
    # The committee's record: the coordinator writes it; the committee and the evaluators read it. Site contacts
    # and facilitators are told what concerns them by the coordinator (docs/committee.md).
    Capability.READ_COMMITTEE: frozenset(_CENTRE),
    Capability.MANAGE_COMMITTEE: frozenset({Role.COORDINATOR}),
    # Referral partners and outreach (docs/referrals.md): read by those who read site pages; a partner's champion is
    # a named professional, shown to the coordinator and the site's own contacts only (referrals.selectors.
    # sees_champions), never to the steering committee; recorded by the coordinator and the site's contacts.
    # Newcomers by source are meeting figures: shown wherever the site page, the overview and the reports are.
    Capability.READ_REFERRALS: frozenset({Role.COORDINATOR, Role.SITE_CONTACT, Role.OBSERVER}),
    Capability.SEE_CHAMPIONS: frozenset({Role.COORDINATOR, Role.SITE_CONTACT}),
    Capability.MANAGE_REFERRALS: frozenset({Role.COORDINATOR, Role.SITE_CONTACT}),
    Capability.READ_GROUPS: frozenset({Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR, Role.OBSERVER}),
    # Groups and facilitator records, and a group's status.
    Capability.MANAGE_GROUPS: frozenset({Role.COORDINATOR, Role.SITE_CONTACT}),
    # Evaluators read meetings (published figures), not group pages.
    Capability.READ_MEETINGS: ALL_ROLES,
    Capability.REGISTER_MEETINGS: frozenset({Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR}),
    # Completeness, timeliness, flagged values and sign-off per site and month: counts of meetings, not of
    # people. The steering committee and the evaluators judge whether the returns can be trusted; facilitators
    # see their own groups' missing registrations on the group pages instead.
    Capability.READ_DATA_QUALITY: frozenset({*_CENTRE, Role.SITE_CONTACT}),
    # Review a site's month and approve it (their own site: groups.signoff.can_sign_off), raise a query.
    Capability.SIGN_OFF_MONTHS: frozenset({Role.COORDINATOR, Role.SITE_CONTACT}),
    # A facilitator's support page (groups.support): the coordinator and site contacts record support and
    # observations; a facilitator answers their own check-ins. Never the evaluators or the steering committee.
    Capability.FACILITATOR_SUPPORT: frozenset({Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR}),
    # Support contacts, fidelity observations and the flags: the coordinator and site contacts (their own site's).
    Capability.RECORD_FACILITATOR_SUPPORT: frozenset({Role.COORDINATOR, Role.SITE_CONTACT}),
    # Unlock an approved month, with a reason.
    Capability.REOPEN_MONTHS: frozenset({Role.COORDINATOR}),
    # Event pages; who may change an event is training.selectors' can_manage_events and friends.
    Capability.READ_EVENTS: ALL_ROLES,
    Capability.READ_PIPELINE: frozenset({*_CENTRE, Role.SITE_CONTACT}),
    # The budget is the coordinator's to manage and the steering committee's to read; nobody else's.
    Capability.READ_BUDGET: frozenset({Role.COORDINATOR, Role.OBSERVER}),
    Capability.MANAGE_BUDGET: frozenset({Role.COORDINATOR}),
    Capability.READ_QUESTIONNAIRES: ALL_ROLES,
    # Import XLSForms, open rounds, read and import responses.
    Capability.MANAGE_QUESTIONNAIRES: frozenset({Role.COORDINATOR, Role.EVALUATOR}),
    # Paper questionnaires typed in (the round's scope decides which).
    Capability.ENTER_RESPONSES: frozenset({Role.COORDINATOR, Role.EVALUATOR, Role.SITE_CONTACT, Role.FACILITATOR}),
    Capability.READ_SUMMARIES: frozenset(_CENTRE),
    # Free-text answers can identify someone: the steering committee gets the counts only.
    Capability.READ_FREE_TEXT: frozenset({Role.COORDINATOR, Role.EVALUATOR}),
    # Interviews, focus groups and observations, their passages and quotes: the evaluators' and the coordinator's.
    Capability.QUALITATIVE_NOTES: frozenset({Role.COORDINATOR, Role.EVALUATOR}),
    # Everyone may ask for reports; which kinds is reports.selectors.may_request.
    Capability.READ_REPORTS: ALL_ROLES,
    Capability.REQUEST_REPORTS: ALL_ROLES,
    # Give a finished report to the steering committee, the evaluators or a site's contacts (reports.ReportShare).
    Capability.SHARE_REPORTS: frozenset({Role.COORDINATOR}),
    Capability.READ_AUDIT_LOG: frozenset({Role.COORDINATOR}),
    # Everyone chooses which reminders they receive; the coordinator reads the record of those sent.
    Capability.CHOOSE_REMINDERS: ALL_ROLES,
    Capability.READ_REMINDERS_SENT: frozenset({Role.COORDINATOR}),
    Capability.ANSWER_DATA_SUBJECT_REQUESTS: frozenset({Role.COORDINATOR}),
}

# The only writes a read-only role makes (besides its own sign-in and password): asking for a report, and
# choosing their own reminders.
READ_ONLY_WRITES = frozenset({Capability.REQUEST_REPORTS, Capability.CHOOSE_REMINDERS})

# Our apps as module paths, in dependency order, and their Django app labels.
PROJECT_APPS = (
    "pilot",
    "sites",
    "programmes",
    "committee",
    "referrals",
    "groups",
    "training",
    "budget",
    "evaluation",
    "network",
    "reports",
    "reminders",
)
PROJECT_APP_LABELS = tuple(path.rsplit(".", 1)[-1] for path in PROJECT_APPS)

# Permission patterns per role: "app_label.codename", shell-style wildcards allowed.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.COORDINATOR: ["*.*"],
    Role.SITE_CONTACT: [
        "*.view_*",
        "sites.change_hostsite",
        "sites.add_progressentry",
        "sites.add_siteperson",
        "sites.change_siteperson",
        "sites.change_sitereadiness",
        "sites.add_sustainabilityplan",
        "sites.change_sustainabilityplan",
        "referrals.add_referralpartner",
        "referrals.change_referralpartner",
        "referrals.add_outreachactivity",
        "referrals.change_outreachactivity",
        "referrals.delete_outreachactivity",
        "groups.add_group",
        "groups.change_group",
        "groups.add_facilitator",
        "groups.change_facilitator",
        "groups.add_meeting",
        "groups.change_meeting",
        "groups.add_monthsignoff",
        "groups.change_monthsignoff",
        "groups.add_monthquery",
        "training.add_event",
        "evaluation.add_response",
        "reports.add_reportrequest",
    ],
    Role.FACILITATOR: [
        "sites.view_hostsite",
        "groups.view_group",
        "groups.view_meeting",
        "groups.add_meeting",
        "groups.change_meeting",
        "training.view_event",
        "evaluation.add_response",
        "reports.add_reportrequest",
    ],
    Role.EVALUATOR: [
        "*.view_*",
        "evaluation.*",
        "reports.*",
    ],
    Role.OBSERVER: [
        "*.view_*",
        "reports.add_reportrequest",
    ],
}

# Permissions no role below coordinator gets, whatever the patterns say.
NEVER_DELEGATED = {"pilot.view_workerheartbeat", "pilot.view_auditentry"}

# The evaluators' qualitative notes are theirs and the coordinator's (Capability.QUALITATIVE_NOTES): the
# "*.view_*" of the site contacts and the steering committee stops short of them.
CENTRE_ONLY = {"evaluation.view_qualitativenote", "evaluation.view_passage"}


def role_of(user) -> Role | None:
    """The user's role (superusers count as coordinators); None for anonymous or role-less users."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_pilot_role", False)
    if cached is not False:
        return cached
    if user.is_superuser:
        role = Role.COORDINATOR
    else:
        names = {g.name for g in user.groups.all()}
        role = next((r for r in Role if r.value in names), None)
    user._pilot_role = role
    return role


def is_read_only(user) -> bool:
    """Observers read; they write nothing but READ_ONLY_WRITES."""
    return role_of(user) in READ_ONLY_ROLES


def permissions_for(role: Role) -> list[Permission]:
    patterns = ROLE_PERMISSIONS[role]
    perms = Permission.objects.filter(content_type__app_label__in=PROJECT_APP_LABELS).select_related("content_type")
    chosen = []
    for perm in perms:
        key = f"{perm.content_type.app_label}.{perm.codename}"
        if role != Role.COORDINATOR and key in NEVER_DELEGATED:
            continue
        if role not in CAPABILITIES[Capability.QUALITATIVE_NOTES] and key in CENTRE_ONLY:
            continue
        if any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns):
            chosen.append(perm)
    return chosen


def sync_role_groups() -> None:
    """Create one auth group per role and give it exactly the declared permissions."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions_for(role))


def sync_role_groups_after_migrate(*, app_config, **kwargs) -> None:
    if app_config.label == PROJECT_APP_LABELS[-1]:
        sync_role_groups()


def assign_role(user, role: Role) -> None:
    """Give the user exactly one role."""
    sync_role_groups()
    user.groups.remove(*Group.objects.filter(name__in=[r.value for r in Role]))
    user.groups.add(Group.objects.get(name=role.value))
    if hasattr(user, "_pilot_role"):
        del user._pilot_role
    for cache in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)
