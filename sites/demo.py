"""Demo host sites: the seven host agencies of the 2008-2010 pilot (report: Acknowledgements, Findings)."""

from sites.models import HostSite, Region

HOST_SITES = [
    # slug, site name, agency, locality, region
    ("birmingham", "Birmingham and Solihull", "Aquarius", "Birmingham", Region.WEST_MIDLANDS),
    ("sheffield", "Sheffield", "SAAS (Sheffield Alcohol Advisory Service)", "Sheffield", Region.YORKSHIRE),
    ("norwich", "Norwich", "NORCAS", "Norwich", Region.EAST),
    ("croydon", "Croydon", "SLYMCA (South London YMCA)", "Croydon", Region.LONDON),
    ("gateshead", "Gateshead", "Turning Point", "Gateshead", Region.NORTH_EAST),
    ("cumbria", "Cumbria", "ADS / CCDAS", "Kendal", Region.NORTH_WEST),
    ("cornwall", "Cornwall", "Addaction Cornwall", "Truro", Region.SOUTH_WEST),
]


def load(*, out) -> None:
    for slug, name, agency, locality, region in HOST_SITES:
        HostSite.objects.update_or_create(
            slug=slug, defaults={"name": name, "agency_name": agency, "locality": locality, "region": region}
        )
    out.write(f"  sites: {len(HOST_SITES)} host sites")
