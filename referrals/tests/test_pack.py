"""The evaluation pack's "Referral pathways" section: partners per site exact, newcomers by source published for
the steering committee, never a champion's name."""

import io
import json
from datetime import date

import pytest

from groups.tests.factories import GroupFactory, MeetingFactory
from pilot.roles import Role
from referrals.tests.factories import OutreachFactory, PartnerFactory
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.kinds.base import Audience
from reports.writers import write

pytestmark = pytest.mark.django_db


def _document(audience, **parameters) -> dict:
    report = KINDS["evaluation_pack"](parameters=parameters, audience=audience).build()
    out = io.BytesIO()
    write(report, "json", out)
    return json.loads(out.getvalue())


def _tables(document) -> dict:
    section = next(s for s in document["sections"] if s["key"] == "referrals")
    return {t["key"]: t for t in section["tables"]}


@pytest.fixture
def pathways(site_a):
    partner = PartnerFactory(site=site_a, champion_name="Ivy Champion", champion_kind="practitioner")
    OutreachFactory(site=site_a, partner=partner, date=date(2009, 6, 3))
    group = GroupFactory(site=site_a)
    MeetingFactory(group=group, date=date(2009, 6, 9), newcomers=12, referral_alcohol_worker=9, referral_gp=3)
    return partner


def test_the_pack_has_the_section_with_exact_figures_for_the_coordinator(pathways):
    document = _document(FULL_AUDIENCE, date_from="2009-04-01", date_to="2009-12-31", figures="exact")
    tables = _tables(document)
    (row,) = [r for r in tables["referral_partners"]["rows"] if r["site"] == "Alpha Town"]
    assert (row["partners"], row["champions"], row["outreach"], row["quiet"]) == (1, 1, 1, 1)
    (sources,) = [r for r in tables["referral_sources"]["rows"] if r["site"] == "Alpha Town"]
    assert (sources["referral_alcohol_worker"], sources["referral_gp"]) == (9, 3)
    assert "Ivy Champion" not in json.dumps(document)


def test_the_steering_committee_gets_published_counts(pathways):
    document = _document(Audience(role=Role.OBSERVER), date_from="2009-04-01", date_to="2009-12-31")
    (sources,) = [r for r in _tables(document)["referral_sources"]["rows"] if r["site"] == "Alpha Town"]
    assert (sources["referral_alcohol_worker"], sources["referral_gp"]) == (10, "*")
    assert "Ivy Champion" not in json.dumps(document)
