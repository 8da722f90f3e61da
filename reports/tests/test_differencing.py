"""A steering-committee member with a calculator: no published table gives a hidden or rounded count back.

The reader knows the published rule (1 to 7 shown as *, other counts rounded half up to 5, 0 exact) and
tries what a reader with a calculator would: a total minus the other cells (and the network per month
minus the other groups of that month), a mean times its number of meetings, a percentage times its base.
The attacks are written here from the rule alone, not with pilot.disclosure, and every report kind is
built for an observer from the demo and from data made to be attacked. A test also shows the attacks
succeed once the guard against pinning totals is switched off, so that they cannot pass by doing nothing.
"""

from __future__ import annotations

import io
import math
from datetime import date

import pytest
import time_machine

from pilot.roles import Role
from reports.document import COUNT, MEAN, NUMBER, PERCENT
from reports.kinds import FULL_AUDIENCE, KINDS, Audience
from reports.suppress import publish_report

pytestmark = pytest.mark.django_db
THRESHOLD, BASE = 7, 5
OBSERVER = Audience(role=Role.OBSERVER)


def possible(shown) -> set[int] | None:
    """The exact counts a published one may stand for; None when nothing is known (a withheld total)."""
    if shown is None or shown in ("", "–"):
        return None
    if shown == "*":
        return set(range(1, THRESHOLD + 1))
    shown = int(shown)
    if shown == 0:
        return {0}
    return {
        x for x in range(shown - BASE, shown + BASE) if x > THRESHOLD and math.floor(x / BASE + 0.5) * BASE == shown
    }


def narrowed(parts: list, total) -> list:
    """Each part's possible values once the reader uses that the parts add up to the total."""
    if total is None or any(p is None for p in parts):
        return parts
    out = []
    for i, part in enumerate(parts):
        others = [q for j, q in enumerate(parts) if j != i]
        low, high = sum(min(q) for q in others), sum(max(q) for q in others)
        out.append({x for x in part if any(low <= t - x <= high for t in total)})
    return out


def recovered(shown, exact, candidates: set) -> bool:
    """The reader is left with one value, the true one, for a figure the rule had hidden or rounded."""
    return len(candidates) == 1 and candidates == {exact} and shown not in (0, exact)


def attacks(published, exact) -> list[str]:
    """Every figure of the published report that a reader can give back exactly; [] when none."""
    found = []
    tables = {t.key: t for t in published.tables()}
    exact_tables = {t.key: t for t in exact.tables()}
    for key, table in tables.items():
        truth = exact_tables[key]
        rows, exact_rows = table.rows, truth.rows
        columns = list(enumerate(table.columns))
        counts = [(i, c) for i, c in columns if c.kind == COUNT and c.summable]
        # 1. A total minus the other cells, column by column (and the total itself from its cells).
        if table.total_row is not None:
            for i, column in counts:
                cells = [possible(r[i]) for r in rows]
                for n, candidates in enumerate(narrowed(cells, possible(table.total_row[i]))):
                    if candidates is not None and recovered(rows[n][i], exact_rows[n][i], candidates):
                        found.append(f"{key}: row {n} {column.key} from the total")
        # 2. The network per month minus the other groups of that month.
        if table.sums_of:
            parts_table, match = tables[table.sums_of[0]], table.sums_of[1]
            exact_parts = exact_tables[table.sums_of[0]]
            m, pm = table.column_index(match), parts_table.column_index(match)
            for i, column in counts:
                pi = parts_table.column_index(column.key)
                for row in rows:
                    members = [n for n, r in enumerate(parts_table.rows) if r[pm] == row[m]]
                    cells = [possible(parts_table.rows[n][pi]) for n in members]
                    for n, candidates in zip(members, narrowed(cells, possible(row[i])), strict=True):
                        shown, true = parts_table.rows[n][pi], exact_parts.rows[n][pi]
                        if candidates is not None and recovered(shown, true, candidates):
                            found.append(f"{parts_table.key}: row {n} {column.key} from {key} {row[m]}")
        # 3. A mean times each number in its row; a percentage times its base.
        for n, row in enumerate(rows):
            for i, column in columns:
                value = row[i]
                if not isinstance(value, int | float) or isinstance(value, bool):
                    continue
                if column.kind == MEAN and column.base:
                    b = table.column_index(column.base)
                    candidates_from = possible(row[b])
                    if candidates_from is None:
                        continue
                    for j, other in columns:
                        things = row[j]
                        if other.kind == NUMBER and isinstance(things, int) and things > 0:
                            found_values = {x for x in candidates_from if abs(x / things - value) <= 0.05 + 1e-9}
                            if recovered(row[b], exact_rows[n][b], found_values):
                                found.append(f"{key}: row {n} {column.base} from {column.key} x {other.key}")
                if column.kind == PERCENT and column.of and column.base and not column.base.startswith("@"):
                    c, b = table.column_index(column.of), table.column_index(column.base)
                    counts_possible, bases = possible(row[c]), possible(row[b])
                    if counts_possible is None or bases is None:
                        continue
                    found_values = {
                        x for x in counts_possible if any(abs(100 * x / y - value) <= 0.05 for y in bases if y)
                    }
                    if recovered(row[c], exact_rows[n][c], found_values):
                        found.append(f"{key}: row {n} {column.of} from {column.key}")
    return found


def summary_attacks(published: dict, exact: dict) -> list[str]:
    """The questionnaire summary: choice counts of a single-answer question add up to `answered`."""
    found = []
    for question, truth in zip(published.get("questions", []), exact["questions"], strict=False):
        choices = question.get("choices") or []
        if question["type"] != "select_one" or not choices:
            continue
        cells = [possible(c["count"]) for c in choices]
        for c, t, candidates in zip(
            choices, truth["choices"], narrowed(cells, possible(question["answered"])), strict=True
        ):
            if candidates is not None and recovered(c["count"], t["count"], candidates):
                found.append(f"{question['name']}: {c['name']} from answered")
        responses = possible(published["responses"])
        for c, t in zip(choices, truth["choices"], strict=True):
            if isinstance(c["percent"], float) and possible(c["count"]):
                values = {
                    x
                    for x in possible(c["count"])
                    if any(abs(100 * x / y - c["percent"]) <= 0.05 for y in responses if y)
                }
                if recovered(c["count"], t["count"], values):
                    found.append(f"{question['name']}: {c['name']} from its percent")
    return found


def _built(kind, parameters, audience):
    report = KINDS[kind](parameters=parameters, audience=audience).build()
    for table in report.tables():
        table.disclosure = report.disclosure
    publish_report(report)
    return report


def _every_report(parameters_by_kind) -> list[str]:
    found = []
    for kind, parameters in parameters_by_kind:
        published = _built(kind, parameters, OBSERVER)
        exact = _built(kind, {**parameters, "figures": "exact"}, FULL_AUDIENCE)
        found += [f"{kind}: {line}" for line in attacks(published, exact)]
        if published.data is not None:
            found += [f"{kind}: {line}" for line in summary_attacks(published.data, exact.data)]
    return found


@pytest.fixture
def attackable(db):
    """Three sites whose October 2009 is made to be attacked: 8 + 8 + 1 newcomers and attendances, a group
    with 22 attendances at 5 meetings (Birmingham, March 2009, in the pilot), and a questionnaire whose
    single-answer question splits its 17 responses 8 / 8 / 1."""
    from evaluation.services import questionnaire_import, response_create
    from evaluation.tests.conftest import GOOD_ANSWERS
    from evaluation.tests.factories import CHOICES, CollectionRoundFactory, xlsform_bytes
    from groups.tests.factories import GroupFactory, MeetingFactory
    from sites.tests.factories import HostSiteFactory

    sites = [HostSiteFactory(name=name, slug=name.lower()) for name in ("Ash", "Birch", "Cedar")]
    for site, (people, new) in zip(sites, [(8, 8), (8, 8), (1, 1)], strict=True):
        group = GroupFactory(site=site, name=f"{site.name} group", weekday=1)
        MeetingFactory(group=group, date=date(2009, 10, 6), attendance=people, newcomers=new)
    birch = GroupFactory(site=sites[1], name="Birch Thursday", weekday=3)
    for day, people in zip((1, 8, 15, 22, 29), (4, 5, 4, 5, 4), strict=True):
        MeetingFactory(group=birch, date=date(2009, 10, day), attendance=people, newcomers=0)
    data = xlsform_bytes(choices=[*CHOICES, ["gender", "other", "In another way"]])
    questionnaire = questionnaire_import(data=data, filename="checkin.xlsx", audience="group_members").questionnaire
    collection_round = CollectionRoundFactory(questionnaire=questionnaire, site=sites[0])
    for gender in ["female"] * 8 + ["male"] * 8 + ["other"]:
        values = {**GOOD_ANSWERS, "gender": gender}
        response_create(round=collection_round, values=values, submitted_on=date(2009, 10, 20), is_paper=True)
    return questionnaire


KINDS_OCTOBER = [
    ("monitoring", {"date_from": "2009-10-01", "date_to": "2009-10-31"}),
    ("monitoring", {}),
    ("site_progress", {}),
    ("evaluation_pack", {}),
]


@time_machine.travel("2009-11-05 10:00 +0000")
def test_no_published_table_gives_a_figure_back_on_data_made_to_be_attacked(attackable):
    kinds = KINDS_OCTOBER + [("questionnaire_summary", {"questionnaire": attackable.form_id, "by_site": True})]
    assert _every_report(kinds) == []


@time_machine.travel("2009-11-05 10:00 +0000")
def test_the_attacks_succeed_once_the_guard_is_switched_off(attackable, monkeypatch):
    monkeypatch.setattr("pilot.disclosure.pinned", lambda parts, total, **tunables: False)
    kinds = KINDS_OCTOBER + [("questionnaire_summary", {"questionnaire": attackable.form_id})]
    found = _every_report(kinds)
    # 8 + 8 + 1 newcomers: the network's October (15) pins the groups' 10, 10 and * to 8, 8 and 1.
    assert any("meetings_by_group_month" in line and "newcomers" in line for line in found), found
    assert any("gender" in line and "from answered" in line for line in found), found


@time_machine.travel("2010-04-01 10:00 +0100")
def test_no_published_table_of_the_demo_gives_a_figure_back(db):
    from evaluation.models import Questionnaire
    from network.demo import load_demo

    load_demo(out=io.StringIO())
    form_id = Questionnaire.objects.get(audience="group_members").form_id
    kinds = [
        ("monitoring", {}),
        ("monitoring", {"date_from": "2009-10-01", "date_to": "2009-12-31"}),
        ("site_progress", {}),
        ("evaluation_pack", {}),
        ("questionnaire_summary", {"questionnaire": form_id, "by_site": True}),
    ]
    assert _every_report(kinds) == []
