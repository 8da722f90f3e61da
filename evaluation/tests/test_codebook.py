"""The codebook: every variable of the statistics exports with its text, type, codes, rules and versions."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.codebook import codebook_rows, in_words, render_codebook_html
from evaluation.datasets import dataset_variables
from evaluation.services import questionnaire_import
from evaluation.tests.factories import CHOICES, SURVEY, xlsform_bytes
from pilot.models import AuditEntry


def url(version, fmt=None):
    address = reverse("evaluation:codebook", args=[version.questionnaire.form_id, version.pk])
    return address + (f"?format={fmt}" if fmt else "")


@pytest.fixture
def version(questionnaire):
    return questionnaire.current_version


def test_each_variable_of_the_exports_is_described(version):
    rows = {row["variable"]: row for row in codebook_rows(version)}
    names = [v.names["r"] for v in dataset_variables(version.questionnaire)]
    assert list(rows) == names
    assert rows["gender"]["codes"] == "1 = Male; 2 = Female"
    assert rows["gender"]["type"] == "Choose one: coded"
    assert rows["gender"]["required"] == "yes"
    assert (
        rows["age"]["constraint"]
        == "the answer is at least 16 and the answer is at most 100 (“Between 16 and 100, please.”)"
    )
    assert rows["which_nhs"]["text"] == "Which ones?: An NHS group"
    assert rows["which_nhs"]["codes"] == "0 = Not chosen; 1 = Chosen"
    assert rows["which_nhs"]["asked_if"] == "previous is “Yes”"
    assert rows["which_nhs"]["required"] == "yes, when asked"
    assert rows["first_meeting"]["type"] == "Date" and rows["comments"]["required"] == "no"
    assert rows["paper"]["codes"] == "0 = Online; 1 = Paper"
    assert all(row["versions"] == "1" for row in rows.values())


def test_versions_each_question_appears_in(questionnaire):
    survey = [row for row in SURVEY if row[1:2] != ["units"]] + [["integer", "meetings", "Meetings this month"]]
    questionnaire_import(data=xlsform_bytes(survey=survey, settings={"version": "2"}))
    first, second = questionnaire.versions.order_by("pk")
    old = {row["variable"]: row for row in codebook_rows(first)}
    new = {row["variable"]: row for row in codebook_rows(second)}
    assert old["units"]["versions"] == "1" and "units" not in new
    assert new["meetings"]["versions"] == "2" and "meetings" not in old
    assert new["gender"]["versions"] == "1, 2"
    assert new["round"]["versions"] == "1, 2"


def test_rules_in_words():
    choices = {"q": {"yes": "Yes, often", "no": "No"}, "s": {"gp": "My GP"}}
    assert in_words("${q} = 'yes' or selected(${s}, 'gp')", choices=choices, subject="x") == (
        "q is “Yes, often” or s includes “My GP”"
    )
    assert in_words("(${q} = 'no' or ${q} = '') and ${a} != ''", choices=choices, subject="x") == (
        "(q is “No” or q is not answered) and a is answered"
    )
    assert in_words(". < 5", choices=choices, subject="x") == "the answer is less than 5"
    assert in_words("not(${q} = 'yes')", choices=choices, subject="x") == "not (q is “Yes, often”)"
    assert in_words("", choices=choices, subject="x") == ""


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_downloads_in_three_formats_audited(client_for, personas, version, round_a, fmt):
    response = client_for(personas["site_contact_a"]).get(url(version, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-codebook.{fmt}"')
    body = response.content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[0][:4] == ["Variable", "Question", "Question text", "Type"]
        assert ["which_aa", "which", "Which ones?: AA"] in [r[:3] for r in rows]
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).active
        assert [c.value for c in next(sheet.iter_rows(max_row=1))][:2] == ["Variable", "Question"]
    else:
        assert body.startswith(b"%PDF")
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.detail) == ("download", f"{fmt} codebook")


def test_pdf_page_escapes_the_forms_text(group_a):
    from evaluation.tests.factories import HOSTILE_TEXT, hostile_xlsform_bytes

    version = questionnaire_import(data=hostile_xlsform_bytes())
    html = render_codebook_html(version)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "zq1{{ 7|add:6 }}zq1" in html and "zq113zq1" not in html  # shown as typed, never run
    assert HOSTILE_TEXT.split()[0] in html


def test_anonymous_and_another_sites_users(client, client_for, personas, version, round_a):
    assert "/accounts/login/" in client.get(url(version, "csv"))["Location"]
    for who in ("site_contact_b", "facilitator_b"):  # the questionnaire has a round at site A only
        assert client_for(personas[who]).get(url(version, "csv")).status_code == 404, who
    assert client_for(personas["coordinator"]).get(url(version, "doc")).status_code == 404


def test_linked_from_the_questionnaire_page(client_for, personas, version, round_a):
    page = client_for(personas["facilitator_a"]).get(version.questionnaire.get_absolute_url()).content.decode()
    assert f'{url(version)}?format=pdf"' in page and f'{url(version)}?format=xlsx"' in page


def test_choices_that_only_an_older_version_had_keep_their_code(questionnaire):
    choices = [c for c in CHOICES if c[1] != "na"] + [["groups", "smart", "SMART Recovery"]]
    questionnaire_import(data=xlsform_bytes(choices=choices, settings={"version": "2"}))
    first, second = questionnaire.versions.order_by("pk")
    new = {row["variable"]: row for row in codebook_rows(second)}
    old = {row["variable"]: row for row in codebook_rows(first)}
    assert "which_na" in old and "which_na" not in new and "which_smart" in new
    assert new["gender"]["codes"] == old["gender"]["codes"] == "1 = Male; 2 = Female"
