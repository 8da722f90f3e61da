"""Open feeds of the public meeting list: Meeting Guide JSON, iCalendar, and schema.org Event data.

Everything here is built from what the public finder already shows (groups.public_views.PUBLIC_FIELDS):
a group's name, schedule, venue, address, region, focus and host agency. Nothing about members,
counts or facilitators is read, and only groups listed by the finder (status `meeting`) are included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils.text import slugify

from groups.models import WEEKDAYS, Frequency, Group, VenueType
from groups.selectors import meeting_periods, scheduled_dates

# The fields a feed may read: a subset of the finder's (no enquiry contact, nothing about people).
FEED_FIELDS = [
    "id",
    "name",
    "weekday",
    "second_weekday",
    "frequency",
    "start_time",
    "usual_length_minutes",
    "focus",
    "venue_name",
    "venue_type",
    "address",
    "town",
    "postcode",
    "status",
    "status_since",
    "site__region",
    "site__agency_name",
]

DAY_NAMES = dict(WEEKDAYS)
# Meeting Guide counts days from Sunday (0) to Saturday (6); the groups app from Monday (0).
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# SMART Recovery meetings are secular: the one Meeting Guide type that is true of every group.
MEETING_TYPES = ["A"]
COUNTRY = "GB"


def feed_groups() -> QuerySet[Group]:
    """The groups the feeds publish: those the finder lists, with when their status was last recorded."""
    return (
        Group.objects.public()
        .select_related("site")
        .only(*FEED_FIELDS)
        .annotate(status_recorded=Max("status_changes__recorded_at"))
        .prefetch_related("status_changes")
        .order_by("pk")
    )


def updated_at(group: Group) -> dt.datetime:
    """When the group's listing last changed as far as the feeds know: its latest recorded status change."""
    recorded = getattr(group, "status_recorded", None)
    if recorded is not None:
        return recorded.astimezone(dt.UTC)
    since = group.status_since or dt.date(2000, 1, 1)
    return dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)


def end_time(group: Group) -> dt.time | None:
    if group.start_time is None:
        return None
    start = dt.datetime.combine(dt.date(2000, 1, 1), group.start_time)
    return (start + dt.timedelta(minutes=group.usual_length_minutes)).time()


def notes(group: Group) -> str:
    parts = [f"For {group.get_focus_display().lower()}."]
    if group.frequency == Frequency.FORTNIGHTLY:
        parts.append("Meets every other week.")
    parts.append(f"Hosted by {group.site.agency_name}.")
    return " ".join(parts)


def location_line(group: Group) -> str:
    town = " ".join(part for part in (group.town, group.postcode) if part)
    return ", ".join(part for part in (group.venue_name, group.address, town) if part)


# --- Meeting Guide JSON -------------------------------------------------------------------------


def meeting_guide(groups: Iterable[Group], url_for) -> list[dict]:
    """One Meeting Guide entry per weekly slot: a twice-weekly group is two entries. `url_for(group)` is its page."""
    entries = []
    for group in groups:
        days = group.meeting_days or [None]
        for weekday in days:
            slug = f"{slugify(group.name)[:48] or 'group'}-{group.pk}"
            if len(days) > 1:
                slug += f"-{DAY_NAMES[weekday].lower()}"
            entry = {"name": group.name, "slug": slug}
            if weekday is not None and group.start_time is not None:
                entry["day"] = (weekday + 1) % 7
                entry["time"] = f"{group.start_time:%H:%M}"
                entry["end_time"] = f"{end_time(group):%H:%M}"
                entry["timezone"] = settings.TIME_ZONE
            optional = {
                "location": group.venue_name,
                "address": group.address,
                "city": group.town,
                "postal_code": group.postcode,
                "country": COUNTRY,
                "region": group.site.get_region_display() if group.site.region else "",
            }
            entry.update({key: value for key, value in optional.items() if value})
            entry["types"] = list(MEETING_TYPES)
            entry["notes"] = notes(group)
            entry["updated"] = f"{updated_at(group):%Y-%m-%d %H:%M:%S}"
            entry["url"] = url_for(group)
            entries.append(entry)
    return entries


# --- iCalendar ----------------------------------------------------------------------------------


def first_occurrence(group: Group) -> dt.date | None:
    """The first meeting day of the group's current meeting period (None when it has no regular day)."""
    periods = meeting_periods(group)
    if not periods or periods[-1][1] is not None or not group.meeting_days:
        return None
    start = periods[-1][0]
    days = scheduled_dates(group, start, start + dt.timedelta(days=13))
    return days[0] if days else None


def _event(group: Group, url: str, domain: str) -> icalendar.Event | None:
    first = first_occurrence(group)
    if first is None or group.start_time is None:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(first, group.start_time, tzinfo=zone)
    event = icalendar.Event()
    event.add("uid", f"group-{group.pk}@{domain}")
    event.add("dtstamp", updated_at(group))
    event.add("last-modified", updated_at(group))
    event.add("summary", f"SMART Recovery {group.name}")
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=group.usual_length_minutes))
    rule = {"freq": "weekly", "byday": [ICAL_DAYS[day] for day in group.meeting_days]}
    if group.frequency == Frequency.FORTNIGHTLY:
        rule["interval"] = 2
    event.add("rrule", rule)
    location = location_line(group)
    if location:
        event.add("location", location)
    event.add("description", f"{notes(group)}\n{url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar(groups: Iterable[Group], *, title: str, url_for, domain: str) -> bytes:
    """An iCalendar file with one recurring event per group that meets on a regular day."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//SMART Recovery pilot network//Meeting feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    starts = []
    for group in groups:
        event = _event(group, url_for(group), domain)
        if event is not None:
            cal.add_component(event)
            starts.append(event.decoded("dtstart").date())
    # The time zone's rules from the first meeting on, rather than every change since 1970.
    cal.add_missing_timezones(first_date=min(starts, default=dt.date(2000, 1, 1)) - dt.timedelta(days=1))
    return cal.to_ical()


def etag(body: bytes) -> str:
    """A strong validator of a feed's exact bytes: it changes whenever anything in the feed does."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


# --- schema.org Event (microdata on the referral card) ------------------------------------------


@dataclass(frozen=True)
class EventData:
    name: str
    start_date: str  # ISO date and time of the next meeting, or ""
    end_date: str
    by_day: list[str]  # schema.org day URLs
    start_time: str
    end_time: str
    repeat_frequency: str  # ISO 8601 duration
    schedule_start: str
    online: bool


def event_data(group: Group, today: dt.date) -> EventData:
    """What the card's schema.org Event markup says: the schedule and, when known, the next meeting."""
    zone = ZoneInfo(settings.TIME_ZONE)
    following = scheduled_dates(group, today, today + dt.timedelta(days=14)) if group.start_time else []
    start = end = ""
    if following:
        begins = dt.datetime.combine(following[0], group.start_time, tzinfo=zone)
        start = begins.isoformat()
        end = (begins + dt.timedelta(minutes=group.usual_length_minutes)).isoformat()
    first = first_occurrence(group)
    finish = end_time(group)
    return EventData(
        name=f"SMART Recovery {group.name}",
        start_date=start,
        end_date=end,
        by_day=[f"https://schema.org/{DAY_NAMES[day]}" for day in group.meeting_days],
        start_time=f"{group.start_time:%H:%M}" if group.start_time else "",
        end_time=f"{finish:%H:%M}" if finish else "",
        repeat_frequency="P2W" if group.frequency == Frequency.FORTNIGHTLY else "P1W",
        schedule_start=first.isoformat() if first else "",
        online=group.venue_type == VenueType.ONLINE,
    )
