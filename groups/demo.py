"""Demo groups: the groups of the 2008-2010 pilot (evaluation report, 'Developing the groups locally').

Venues, days and addresses are invented; statuses and start dates follow the report's
timeline. Facilitators are invented aliases. Weekly registrations are illustrative
(`is_illustrative`), drawn from a random generator seeded per group and date, so a
second load changes nothing and the same date always gets the same numbers.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from groups import selectors
from groups.models import (
    AGENDA_SECTIONS,
    MAIN_PROBLEMS,
    REFERRAL_SOURCES,
    TOOLS,
    Facilitator,
    Feeling,
    Group,
    GroupStatusChange,
    Meeting,
    SupportContact,
    WellbeingCheckIn,
)
from pilot import illustrative
from sites.demo_data import DAY_NOTE
from sites.models import HostSite

D = date
MEETING, FORMING, PAUSED, CLOSED, NEVER = "meeting", "forming", "paused", "closed", "never_started"

# (site slug, name, venue name, venue type, address, town, postcode, weekday, start, frequency, focus,
#  phone, history [(date, status, reason, note)], attendance (early, settled))
GROUPS = [
    ("birmingham", "Birmingham", "Aquarius, group room", "host_agency", "1 Example Row", "Birmingham", "B1 1ZZ",
     0, time(18, 30), "weekly", "alcohol", "0121 496 0000",
     [(D(2009, 2, 20), FORMING, "", "Seven trainees keen to set up meetings"),
      (D(2009, 3, 2), MEETING, "", "A core of four at first")], (4, 7)),
    ("birmingham", "North Birmingham", "St Example's church hall", "church", "5 Chapel Lane", "Birmingham", "B23 9ZZ",
     2, time(19, 0), "weekly", "alcohol", "",
     [(D(2009, 2, 20), FORMING, "", ""), (D(2009, 3, 11), MEETING, "", ""),
      (D(2009, 10, 7), CLOSED, "members_dispersed", "Church hall, not the Aquarius building; members moved on")],
     (4, 3)),
    ("birmingham", "Solihull", "Aquarius Solihull", "host_agency", "2 Example Parade", "Solihull", "B91 9ZZ",
     3, time(18, 0), "weekly", "alcohol", "0121 496 0001",
     [(D(2009, 3, 1), FORMING, "", ""), (D(2009, 3, 19), MEETING, "", "Supportive local manager and champion")],
     (5, 6)),
    ("sheffield", "Sheffield", "SAAS, ground floor meeting room", "host_agency", "3 Example Street", "Sheffield",
     "S1 9ZZ", 1, time(18, 30), "weekly", "any", "0114 496 0002",
     [(D(2009, 3, 20), FORMING, "", ""), (D(2009, 4, 7), MEETING, "", "A key facilitator with a phone")], (5, 8)),
    ("norwich", "Norwich", "Example Community Centre", "community", "4 Example Road", "Norwich", "NR1 9ZZ",
     2, time(19, 0), "weekly", "alcohol", "",
     [(D(2009, 3, 18), FORMING, "", "Trainees plan the first meeting"), (D(2009, 3, 25), MEETING, "", ""),
      (D(2009, 11, 25), CLOSED, "facilitator_stepped_down", "The key facilitator chose not to continue")], (4, 3)),
    ("norwich", "Lowestoft", "", "other", "", "Lowestoft", "", None, None, "weekly", "alcohol", "",
     [(D(2009, 3, 20), FORMING, "", "Considered after the Norwich training"),
      (D(2009, 7, 1), NEVER, "no_members", "Did not develop; other local alcohol groups")], None),
    ("croydon", "Croydon", "YMCA, residents' lounge", "host_agency", "6 Example Hill", "Croydon", "CR0 9ZZ",
     3, time(18, 30), "weekly", "alcohol", "020 7946 0003",
     [(D(2009, 3, 25), FORMING, "", "Searching for a venue; marketing SMART to the public and local agencies"),
      (D(2009, 4, 16), MEETING, "", "In a YMCA lounge; the day clashes with another peer-led group"),
      (D(2009, 7, 1), PAUSED, "", "A church hall tried and given up; searching for other venues"),
      (D(2009, 8, 6), MEETING, "", "Back in one of the YMCA lounges, on a new day")], (3, 5)),
    ("gateshead", "Gateshead", "Turning Point", "host_agency", "7 Example Quay", "Gateshead", "NE8 9ZZ",
     None, None, "weekly", "alcohol", "",
     [(D(2009, 4, 25), FORMING, "", "Two facilitators eventually identified"),
      (D(2009, 11, 1), NEVER, "no_members", "Never really got off the ground despite posters and agency visits")],
     None),
    ("cumbria", "Kendal", "ADS, Kendal office", "host_agency", "8 Example Yard", "Kendal", "LA9 9ZZ",
     1, time(19, 0), "weekly", "alcohol", "01539 496 004",
     [(D(2009, 6, 20), FORMING, "", ""), (D(2009, 7, 7), MEETING, "", "")], (4, 5)),
    ("cumbria", "Carlisle", "Example Health Centre", "health", "9 Example Street", "Carlisle", "CA1 9ZZ",
     3, time(18, 0), "weekly", "alcohol", "",
     [(D(2009, 6, 20), FORMING, "", ""), (D(2009, 7, 9), MEETING, "", "Room and phone from the NHS team")], (3, 5)),
    ("cumbria", "Workington", "Example Community Centre", "community", "10 Example Way", "Workington", "CA14 9ZZ",
     0, time(18, 30), "weekly", "alcohol", "",
     [(D(2009, 6, 20), FORMING, "", ""), (D(2009, 7, 13), MEETING, "", ""),
      (D(2010, 1, 18), PAUSED, "", "Too few members over the winter")], (3, 3)),
]  # fmt: skip

# (site slug, alias, group names, active since, stepped down, professional)
# Only peers: the report's professionals attend or support (sites/demo_data.py PEOPLE), never facilitate.
FACILITATORS = [
    ("birmingham", "Gaz", ["Birmingham"], D(2009, 3, 2), None, False),
    ("birmingham", "Ange", ["Birmingham"], D(2009, 3, 2), None, False),
    ("birmingham", "Pete", ["North Birmingham"], D(2009, 3, 11), D(2009, 10, 7), False),
    ("birmingham", "Bev", ["Solihull"], D(2009, 3, 19), None, False),
    ("birmingham", "Sue", ["Solihull"], D(2009, 6, 1), None, False),
    ("sheffield", "Mick", ["Sheffield"], D(2009, 4, 7), None, False),
    ("sheffield", "Jo", ["Sheffield"], D(2009, 9, 1), None, False),
    ("norwich", "Rob", ["Norwich"], D(2009, 3, 25), D(2009, 11, 25), False),
    ("croydon", "Del", ["Croydon"], D(2009, 4, 15), None, False),
    ("gateshead", "Lee", ["Gateshead"], D(2009, 9, 1), None, False),
    ("gateshead", "Dawn", ["Gateshead"], D(2009, 9, 1), None, False),
    ("cumbria", "Ian", ["Kendal"], D(2009, 7, 7), None, False),
    ("cumbria", "Wendy", ["Carlisle"], D(2009, 7, 9), None, False),
    ("cumbria", "Stu", ["Carlisle", "Workington"], D(2009, 7, 13), None, False),
]

# Registrations whose unusual value the facilitator confirmed (groups.plausibility), so the flags show something
# real: (group, date, fields, confirmed warnings). Sheffield's group gave talks to local agencies, and one
# evening brought many visitors; a Kendal meeting was registered from its paper sheet months later.
FLAGGED = [
    ("Sheffield", D(2009, 10, 20), {"attendance": 26, "newcomers": 5}, ["attendance_high"]),
    ("Kendal", D(2009, 9, 15), {"registered_at": datetime(2009, 12, 1, 21)}, ["late_registration"]),
]

# Facilitator support (groups.support): made-up contacts and one check-in saying "struggling", so the flags and
# the support page show something; the report records that facilitators needed support, not these events.
SUPPORT_NOTE = "Illustrative: the report says facilitators needed support, not who gave it when."
SUPPORT_CONTACTS = [
    ("cumbria", "Stu", "call", D(2009, 10, 6), "The coordinator", "Two groups a week is a lot."),
    ("cumbria", "Wendy", "peer", D(2009, 10, 20), "Ian (Kendal)", "Swapped ideas on keeping the group together."),
    ("sheffield", "Mick", "debrief", D(2009, 11, 3), "The site contact", "After a difficult meeting."),
]
STRUGGLING = ("cumbria", "Stu", D(2009, 11, 24), "Running two groups on my own and finding it hard to keep going.")

# The most recent meetings stay unregistered: one is overdue, the latest is left for the demo facilitator.
UNREGISTERED_DAYS = 9


def load(*, out) -> None:
    with transaction.atomic():
        sites = {s.slug: s for s in HostSite.objects.all()}
        groups = {row[1]: _load_group(sites[row[0]], row) for row in GROUPS}
        changes = GroupStatusChange.objects.filter(group__in=groups.values(), changed_by=None)
        illustrative.record([(c, "day", DAY_NOTE) for c in changes], models=[GroupStatusChange])
        for slug, alias, group_names, since, stepped_down, professional in FACILITATORS:
            facilitator, _ = Facilitator.objects.update_or_create(
                site=sites[slug],
                display_name=alias,
                defaults={
                    "active_since": since,
                    "stepped_down_on": stepped_down,
                    "is_professional": professional,
                    "phone": "",
                    "email": f"{alias.split()[0].lower()}.{slug}@example.org",
                },
            )
            facilitator.groups.set([groups[n] for n in group_names])
        created = sum(_load_meetings(groups[row[1]], row[-1]) for row in GROUPS if row[-1])
        _flag_meetings(groups)
        _load_support(sites)
    out.write(f"  groups: {len(GROUPS)} groups, {len(FACILITATORS)} facilitators, {created} illustrative meetings")


def _load_support(sites) -> None:
    def facilitator(slug, alias):
        return Facilitator.objects.filter(site=sites[slug], display_name=alias).first()

    marks = []
    for slug, alias, kind, day, who, note in SUPPORT_CONTACTS:
        record = facilitator(slug, alias)
        if record is None:
            continue
        contact, _ = SupportContact.objects.update_or_create(
            facilitator=record, date=day, kind=kind, defaults={"given_by": who, "note": note}
        )
        marks.append((contact, "note", SUPPORT_NOTE))
    slug, alias, day, note = STRUGGLING
    record = facilitator(slug, alias)
    checkin_marks = []
    if record is not None:
        checkin, _ = WellbeingCheckIn.objects.update_or_create(
            facilitator=record,
            answered_on=day,
            defaults={
                "feeling": Feeling.STRUGGLING,
                "note": note,
                "meetings_last_4_weeks": 8,
                "sole_facilitator": True,
            },
        )
        checkin_marks.append((checkin, "feeling", SUPPORT_NOTE))
    illustrative.record(marks, models=[SupportContact])
    illustrative.record(checkin_marks, models=[WellbeingCheckIn])


def _load_group(site: HostSite, row) -> Group:
    (_, name, venue, venue_type, address, town, postcode, weekday, start, frequency, focus, phone, history, _) = row
    group, _ = Group.objects.update_or_create(
        site=site,
        name=name,
        defaults={
            "venue_name": venue,
            "venue_type": venue_type,
            "address": address,
            "town": town,
            "postcode": postcode,
            "weekday": weekday,
            "start_time": start,
            "frequency": frequency,
            "focus": focus,
            "contact_phone": phone,
            "contact_email": f"smart.{name.lower().replace(' ', '')}@example.org" if phone else "",
        },
    )
    kept = [
        GroupStatusChange.objects.update_or_create(
            group=group, changed_on=day, status=status, defaults={"reason": reason, "note": note}
        )[0].pk
        for day, status, reason, note in history
    ]
    # A demo database loaded before a correction keeps no stale step; changes made in the app have an author.
    group.status_changes.filter(changed_by=None).exclude(pk__in=kept).delete()
    day, status, reason, _ = history[-1]
    Group.objects.filter(pk=group.pk).update(
        status=status, status_since=day, closure_reason=reason if status in (CLOSED, NEVER) else ""
    )
    group.refresh_from_db()
    return group


def _load_meetings(group: Group, attendance: tuple[int, int]) -> int:
    today = timezone.localdate()
    first = group.status_changes.filter(status=MEETING).order_by("changed_on").first()
    dates = selectors.scheduled_dates(group, first.changed_on, today - timedelta(days=UNREGISTERED_DAYS))
    if group.name == "Croydon":  # one overdue registration for the missing list
        dates = [d for d in dates if not 14 <= (today - d).days < 21]
    # Illustrative meetings no longer scheduled (the history was corrected) go; registrations made in the app stay.
    group.meetings.filter(is_illustrative=True).exclude(date__in=dates).delete()
    existing = set(group.meetings.values_list("date", flat=True))
    facilitators = list(group.facilitators.filter(is_professional=False))
    new = [_meeting(group, day, attendance, first.changed_on) for day in dates if day not in existing]
    Meeting.objects.bulk_create(new, batch_size=500)
    saved = {m.date: m for m in group.meetings.filter(date__in=[m.date for m in new])}
    links = [
        Meeting.facilitators.through(meeting_id=saved[m.date].pk, facilitator_id=f.pk)
        for m in new
        for f in facilitators
        if f.active_since and f.active_since <= m.date and (f.stepped_down_on is None or m.date < f.stepped_down_on)
    ]
    Meeting.facilitators.through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)
    return len(new)


def _meeting(group: Group, day: date, attendance: tuple[int, int], started: date) -> Meeting:
    rng = random.Random(f"{group.name}|{day.isoformat()}")
    early, settled = attendance
    # A core of a few at first, settling over about three months.
    base = early if (day - started).days < 90 else settled
    # The first meeting took place (the timeline's "first met" is the day the group started meeting).
    held = day == started or (not (day.month == 12 and day.day in (24, 25, 26, 31)) and rng.random() > 0.03)
    count = max(2, base + rng.choice([-2, -1, -1, 0, 0, 0, 1, 1, 2])) if held else 0
    newcomers = min(count, rng.choice([0, 0, 0, 1, 1, 2])) if held else 0
    fields = {name: held and rng.random() < 0.92 for name, _ in AGENDA_SECTIONS}
    tools = rng.sample([name for name, _ in TOOLS[:-1]], k=rng.choice([0, 1, 1, 2, 3]) if held else 0)
    fields.update({name: name in tools for name, _ in TOOLS})
    if newcomers:
        sources = [rng.choices(REFERRAL_SOURCES, weights=[66, 3, 3, 6, 9, 5, 3, 0, 5])[0][0] for _ in range(newcomers)]
        fields.update({name: sources.count(name) for name, _ in REFERRAL_SOURCES})
        problems = [rng.choices(MAIN_PROBLEMS, weights=[80, 5, 12, 3])[0][0] for _ in range(newcomers)]
        fields.update({name: problems.count(name) for name, _ in MAIN_PROBLEMS})
    late = rng.random() < 0.1
    registered = datetime.combine(day + timedelta(days=rng.randint(8, 12) if late else rng.randint(0, 3)), time(21))
    return Meeting(
        group=group,
        date=day,
        held=held,
        cancelled_reason="" if held else "Room not available",
        attendance=count,
        newcomers=newcomers,
        duration_minutes=rng.choice([75, 80, 85, 90, 90]) if held else None,
        donations=Decimal(rng.randint(0, 16)) / 2 if held else Decimal("0"),
        professional_attended=held and rng.random() < 0.05,
        is_illustrative=True,
        registered_at=min(timezone.make_aware(registered), timezone.now()),
        **fields,
    )


def _flag_meetings(groups: dict[str, Group]) -> None:
    """Give the FLAGGED registrations their confirmed unusual values (the same on every load)."""
    for name, day, fields, codes in FLAGGED:
        values = {**fields, "held": True, "cancelled_reason": "", "confirmed_warnings": codes}
        if "registered_at" in values:
            values["registered_at"] = timezone.make_aware(values["registered_at"])
        groups[name].meetings.filter(date=day, is_illustrative=True).update(**values)


# Monthly sign-off (groups.signoff): the first months of each site's groups approved, later ones provisional.
# The pilot had no such step; who approved and when is made up. Sheffield's are approved by its site contact,
# the others' by the coordinator (the demo has one site contact login); Sheffield's June 2009 was reopened.
SIGNED_OFF = [
    ("birmingham", [D(2009, 3, 1), D(2009, 4, 1), D(2009, 5, 1)]),
    ("sheffield", [D(2009, 4, 1), D(2009, 5, 1), D(2009, 6, 1)]),
    ("norwich", [D(2009, 3, 1), D(2009, 4, 1)]),
    ("croydon", [D(2009, 4, 1), D(2009, 5, 1)]),
    ("cumbria", [D(2009, 7, 1), D(2009, 8, 1)]),
]
REOPENED = {
    ("sheffield", D(2009, 6, 1)): "The 16 June meeting may have been held after all: the facilitator checks it"
}
QUERIES = [("sheffield", D(2009, 6, 1), "Was the meeting of 16 June cancelled? The room booking shows it in use.")]


def load_signoffs(*, site_contacts: dict, coordinator) -> int:
    """Approve the demo's signed-off months (and reopen one) after the logins exist; idempotent."""
    from groups.models import MonthQuery, MonthSignOff, MonthState

    count = 0
    for slug, months in SIGNED_OFF:
        site = HostSite.objects.get(slug=slug)
        approver = site_contacts.get(slug, coordinator)
        for month in months:
            follows = (month + timedelta(days=32)).replace(day=1)
            reason = REOPENED.get((slug, month), "")
            MonthSignOff.objects.update_or_create(
                site=site,
                month=month,
                defaults={
                    "state": MonthState.REOPENED if reason else MonthState.APPROVED,
                    "approved_by": approver,
                    "approved_at": timezone.make_aware(datetime.combine(follows + timedelta(days=5), time(10))),
                    "reopened_by": coordinator if reason else None,
                    "reopened_at": timezone.make_aware(datetime.combine(follows + timedelta(days=19), time(15)))
                    if reason
                    else None,
                    "reopen_reason": reason,
                },
            )
            count += 1
    for slug, month, text in QUERIES:
        MonthQuery.objects.get_or_create(
            site=HostSite.objects.get(slug=slug),
            month=month,
            text=text,
            defaults={"raised_by": coordinator, "raised_at": timezone.make_aware(datetime(2009, 7, 3, 9))},
        )
    return count
