"""Referral partners and outreach for the demo, from the report where it says something.

What the report gives: Sheffield's group thrived with "a key facilitator" who gave weekly presentations to agencies;
Gateshead "never really got off the ground" despite posters and agency visits; "standard referral protocols in line
with MOCAM from all tiers" were an aim, and the report names no protocol agreed (none is recorded here); "a key
gap" was that "insufficient attention was devoted to encouraging the development of local champions".

What it does not give, and is marked illustrative: which agencies and teams, their tiers, the champions' names,
the day of each presentation and who came. Newcomers by source come from the demo's registrations (groups/demo.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from referrals.models import ChampionKind, OutreachActivity, OutreachKind, PartnerType, ReferralPartner
from sites.models import HostSite

D = date

# slug: [(agency, team, tier, type, since, champion name, champion kind, assertive linkage)]
PARTNERS = {
    "sheffield": [
        ("SAAS (Sheffield Alcohol Advisory Service)", "Advice and counselling", 2, PartnerType.ALCOHOL_WORKER,
         D(2009, 3, 20), "Claire Dunn", ChampionKind.PRACTITIONER, True),
        ("Sheffield community alcohol team", "", 3, PartnerType.ALCOHOL_WORKER, D(2009, 3, 20), "", "", False),
        ("Sheffield drug treatment service", "Structured day programme", 3, PartnerType.DRUGS_WORKER,
         D(2009, 4, 15), "", "", False),
        ("Sheffield city centre GP practice", "", 1, PartnerType.GP, D(2009, 5, 6), "Dr Sam Okafor",
         ChampionKind.PROFESSIONAL, False),
        ("Sheffield adult social care", "Locality team", 1, PartnerType.SOCIAL_WORKER, D(2009, 6, 3), "", "", False),
    ],
    "gateshead": [
        ("Turning Point Gateshead", "Alcohol service", 3, PartnerType.ALCOHOL_WORKER, D(2009, 4, 25), "", "", False),
        ("Gateshead GP surgery", "", 1, PartnerType.GP, D(2009, 4, 25), "", "", False),
        ("Gateshead adult social care", "", 1, PartnerType.SOCIAL_WORKER, D(2009, 4, 25), "", "", False),
    ],
}  # fmt: skip

SHEFFIELD_NOTE = (
    "The key facilitator's weekly presentation to agencies (the report); day, agency and audience illustrative."
)
GATESHEAD_NOTE = "Agency visit with posters (the report: “despite posters and agency visits”); day illustrative."
# Sheffield's presentations: weekly from the group's first month to the pilot's end, to each partner in turn.
SHEFFIELD_WEEKS = (D(2009, 4, 15), D(2010, 3, 31))
GATESHEAD_VISITS = [D(2009, 6, 17), D(2009, 7, 15)]  # the progress log's contact and its follow-up


def _partners(site: HostSite) -> list[ReferralPartner]:
    saved = []
    for agency, team, tier, kind, since, champion, champion_kind, assertive in PARTNERS[site.slug]:
        partner, _ = ReferralPartner.objects.update_or_create(
            site=site,
            agency=agency,
            team=team,
            defaults={
                "tier": tier,
                "partner_type": kind,
                "since": since,
                "champion_name": champion,
                "champion_kind": champion_kind,
                "assertive_linkage": assertive,
                "protocol_agreed_on": None,  # the report names no protocol agreed
                "is_illustrative": True,
            },
        )
        saved.append(partner)
    return saved


def _outreach(site, partner, day, kind, note) -> None:
    OutreachActivity.objects.update_or_create(
        site=site,
        partner=partner,
        date=day,
        defaults={"kind": kind, "note": note, "audience_size": None, "is_illustrative": True},
    )


def load(*, out) -> None:
    sites = {s.slug: s for s in HostSite.objects.filter(slug__in=PARTNERS)}
    if set(sites) != set(PARTNERS):
        return
    sheffield = _partners(sites["sheffield"])
    day, n = SHEFFIELD_WEEKS[0], 0
    while day <= SHEFFIELD_WEEKS[1]:
        partner = next(
            p for p in (sheffield[(n + k) % len(sheffield)] for k in range(len(sheffield))) if p.since <= day
        )
        kind = OutreachKind.STAFF if n % 3 else OutreachKind.CLIENTS
        _outreach(sites["sheffield"], partner, day, kind, SHEFFIELD_NOTE)
        day, n = day + timedelta(weeks=1), n + 1
    for partner in _partners(sites["gateshead"]):
        for day in GATESHEAD_VISITS:
            _outreach(sites["gateshead"], partner, day, OutreachKind.STAFF, GATESHEAD_NOTE)
    out.write(
        f"Referral pathways: {ReferralPartner.objects.count()} partners, {OutreachActivity.objects.count()} outreach\n"
    )
