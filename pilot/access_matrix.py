"""The access matrix: every URL name x role -> what happens. Code, not prose.

Each row names the objects its URL points at (built at site A by pilot/tests/access_world.py)
and the expected outcome of a GET, and where the URL changes data, of a POST, for the personas

    anonymous  coordinator  site_contact_a  site_contact_b  facilitator_a  facilitator_b  evaluator  observer

Codes: OK = served (2xx, a redirect that is not to sign-in, or a form re-shown with errors as
400), LG = redirect to sign-in, NF = 404 (outside the user's scope), FB = 403 (the role may not), NA = 405 (method not
allowed), CF = 409 (conflict: a report still being built).

pilot/tests/test_access_matrix.py walks urlpatterns, fails when a URL has no row here, and
checks every cell with real objects from two sites. Observers get 403 on every POST except
the few in OBSERVER_POSTS below. Every URL's view names a capability (pilot.permissions.role_required)
but those in PUBLIC_PAGES (pilot/tests/test_views_declare_access.py checks both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "coordinator",
    "site_contact_a",
    "site_contact_b",
    "facilitator_a",
    "facilitator_b",
    "evaluator",
    "observer",
)
CODES = {"OK", "LG", "NF", "FB", "NA", "CF"}

# The only URLs where an observer's POST is not refused: their own session and password, the reports
# they may ask for (pilot.roles.READ_ONLY_WRITES), and the anonymous questionnaire anyone may fill in.
OBSERVER_POSTS = {
    "login",
    "logout",
    "password_change",
    "reports:new",
    "reports:retry",
    "questionnaire_public:form",
    "reminders:preferences",
    "reminders:unsubscribe",
}

# URLs whose view has no role_required, and why. Every other view names a capability.
PUBLIC_PAGES = {
    "home": "any signed-in user, with a role or none (a new account is told it has no role yet)",
    "healthz": "the load balancer's liveness probe",
    "login": "Django's sign-in page",
    "logout": "Django's sign-out",
    "password_change": "Django's own page; it asks for sign-in itself",
    "password_change_done": "Django's own page; it asks for sign-in itself",
    "meetings:finder": "the public meeting finder",
    "meetings:card": "a printable referral card for a public group",
    "meetings:feed_json": "the public meeting list as a Meeting Guide JSON feed",
    "meetings:feed_ics": "the public meeting list as an iCalendar feed",
    "meetings:group_feed_ics": "one public group's meetings as an iCalendar feed",
    "questionnaire_public:form": "the anonymous questionnaire at a round's link",
    "questionnaire_public:thanks": "its thank-you page",
    "reminders:unsubscribe": "the unsubscribe link in a reminder email: its signed token is the key, no sign-in",
}


@dataclass(frozen=True)
class Rule:
    args: tuple[str, ...]
    get: str
    post: str = ""  # empty: POST is checked only for anonymous (sign-in) and observers (403)
    query: dict = field(default_factory=dict)

    def cells(self, row: str) -> dict[str, str]:
        codes = row.split()
        assert len(codes) == len(PERSONAS) and set(codes) <= CODES, row
        return dict(zip(PERSONAS, codes, strict=True))


# fmt: off
ACCESS: dict[str, Rule] = {
    # URL name                     objects in the URL                   GET: anon coord scA scB facA facB eval obs  POST (where it writes)
    # --- pilot ---------------------------------------------
    "home":                        Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "healthz":                     Rule((),                                  "OK OK OK OK OK OK OK OK"),
    "audit_log":                   Rule((),                                  "LG OK FB FB FB FB FB FB"),
    "person_export":               Rule(("people", "person_a.pk"),           "LG OK FB FB FB FB FB FB"),
    "person_erase":                Rule(("people", "person_a.pk"),           "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "login":                       Rule((),                                  "OK OK OK OK OK OK OK OK"),
    "logout":                      Rule((),                                  "NA NA NA NA NA NA NA NA", "LG LG LG LG LG LG LG LG"),
    "password_change":             Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "password_change_done":        Rule((),                                  "LG OK OK OK OK OK OK OK"),
    # --- sites ---------------------------------------------
    "network:overview":                  Rule((),                                  "LG OK OK OK FB FB FB OK"),
    "sites:log":                   Rule((),                                  "LG OK OK OK FB FB FB OK"),
    "sites:log_add_network":       Rule((),                                  "LG OK FB FB FB FB FB FB"),
    "sites:follow_up_done":        Rule(("entry_a.pk",),                     "LG NA NA NA FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "network:timeline":              Rule((),                                  "LG OK OK OK FB FB OK OK"),
    "network:timeline_csv":          Rule((),                                  "LG OK OK OK FB FB OK OK"),
    "sites:applications":          Rule((),                                  "LG OK FB FB FB FB OK OK"),
    "sites:application_new":       Rule((),                                  "LG OK FB FB FB FB FB FB"),
    "sites:application_edit":      Rule(("application.pk",),                 "LG OK FB FB FB FB FB FB"),
    "sites:application_decide":    Rule(("application.pk",),                 "LG OK FB FB FB FB FB FB"),
    "network:site":                Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB OK"),
    "sites:edit":                  Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB FB"),
    "sites:readiness":             Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB FB"),
    "sites:sustainability":        Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB FB"),
    "network:site_status":                Rule(("site_a.slug",),                    "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "network:site_log_add":               Rule(("site_a.slug",),                    "LG NA NA NA FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "sites:person_new":            Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB FB"),
    "sites:person_edit":           Rule(("site_a.slug", "person_a.pk"),      "LG OK OK NF FB FB FB FB"),
    "network:site_timeline":         Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB OK"),
    "network:site_timeline_csv":     Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB OK"),
    # --- programmes ----------------------------------------
    "programmes:list":             Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "programmes:create":           Rule((),                                  "LG OK FB FB FB FB FB FB"),
    "programmes:detail":           Rule(("programme.pk",),                   "LG OK OK OK OK OK OK OK"),
    "programmes:edit":             Rule(("programme.pk",),                   "LG OK FB FB FB FB FB FB"),
    "programmes:site_join":        Rule(("programme.pk",),                   "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "programmes:site_remove":      Rule(("programme_site.pk",),              "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "programmes:duty_add":         Rule(("programme.pk",),                   "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "programmes:duty_delete":      Rule(("duty.pk",),                        "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "programmes:readiness_add":    Rule(("programme.pk",),                   "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "programmes:readiness_defaults": Rule(("programme.pk",),                 "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "programmes:readiness_edit":   Rule(("readiness_item.pk",),              "LG OK FB FB FB FB FB FB"),
    "programmes:readiness_remove": Rule(("readiness_item.pk",),              "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    # --- committee -----------------------------------------
    "committee:list":              Rule((),                                  "LG OK FB FB FB FB OK OK"),
    "committee:meeting_new":       Rule((),                                  "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "committee:meeting":           Rule(("committee_meeting.pk",),           "LG OK FB FB FB FB OK OK"),
    "committee:meeting_edit":      Rule(("committee_meeting.pk",),           "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "committee:action_new":        Rule(("committee_meeting.pk",),           "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "committee:action_edit":       Rule(("committee_action.pk",),            "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    # --- referral pathways ---------------------------------
    "referrals:list":              Rule((),                                  "LG OK OK OK FB FB FB OK"),
    "referrals:site":              Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB OK"),
    "referrals:partner_new":       Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "referrals:partner_edit":      Rule(("partner_a.pk",),                   "LG OK OK NF FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "referrals:partner_end":       Rule(("partner_a.pk",),                   "LG NA NA NA FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "referrals:outreach_new":      Rule(("site_a.slug",),                    "LG OK OK NF FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "referrals:outreach_edit":     Rule(("outreach_a.pk",),                  "LG OK OK NF FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "referrals:outreach_delete":   Rule(("outreach_a.pk",),                  "LG OK OK NF FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    # --- groups --------------------------------------------
    "groups:list":                 Rule((),                                  "LG OK OK OK OK OK FB OK"),
    "groups:detail":               Rule(("group_a.pk",),                     "LG OK OK NF OK NF FB OK"),
    "groups:status":               Rule(("group_a.pk",),                     "LG NA NA NA NA NA FB NA", "LG OK OK NF FB NF FB FB"),
    "groups:create":               Rule((),                                  "LG OK OK OK FB FB FB FB"),
    "groups:edit":                 Rule(("group_a.pk",),                     "LG OK OK NF FB FB FB FB"),
    "groups:facilitator_create":   Rule((),                                  "LG OK OK OK FB FB FB FB"),
    "groups:facilitator_edit":     Rule(("facilitator_a.pk",),               "LG OK OK NF FB FB FB FB"),
    "groups:facilitator_support":  Rule(("facilitator_a.pk",),               "LG OK OK NF OK NF FB FB"),
    "groups:support_contact_add":  Rule(("facilitator_a.pk",),               "LG NA NA NA NA NA FB FB", "LG OK OK NF FB NF FB FB"),
    "groups:observation_add":      Rule(("facilitator_a.pk",),               "LG NA NA NA NA NA FB FB", "LG OK OK NF FB NF FB FB"),
    "groups:checkin_add":          Rule(("facilitator_a.pk",),               "LG NA NA NA NA NA FB FB", "LG FB FB NF OK NF FB FB"),
    "groups:meeting_list":         Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "groups:meeting_csv":          Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "groups:meeting_new":          Rule((),                                  "LG OK OK OK OK OK FB FB"),
    "groups:meeting_edit":         Rule(("meeting_a.pk",),                   "LG OK OK NF OK NF FB FB", "LG OK OK NF OK NF FB FB"),
    "groups:meeting_registered":   Rule((),                                  "LG OK OK OK OK OK FB FB"),
    "groups:missing":              Rule((),                                  "LG OK OK OK OK OK FB OK"),
    "groups:missing_csv":          Rule((),                                  "LG OK OK OK OK OK FB OK"),
    "groups:quality":              Rule((),                                  "LG OK OK OK FB FB OK OK"),
    "groups:quality_csv":          Rule((),                                  "LG OK OK OK FB FB OK OK"),
    "groups:signoff_month":        Rule(("site_a.slug", "2020", "1"),       "LG OK OK NF FB FB FB FB"),
    "groups:signoff_approve":      Rule(("site_a.slug", "2020", "1"),       "LG NA NA NA FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "groups:signoff_reopen":       Rule(("site_a.slug", "2020", "1"),       "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "groups:signoff_query":        Rule(("site_a.slug", "2020", "1"),       "LG NA NA NA FB FB FB FB", "LG OK OK NF FB FB FB FB"),
    "meetings:finder":             Rule((),                                  "OK OK OK OK OK OK OK OK"),
    "meetings:card":               Rule(("group_a.pk",),                     "OK OK OK OK OK OK OK OK"),
    "meetings:feed_json":          Rule((),                                  "OK OK OK OK OK OK OK OK"),
    "meetings:feed_ics":           Rule((),                                  "OK OK OK OK OK OK OK OK"),
    "meetings:group_feed_ics":     Rule(("group_b.pk",),                     "OK OK OK OK OK OK OK OK"),
    # --- training and budget -------------------------------
    "training:list":               Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "training:create":             Rule((),                                  "LG OK OK OK FB FB FB FB"),
    "network:pipeline":           Rule((),                                  "LG OK OK OK FB FB OK OK"),
    "training:detail":             Rule(("event_a.pk",),                     "LG OK OK NF OK NF OK OK"),
    "training:edit":               Rule(("event_a.pk",),                     "LG OK FB NF FB NF FB FB"),
    "training:delete":             Rule(("event_a.pk",),                     "LG OK FB NF FB NF FB FB", "LG OK FB NF FB NF FB FB"),
    "training:days":               Rule(("event_a.pk",),                     "LG OK FB NF FB NF FB FB"),
    "training:participant_add":    Rule(("event_a.pk",),                     "LG OK FB NF FB NF FB FB"),
    "training:delegate_add":       Rule(("delegate.event_id",),              "LG NA NA NA NA NA NA NA", "LG OK FB FB FB FB FB FB"),
    "training:participant_delete": Rule(("participant_a.pk",),               "LG NA NA NA NA NA NA NA", "LG OK FB NF NF NF NF FB"),
    "training:make_facilitator":   Rule(("participant_a.pk",),               "LG NA NA NA NA NA NA NA", "LG OK OK NF NF NF NF FB"),
    "training:delegate_delete":    Rule(("delegate.pk",),                    "LG NA NA NA NA NA NA NA", "LG OK FB FB FB FB FB FB"),
    "budget:overview":             Rule((),                                  "LG OK FB FB FB FB FB OK"),
    "budget:expenses":             Rule((),                                  "LG OK FB FB FB FB FB OK"),
    "budget:expense_create":       Rule((),                                  "LG OK FB FB FB FB FB FB"),
    "budget:expense_edit":         Rule(("expense.pk",),                     "LG OK FB FB FB FB FB FB"),
    "budget:expense_delete":       Rule(("expense.pk",),                     "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "budget:grant_create":         Rule((),                                  "LG OK FB FB FB FB FB FB"),
    "budget:grant_edit":           Rule(("grant.pk",),                       "LG OK FB FB FB FB FB FB"),
    "budget:grant_delete":         Rule(("grant.pk",),                       "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "budget:head_create":          Rule((),                                  "LG OK FB FB FB FB FB FB"),
    "budget:head_edit":            Rule(("head.pk",),                        "LG OK FB FB FB FB FB FB"),
    # --- questionnaires ------------------------------------
    "evaluation:list":             Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "evaluation:xlsform_upload":   Rule((),                                  "LG OK FB FB FB FB OK FB"),
    "evaluation:xlsform_job":      Rule(("xlsform_job.pk",),                 "LG NF FB FB FB FB OK FB"),
    "evaluation:response_job":     Rule(("response_job.pk",),                "LG NF FB FB FB FB OK FB", "LG NF FB FB FB FB OK FB"),
    "evaluation:response_job_download": Rule(("response_job.pk",),           "LG NF FB FB FB FB CF FB"),
    "evaluation:paper_entry":      Rule(("round_a.pk",),                     "LG OK OK NF OK NF OK FB"),
    "evaluation:round_detail":     Rule(("round_a.pk",),                     "LG OK OK NF OK NF OK OK"),
    "evaluation:round_poster":     Rule(("round_a.pk",),                     "LG OK OK NF OK NF OK FB"),
    "evaluation:detail":           Rule(("questionnaire.form_id",),          "LG OK OK OK OK OK OK OK"),
    "evaluation:version_download": Rule(("questionnaire.form_id", "version.pk"), "LG OK FB FB FB FB OK FB"),
    "evaluation:codebook":         Rule(("questionnaire.form_id", "version.pk"), "LG OK OK OK OK OK OK OK"),
    "evaluation:round_create":     Rule(("questionnaire.form_id",),          "LG OK FB FB FB FB OK FB"),
    "evaluation:responses":        Rule(("questionnaire.form_id",),          "LG OK FB FB FB FB OK FB"),
    "evaluation:responses_upload": Rule(("questionnaire.form_id",),          "LG OK FB FB FB FB OK FB"),
    "evaluation:notes":            Rule((),                                  "LG OK FB FB FB FB OK FB", "LG OK FB FB FB FB OK FB"),
    "evaluation:note_detail":      Rule(("note.pk",),                        "LG OK FB FB FB FB OK FB", "LG OK FB FB FB FB OK FB"),
    "evaluation:quotes":           Rule((),                                  "LG OK FB FB FB FB OK FB"),
    "evaluation:notes_export":     Rule(("csv",),                            "LG OK FB FB FB FB OK FB"),
    "evaluation:summary":          Rule(("questionnaire.form_id",),          "LG OK FB FB FB FB OK OK"),
    "questionnaire_public:form":   Rule(("round_a.token",),                  "OK OK OK OK OK OK OK OK"),
    "questionnaire_public:thanks": Rule(("round_a.token",),                  "OK OK OK OK OK OK OK OK"),
    # --- reports -------------------------------------------
    "reports:index":               Rule((),                                  "LG OK OK OK OK OK OK OK"),
    "reports:new":                 Rule(("monitoring",),                     "LG OK OK OK OK OK OK FB"),
    "reports:detail":              Rule(("report_a.pk",),                    "LG OK NF NF OK NF NF NF"),
    "reports:status":              Rule(("report_a.pk",),                    "LG OK NF NF OK NF NF NF"),
    "reports:download":            Rule(("report_a.pk",),                    "LG CF NF NF CF NF NF NF"),
    "reports:retry":               Rule(("failed_report_a.pk",),                   "LG NA NA NA NA NA NA NA", "LG FB NF NF OK NF NF NF"),
    "reports:share":               Rule(("shared_report_a.pk",),             "LG OK FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    "reports:unshare":             Rule(("share_a.pk",),                     "LG NA FB FB FB FB FB FB", "LG OK FB FB FB FB FB FB"),
    # --- reminders -------------------------------------
    "reminders:preferences":       Rule((),                                  "LG OK OK OK OK OK OK OK", "LG OK OK OK OK OK OK OK"),
    "reminders:sent":              Rule((),                                  "LG OK FB FB FB FB FB FB"),
    # a tampered token: a clear page with 400 for anyone, signed in or not (tests: reminders/tests/test_views.py)
    "reminders:unsubscribe":       Rule(("not-a-signed-token",),             "OK OK OK OK OK OK OK OK", "OK OK OK OK OK OK OK OK"),
}
# fmt: on
