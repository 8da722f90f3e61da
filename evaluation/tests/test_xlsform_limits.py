"""XLSForm uploads are bounded before anything parses them; the version clash is checked first."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from evaluation.models import Question, QuestionnaireVersion
from evaluation.services import questionnaire_import
from evaluation.tests.factories import SURVEY, SURVEY_HEADER, xlsform_bytes


def import_errors(data) -> list[str]:
    with pytest.raises(ValidationError) as info:
        questionnaire_import(data=data)
    assert not QuestionnaireVersion.objects.exists() or QuestionnaireVersion.objects.count() == 1
    return info.value.messages


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if openpyxl or pyxform is asked to load the workbook."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr("openpyxl.load_workbook", refuse)
    monkeypatch.setattr("pyxform.xls2json.parse_file_to_json", refuse)


def with_far_cell(data: bytes, *, row: int, column: int) -> bytes:
    book = load_workbook(io.BytesIO(data))
    book["survey"].cell(row=row, column=column, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_too_many_cells_are_refused_before_parsing(db, settings, no_parsing):
    settings.EVALUATION_XLSFORM_MAX_CELLS = 40
    assert import_errors(xlsform_bytes()) == [
        "This XLSForm has more than 40 filled cells, the most accepted; remove unused sheets or split it."
    ]


def test_a_sheet_reaching_too_far_is_refused_before_parsing(db):
    far = with_far_cell(xlsform_bytes(), row=1_048_576, column=2)
    assert len(far) < 20_000
    assert import_errors(far) == ["The sheet 'survey' reaches row 1,048,576; at most 50,000 rows are accepted."]
    wide = with_far_cell(xlsform_bytes(), row=2, column=16_384)
    assert import_errors(wide) == ["The sheet 'survey' reaches column 16,384; at most 100 columns are accepted."]
    assert not Question.objects.exists()


def test_unpacked_size_is_bounded(db, settings, no_parsing):
    settings.EVALUATION_XLSFORM_MAX_UNPACKED_BYTES = 5000
    [error] = import_errors(xlsform_bytes())
    assert error.startswith("This XLSForm unpacks to ") and error.endswith("; the most accepted is 5,000 bytes.")


def test_the_version_clash_is_found_before_the_workbook_is_parsed(db, monkeypatch):
    questionnaire_import(data=xlsform_bytes())
    broken = xlsform_bytes(survey=[*SURVEY, ["select_one nowhere", "x", "X"]])

    def refuse(*args, **kwargs):
        raise AssertionError("parsed although the version exists")

    monkeypatch.setattr("evaluation.services.read_xlsform", refuse)
    assert import_errors(broken) == [
        "settings row 2, column version: version '1' of 'checkin' is already imported; "
        "give the new workbook a new version"
    ]


@pytest.mark.parametrize("depth", [21, 900])
def test_deeply_nested_skip_rule_is_a_row_and_column_error(db, depth):
    relevant = "(" * depth + "${gender} = 'male'" + ")" * depth
    survey = [["select_one gender", "gender", "Are you"], ["text", "t", "T", "", "", relevant]]
    errors = import_errors(xlsform_bytes(survey=survey))
    shown = relevant if len(relevant) <= 60 else relevant[:60] + "…"
    assert errors == [f"survey row 3, column relevant: cannot use '{shown}': brackets are nested more than 20 deep"]


def test_deep_nesting_in_a_column_only_pyxform_reads_is_stopped_before_pyxform(db, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("pyxform saw the expression")

    monkeypatch.setattr("pyxform.xls2json.parse_file_to_json", refuse)
    deep = "(" * 30 + "1" + ")" * 30
    survey = [["integer", "n", "N", "", "", "", "", "", deep]]
    errors = import_errors(xlsform_bytes(survey=survey, survey_header=[*SURVEY_HEADER, "calculation"]))
    assert errors == ["survey row 2, column calculation: brackets are nested more than 20 deep"]


def test_an_over_long_cell_is_a_row_and_column_error(db):
    survey = [["text", "t", "x" * 10_001]]
    assert import_errors(xlsform_bytes(survey=survey)) == [
        "survey row 2, column label: the text is longer than 10,000 characters"
    ]


def test_a_flood_of_errors_is_cut_short(db):
    survey = [["text", "bad name", "x"]] * 700
    errors = import_errors(xlsform_bytes(survey=survey))
    assert len(errors) == 501 and errors[-1] == "… and 200 more problems; correct these and try again."
