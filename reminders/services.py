"""Sending reminders: each under a unique key (a rerun sends nothing twice), recorded without its body.

Every email names only groups, sites, days and counts of meetings: never a member, a facilitator's details or
a meeting's notes. Every email carries one unsubscribe link per kind it contains, a signed token that works
without signing in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pilot import conf as pilot_conf
from pilot.audit import audit
from pilot.roles import Role
from reminders import conf, selectors
from reminders.models import CHOOSABLE, Kind, Preference, SentReminder

logger = logging.getLogger(__name__)
TOKEN_SALT = "reminders.unsubscribe"


# --- unsubscribe tokens -----------------------------------------------------------------------------------------
class BadToken(Exception):
    """The link was changed, cut short or names no person or kind we know."""


def unsubscribe_token(*, user, kind: str) -> str:
    """A signed token that stops one kind of reminder for one person."""
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=TOKEN_SALT, compress=False)


def unsubscribe_read(token: str) -> tuple:
    """(user, kind) from a token, or BadToken."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        user = get_user_model().objects.get(pk=int(data["u"]))
        kind = Kind(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, get_user_model().DoesNotExist) as exc:
        raise BadToken(str(exc)) from None
    if kind not in (*CHOOSABLE, Kind.DIGEST):
        raise BadToken("not a kind of reminder")
    return user, kind


def unsubscribe(*, token: str) -> tuple:
    """Switch off the kind the token names (a digest link: back to single emails). Returns (user, kind)."""
    user, kind = unsubscribe_read(token)
    preference_save(user=user, actor=None, **{kind.value: False})
    return user, kind


# --- choices ----------------------------------------------------------------------------------------------------
@transaction.atomic
def preference_save(*, user, actor, **choices: bool) -> Preference:
    """Save the user's choices (only those given); audited by field name."""
    preference, _ = Preference.objects.select_for_update().get_or_create(user=user)
    changed = [name for name, value in choices.items() if getattr(preference, name) != bool(value)]
    for name in changed:
        setattr(preference, name, bool(choices[name]))
    if changed:
        preference.save()
        detail = "" if actor is not None else "by the unsubscribe link in an email"
        audit(actor=actor, action="update", target=preference, changed_fields=changed, detail=detail)
    return preference


# --- what an email says ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    text: str
    url: str = ""


def _url(path: str, **query) -> str:
    return conf.site_url() + path + (f"?{urlencode(query)}" if query else "")


def _lines(reminder: SentReminder) -> list[Line]:
    """What one reminder says now (a digest is written when it goes, so a matter settled since drops out)."""
    if reminder.kind == Kind.MEETING_UNREGISTERED:
        if not selectors.meeting_still_unregistered(reminder.group, reminder.day):
            return []
        return [
            Line(
                f"The meeting of {reminder.group.name} on {reminder.day:%A %d %B %Y} is not registered yet.",
                _url(reverse("groups:meeting_new"), group=reminder.group.pk, date=reminder.day.isoformat()),
            )
        ]
    if reminder.kind == Kind.MONTH_SIGNOFF:
        lines = []
        for month in selectors.months_to_close([reminder.site], reminder.day):
            path = reverse("groups:signoff_month", args=[month.site.slug, month.month.year, month.month.month])
            if month.missing_returns:
                lines.append(
                    Line(
                        f"{month.site.name}, {month.label}: {month.missing_returns} scheduled meeting(s) "
                        "with no registration.",
                        _url(path),
                    )
                )
            if month.awaits_signoff:
                lines.append(Line(f"{month.site.name}, {month.label}: the month awaits sign-off.", _url(path)))
        return lines
    if reminder.kind == Kind.COORDINATOR_WEEKLY:
        news = selectors.weekly_news(user=reminder.user, today=reminder.day)
        lines = [
            Line(
                f"Follow-up due {due:%d %B %Y}: {site.name if site else 'network-wide'}.",
                _url(reverse("network:site", args=[site.slug]) if site else reverse("home")),
            )
            for site, due in news.follow_ups
        ]
        lines += [
            Line(
                f"{site.name} is newly flagged: {', '.join(labels)}.", _url(reverse("network:site", args=[site.slug]))
            )
            for site, labels in news.newly_flagged
        ]
        return lines
    return []


SUBJECTS = {
    Kind.MEETING_UNREGISTERED: "A meeting is not registered yet",
    Kind.MONTH_SIGNOFF: "Last month's returns",
    Kind.COORDINATOR_WEEKLY: "This week: follow-ups and sites newly flagged",
    Kind.DIGEST: "Your weekly digest of reminders",
}


def _plain_text(*, greeting: str, sections, unsubscribe, preferences_url: str) -> str:
    """The email as plain text (no HTML part: nothing in it is markup, so nothing needs escaping)."""
    out = [f"Hello {greeting},", ""]
    for title, lines in sections:
        out.append(title)
        for line in lines:
            out.append(f"- {line.text}")
            if line.url:
                out.append(f"  {line.url}")
        out.append("")
    out += ["--", pilot_conf.programme_name(), f"Choose what you receive: {preferences_url}"]
    out += [f'Stop "{label}": {url}' for label, url in unsubscribe]
    return "\n".join(out) + "\n"


def _send(*, user, kind: str, sections: list[tuple[str, list[Line]]], kinds: list[str]) -> None:
    unsubscribe = [
        (Kind(k).label, _url(reverse("reminders:unsubscribe", args=[unsubscribe_token(user=user, kind=k)])))
        for k in kinds
    ]
    body = _plain_text(
        greeting=user.get_short_name() or user.get_username(),
        sections=sections,
        unsubscribe=unsubscribe,
        preferences_url=_url(reverse("reminders:preferences")),
    )
    message = EmailMessage(
        subject=SUBJECTS[Kind(kind)],
        body=body,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe[0][1]}>"},
    )
    message.send()


def _claim(*, key: str, user, kind: str, **about) -> SentReminder | None:
    """The record under this key, new; None if one exists already (sent or held for the digest)."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(key=key, user=user, kind=kind, **about)
    except IntegrityError:
        return None


def deliver(*, key: str, user, kind: str, **about) -> bool:
    """Send one reminder now, or hold it for the person's digest; nothing if it was sent or held before, if
    the person does not want this kind, or if there is nothing to say. True when something was sent or held."""
    preference = selectors.preference_for(user)
    if not user.email or not preference.wants(kind):
        return False
    reminder = _claim(key=key, user=user, kind=kind, **about)
    if reminder is None:
        return False
    if preference.digest:
        return True  # held: sent_at stays empty until the weekly digest
    lines = _lines(reminder)
    if not lines:
        reminder.delete()
        return False
    try:
        _send(user=user, kind=kind, sections=[(SUBJECTS[Kind(kind)], lines)], kinds=[kind])
    except Exception:
        reminder.delete()  # not sent: a rerun tries again
        raise
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["sent_at"])
    return True


# --- the four runs, one per beat task ----------------------------------------------------------------------------
def remind_unregistered_meetings(*, today: date | None = None) -> int:
    """The day after a group's scheduled meeting, each of its facilitators with a login, once per meeting."""
    today = today or timezone.localdate()
    sent = 0
    for missing in selectors.unregistered_meetings(today):
        for user in selectors.facilitator_users(missing.group):
            key = f"meeting:{user.pk}:{missing.group.pk}:{missing.day.isoformat()}"
            sent += deliver(key=key, user=user, kind=Kind.MEETING_UNREGISTERED, group=missing.group, day=missing.day)
    return sent


def remind_coordinators_weekly(*, today: date | None = None) -> int:
    """Each coordinator, once per ISO week, when follow-ups fall due or sites are newly flagged."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    sent = 0
    for user in selectors.people_with_role(Role.COORDINATOR):
        key = f"weekly:{user.pk}:{year}-W{week:02d}"
        sent += deliver(key=key, user=user, kind=Kind.COORDINATOR_WEEKLY, day=today)
    return sent


def remind_site_contacts_monthly(*, today: date | None = None) -> int:
    """Each site contact, once per site and month, when last month awaits sign-off or has missing returns."""
    today = today or timezone.localdate()
    sent = 0
    for user in selectors.people_with_role(Role.SITE_CONTACT):
        for month in selectors.months_to_close(selectors.site_contact_sites(user), selectors.last_month(today)):
            key = f"month:{user.pk}:{month.site.pk}:{month.month.isoformat()}"
            sent += deliver(key=key, user=user, kind=Kind.MONTH_SIGNOFF, site=month.site, day=month.month)
    return sent


def send_digests(*, today: date | None = None) -> int:
    """One email per person who chose the digest, with what was held for them; once per ISO week."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    sent = 0
    held_users = SentReminder.objects.filter(sent_at__isnull=True).exclude(kind=Kind.DIGEST).values("user")
    # Whoever has reminders held gets them, even if they went back to single emails since: nothing is lost.
    for user in get_user_model().objects.filter(pk__in=held_users, is_active=True).exclude(email=""):
        preference = selectors.preference_for(user)
        with transaction.atomic():
            digest = _claim(key=f"digest:{user.pk}:{year}-W{week:02d}", user=user, kind=Kind.DIGEST, day=today)
            if digest is None:
                continue
            items = list(
                selectors.held_for_digest(user).select_for_update(of=("self",)).select_related("group", "site", "user")
            )
            by_kind: dict[str, list[Line]] = {}  # one heading per kind, its lines in the order they were held
            for item in items:
                if preference.wants(item.kind) and (lines := _lines(item)):
                    by_kind.setdefault(SUBJECTS[Kind(item.kind)], []).extend(lines)
            sections = list(by_kind.items())
            now = timezone.now()
            SentReminder.objects.filter(pk__in=[i.pk for i in items]).update(digest=digest, sent_at=now)
            if not sections:
                digest.delete()
                continue
            kinds = sorted({item.kind for item in items if preference.wants(item.kind)}) + [Kind.DIGEST.value]
            _send(user=user, kind=Kind.DIGEST, sections=sections, kinds=kinds)
            digest.sent_at = now
            digest.save(update_fields=["sent_at"])
        sent += 1
    return sent
