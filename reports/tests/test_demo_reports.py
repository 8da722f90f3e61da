"""Every kind built from the demo data (the 2008-2010 pilot), with the report's own figures checked."""

import io
import json

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from pilot.roles import Role
from reports.kinds import FULL_AUDIENCE, KINDS, Audience
from reports.writers import write

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    from network.demo import load_demo

    load_demo(out=io.StringIO())


def _members_form_id():
    from evaluation.models import Questionnaire

    return Questionnaire.objects.get(audience="group_members").form_id


def _write(report, fmt) -> bytes:
    out = io.BytesIO()
    write(report, fmt, out)
    return out.getvalue()


def test_questionnaire_summary_json_is_the_summary_service_shape(demo):
    from evaluation.models import Questionnaire
    from evaluation.summary import publish_summary, questionnaire_summary
    from pilot.disclosure import EXACT, PUBLISHED

    form_id = _members_form_id()
    raw = questionnaire_summary(questionnaire=Questionnaire.objects.get(form_id=form_id))
    for figures, disclosure in (("exact", EXACT), ("published", PUBLISHED)):
        parameters = {"questionnaire": form_id, "figures": figures}
        report = KINDS["questionnaire_summary"](parameters=parameters, audience=FULL_AUDIENCE).build()
        data = json.loads(_write(report, "json"))
        # The report is the page's one function (publish_summary) over the summary service, nothing else.
        free_text = disclosure.exact
        expected = publish_summary(raw, disclosure=disclosure, whole=True, free_text=free_text)
        assert data == json.loads(json.dumps(expected))
        assert data["responses"] == 65
        assert data["disclosure"] == figures


def test_questionnaire_summary_for_an_observer_lists_no_free_text(demo):
    form_id = _members_form_id()
    report = KINDS["questionnaire_summary"](
        parameters={"questionnaire": form_id}, audience=Audience(role=Role.OBSERVER)
    ).build()
    data = json.loads(_write(report, "json"))
    assert all(not q.get("answers") for q in data["questions"])
    assert not any(s.free_text for s in report.sections)


@time_machine.travel("2010-04-01 10:00 +0100")
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_builds_from_the_demo_in_pdf_and_xlsx(demo, kind):
    params = {"questionnaire": _members_form_id()} if kind == "questionnaire_summary" else {}
    report = KINDS[kind](parameters=params, audience=FULL_AUDIENCE).build()
    pdf = PdfReader(io.BytesIO(_write(report, "pdf")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Contents" in text and f"Page 1 of {len(pdf.pages)}" in text
    book = load_workbook(io.BytesIO(_write(report, "xlsx")))
    if kind == "questionnaire_summary":  # About, Summary, then one sheet per question
        assert book.sheetnames[:3] == ["About", "Summary", "Q01"]
        assert len(book.sheetnames) == 2 + len(report.data["questions"])
    else:
        assert len(book.sheetnames) == 1 + len(report.tables())
    if kind == "questionnaire_summary":
        assert "Responses in this selection: 65." in text
    if kind == "evaluation_pack":
        assert "Variations between sites" in text and "Sheffield" in text


def test_build_report_command_writes_the_questionnaire_summary_json(demo, tmp_path):
    from django.core.management import call_command

    from evaluation.models import Questionnaire
    from evaluation.summary import publish_summary, questionnaire_summary
    from pilot.disclosure import EXACT

    form_id = _members_form_id()
    output = tmp_path / "summary.json"
    call_command(
        "build_report", "questionnaire_summary", "--questionnaire", form_id, "--format", "json",
        "--figures", "exact", "--output", str(output), stderr=io.StringIO(), stdout=io.StringIO(),
    )  # fmt: skip
    raw = questionnaire_summary(questionnaire=Questionnaire.objects.get(form_id=form_id))
    expected = publish_summary(raw, disclosure=EXACT, whole=True, free_text=True)
    assert json.loads(output.read_text()) == json.loads(json.dumps(expected))
    assert not list(tmp_path.glob(".*.part"))


def test_build_report_command_refuses_an_unknown_questionnaire(demo, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no questionnaire 'nope'"):
        call_command(
            "build_report", "questionnaire_summary", "--questionnaire", "nope", "--output", str(tmp_path / "x")
        )


def test_observer_asks_for_the_member_summary_and_gets_it_without_free_text(demo, client_for):
    from unittest import mock

    from django.contrib.auth import get_user_model

    from reports.models import ReportRequest
    from reports.services import report_request_run

    observer = get_user_model().objects.get(username="observer")  # the demo's steering-committee login
    form_id = _members_form_id()
    with mock.patch("reports.tasks.build_report.apply_async"):
        response = client_for(observer).post(
            "/reports/new/questionnaire_summary/", {"format": "json", "questionnaire": form_id}
        )
    request = ReportRequest.objects.get(requested_by=observer)
    assert response.status_code == 302 and request.parameters == {"questionnaire": form_id}
    done = report_request_run(request_id=request.pk)
    data = json.loads(done.file.read())
    assert data["responses"] == 65
    texts = [q for q in data["questions"] if q["type"] == "text"]
    assert texts and all(q["answers"] == [] and q["answers_withheld"] for q in texts)
