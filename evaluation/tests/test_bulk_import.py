"""Bulk import of responses: all or nothing, every error as `row N, column NAME: reason`."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from evaluation.bulk import ImportFailed, responses_import
from evaluation.models import Answer, Response
from pilot.models import AuditEntry

# Rows without a _submitted_on are dated today, which must fall inside the round (autumn 2009).
pytestmark = pytest.mark.usefixtures("autumn")
HEADER = "gender,age,previous,which,units,first_meeting,comments"


def csv_file(text: str, encoding="utf-8", name="answers.csv"):
    return SimpleUploadedFile(name, text.encode(encoding))


def run(questionnaire, data, round=None):
    return responses_import(questionnaire=questionnaire, uploaded_file=data, round=round)


def errors_of(questionnaire, data, round=None) -> list[str]:
    before = (Response.objects.count(), Answer.objects.count())
    with pytest.raises(ImportFailed) as info:
        run(questionnaire, data, round)
    assert (Response.objects.count(), Answer.objects.count()) == before
    return info.value.messages


def test_good_csv_saves_every_row_with_typed_answers(questionnaire, round_a):
    text = f"{HEADER},_id\nmale,47,yes,aa nhs,12.5,2009-10-01,Good\nfemale,33,no,,,31/10/2009,\n"
    result = run(questionnaire, csv_file(text), round_a)
    assert result.saved == 2
    first, second = Response.objects.order_by("pk")
    assert first.is_paper and first.round == round_a and first.version == round_a.version
    answers = {(a.question.name, a.choice.name if a.choice else None) for a in first.answers.all()}
    assert ("which", "aa") in answers and ("which", "nhs") in answers
    assert first.answers.get(question__name="units").number_value == 12.5
    assert second.answers.get(question__name="first_meeting").date_value == datetime.date(2009, 10, 31)
    assert AuditEntry.objects.filter(action="import", target_type="evaluation.Questionnaire").count() == 1


def test_bom_and_windows_1252_are_read(questionnaire, round_a):
    run(questionnaire, csv_file("\ufeffgender,age,comments\nmale,40,caf\u00e9 \u00a3\n"), round_a)
    run(questionnaire, csv_file("gender,age,comments\nfemale,41,caf\u00e9 \u00a35\n", encoding="cp1252"), round_a)
    texts = list(Answer.objects.filter(question__name="comments").order_by("pk").values_list("text_value", flat=True))
    assert texts == ["caf\u00e9 \u00a3", "caf\u00e9 \u00a35"]


def test_semicolon_separated_file_is_read(questionnaire, round_a):
    assert run(questionnaire, csv_file("gender;age\nmale;40\n"), round_a).saved == 1


def test_every_bad_cell_is_listed_and_nothing_saved(questionnaire, round_a):
    text = (
        f"{HEADER}\n"
        "male,47,yes,aa,,,\n"  # good row: must not be saved either
        "other,47,no,,,,\n"
        "male,forty,no,,,,\n"
        "male,12,no,,,,\n"
        "male,40,no,aa,,,\n"
        "male,40,yes,aa aa,,,\n"
        ",40,no,,,,\n"
        "male,40,no,,lots,2009-13-45,\n"
    )
    errors = errors_of(questionnaire, csv_file(text), round_a)
    assert errors == [
        "row 3, column gender: 'other' is not one of the choices (male, female)",
        "row 4, column age: 'forty' is not a whole number",
        "row 5, column age: Between 16 and 100, please.",
        "row 6, column which: answered, but the form skips this question unless ${previous} = 'yes'",
        "row 7, column which: a choice is listed twice",
        "row 8, column gender: An answer is needed.",
        "row 9, column units: 'lots' is not a number",
        "row 9, column first_meeting: '2009-13-45' is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
    ]


def test_unknown_and_duplicated_headers_are_refused(questionnaire, round_a):
    errors = errors_of(questionnaire, csv_file("gender,age,age,colour,_note\nmale,40,40,red,x\n"), round_a)
    assert errors == [
        "row 1, column age: this heading appears twice",
        "row 1, column colour: no question of that name in checkin",
    ]


def test_empty_files_and_header_only_files_are_refused(questionnaire, round_a):
    assert errors_of(questionnaire, csv_file("\n\n"), round_a) == [
        "row 1: the file is empty; its first row must name the questions."
    ]
    assert errors_of(questionnaire, csv_file("gender,age\n"), round_a) == ["The file has a header row but no answers."]
    with pytest.raises(Exception, match="empty"):
        run(questionnaire, csv_file(""), round_a)


def test_broken_encoding_is_refused(questionnaire, round_a):
    data = SimpleUploadedFile("a.csv", b"gender,comments\nmale,\x81\x8d\x8f\n")
    assert errors_of(questionnaire, data, round_a) == [
        "The file is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'."
    ]


def test_row_limit(questionnaire, round_a, settings):
    settings.EVALUATION_IMPORT_MAX_ROWS = 3
    text = "gender,age\n" + "male,40\n" * 4
    assert errors_of(questionnaire, csv_file(text), round_a) == ["The file has more than 3 rows of answers; split it."]


def test_huge_file_is_refused_before_reading(questionnaire, round_a, settings):
    settings.EVALUATION_IMPORT_MAX_BYTES = 1000
    errors = errors_of(questionnaire, csv_file("gender,age\n" + "male,40\n" * 200), round_a)
    assert "too large" in errors[0]


def test_without_a_round_the_round_column_decides(questionnaire, round_a, round_b):
    assert errors_of(questionnaire, csv_file("gender,age\nmale,40\n")) == [
        "row 1: choose a round for the whole file, or add a _round column"
    ]
    text = f"gender,age,_round,_submitted_on,_paper\nmale,40,{round_a.pk},2009-10-02,0\nfemale,50,{round_b.pk},,1\n"
    run(questionnaire, csv_file(text))
    first, second = Response.objects.order_by("pk")
    assert (first.round, first.submitted_on, first.is_paper) == (round_a, datetime.date(2009, 10, 2), False)
    assert second.round == round_b and second.is_paper


def test_round_of_another_questionnaire_is_refused(questionnaire, round_a):
    from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory

    elsewhere = CollectionRoundFactory(questionnaire=QuestionnaireFactory(form_id="other"), site=round_a.site)
    errors = errors_of(questionnaire, csv_file(f"gender,age,_round\nmale,40,{elsewhere.pk}\n"))
    assert errors == [
        f"row 2, column _round: '{elsewhere.pk}' is not a round of this questionnaire that you may add to"
    ]


def test_per_choice_columns_can_stand_in_for_the_question(questionnaire, round_a):
    run(questionnaire, csv_file("gender,age,previous,which/aa,which/na,which/nhs\nmale,40,yes,1,0,1\n"), round_a)
    assert set(Answer.objects.filter(question__name="which").values_list("choice__name", flat=True)) == {"aa", "nhs"}
    errors = errors_of(questionnaire, csv_file("gender,age,previous,which/aa\nmale,40,yes,maybe\n"), round_a)
    assert errors == ["row 2, column which/aa: use 1 if ticked, 0 or blank if not"]


def test_xlsx_is_read_with_numbers_and_dates_as_excel_stores_them(questionnaire, round_a):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["gender", "age", "first_meeting", "units"])
    sheet.append(["female", 52.0, datetime.datetime(2009, 10, 3), 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    run(questionnaire, SimpleUploadedFile("a.xlsx", buffer.getvalue()), round_a)
    response = Response.objects.get()
    assert response.answers.get(question__name="age").number_value == 52
    assert response.answers.get(question__name="first_meeting").date_value == datetime.date(2009, 10, 3)


def test_command_prints_every_error_and_exits_non_zero(questionnaire, round_a, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("gender,age\nother,40\nmale,x\n")
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_responses", "checkin", str(bad), "--round", str(round_a.pk))
    err = capsys.readouterr().err
    assert "row 2, column gender:" in err and "row 3, column age:" in err
    good = tmp_path / "good.csv"
    good.write_text("gender,age\nmale,40\n")
    call_command("import_responses", "checkin", str(good), "--round", str(round_a.pk))
    assert "Imported 1 responses" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No questionnaire"):
        call_command("import_responses", "nope", str(good))


def test_a_row_with_more_cells_than_the_header_is_named(questionnaire, round_a):
    text = "gender,age\nmale,40\nfemale,41,extra\nmale,42,,\nfemale,43,,x\n"
    assert errors_of(questionnaire, csv_file(text), round_a) == [
        "row 3: the row has 3 cells but the header row names only 2 columns; remove the extra cells or give "
        "their column a heading",
        "row 5: the row has 4 cells but the header row names only 2 columns; remove the extra cells or give "
        "their column a heading",
    ]  # row 4's trailing empty cells are how spreadsheets pad rows: not an error


def test_an_xlsx_row_longer_than_its_header_is_named(questionnaire, round_a):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["gender", "age"])
    workbook.active.append(["male", 40, "stray"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    errors = errors_of(questionnaire, SimpleUploadedFile("a.xlsx", buffer.getvalue()), round_a)
    assert errors == [
        "row 2: the row has 3 cells but the header row names only 2 columns; remove the extra cells or give "
        "their column a heading"
    ]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2009-09-30", "The date is before the round opened on 1 October 2009."),
        ("2009-10-16", "The date cannot be in the future."),  # the round runs to 30 November; today is 15 October
        ("1999-12-31", "Enter a date in 2000 or later."),
        ("31/12/2011", "Enter a date no later than 2010."),
        ("0001-01-01", "Enter a date in 2000 or later."),
    ],
)
def test_submitted_on_must_fall_inside_the_round_and_not_in_the_future(questionnaire, round_a, day, message):
    text = f"gender,age,_submitted_on\nmale,40,2009-10-01\nmale,41,{day}\n"
    assert errors_of(questionnaire, csv_file(text), round_a) == [f"row 3, column _submitted_on: {message}"]


def test_submitted_on_after_the_round_closed_is_refused(questionnaire, round_a):
    with time_machine.travel(datetime.datetime(2010, 2, 1, tzinfo=datetime.UTC), tick=False):
        errors = errors_of(questionnaire, csv_file("gender,age,_submitted_on\nmale,40,2009-12-01\n"), round_a)
    assert errors == ["row 2, column _submitted_on: The date is after the round closed on 30 November 2009."]


def test_a_blank_date_means_today_which_must_fall_inside_the_round(questionnaire, round_a):
    with time_machine.travel(datetime.datetime(2010, 2, 1, tzinfo=datetime.UTC), tick=False):
        undated = errors_of(questionnaire, csv_file("gender,age\nmale,40\nmale,41\nmale,42\n"), round_a)
        blank = errors_of(questionnaire, csv_file("gender,age,_submitted_on\nmale,40,2009-11-02\nmale,41,\n"), round_a)
    assert undated == [  # said once for the round, not once per row
        "row 2, column _submitted_on: the file has no _submitted_on column and today is outside the dates of round "
        "'Autumn A' (1 October 2009 to 30 November 2009); add the column with the date each questionnaire was "
        "filled in"
    ]
    assert blank == [
        "row 3, column _submitted_on: no date, and today is outside the round's dates (1 October 2009 to "
        "30 November 2009); give the date the questionnaire was filled in"
    ]
    run(questionnaire, csv_file("gender,age\nmale,40\n"), round_a)  # inside the round (autumn): today is used
    assert Response.objects.get().submitted_on == datetime.date(2009, 10, 15)


def test_a_date_answer_in_an_implausible_year_is_refused(questionnaire, round_a):
    assert errors_of(questionnaire, csv_file("gender,age,first_meeting\nmale,40,1899-01-01\n"), round_a) == [
        "row 2, column first_meeting: Enter a date in 2000 or later."
    ]


def test_utf16_as_excel_saves_unicode_text_is_read(questionnaire, round_a):
    text = "gender\tage\tcomments\r\nfemale\t40\tcaf\u00e9 \u00a3 \u2014 \U0001f600\r\n"
    for encoding in ("utf-16", "utf-16-be"):  # Excel writes little-endian with a BOM
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        assert run(questionnaire, csv_file(data.decode("latin-1"), encoding="latin-1"), round_a).saved == 1
    texts = set(Answer.objects.filter(question__name="comments").values_list("text_value", flat=True))
    assert texts == {"caf\u00e9 \u00a3 \u2014 \U0001f600"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xff\xfe" + "gender\n".encode("utf-16-le") + b"\x00",
            "The file is damaged UTF-16 text; save it as 'CSV UTF-8'.",
        ),
        ("gender,age\nmale,40\n".encode("utf-16-le"), "UTF-16 text without a byte-order mark; save it as CSV UTF-8."),
        ("gender\n".encode("utf-32"), "The file is UTF-32 text, which cannot be read; save it as 'CSV UTF-8'."),
    ],
)
def test_utf16_that_cannot_be_read_is_refused_with_how_to_save_it(questionnaire, round_a, data, message):
    errors = errors_of(questionnaire, SimpleUploadedFile("a.csv", data), round_a)
    assert len(errors) == 1 and message in errors[0]


def test_a_nul_character_past_the_first_bytes_is_a_cell_error(questionnaire, round_a):
    # The upload check looks for NUL only at the start; PostgreSQL cannot store one in text.
    rows = "".join(f"male,{20 + n % 60},fine\n" for n in range(800))
    text = "gender,age,comments\n" + rows + "female,40,a\x00b\n"
    assert len(text) > 9000
    assert errors_of(questionnaire, csv_file(text), round_a) == [
        "row 802, column comments: the cell contains a NUL character, which cannot be stored; re-save the file "
        "as CSV UTF-8"
    ]
