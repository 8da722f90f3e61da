"""Demo groups: the groups of the 2008-2010 pilot (evaluation report, 'Developing the groups locally')."""

from groups.models import Group
from sites.models import HostSite

GROUPS = [
    ("birmingham", "Birmingham"),
    ("birmingham", "North Birmingham"),
    ("birmingham", "Solihull"),
    ("sheffield", "Sheffield"),
    ("norwich", "Norwich"),
    ("norwich", "Lowestoft"),
    ("croydon", "Croydon"),
    ("gateshead", "Gateshead"),
    ("cumbria", "Kendal"),
    ("cumbria", "Carlisle"),
    ("cumbria", "Workington"),
]


def load(*, out) -> None:
    sites = {s.slug: s for s in HostSite.objects.all()}
    for slug, name in GROUPS:
        Group.objects.update_or_create(site=sites[slug], name=name)
    out.write(f"  groups: {len(GROUPS)} groups")
