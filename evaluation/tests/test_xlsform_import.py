"""Importing XLSForm definitions: what is stored, and every kind of bad workbook named by sheet, row and column."""

import pytest
from django.core.exceptions import ValidationError

from evaluation.models import Question, Questionnaire, QuestionnaireVersion
from evaluation.services import questionnaire_import
from evaluation.tests.factories import CHOICES, SURVEY, xlsform_bytes
from pilot.models import AuditEntry


def import_errors(data) -> list[str]:
    with pytest.raises(ValidationError) as info:
        questionnaire_import(data=data)
    return info.value.messages


def test_import_stores_questions_choices_sections_and_rules(db):
    version = questionnaire_import(data=xlsform_bytes(), filename="checkin.xlsx", audience="group_members")
    q = version.questionnaire
    assert (q.form_id, q.title, q.audience, version.version) == (
        "checkin",
        "Check-in questionnaire",
        "group_members",
        "1",
    )
    names = list(version.questions.values_list("name", "type"))
    assert names[:4] == [("intro", "note"), ("gender", "select_one"), ("age", "integer"), ("previous", "select_one")]
    age = version.questions.get(name="age")
    assert age.section == "About you" and age.required and age.constraint == ". >= 16 and . <= 100"
    which = version.questions.get(name="which")
    assert which.relevant == "${previous} = 'yes'" and which.type == "select_multiple"
    assert list(which.choices.values_list("name", flat=True)) == ["aa", "na", "nhs"]
    assert bytes(version.source)[:2] == b"PK"
    entry = AuditEntry.objects.get(action="import")
    assert "questions" in entry.changed_fields and entry.target_type == "evaluation.QuestionnaireVersion"


def test_group_skip_rules_apply_to_their_questions(db):
    survey = [
        ["select_one yes_no", "drinks", "Do you drink?"],
        ["begin group", "drinking", "Drinking", "", "", "${drinks} = 'yes'"],
        ["integer", "units", "Units", "", "", "${units_known} = 'yes'"],
        ["select_one yes_no", "units_known", "Know your units?"],
        ["end group"],
    ]
    version = questionnaire_import(data=xlsform_bytes(survey=survey, choices=CHOICES))
    assert version.questions.get(name="units").relevant == "(${drinks} = 'yes') and (${units_known} = 'yes')"
    assert version.questions.get(name="units_known").relevant == "${drinks} = 'yes'"


def test_new_version_keeps_old_responses_on_theirs(round_a, answer):
    old = round_a.version
    answer(round_a)
    survey = [*SURVEY, ["text", "extra", "A new question"]]
    new = questionnaire_import(data=xlsform_bytes(survey=survey, settings={"version": "2"}))
    assert new.questionnaire == old.questionnaire and new != old
    assert old.responses.count() == 1 and new.responses.count() == 0
    assert new.questionnaire.current_version == new
    assert Questionnaire.objects.count() == 1


def test_same_version_twice_is_refused(db):
    questionnaire_import(data=xlsform_bytes())
    errors = import_errors(xlsform_bytes())
    assert errors == ["settings row 2, column version: version '1' of 'checkin' is already imported; "
                      "give the new workbook a new version"]  # fmt: skip
    assert QuestionnaireVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("survey_row", "expected"),
    [
        (["select_one sevices", "svc", "Services"], "survey row 3, column type: unknown choice list 'sevices'"),
        (["begin repeat", "r", "R"], "survey row 3: repeats ('begin repeat') are not supported"),
        (["barcode", "code", "Scan"], "survey row 3, column type: unsupported type 'barcode'"),
        (["text", "gender", "Again"], "survey row 3, column name: 'gender' is used by an earlier question"),
        (["text", "", "No name"], "survey row 3, column name: every question needs a name"),
        (["text", "bad name", "x"], "survey row 3, column name: 'bad name' is not a usable name"),
        (["text", "t", "x", "", "perhaps"], "survey row 3, column required: use yes or no"),
        (
            ["text", "t", "x", "", "", "${nope} = 'a'"],
            "survey row 3, column relevant: refers to unknown question 'nope'",
        ),
        (
            ["integer", "t", "x", "", "", "", "count(.) > 1"],
            "survey row 3, column constraint: cannot use 'count(.) > 1'",
        ),
        (["end group", "", ""], "survey row 3, column type: 'end group' without a matching 'begin group'"),
    ],
)
def test_bad_survey_rows_are_named_by_row_and_column(db, survey_row, expected):
    survey = [["select_one gender", "gender", "Are you"], survey_row]
    errors = import_errors(xlsform_bytes(survey=survey))
    assert any(e.startswith(expected) for e in errors), errors
    assert not Questionnaire.objects.exists()


def test_bad_choices_and_settings_are_named(db):
    choices = [*CHOICES, ["gender", "male", "Duplicate"], ["", "x", "No list"], ["gender", "two words", "x"]]
    errors = import_errors(xlsform_bytes(choices=choices, settings={"form_id": "no spaces please"}))
    assert "choices row 9, column name: 'male' appears twice in list 'gender'" in errors
    assert "choices row 10, column list_name: every choice needs a list_name" in errors
    assert "choices row 11, column name: a choice name is needed, without spaces" in errors
    assert "settings row 2, column form_id: use only letters, digits, '_' and '-'" in errors


def test_missing_columns_and_duplicated_headings_are_reported(db):
    errors = import_errors(xlsform_bytes(survey_header=["type", "name", "name"]))
    assert "survey row 1, column name: this column heading appears twice" in errors
    assert "survey row 1: a column headed 'label' is needed" in errors


def test_unclosed_group_is_reported(db):
    errors = import_errors(xlsform_bytes(survey=[["begin group", "g", "G"], ["text", "t", "T"]]))
    assert "survey, column type: 1 'begin group' without a matching 'end group'" in errors


def test_not_a_workbook_is_a_clear_error(db):
    assert import_errors(b"PK\x03\x04 not really") == ["This Excel workbook is damaged and cannot be opened."]


def test_pyxform_has_the_last_word(db, monkeypatch):
    from pyxform.errors import PyXFormError

    def refuse(path):
        raise PyXFormError("[row : 4] Something ODK would refuse")

    monkeypatch.setattr("pyxform.xls2json.parse_file_to_json", refuse)
    assert import_errors(xlsform_bytes()) == ["XLSForm check: survey row 4: Something ODK would refuse"]
    assert not Question.objects.exists()


def test_command_imports_and_reports_errors(db, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    good = tmp_path / "form.xlsx"
    good.write_bytes(xlsform_bytes())
    call_command("import_xlsform", str(good), "--audience", "host_agencies")
    assert Questionnaire.objects.get().audience == "host_agencies"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsform_bytes(survey=[["select_one sevices", "s", "S"]], settings={"form_id": "other"}))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_xlsform", str(bad))
    assert "survey row 2, column type: unknown choice list 'sevices'" in capsys.readouterr().err
    assert Questionnaire.objects.count() == 1
