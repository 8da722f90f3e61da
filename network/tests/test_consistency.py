"""One figure, one function: every report kind and the pages that show the same figure agree, on the demo.

The demo (the 2008-2010 pilot) is loaded once; each report kind is built as JSON for a coordinator (exact
figures), an evaluator and the steering committee (published figures), and the pages are fetched as the
same users. Figures compared: trained / became facilitators / facilitating per site and for the network,
each site's status, first training and health flags, scheduled meetings, reporting rate and "within N
days" per group and month, meetings registered per group and month, data quality per site and month (page,
CSV and report), the budget per head, questionnaire counts and percentages. Each side renders its own way
(a page's context, a report's JSON), so a second definition of any of these figures on either side makes
this test fail.
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Group, GroupStatus
from groups.selectors import month_ends, month_starts
from reports.kinds import KINDS, audience_for
from reports.writers import write

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction rolled back at the end (each test runs in a
    savepoint inside it); yields the pilot programme, which every page and report is asked for."""
    from network.demo import load_demo
    from programmes.models import Programme

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(out=io.StringIO())
        yield Programme.objects.get(starts_on=date(2008, 4, 1))
        transaction.set_rollback(True)


def _user(username):
    return get_user_model().objects.get(username=username)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report(kind: str, user, **parameters) -> dict:
    report = KINDS[kind](parameters=parameters, audience=audience_for(user)).build()
    out = io.BytesIO()
    write(report, "json", out)
    return json.loads(out.getvalue())


def _table(document: dict, key: str) -> dict:
    return next(t for s in document["sections"] for t in s["tables"] if t["key"] == key)


@pytest.mark.parametrize(("username", "figures"), [("coordinator", "exact"), ("observer", "published")])
def test_pipeline_page_and_reports_agree(demo, username, figures):
    user = _user(username)
    context = _client(user).get(reverse("network:pipeline"), {"period": f"p{demo.pk}"}).context
    page = {row.label: fig for row, fig in context["rows"]}
    network_row, network_fig = context["network"]
    for kind in ("site_progress", "evaluation_pack"):
        exact = figures if figures == "exact" else None
        table = _table(_report(kind, user, programme=demo.pk, figures=exact), "training_pipeline")
        report = {row["site"]: row for row in table["rows"]}
        assert set(report) == set(page), kind
        for label, fig in page.items():
            row = report[label]
            assert (row["trained"], row["facilitators"], row["active"]) == (fig.trained, fig.became, fig.facilitating)
            assert row["conversion"] == fig.conversion_percent
        total = table["total"]
        assert (total["trained"], total["facilitators"], total["active"]) == (
            network_fig.trained,
            network_fig.became,
            network_fig.facilitating,
        )
    if figures == "exact":
        assert network_row.trained == 63  # the report's "63 people trained"


def test_each_sites_status_first_training_and_flags_agree(demo):
    coordinator = _user("coordinator")
    client = _client(coordinator)
    period = {"period": f"p{demo.pk}"}
    overview = {row.site.name: row for row in client.get(reverse("network:overview"), period).context["rows"]}
    document = _report("site_progress", coordinator, programme=demo.pk, figures="exact")
    statuses = {}
    for row in _table(document, "status_history")["rows"]:
        statuses[row["site"]] = row["status"]  # in date order: the last is the current status
    assert statuses == {name: row.site.status_label for name, row in overview.items()}
    flags = {}
    for row in _table(document, "health_flags")["rows"]:
        flags.setdefault(row["site"], []).append(row["flag"])
    assert flags == {name: [f.label for f in row.flags] for name, row in overview.items() if row.flags}
    pipeline = {row.label: row for row, _ in client.get(reverse("network:pipeline"), period).context["rows"]}
    firsts = {row["site"]: row["first"] for row in _table(document, "training_pipeline")["rows"]}
    assert firsts == {
        name: f"{row.first_training:%d/%m/%Y}" if row.first_training else "" for name, row in pipeline.items()
    }


def test_monthly_meetings_reporting_rate_and_on_time_agree_with_the_group_and_meeting_pages(demo):
    coordinator = _user("coordinator")
    client = _client(coordinator)
    today = timezone.localdate()
    first = month_starts(today, 6)[0]  # the group page's six months
    document = _report("monitoring", coordinator, figures="exact", date_from=first.isoformat())
    last_days = {start.replace(day=1): end for start, end in month_ends(first, today)}
    report = {(row["group"], row["month"]): row for row in _table(document, "meetings_by_group_month")["rows"]}
    compared = 0
    period = {"period": "custom", "from": first.isoformat(), "to": today.isoformat()}
    for group in Group.objects.filter(status=GroupStatus.MEETING).select_related("site"):
        page = client.get(group.get_absolute_url(), period).context
        for month, rate in page["by_month"]:
            key = (f"{group.site.name} / {group.name}", month.strftime("%b %Y"))
            if not rate.scheduled:
                continue
            row = report[key]
            assert (row["scheduled"], row["on_time"]) == (rate.scheduled, rate.on_time), key
            assert row["rate"] == round(100 * rate.rate, 1), key
            query = {"group": group.pk, "start": month.isoformat(), "end": last_days[month].isoformat()}
            listed = client.get(reverse("groups:meeting_list"), query).context["page"].paginator.count
            assert row["registered"] == listed, key
            compared += 1
    assert compared > 10


def test_budget_page_and_pack_agree(demo):
    """The pilot programme's budget page and the pilot's evaluation pack agree; without a programme, the page and
    the pack take the same default one (the programme running today) and agree on it too."""
    from budget.models import BudgetHead
    from programmes.models import Programme
    from programmes.periods import default_period

    coordinator = _user("coordinator")
    pilot = Programme.objects.get(name__startswith="SMART Recovery pilot")
    response = _client(coordinator).get(reverse("budget:overview"), {"period": f"p{pilot.pk}"})
    position = response.context["position"]
    assert position.programme == pilot
    on_page = {line.head.name: (float(line.planned), float(line.spent)) for line in position.heads}
    table = _table(_report("evaluation_pack", coordinator, figures="exact", programme=pilot.pk), "budget")
    assert pilot.name in table["title"]
    report = {row["head"]: row for row in table["rows"]}
    assert on_page == {name: (row["planned"], row["spent"]) for name, row in report.items()}
    assert table["total"]["planned"] == float(position.planned) == 100000.0
    assert table["total"]["spent"] == float(position.spent)

    # The default programme (the continuation, running today) has no budget in the demo: neither shows one.
    default = default_period().programme
    assert default != pilot
    assert _client(coordinator).get(reverse("budget:overview")).context["position"].heads == []
    assert not [
        t for s in _report("evaluation_pack", coordinator)["sections"] for t in s["tables"] if t["key"] == "budget"
    ]
    # Given one, both show the same.
    BudgetHead.objects.create(programme=default, name="Meeting rooms", planned=Decimal("1200.00"))
    position = _client(coordinator).get(reverse("budget:overview")).context["position"]
    table = _table(_report("evaluation_pack", coordinator, figures="exact"), "budget")
    assert position.programme == default and default.name in table["title"]
    assert (
        [(r["head"], r["planned"]) for r in table["rows"]]
        == [("Meeting rooms", 1200.0)]
        == [(line.head.name, float(line.planned)) for line in position.heads]
    )


@pytest.mark.parametrize(("username", "figures"), [("evaluator", "exact"), ("observer", None)])
def test_questionnaire_summary_page_and_report_agree(demo, username, figures):
    from evaluation.models import Questionnaire

    user = _user(username)
    questionnaire = Questionnaire.objects.get(audience="group_members")
    url = reverse("evaluation:summary", args=[questionnaire.form_id])
    page = _client(user).get(url, {"period": f"p{demo.pk}"}).context["summary"]
    report = _report(
        "questionnaire_summary", user, programme=demo.pk, questionnaire=questionnaire.form_id, figures=figures
    )
    assert report["responses"] == page["responses"] == 65
    assert [q["name"] for q in report["questions"]] == [q["name"] for q in page["questions"]]
    for on_page, in_report in zip(page["questions"], report["questions"], strict=True):
        assert on_page["answered"] == in_report["answered"], on_page["name"]
        for a, b in zip(on_page.get("choices", []), in_report.get("choices", []), strict=True):
            assert (a["count"], a["percent"], a["valid_percent"]) == (b["count"], b["percent"], b["valid_percent"])
        for key in ("mean", "median", "min", "max"):
            assert on_page.get(key) == in_report.get(key), (on_page["name"], key)


def test_pages_and_reports_judge_a_programme_on_the_same_day(demo):
    """An ended programme's pages and reports judge its figures as of its last day."""
    page = _client(_user("coordinator")).get(reverse("network:pipeline"), {"period": f"p{demo.pk}"}).context
    report = KINDS["site_progress"](parameters={"programme": demo.pk}, audience=audience_for(_user("coordinator")))
    assert page["as_of"] == report.as_of == demo.ends_on


@pytest.mark.parametrize(("username", "figures"), [("coordinator", "exact"), ("sitecontact", "published")])
def test_data_quality_page_csv_and_monitoring_report_agree(demo, username, figures):
    import csv

    user = _user(username)
    period = {"period": f"p{demo.pk}"}
    rows = _client(user).get(reverse("groups:quality"), period).context["rows"]
    page = {
        (r.site_name, r.month.strftime("%b %Y")): (r.rate.scheduled, r.rate.received, r.rate.on_time, r.flagged,
                                                   r.sign_off)
        for r in rows
    }  # fmt: skip
    # Meetings are counted, not people: published figures are the same numbers.
    document = _report("monitoring", user, figures=figures, programme=demo.pk)
    report = {
        (r["site"], r["month"]): (r["expected"], r["received"], r["on_time"], r["flagged"], r["sign_off"])
        for r in _table(document, "data_quality")["rows"]
    }
    assert page == report and any(v[4] == "approved" for v in page.values())
    if username == "sitecontact":
        assert {site for site, _ in page} == {"Sheffield"}
    text = _client(user).get(reverse("groups:quality_csv"), period).content.decode()
    exported = {
        (r["site"], date.fromisoformat(r["month"] + "-01").strftime("%b %Y")): (
            int(r["meetings_expected"]), int(r["registered_on_schedule"]), int(r["registered_within_7_days"]),
            int(r["flagged"]), r["sign_off"])
        for r in csv.DictReader(io.StringIO(text))
    }  # fmt: skip
    assert exported == page


# --- readiness, facilitator support, overdue committee actions, future status: the four places -------------------
# The site page, the network overview, the start page and the evaluation pack show each of these from one function
# (sites.selectors.readiness_for, network.selectors.support_counts_for over groups.support.support_flags,
# committee.selectors.overdue_actions, sites.selectors.sustainability_for).


def _panel(context, template: str):
    return next((p for p in context["panels"] if p.template == template), None)


def _home_panel(user, title: str, **query):
    context = _client(user).get(reverse("home"), query).context
    return next((p for p in [*context["leading"], *context["panels"]] if p.title == title), None)


@pytest.mark.parametrize("username", ["coordinator", "observer"])
def test_readiness_agrees_on_site_pages_overview_and_pack(demo, username):
    user = _user(username)
    client = _client(user)
    period = {"period": f"p{demo.pk}"}
    rows = client.get(reverse("network:overview"), period).context["rows"]
    overview = {row.site.name: (row.readiness.done, row.readiness.total) for row in rows}
    table = _table(_report("evaluation_pack", user, programme=demo.pk), "readiness")
    pack = {row["site"]: (row["done"], row["total"]) for row in table["rows"]}
    assert pack == overview
    missing = {row["site"]: row["missing"] for row in table["rows"]}
    for row in rows:
        panel = _panel(client.get(row.site.get_absolute_url(), period).context, "sites/_readiness_panel.html")
        assert panel.title == f"Readiness ({overview[row.site.name][0]} of {overview[row.site.name][1]})"
        assert "; ".join(panel.context["readiness"].missing) == missing[row.site.name]
    assert overview["Gateshead"] == (1, 7) and overview["Sheffield"] == (7, 7)  # the report's two ends


def test_the_site_contacts_start_page_shows_the_overviews_readiness_future_and_support(demo):
    user = _user("sitecontact")
    (row,) = _client(user).get(reverse("network:overview")).context["rows"]
    (mine,) = _home_panel(user, "Your site").context["rows"]
    assert (str(mine.readiness), mine.plan, mine.support) == (str(row.readiness), row.plan, row.support)
    assert str(row.readiness) == "8 of 8"  # today: the continuation's own checklist


@pytest.mark.parametrize("username", ["coordinator", "observer"])
def test_future_status_agrees_on_site_pages_overview_start_page_and_pack(demo, username):
    user = _user(username)
    client = _client(user)
    period = {"period": f"p{demo.pk}"}
    rows = client.get(reverse("network:overview"), period).context["rows"]
    overview = {row.site.name: row.plan.get_future_display() if row.plan else "No plan" for row in rows}
    table = _table(_report("evaluation_pack", user, programme=demo.pk), "sustainability")
    assert {row["site"]: row["future"] for row in table["rows"]} == overview
    for row in rows:
        panel = _panel(client.get(row.site.get_absolute_url(), period).context, "sites/_sustainability_panel.html")
        assert (panel.context["plan"].get_future_display() if panel and panel.context["plan"] else "No plan") == (
            overview[row.site.name]
        )
    in_doubt = sorted(name for name, future in overview.items() if future in ("At risk", "Ending"))
    assert len(in_doubt) == 2  # Cumbria and south London, "with some doubts about their future"
    if username == "coordinator":
        panel = _home_panel(user, "Sites whose future is in doubt", **period)
        assert sorted(r.site.name for r in panel.context["rows"]) == in_doubt
    else:
        assert len(_home_panel(user, "The network at a glance", **period).context["in_doubt"]) == len(in_doubt)


@pytest.mark.parametrize(("username", "figures"), [("coordinator", "exact"), ("observer", None)])
def test_support_flags_agree_on_site_pages_overview_start_page_and_pack(demo, username, figures):
    """As of today (the start page's support panel is today's): counts everywhere, names only where allowed."""
    from programmes.periods import default_period

    user = _user(username)
    client = _client(user)
    programme = default_period().programme
    rows = client.get(reverse("network:overview")).context["rows"]
    overview = {row.site.name: row.support for row in rows}
    table = _table(_report("evaluation_pack", user, programme=programme.pk, figures=figures), "support_flags")
    pack = {r["site"]: {k: r[k] for k in ("flagged", "alone", "no_contact", "struggling")} for r in table["rows"]}
    assert pack == overview
    for row in rows:
        context = client.get(row.site.get_absolute_url()).context
        if username == "coordinator":  # names: the flagged facilitators, counted
            named = _panel(context, "groups/_support_panel.html")
            flagged = sum(1 for _, flags in named.context["rows"] if flags) if named else 0
            assert flagged == row.support["flagged"], row.site.name
        else:  # counts only, as the overview shows them
            counts = _panel(context, "network/_support_counts_panel.html")
            assert counts.context["counts"] == row.support, row.site.name
            assert _panel(context, "groups/_support_panel.html") is None
            assert "/support/" not in client.get(row.site.get_absolute_url()).content.decode()
    if username == "coordinator":
        assert sum(v["flagged"] for v in overview.values()) >= 1  # the demo's struggling facilitator
        start = _home_panel(user, "Facilitators who may need support")
        on_start = {}
        for flag in start.context["flags"]:
            on_start.setdefault(flag.facilitator.site.name, set()).add(flag.facilitator.pk)
        assert {name: len(ids) for name, ids in on_start.items() if name in overview} == {
            name: counts["flagged"] for name, counts in overview.items() if counts["flagged"]
        }
    else:
        glance = _home_panel(user, "The network at a glance")
        assert glance.context["support_flagged"] == sum(1 for v in overview.values() if v["flagged"])


def test_overdue_committee_actions_agree_on_overview_start_page_and_pack(demo):
    """As of today over every programme (the start page's panel), and as of the pilot's last day for the pilot."""
    from committee.models import CommitteeAction, CommitteeMeeting
    from committee.selectors import overdue_actions

    # One pilot action left open past its day (the demo's pilot actions were all done or dropped).
    meeting = CommitteeMeeting.objects.filter(programme=demo).earliest("held_on")
    CommitteeAction.objects.create(
        meeting=meeting, description="Send the sites the referral cards", owner="Coordinator", due_on=date(2010, 1, 15)
    )
    coordinator = _user("coordinator")
    client = _client(coordinator)
    recent = client.get(reverse("network:overview"), {"period": "recent"}).context["overdue_actions"]
    panel = _home_panel(coordinator, "Overdue committee actions")
    on_start = len(panel.context["actions"]) if panel else 0
    pack = _table(_report("evaluation_pack", coordinator), "committee_overdue_actions")["rows"] if recent else []
    assert recent == min(on_start, 10) if recent <= 10 else on_start == 10
    assert len(pack) == recent
    pilot = client.get(reverse("network:overview"), {"period": f"p{demo.pk}"}).context["overdue_actions"]
    document = _report("evaluation_pack", coordinator, programme=demo.pk)
    section = next(s for s in document["sections"] if s["key"] == "committee")
    rows = section["tables"][0]["rows"] if section["tables"] else []
    assert len(rows) == pilot == overdue_actions(programme=demo, today=demo.ends_on).count() == 1
    assert recent >= 2  # that one and the continuation's illustrative open action
    # Site contacts do not read the committee's record: no count on their overview, no section in their pack.
    site_contact = _user("sitecontact")
    assert _client(site_contact).get(reverse("network:overview")).context["overdue_actions"] is None
    assert "committee" not in {s["key"] for s in _report("evaluation_pack", site_contact)["sections"]}


@pytest.mark.parametrize(("username", "figures"), [("coordinator", "exact"), ("observer", None)])
def test_referral_pathways_agree_on_site_pages_overview_start_page_and_pack(demo, username, figures):
    """Over the pilot, judged on its last day: partners, protocols, champions, assertive linkage, outreach and quiet
    partners (referrals.selectors.referral_summary), and newcomers by how they heard (the same function's sums), as
    the site page, the overview, the coordinator's start page and the evaluation pack show them."""
    from pilot.disclosure import policy_for
    from referrals.selectors import COLUMNS

    user = _user(username)
    client = _client(user)
    period = {"period": f"p{demo.pk}"}
    rows = client.get(reverse("network:overview"), period).context["rows"]
    overview = {row.site.name: str(row.referrals) for row in rows}
    document = _report("evaluation_pack", user, programme=demo.pk, figures=figures)
    partners = {r["site"]: r for r in _table(document, "referral_partners")["rows"]}
    sources = {r["site"]: r for r in _table(document, "referral_sources")["rows"]}
    disclosure = policy_for(user, keeper=True)
    for row in rows:
        name = row.site.name
        pack = partners[name]
        assert (pack["partners"], pack["quiet"]) == (len(row.referrals.partners), len(row.referrals.quiet)), name
        panel = _panel(client.get(row.site.get_absolute_url(), period).context, "referrals/_site_panel.html")
        summary = panel.context["summary"]
        assert str(summary) == overview[name]
        assert (pack["with_protocol"], pack["champions"], pack["assertive"], pack["outreach"]) == (
            summary.with_protocol,
            summary.champions,
            summary.assertive,
            summary.outreach,
        ), name
        shown = summary.sources.shown(disclosure)["totals"][0]
        assert [sources[name][c] for c in COLUMNS] == shown, name
        assert panel.context["sources"]["totals"][0] == shown
    assert overview["Gateshead"] == "3 partners, 3 quiet"  # "never really got off the ground"
    assert partners["Sheffield"]["outreach"] >= 50 and partners["Sheffield"]["with_protocol"] == 0
    if username == "coordinator":
        start = _home_panel(user, "Referral partners gone quiet", **period)
        on_start = {r.site.name: len(r.referrals.quiet) for r in start.context["rows"]}
        assert on_start == {r.site.name: len(r.referrals.quiet) for r in rows if r.referrals.quiet}
        assert sum(sources[name]["referral_alcohol_worker"] for name in sources) > 0
    else:
        assert _home_panel(user, "Referral partners gone quiet", **period) is None
