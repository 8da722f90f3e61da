"""Every kind builds in every format from data we create, and the numbers come out right."""

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.document import ReportError
from reports.kinds import FULL_AUDIENCE, KINDS, audience_for
from reports.kinds.monitoring import MonitoringReport
from reports.suppress import HIDDEN, publish
from reports.writers import write

pytestmark = pytest.mark.django_db
OCT = {"date_from": "2009-10-01", "date_to": "2009-10-31"}


def _build(kind, params=None, audience=FULL_AUDIENCE):
    return KINDS[kind](parameters=params or {}, audience=audience).build()


def _bytes(report, fmt):
    out = io.BytesIO()
    ext = write(report, fmt, out)
    return ext, out.getvalue()


def _row(table, label):
    publish(table)
    return next(r for r in table.rows if r[0] == label or label in str(r[0]))


@time_machine.travel("2009-11-05 10:00 +0000")
def test_monitoring_counts_meetings_attendance_and_on_time_registrations(meetings, group_a, group_b):
    report = _build("monitoring", OCT)
    by_group = next(t for t in report.tables() if t.key == "meetings_by_group_month")
    keys = [c.key for c in by_group.columns]
    a = dict(zip(keys, _row(by_group, "Alpha Town / Alpha Tuesday"), strict=True))
    assert (a["registered"], a["on_time"], a["cancelled"]) == (4, 3, 0)
    # 24 attendances at 4 meetings: published 25, and the mean from it, 25 / 4 = 6.3 (6.0 x 4 would give back
    # the exact 24); the median is one meeting's attendance, 6 people: a count of 1 to 7, hidden.
    assert (a["held"], a["attendance"], a["mean"], a["median"]) == (4, 25, 6.3, HIDDEN)
    assert a["newcomers"] == HIDDEN
    b = dict(zip(keys, _row(by_group, "Beta City"), strict=True))
    assert (b["registered"], b["cancelled"], b["attendance"], b["mean"]) == (3, 1, HIDDEN, HIDDEN)
    network = next(t for t in report.tables() if t.key == "network_by_month")
    publish(network)
    net = dict(zip([c.key for c in network.columns], network.rows[0], strict=True))
    # Meetings are exact; 29 attendances in one month (narrower than the whole period) are published as 30.
    assert (net["registered"], net["attendance"]) == (7, 30)
    tools = next(t for t in report.tables() if t.key == "tools_used")
    assert _row(tools, "Change plan worksheet")[1] == 2


@time_machine.travel("2009-11-05 10:00 +0000")
@pytest.mark.parametrize("kind", ["monitoring", "site_progress", "evaluation_pack"])
@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv", "json"])
def test_every_kind_builds_in_every_format(kind, fmt, meetings):
    ext, data = _bytes(_build(kind, OCT), fmt)
    assert len(data) > 100
    if fmt == "pdf":
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert KINDS[kind].title in text and "Page 1 of" in text and "Generated on" in text
    elif fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        assert book.sheetnames[0] == "About"
    elif fmt == "json":
        assert json.loads(data)["kind"] == kind
    else:
        assert ext in ("csv", "zip")


@time_machine.travel("2009-11-05 10:00 +0000")
def test_monitoring_pdf_shows_the_published_numbers_and_the_rule(meetings):
    _, data = _bytes(_build("monitoring", OCT), "pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Alpha Tuesday" in text and "Oct 2009" in text
    assert "counts of people from 1 to 7 are shown as *" in text
    assert "From: 01/10/2009" in text


@time_machine.travel("2009-11-05 10:00 +0000")
def test_monitoring_xlsx_has_numbers_as_numbers_percent_format_and_frozen_header(meetings):
    _, data = _bytes(_build("monitoring", OCT), "xlsx")
    book = load_workbook(io.BytesIO(data))
    sheet = book["Meetings per group and month"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if "Alpha Tuesday" in str(r[0].value))
    assert row[header.index("Registered")].value == 4
    assert row[header.index("Attendance")].value == 25
    assert row[header.index("Newcomers")].value == "*"
    # Sheet names stop at 31 characters, cut at a word ("SMART tools used at meetings held" is 33).
    assert "SMART tools used at meetings…" in book.sheetnames
    tools = book["SMART tools used at meetings…"]
    share = tools["C2"]
    assert share.number_format == "0.0%" and abs(share.value - 2 / 6) < 0.01


@time_machine.travel("2009-11-05 10:00 +0000")
def test_monitoring_csv_is_zipped_one_table_per_file_with_a_readme(meetings):
    ext, data = _bytes(_build("monitoring", OCT), "csv")
    assert ext == "zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert "README.txt" in archive.namelist()
    rows = list(csv.reader(io.StringIO(archive.read("meetings-by-group-month.csv").decode("utf-8-sig"))))
    assert rows[0][:2] == ["Site / group", "Month"]
    attendance = rows[0].index("Attendance")
    assert any(r[0] == "Beta City / Beta Thursday" and r[attendance] == "*" for r in rows)


def test_site_contact_audience_covers_only_their_site(site_contact_a, group_a, group_b, meetings):
    report = KINDS["monitoring"](parameters=OCT, audience=audience_for(site_contact_a)).build()
    by_group = next(t for t in report.tables() if t.key == "meetings_by_group_month")
    assert all("Alpha" in r[0] for r in by_group.rows)
    with pytest.raises(ReportError):
        MonitoringReport(parameters={"site": "beta"}, audience=audience_for(site_contact_a))


def test_facilitator_may_not_name_another_group(facilitator_a, group_b):
    with pytest.raises(ReportError):
        MonitoringReport(parameters={"group": group_b.pk}, audience=audience_for(facilitator_a))


def test_bad_dates_are_a_readable_error():
    with pytest.raises(ReportError, match="date as YYYY-MM-DD"):
        MonitoringReport(parameters={"date_from": "31/31/2009"}, audience=FULL_AUDIENCE)
    with pytest.raises(ReportError, match="after the end"):
        MonitoringReport(parameters={"date_from": "2009-12-01", "date_to": "2009-01-01"}, audience=FULL_AUDIENCE)


@time_machine.travel("2009-11-05 10:00 +0000")
def test_monitoring_counts_trainings_held_but_not_cancelled_or_future_ones(site_a):
    from training.models import Event, EventDay

    def event(title, day, status="planned", people=(25, 12)):
        made = Event.objects.create(
            kind="facilitator_training", title=title, site=site_a, status=status, starts_on=day, ends_on=day
        )
        for n, count in enumerate(people):
            EventDay.objects.create(event=made, date=day + timedelta(days=n), attendance=count)

    event("Held", date(2009, 10, 10))
    event("Cancelled", date(2009, 10, 12), status="cancelled")
    event("Next year", date(2010, 1, 12))
    report = _build("monitoring", {"date_from": "2009-01-01", "date_to": "2010-12-31"})
    table = publish(next(t for t in report.tables() if t.key == "trainings_by_site_month"))
    assert table.rows == [["Alpha Town", "Oct 2009", 1, 25]]  # largest day, 25, is a count of people


def test_evaluation_pack_lists_at_most_fifty_free_text_answers_per_question(monkeypatch):
    from reports.document import Report, Section
    from reports.kinds import evaluation_pack

    summary = Report(
        kind="q", title="q", generated_at=None, sections=[Section("x", "X", free_text=[("Why?", ["a"] * 60)])]
    )
    monkeypatch.setattr(evaluation_pack, "find_questionnaire", lambda form_id: "members")
    monkeypatch.setattr(
        evaluation_pack.QuestionnaireSummaryReport,
        "__init__",
        lambda self, **kw: setattr(self, "questionnaire", "members"),
    )
    monkeypatch.setattr(evaluation_pack.QuestionnaireSummaryReport, "build", lambda self: summary)
    section = evaluation_pack.EvaluationPackReport(
        parameters={"questionnaire": "members"}, audience=FULL_AUDIENCE
    ).members_section()
    question, answers = section.free_text[0]
    assert len(answers) == 51 and answers[-1] == "... and 10 more in the questionnaire summary."
