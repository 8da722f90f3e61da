"""Demo training, events and budget: the 2008-2010 pilot as the evaluation report tells it.

Months, Birmingham's and Gateshead's attendance, the 63 trained, the conference's 109 delegates and
their shares, and the £100,000 budget with its heads come from the report; exact days, venues, the other
attendances, delegates per organisation and amounts are illustrative, and recorded as such
(pilot.illustrative) so that pages mark them. 63 people completed the six facilitator trainings
(last-day attendance).
"""

from __future__ import annotations

from datetime import date

from groups.models import Facilitator
from pilot import illustrative
from sites.demo_data import DAY_NOTE
from sites.models import HostSite
from training.models import (
    DelegateCount,
    Event,
    EventDay,
    EventKind,
    EventStatus,
    Participant,
    Sector,
    Topic,
)

TRAINER = "SMART Recovery UK development director"
MATERIALS = "Facilitator guide book; training resource manual (Feb 2009) with code of conduct; SMART tools handouts"

# site slug, title, days [(date, attendance)], named facilitators if the site has none yet, notes
FACILITATOR_TRAININGS = [
    ("birmingham", "Facilitator training, Birmingham", [(date(2009, 2, 10), 15), (date(2009, 2, 11), 13)], 4, ""),
    ("sheffield", "Facilitator training, Sheffield", [(date(2009, 3, 3), 10), (date(2009, 3, 4), 10)], 3, ""),
    ("norwich", "Facilitator training, Norwich", [(date(2009, 3, 17), 9), (date(2009, 3, 18), 9)], 2, ""),
    ("croydon", "Facilitator training, Croydon", [(date(2009, 3, 24), 10), (date(2009, 3, 25), 10)], 2, ""),
    (
        "gateshead",
        "Facilitator training, Gateshead",
        [(date(2009, 4, 21), 25), (date(2009, 4, 22), 12)],
        0,
        "Half walked out on day one: they expected general facilitator training, not SMART-specific, and felt "
        "misled. None of those who stayed wanted to facilitate.",
    ),
    ("cumbria", "Facilitator training, Cumbria", [(date(2009, 6, 9), 9), (date(2009, 6, 10), 9)], 3, ""),
]
PROFESSIONALS_TRAININGS = [
    ("birmingham", date(2009, 2, 12), 8),
    ("sheffield", date(2009, 3, 5), 11),
    ("norwich", date(2009, 3, 19), 6),
    ("croydon", date(2009, 3, 26), 7),
]
NETWORKING = [
    ("Facilitators' networking meeting, London", date(2009, 6, 16), 14, "Alcohol Concern, London"),
    ("Facilitators' networking meeting, Manchester", date(2009, 9, 15), 12, "Manchester"),
    ("Facilitators' networking meeting, London (December)", date(2009, 12, 8), 11, "London"),
]
CONFERENCE_DELEGATES = [
    (Sector.STATUTORY, "Substance misuse services", 5),
    (Sector.STATUTORY, "Drug and alcohol action teams", 4),
    (Sector.STATUTORY, "Primary care trusts", 4),
    (Sector.STATUTORY, "Primary care alcohol services", 3),
    (Sector.STATUTORY, "Local authorities", 3),
    (Sector.STATUTORY, "National Treatment Agency", 2),
    (Sector.STATUTORY, "Foundation trusts", 2),
    (Sector.STATUTORY, "Drugs services", 1),
    (Sector.NON_STATUTORY, "Addaction", 38),
    (Sector.NON_STATUTORY, "SMART Recovery", 14),
    (Sector.NON_STATUTORY, "Lifeline", 7),
    (Sector.NON_STATUTORY, "CRI", 6),
    (Sector.NON_STATUTORY, "St Mungo's", 5),
    (Sector.NON_STATUTORY, "Cranstoun Drug Services", 4),
    (Sector.NON_STATUTORY, "Vaughan House Project", 3),
    (Sector.NON_STATUTORY, "Project 6", 3),
    (Sector.NON_STATUTORY, "St Edmunds Charity", 2),
    (Sector.NON_STATUTORY, "Other voluntary organisations", 3),
]  # 109 delegates: 24 statutory (22%), 85 non-statutory (78%): Addaction 45%, SMART Recovery 16%

# The report gives Birmingham's and Gateshead's numbers ("Developing the groups locally"); the other
# trainings' are illustrative, adding up to its 63 trained, 9 to 13 at each.
REPORTED_ATTENDANCE = {"birmingham", "gateshead"}

# Why a figure is illustrative (pilot.illustrative), beside sites.demo_data.DAY_NOTE for every event's days.
TRAINING_NOTE = "Illustrative: the report gives 63 trained in all, 9 to 13 at each training, not this one's numbers."
PROFESSIONALS_NOTE = (
    "Illustrative: the report says professionals were trained at four sites, not at which, nor how many came."
)
NETWORKING_NOTE = "Illustrative: the report gives no attendance for the networking meetings."
DELEGATES_NOTE = (
    "Illustrative: the report gives 109 delegates, 22% statutory and 78% non-statutory (45% of those from "
    "Addaction, 16% from SMART Recovery), not the number from each organisation."
)


def load(*, out) -> None:
    sites = {s.slug: s for s in HostSite.objects.all()}
    topics = list(Topic.objects.all())
    events: dict[str, Event] = {}
    trained = 0
    marks: list[tuple[object, str, str]] = []  # (row, figure, why it is illustrative)

    def event(kind, title, site, days, attendance_note="", **fields) -> Event:
        obj, _ = Event.objects.update_or_create(
            kind=kind,
            title=title,
            defaults={
                "site": site,
                "starts_on": days[0][0],
                "ends_on": days[-1][0],
                "status": EventStatus.PLANNED,
                **fields,
            },
        )
        for day, attendance in days:
            row, _ = EventDay.objects.update_or_create(event=obj, date=day, defaults={"attendance": attendance})
            if attendance_note:
                marks.append((row, "attendance", attendance_note))
        events[title] = obj
        marks.append((obj, "dates", DAY_NOTE))
        return obj

    for slug, title, days, wanted, notes in FACILITATOR_TRAININGS:
        site = sites.get(slug)
        if site is None:
            continue
        # Facilitators with a demo login are created after this runs; leaving them out keeps reloads idempotent.
        facilitators = list(Facilitator.objects.filter(site=site, user__isnull=True).order_by("pk"))
        if not facilitators and wanted:
            # Link the groups demo's facilitators; a site without any gets a few first-name aliases.
            facilitators = [
                Facilitator.objects.get_or_create(site=site, display_name=f"{site.name.split()[0]} volunteer {n}")[0]
                for n in range(1, wanted + 1)
            ]
        obj = event(
            EventKind.FACILITATOR_TRAINING,
            title,
            site,
            days,
            venue=f"{site.agency_name}, {site.locality}",
            trainers=TRAINER,
            materials=MATERIALS,
            notes=notes,
            unnamed_participants=max(a for _, a in days) - (len(facilitators) if wanted else 0),
            attendance_note="" if slug in REPORTED_ATTENDANCE else TRAINING_NOTE,
        )
        if slug not in REPORTED_ATTENDANCE:
            marks.append((site, "trained", TRAINING_NOTE))  # the site's row in the training pipeline
        obj.topics.set(topics)
        if wanted:
            for facilitator in facilitators:
                Participant.objects.get_or_create(
                    event=obj, facilitator=facilitator, defaults={"agreed_to_be_recorded": True}
                )
        trained += days[-1][1]

    for slug, day, attendance in PROFESSIONALS_TRAININGS:
        site = sites.get(slug)
        if site is not None:
            event(
                EventKind.PROFESSIONALS_TRAINING,
                f"Professionals' training, {site.name.split()[0]}",
                site,
                [(day, attendance)],
                venue=site.agency_name,
                trainers=TRAINER,
                unnamed_participants=attendance,
                notes="The day of training for agency staff that Alcohol Concern committed to provide.",
                attendance_note=PROFESSIONALS_NOTE,
            )

    trained_facilitators = list(
        Facilitator.objects.filter(training_participations__isnull=False, user__isnull=True).distinct().order_by("pk")
    )
    for title, day, attendance, venue in NETWORKING:
        # Facilitators active that day (not before they started, not after they stepped down), ten at most.
        networkers = [
            f
            for f in trained_facilitators
            if f.active_since and f.active_since <= day and (f.stepped_down_on is None or day < f.stepped_down_on)
        ][:10]
        obj = event(
            EventKind.NETWORKING,
            title,
            None,
            [(day, attendance)],
            venue=venue,
            trainers="Project coordinator",
            unnamed_participants=max(attendance - len(networkers), 0),
            notes="A reward and an encouragement for facilitators from every site.",
            attendance_note=NETWORKING_NOTE,
        )
        for facilitator in networkers:
            Participant.objects.get_or_create(
                event=obj, facilitator=facilitator, defaults={"agreed_to_be_recorded": True}
            )
        stale = obj.participants.filter(facilitator__isnull=False, facilitator__user=None)
        stale.exclude(facilitator__in=networkers).delete()

    conference = event(
        EventKind.CONFERENCE,
        "Final conference: Developing choice in peer support",
        None,
        [(date(2010, 3, 10), 109)],
        venue="London",
        trainers="Alcohol Concern with SMART Recovery UK",
        materials="Champions' Resource Manual; Peer Support Briefing",
        notes="Morning presentations, afternoon workshops; followed by articles in the Guardian and Addiction Today.",
    )
    for sector, organisation, count in CONFERENCE_DELEGATES:
        delegates, _ = DelegateCount.objects.update_or_create(
            event=conference, sector=sector, organisation=organisation, defaults={"count": count}
        )
        marks.append((delegates, "count", DELEGATES_NOTE))

    illustrative.record(marks, models=[Event, EventDay, DelegateCount, HostSite])
    out.write(f"  training: {len(events)} events ({trained} trained at facilitator trainings)")
