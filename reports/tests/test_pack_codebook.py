"""The evaluation pack ends with the codebook of the questionnaire it reports on, in every format."""

import io

import pytest
from pypdf import PdfReader

from evaluation.codebook import codebook_rows
from evaluation.tests.factories import QuestionnaireFactory
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.writers import write
from reports.writers.pdf_writer import render_html

pytestmark = pytest.mark.django_db


def test_the_codebook_is_the_packs_last_section_and_in_its_pdf(site_a):
    questionnaire = QuestionnaireFactory()
    report = KINDS["evaluation_pack"](parameters={"questionnaire": "checkin"}, audience=FULL_AUDIENCE).build()
    last = report.sections[-1]
    assert last.title == "Appendix: codebook"
    table = last.tables[0]
    rows = codebook_rows(questionnaire.current_version)
    assert [row[0] for row in table.rows] == [row["variable"] for row in rows]
    gender = next(row for row in table.rows if row[0] == "gender")
    assert gender[3] == "1 = Male; 2 = Female"
    html = render_html(report)
    assert html.rindex("Appendix: codebook") > html.rindex("Variations between sites")
    out = io.BytesIO()
    write(report, "pdf", out)
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    text = "".join("".join(page.extract_text() for page in pages[-2:]).split())  # words wrap in narrow columns
    assert "Appendix:codebook" in text and "Whichones?:AnNHSgroup" in text and "which_nhs" in text


def test_no_questionnaire_no_appendix(site_a):
    report = KINDS["evaluation_pack"](parameters={}, audience=FULL_AUDIENCE).build()
    assert "appendix: codebook" in report.omitted
    assert all(section.key != "codebook" for section in report.sections)
