"""The one clock: every page and report that shows figures over time shows them for a period.

A period is a programme (the default: the one running today, else the latest), a calendar year, a quarter
or custom dates. It travels in the URL (`?period=p3`, `?period=YYYY`, `?period=YYYYq4`,
`?period=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`), so a link shows the same figures to whoever opens it.
Figures that are judged on a day (health flags, follow-ups, reporting rates, "latest") are judged as of
the end of the period or today, whichever is earlier, and the page says so in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format

from pilot.dates import check_plausible_date
from programmes.models import Programme, ProgrammeStatus

RECENT_DAYS = 365


@dataclass(frozen=True)
class Period:
    key: str  # the URL value: "p3" (a programme), "2024" (a year), "2024q4" (a quarter), "custom", "recent"
    start: date
    end: date
    label: str
    programme: Programme | None = None

    def as_of(self, today: date | None = None) -> date:
        """The day figures are judged on: the period's last day, or today if it has not ended."""
        return min(self.end, today or timezone.localdate())

    def query(self) -> dict[str, str]:
        """The URL parameters that show this period again."""
        if self.key == "custom":
            return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.key}

    def judged(self, today: date | None = None) -> str:
        """In words: which period this is and which day its figures are judged on."""
        today = today or timezone.localdate()
        day = self.as_of(today)
        when = date_format(day, "j F Y")
        if self.programme is not None:
            status = self.programme.status_on(today)
            if status == ProgrammeStatus.ENDED:
                return f"{self.label}, ended {when}: judged as of that day."
            if status == ProgrammeStatus.PLANNED:
                return f"{self.label}, not started yet (starts {date_format(self.start, 'j F Y')})."
            return f"{self.label}, running: judged as of today, {when}."
        if day < today:
            return f"{self.label}: judged as of its last day, {when}."
        return f"{self.label}: judged as of today, {when}."

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def programme_period(programme: Programme) -> Period:
    return Period(
        key=f"p{programme.pk}",
        start=programme.starts_on,
        end=programme.ends_on,
        label=f"{programme.name} ({_month(programme.starts_on)} – {_month(programme.ends_on)})",
        programme=programme,
    )


def _month(day: date) -> str:
    return date_format(day, "M Y")


def year_period(year: int) -> Period:
    return Period(key=str(year), start=date(year, 1, 1), end=date(year, 12, 31), label=f"The year {year}")


def quarter_period(year: int, quarter: int) -> Period:
    first = date(year, 3 * quarter - 2, 1)
    following = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return Period(
        key=f"{year}q{quarter}",
        start=first,
        end=following - timedelta(days=1),
        label=f"{date_format(first, 'F')} to {date_format(following - timedelta(days=1), 'F Y')} (quarter {quarter})",
    )


def custom_period(start: date, end: date) -> Period:
    return Period(
        key="custom",
        start=start,
        end=end,
        label=f"{date_format(start, 'j M Y')} to {date_format(end, 'j M Y')}",
    )


def recent_period(today: date | None = None) -> Period:
    """With no programme at all: the last twelve months."""
    today = today or timezone.localdate()
    return Period(key="recent", start=today - timedelta(days=RECENT_DAYS - 1), end=today, label="The last 12 months")


def all_programmes() -> list[Programme]:
    """Every programme, newest first (one query; a page asks once and passes the list on)."""
    return list(Programme.objects.order_by("-starts_on", "name"))


def default_period(today: date | None = None, programmes: list[Programme] | None = None) -> Period:
    """The programme running today, else the latest to have started (else the next), else the last 12 months."""
    today = today or timezone.localdate()
    programmes = all_programmes() if programmes is None else programmes
    running = [p for p in programmes if p.starts_on <= today <= p.ends_on]
    started = [p for p in programmes if p.starts_on <= today]
    chosen = (
        max(running, key=lambda p: p.starts_on, default=None)
        or max(started, key=lambda p: p.ends_on, default=None)
        or min(programmes, key=lambda p: p.starts_on, default=None)
    )
    return programme_period(chosen) if chosen else recent_period(today)


class PeriodError(ValueError):
    """A period someone asked for in the URL that cannot be shown; the message says why."""


def parse_period(params, *, today: date | None = None, programmes: list[Programme] | None = None) -> Period:
    """The period the URL asks for (a QueryDict or dict); the default when it asks for none.

    Raises PeriodError with a message for anything that cannot be read or lies outside 2000 to next year.
    """
    key = (params.get("period") or "").strip().lower()
    if not key:
        return default_period(today, programmes)
    if key == "recent":
        return recent_period(today)
    if match := re.fullmatch(r"p(\d{1,9})", key):
        wanted = int(match.group(1))
        if programmes is not None:
            programme = next((p for p in programmes if p.pk == wanted), None)
        else:
            programme = Programme.objects.filter(pk=wanted).first()
        if programme is None:
            raise PeriodError("There is no such programme.")
        return programme_period(programme)
    if match := re.fullmatch(r"(\d{4})(?:q([1-4]))?", key):
        year = int(match.group(1))
        _plausible(date(year, 1, 1))
        return quarter_period(year, int(match.group(2))) if match.group(2) else year_period(year)
    if key == "custom":
        start, end = _day(params.get("from"), "start"), _day(params.get("to"), "end")
        if end < start:
            raise PeriodError("The period must end on or after the day it starts.")
        return custom_period(start, end)
    raise PeriodError("Choose a programme, a year, a quarter or two dates.")


def _day(text, which: str) -> date:
    try:
        day = parse_date((text or "").strip())
    except ValueError:
        day = None
    if day is None:
        raise PeriodError(f"Enter the {which} date as YYYY-MM-DD.")
    _plausible(day)
    return day


def _plausible(day: date) -> None:
    from django.core.exceptions import ValidationError

    try:
        check_plausible_date(day)
    except ValidationError as exc:
        raise PeriodError(exc.messages[0]) from exc


def period_choices(today: date | None = None, programmes: list[Programme] | None = None) -> list[tuple[str, str]]:
    """What the period control offers: every programme, then the years and quarters they cover."""
    today = today or timezone.localdate()
    programmes = all_programmes() if programmes is None else programmes
    choices = [(programme_period(p).key, programme_period(p).label) for p in programmes]
    first = min((p.starts_on for p in programmes), default=today - timedelta(days=RECENT_DAYS))
    last = min(max((p.ends_on for p in programmes), default=today), date(today.year, 12, 31))
    for year in range(last.year, first.year - 1, -1):
        choices.append((str(year), f"The year {year}"))
        for quarter in range(4, 0, -1):
            period = quarter_period(year, quarter)
            if period.start <= last and period.end >= first:
                choices.append((period.key, f"  {period.label}"))
    choices.append(("recent", "The last 12 months"))
    choices.append(("custom", "Dates I choose"))
    return choices


def _programmes_of(request) -> list[Programme]:
    if not hasattr(request, "_pilot_programmes"):
        request._pilot_programmes = all_programmes()
    return request._pilot_programmes


def period_for(request, *, default: Period | None = None) -> Period:
    """The page's period from its URL, else `default` (else the programme running today...); a period that
    cannot be shown is refused with a message and the default is shown instead (one message per request)."""
    cached = getattr(request, "_pilot_period", None)
    if cached is not None:
        return cached
    programmes = _programmes_of(request)
    try:
        asked = request.GET.get("period") or default is None
        period = parse_period(request.GET, programmes=programmes) if asked else default
    except PeriodError as exc:
        from django.contrib import messages

        messages.error(request, f"That period cannot be shown: {exc}")
        period = default or default_period(programmes=programmes)
    request._pilot_period = period
    return period


def period_control(request, period: Period) -> dict:
    """What the period control (programmes/_period_control.html) draws: the choices, the chosen one, the
    custom dates, the page's other URL parameters to keep, and the sentence saying what is shown."""
    keep = [(k, v) for k, v in request.GET.items() if k not in ("period", "from", "to", "page")]
    return {
        "choices": period_choices(programmes=_programmes_of(request)),
        "selected": period.key,
        "start": period.start,
        "end": period.end,
        "keep": keep,
        "judged": period.judged(),
        "period": period,
    }
