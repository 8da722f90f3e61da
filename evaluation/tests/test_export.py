"""Exports in the import format: formula-safe, and re-importing gives the same summary."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from evaluation.bulk import responses_import
from evaluation.export import export_rows, write_csv, write_xlsx
from evaluation.models import Answer, Response
from evaluation.summary import questionnaire_summary

# Re-imported rows are dated as exported, inside the round (autumn 2009); today must not be before them.
pytestmark = pytest.mark.usefixtures("autumn")


def test_export_reimports_to_an_identical_summary(questionnaire, round_a, round_b, answer):
    answer(round_a, comments='=HYPERLINK("http://x")')
    answer(round_b, gender="female", previous="no", which=[], units="2.5", comments="+44 is not a formula")
    answer(round_a, previous="yes", which=["na"], comments="")
    before = questionnaire_summary(questionnaire=questionnaire)
    for writer, name in ((write_csv, "x.csv"), (write_xlsx, "x.xlsx")):
        data = writer(export_rows(questionnaire, Response.objects.all()))
        Answer.objects.all().delete()
        Response.objects.all().delete()
        result = responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile(name, data))
        assert result.saved == 3
        assert questionnaire_summary(questionnaire=questionnaire) == before


def test_text_that_looks_like_a_formula_is_neutralised(questionnaire, round_a, answer):
    answer(round_a, comments="=1+2")
    answer(round_a, comments="@SUM(A1)")
    rows = list(
        csv.reader(io.StringIO(write_csv(export_rows(questionnaire, Response.objects.all())).decode("utf-8-sig")))
    )
    comments = [row[rows[0].index("comments")] for row in rows[1:]]
    assert comments == ["'=1+2", "'@SUM(A1)"]
    workbook = load_workbook(io.BytesIO(write_xlsx(export_rows(questionnaire, Response.objects.all()))))
    cells = [c for row in workbook.active.iter_rows() for c in row]
    assert all(c.data_type == "s" for c in cells if c.value is not None)


def test_per_choice_columns_on_request(questionnaire, round_a, answer):
    answer(round_a, which=["aa", "nhs"])
    header, row = list(export_rows(questionnaire, Response.objects.all(), per_choice=True))
    assert header[header.index("which") : header.index("which") + 4] == ["which", "which/aa", "which/na", "which/nhs"]
    assert row[header.index("which")] == "aa nhs"
    assert [row[header.index(f"which/{c}")] for c in ("aa", "na", "nhs")] == ["1", "0", "1"]
    assert header[-3:] == ["_round", "_submitted_on", "_paper"]


def test_export_uses_a_fixed_number_of_queries(questionnaire, round_a, answer, django_assert_max_num_queries):
    answer(round_a)
    with django_assert_max_num_queries(5) as one:
        list(export_rows(questionnaire, Response.objects.all()))
    for _ in range(49):
        answer(round_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        rows = list(export_rows(questionnaire, Response.objects.all()))
    assert len(rows) == 51


FORMULA_CHOICES = ['=HYPERLINK("http://example.org/?leak")', "+1", "-1", "@SUM(A1)", "plain"]


@pytest.fixture
def formula_round(group_a):
    """A round of a questionnaire whose choice names look like spreadsheet formulas."""
    from evaluation.services import questionnaire_import
    from evaluation.tests.factories import CollectionRoundFactory, xlsform_bytes

    survey = [["select_one odd", "pick", "Pick one"], ["select_multiple odd", "many", "Pick any"]]
    choices = [["odd", f"placeholder{n}", f"Choice {n}"] for n in range(len(FORMULA_CHOICES))]
    book = load_workbook(io.BytesIO(xlsform_bytes(survey=survey, choices=choices, settings={"form_id": "odd"})))
    for n, name in enumerate(FORMULA_CHOICES, start=2):
        cell = book["choices"].cell(row=n, column=2)
        cell.value, cell.data_type = name, "s"  # text, as a spreadsheet stores a typed '=...
    buffer = io.BytesIO()
    book.save(buffer)
    version = questionnaire_import(data=buffer.getvalue())
    return CollectionRoundFactory(questionnaire=version.questionnaire, group=group_a, site=group_a.site)


def test_choice_names_that_look_like_formulas_are_neutralised_and_reimport(formula_round):
    from evaluation.services import response_create

    questionnaire = formula_round.questionnaire
    for pick, many in [(FORMULA_CHOICES[0], FORMULA_CHOICES[:2]), ("+1", ["-1", "plain"]), ("plain", ["@SUM(A1)"])]:
        response_create(round=formula_round, values={"pick": pick, "many": many}, submitted_on=formula_round.opens_on,
                        is_paper=True)  # fmt: skip
    rows = list(export_rows(questionnaire, Response.objects.all()))
    header = rows[0]
    cells = [(row[header.index("pick")], row[header.index("many")]) for row in rows[1:]]
    assert cells == [
        ('\'=HYPERLINK("http://example.org/?leak")', '\'=HYPERLINK("http://example.org/?leak") +1'),
        ("'+1", "'-1 plain"),
        ("plain", "'@SUM(A1)"),
    ]
    before = questionnaire_summary(questionnaire=questionnaire)
    for writer, name in ((write_csv, "x.csv"), (write_xlsx, "x.xlsx")):
        data = writer(export_rows(questionnaire, Response.objects.all()))
        if name == "x.csv":
            text = data.decode("utf-8-sig")
            assert all(not line.startswith(("=", "+", "-", "@")) for field in csv.reader(io.StringIO(text))
                       for line in field)  # fmt: skip
        Answer.objects.all().delete()
        Response.objects.all().delete()
        assert responses_import(questionnaire=questionnaire, uploaded_file=SimpleUploadedFile(name, data)).saved == 3
        assert questionnaire_summary(questionnaire=questionnaire) == before
