"""Demo host sites: the seven host agencies of the 2008-2010 pilot, their histories, people, log and applications."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from pilot import illustrative
from sites import demo_data as data
from sites.models import (
    READINESS_DEFAULTS,
    READINESS_ITEMS,
    Application,
    Decision,
    HostSite,
    ProgressEntry,
    SitePerson,
    SiteReadiness,
    StatusChange,
    SustainabilityPlan,
)

COMMITMENTS = HostSite.COMMITMENT_FIELDS
REASONS = Application.REASON_FIELDS
SCORES = Application.SCORE_FIELDS


def _load_sites() -> dict[str, HostSite]:
    sites = {}
    for slug, (name, agency, locality, region, setting, provider, offers) in data.SITES.items():
        sites[slug], _ = HostSite.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "agency_name": agency,
                "locality": locality,
                "region": region,
                "setting": setting,
                "provider_type": provider,
                "phone": data.SITE_PHONES[slug],
                "email": f"smart.pilot@{slug}.example.org",
                "address": f"Host agency office\n{locality}",
                **dict(zip(COMMITMENTS, offers, strict=True)),
            },
        )
    return sites


def _load_histories(sites: dict[str, HostSite]) -> list[StatusChange]:
    loaded = []
    for slug, steps in data.HISTORIES.items():
        kept = []
        for on, status, note in steps:
            change, _ = StatusChange.objects.update_or_create(
                site=sites[slug], status=status, on=on, defaults={"note": note}
            )
            kept.append(change.pk)
            loaded.append(change)
        # A demo database loaded before a correction keeps no stale step; changes made in the app have an actor.
        StatusChange.objects.filter(site=sites[slug], actor=None).exclude(pk__in=kept).delete()
    return loaded


def _load_people(sites: dict[str, HostSite]) -> None:
    for slug, people in data.PEOPLE.items():
        for name, role, kind, named, email, phone, active in people:
            SitePerson.objects.update_or_create(
                site=sites[slug],
                name=name,
                defaults={
                    "role": role,
                    "kind": kind,
                    "is_named_contact": named,
                    "email": f"{email}@{slug}.example.org",
                    "phone": phone,
                    "active": active,
                },
            )


def _load_log(sites: dict[str, HostSite]) -> list[ProgressEntry]:
    kept = []
    for slug, day, kind, note, follow_up_on, done in data.LOG:
        entry, _ = ProgressEntry.objects.update_or_create(
            site=sites[slug] if slug else None,
            day=day,
            kind=kind,
            note=note,
            defaults={"follow_up_on": follow_up_on, "follow_up_done": done},
        )
        kept.append(entry)
    # As with histories: the demo's own entries (no author) are exactly LOG; entries written in the app stay.
    demo_entries = ProgressEntry.objects.filter(Q(site__in=sites.values()) | Q(site=None), author=None)
    demo_entries.exclude(pk__in=[e.pk for e in kept]).delete()
    return kept


def _load_applications(sites: dict[str, HostSite]) -> list[tuple[Application, str, str]]:
    """The 33 applications; returns their illustrative figures (every score, the 26 invented applicants)."""
    marks = []
    for slug, (received, reasons, scores, text) in data.HOST_APPLICATIONS.items():
        site = sites[slug]
        application, _ = Application.objects.update_or_create(
            agency_name=site.agency_name,
            defaults={
                "locality": site.locality,
                "region": site.region,
                "setting": site.setting,
                "provider_type": site.provider_type,
                "received_on": received,
                "reasons_text": text,
                "decision": Decision.SELECTED,
                "site": site,
                **dict(zip(REASONS, map(bool, reasons), strict=True)),
                **dict(zip(SCORES, scores, strict=True)),
            },
        )
        marks += [(application, "scores", data.SCORES_NOTE), (application, "day", data.DAY_NOTE)]
    for i, (name, region, setting, provider, reasons, scores) in enumerate(data.OTHER_APPLICATIONS):
        application, _ = Application.objects.update_or_create(
            agency_name=name,
            defaults={
                "region": region,
                "setting": setting,
                "provider_type": provider,
                "received_on": data.D(2008, 8, 18 + i % 12),
                "decision": Decision.NOT_SELECTED,
                **dict(zip(REASONS, map(bool, reasons), strict=True)),
                **dict(zip(SCORES, scores, strict=True)),
            },
        )
        marks += [(application, "scores", data.SCORES_NOTE), (application, "applicant", data.APPLICANT_NOTE)]
    return marks


def _load_readiness(sites: dict[str, HostSite]) -> list[tuple[SiteReadiness, str, str]]:
    """Each site's checklist as the report tells it; returns the illustrative marks (days other than the
    agreement's)."""
    marks = []
    KEYS = {label: key for key, label, _ in READINESS_DEFAULTS}  # noqa: N806
    for slug, items in data.READINESS.items():
        steps = {status: on for on, status, _ in data.HISTORIES[slug]}
        agreed = steps["agreement_signed"]
        before = steps.get("training_delivered", agreed + timedelta(days=60))
        labels = READINESS_ITEMS if "*" in items else list(items)
        ticks = {}
        for label in labels:
            days = items.get("*", items.get(label))
            on = agreed if label == "Agreement signed" else before - timedelta(days=days)
            ticks[KEYS[label]] = {"on": on.isoformat(), "by": None}
        row, _ = SiteReadiness.objects.update_or_create(site=sites[slug], defaults={"ticks": ticks})
        if any(label != "Agreement signed" for label in labels):
            marks.append((row, "dates", data.READINESS_NOTE))
    return marks


def _load_sustainability(sites: dict[str, HostSite]) -> list[tuple[SustainabilityPlan, str, str]]:
    """The plans at the pilot's end; returns their illustrative marks (every plan's details are made up)."""
    marks = []
    for slug, (future, host, until, funding, support, risks) in data.SUSTAINABILITY.items():
        plan, _ = SustainabilityPlan.objects.update_or_create(
            site=sites[slug],
            defaults={
                "future": future,
                "next_host": host,
                "venue_secured_until": until,
                "funding_source": funding,
                "local_support": support,
                "risks": risks,
            },
        )
        marks.append((plan, "plan", data.SUSTAINABILITY_NOTE))
    return marks


def load(*, out) -> None:
    sites = _load_sites()
    history = _load_histories(sites)
    _load_people(sites)
    log = _load_log(sites)
    application_marks = _load_applications(sites)
    readiness_marks = _load_readiness(sites) + _load_sustainability(sites)
    day_marks = [(row, "day", data.DAY_NOTE) for row in [*history, *log]]
    illustrative.record(
        day_marks + application_marks + readiness_marks,
        models=[StatusChange, ProgressEntry, Application, SiteReadiness, SustainabilityPlan],
    )
    applications = len(data.HOST_APPLICATIONS) + len(data.OTHER_APPLICATIONS)
    out.write(f"  sites: {len(sites)} host sites, {applications} applications, {len(data.LOG)} log entries")
