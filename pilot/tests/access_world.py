"""Real objects at two sites for the access matrix: everything a URL can point at, once at A, once at B."""

from __future__ import annotations

import datetime

from django.utils import timezone

PERSONAS = [
    "anonymous",
    "coordinator",
    "site_contact_a",
    "site_contact_b",
    "facilitator_a",
    "facilitator_b",
    "evaluator",
    "observer",
]


def build_world(personas: dict, site_a, site_b, group_a, group_b) -> dict:
    """Create one of each scoped object at site A (and a twin at B where scope matters)."""
    from budget.tests.factories import BudgetHeadFactory, ExpenseFactory, SmallGrantFactory
    from evaluation.models import ResponseJob, XLSFormImportJob
    from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory
    from groups.tests.factories import MeetingFactory
    from reports.models import ReportRequest
    from sites.tests.factories import ApplicationFactory, ProgressEntryFactory, SitePersonFactory
    from training.tests.factories import DelegateCountFactory, EventFactory, ParticipantFactory

    today = timezone.localdate()
    for group in (group_a, group_b):
        group.status = "meeting"  # listed by the public finder, with a referral card
        group.save()
    for persona, letter in (("facilitator_a", "a"), ("facilitator_b", "b")):
        record = personas[persona].facilitator
        record.display_name = f"Zebedee{letter.upper()}"
        record.email = f"zebedee-{letter}@example.org"
        record.phone = f"07700 90000{'1' if letter == 'a' else '2'}"
        record.save()
    world = {"site_a": site_a, "site_b": site_b, "group_a": group_a, "group_b": group_b}
    world["facilitator_a"] = personas["facilitator_a"].facilitator
    world["meeting_a"] = MeetingFactory(
        group=group_a, date=today - datetime.timedelta(days=2), registered_by=personas["facilitator_a"]
    )
    world["meeting_b"] = MeetingFactory(
        group=group_b, date=today - datetime.timedelta(days=2), registered_by=personas["facilitator_b"]
    )
    world["entry_a"] = ProgressEntryFactory(site=site_a, follow_up_on=today)
    world["person_a"] = SitePersonFactory(
        site=site_a, name="Quentin Champion", email="quentin@example.org", phone="0114 496 0777"
    )
    world["application"] = ApplicationFactory()
    world["event_a"] = EventFactory(site=site_a)
    world["event_b"] = EventFactory(site=site_b)
    world["participant_a"] = ParticipantFactory(event=world["event_a"], name="Ursula Trainee")
    world["delegate"] = DelegateCountFactory()
    head = BudgetHeadFactory(name="Travel")
    world["head"] = head
    world["expense"] = ExpenseFactory(head=head)
    world["grant"] = SmallGrantFactory(group=group_a, head=head)
    questionnaire = QuestionnaireFactory(form_id="checkin")
    world["questionnaire"] = questionnaire
    world["version"] = questionnaire.current_version
    world["round_a"] = CollectionRoundFactory(questionnaire=questionnaire, group=group_a)
    world["round_b"] = CollectionRoundFactory(questionnaire=questionnaire, group=group_b)
    world["xlsform_job"] = XLSFormImportJob.objects.create(
        owner=personas["evaluator"], filename="big.xlsx", source=b"", status="failed", errors=["survey row 2: x"]
    )
    world["response_job"] = ResponseJob.objects.create(
        kind="export", owner=personas["evaluator"], questionnaire=questionnaire, filename="x.csv", status="running"
    )
    from evaluation.qualitative import QualitativeNote

    world["note"] = QualitativeNote.objects.create(
        kind="focus_group", date=datetime.date(2009, 9, 1), site=site_a, participant_roles=["facilitator"], notes="x"
    )
    from programmes.models import ReadinessItem, ReportingDuty
    from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory

    world["programme"] = ProgrammeFactory()
    world["programme_site"] = ProgrammeSiteFactory(programme=world["programme"], site=site_a)
    world["duty"] = ReportingDuty.objects.create(
        programme=world["programme"], report_kind="monitoring", frequency="monthly", recipients="Committee"
    )
    world["readiness_item"] = ReadinessItem.objects.create(
        programme=world["programme"], key="a-room-booked", label="A room booked", order=1
    )
    from committee.tests.factories import CommitteeActionFactory, CommitteeMeetingFactory

    world["committee_meeting"] = CommitteeMeetingFactory(programme=world["programme"])
    world["committee_action"] = CommitteeActionFactory(meeting=world["committee_meeting"])
    from referrals.tests.factories import OutreachFactory, PartnerFactory

    world["partner_a"] = PartnerFactory(site=site_a, champion_name="Winifred Champion", champion_kind="practitioner")
    world["outreach_a"] = OutreachFactory(site=site_a, partner=world["partner_a"])
    world["report_a"] = ReportRequest.objects.create(
        requested_by=personas["facilitator_a"], kind="monitoring", parameters={"group": group_a.pk}, format="csv"
    )
    world["failed_report_a"] = ReportRequest.objects.create(
        requested_by=personas["facilitator_a"],
        kind="monitoring",
        parameters={"group": group_a.pk},
        format="csv",
        status="failed",
        message="The worker stopped.",
    )
    from reports.models import ReportShare

    world["shared_report_a"] = ReportRequest.objects.create(
        requested_by=personas["coordinator"],
        kind="monitoring",
        parameters={"site": site_a.slug},
        format="pdf",
        status="done",
        file="reports/2009/10/x/monitoring.pdf",
    )
    world["share_a"] = ReportShare.objects.create(
        request=world["shared_report_a"], role="site_contact", site=site_a, shared_by=personas["coordinator"]
    )
    return world


# What the world knows about people. Names may be shown to some roles; contact details to fewer.
FACILITATOR_NAMES = ["ZebedeeA", "ZebedeeB"]
PERSON_NAMES = ["Quentin Champion", "Ursula Trainee"]
# A referral partner's champion: the coordinator and the site's contacts only, never the steering committee.
CHAMPION_NAMES = ["Winifred Champion"]
CONTACT_DETAILS = [
    "zebedee-a@example.org",
    "zebedee-b@example.org",
    "07700 900001",
    "07700 900002",
    "quentin@example.org",
    "0114 496 0777",
]
