"""XLSForms as KoboToolbox's builder, ODK and older templates write them: spellings, languages, types, metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from evaluation.forms import QuestionnaireForm
from evaluation.models import Question, Questionnaire
from evaluation.rules import convert, rules_for
from evaluation.services import questionnaire_import


def workbook(survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None) -> bytes:
    """A workbook from rows; the first row of each sheet is its header, exactly as given."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        sheet = book.create_sheet("choices")
        for row in choices:
            sheet.append(row)
    if settings is not None:
        sheet = book.create_sheet("settings")
        for row in settings:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# As KoboToolbox's form builder downloads a form: start/end/today first, label::English (en), $given_name in
# the headers, a calculate, a select_one with or_other, no form_id in settings (Kobo keeps it elsewhere).
KOBO_SURVEY = [
    ["type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)", "required", "relevant",
     "calculation", "parameters", "$kuid", "$autoname"],
    ["start", "start", "", "", "", "", "", "", "", "a1", "start"],
    ["end", "end", "", "", "", "", "", "", "", "a2", "end"],
    ["today", "today", "", "", "", "", "", "", "", "a3", "today"],
    ["deviceid", "deviceid", "", "", "", "", "", "", "", "a4", "deviceid"],
    ["begin_group", "about", "About you", "À propos de vous", "", "", "", "", "", "a5", "about"],
    ["select_one gender", "gender", "Are you", "Êtes-vous", "", "true", "", "", "", "a6", "gender"],
    ["integer", "age", "How old are you?", "Quel âge avez-vous ?", "In years", "false", "", "", "", "a7", "age"],
    ["end_group", "", "", "", "", "", "", "", "", "a8", ""],
    ["select_one heard or_other", "heard", "How did you hear of us?", "Comment nous avez-vous connus ?", "", "false",
     "", "", "", "a9", "heard"],
    ["range", "mood", "How do you feel today?", "Comment allez-vous ?", "", "false", "", "", "start=0 end=10 step=1",
     "b1", "mood"],
    ["time", "usual_time", "When do you usually go to bed?", "Heure du coucher ?", "", "false", "", "", "", "b2", "t"],
    ["datetime", "last_meeting", "When was your last meeting?", "Dernière réunion ?", "", "false", "", "", "", "b3",
     "d"],
    ["acknowledge", "agree", "I understand this is anonymous", "Je comprends", "", "false", "", "", "", "b4", "ok"],
    ["rank things", "priorities", "Rank what matters most", "Classez", "", "false", "", "", "", "b5", "r"],
    ["calculate", "age_next_year", "", "", "", "", "", "${age} + 1", "", "b6", "c"],
    ["geopoint", "where", "Where are you?", "Où êtes-vous ?", "", "false", "", "", "", "b7", "where"],
]  # fmt: skip
KOBO_CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Français (fr)", "$kuid"],
    ["gender", "male", "Male", "Homme", "c1"],
    ["gender", "female", "Female", "Femme", "c2"],
    ["heard", "worker", "An alcohol worker", "Un intervenant", "c3"],
    ["heard", "poster", "A poster", "Une affiche", "c4"],
    ["things", "sleep", "Sleep", "Sommeil", "c5"],
    ["things", "work", "Work", "Travail", "c6"],
    ["things", "family", "Family", "Famille", "c7"],
]
KOBO_SETTINGS = [["version", "default_language"], ["vGf3xQ", "English (en)"]]


def kobo_form() -> bytes:
    return workbook(KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS)


def test_a_form_as_kobos_builder_saves_it_imports(db):
    version = questionnaire_import(data=kobo_form(), filename="Members survey 2026.xlsx")
    definition = version.definition
    assert version.questionnaire.form_id == "Members_survey_2026"
    notices = " ".join(definition["notices"])
    assert "no form_id" in notices and "'Members_survey_2026'" in notices
    for dropped in ("'start'", "'end'", "'today'", "'deviceid'", "'geopoint' (where"):
        assert dropped in notices
    assert "not collected" in notices
    names = list(version.questions.values_list("name", flat=True))
    assert not {"start", "end", "today", "deviceid", "where"} & set(names)
    assert names == ["gender", "age", "heard", "heard_other", "mood", "usual_time", "last_meeting", "agree",
                     "priorities", "age_next_year"]  # fmt: skip


def test_languages_are_kept_and_the_default_is_shown(db):
    version = questionnaire_import(data=kobo_form(), filename="members.xlsx")
    assert version.languages == ["English (en)", "Français (fr)"] and version.default_language == "English (en)"
    gender = version.questions.get(name="gender")
    assert gender.label == "Are you" and gender.labels == {"English (en)": "Are you", "Français (fr)": "Êtes-vous"}
    assert gender.section == "About you"
    assert version.questions.get(name="age").hints == {"English (en)": "In years"}
    male = gender.choices.get(name="male")
    assert male.label == "Male" and male.labels["Français (fr)"] == "Homme"


def test_the_default_language_from_settings_decides_what_is_shown(db):
    settings = [["form_id", "default_language"], ["members_fr", "Français (fr)"]]
    version = questionnaire_import(data=workbook(KOBO_SURVEY, KOBO_CHOICES, settings), filename="m.xlsx")
    assert version.questions.get(name="gender").label == "Êtes-vous"
    assert version.questions.get(name="gender").choices.get(name="male").label == "Homme"
    assert not version.definition["notices"][0].startswith("The workbook has no form_id")


def test_new_types_are_stored_and_calculate_is_never_shown(db):
    version = questionnaire_import(data=kobo_form(), filename="members.xlsx")
    types = dict(version.questions.values_list("name", "type"))
    assert types["mood"] == "range" and types["usual_time"] == "time" and types["last_meeting"] == "datetime"
    assert types["agree"] == "acknowledge" and types["priorities"] == "rank" and types["age_next_year"] == "calculate"
    assert version.questions.get(name="mood").parameters == {"start": "0", "end": "10", "step": "1"}
    assert version.questions.get(name="age_next_year").calculation == "${age} + 1"
    heard = version.questions.get(name="heard")
    assert list(heard.choices.values_list("name", flat=True)) == ["worker", "poster", "other"]
    other = version.questions.get(name="heard_other")
    assert other.type == "text" and other.relevant == "selected(${heard}, 'other')"
    form = QuestionnaireForm(version=version)
    assert "age_next_year" not in form.fields and "priorities" in form.fields
    html = str(form["mood"])
    assert 'min="0"' in html and 'max="10"' in html


def test_the_new_types_check_their_answers(db):
    version = questionnaire_import(data=kobo_form(), filename="members.xlsx")
    rules = {r.name: r for r in rules_for(version)}
    assert convert(rules["mood"], "7") == 7
    with pytest.raises(ValueError, match="not on the scale from 0 to 10"):
        convert(rules["mood"], "11")
    assert convert(rules["usual_time"], "22:30:00.000+01:00") == "22:30"
    assert convert(rules["last_meeting"], "2026-11-24T19:05:00.000+00:00") == "2026-11-24T19:05"
    assert convert(rules["agree"], "OK") == "OK"
    assert convert(rules["priorities"], "work sleep") == "work sleep"
    with pytest.raises(ValueError, match="ranked twice"):
        convert(rules["priorities"], "work work")


def test_the_public_form_takes_a_ranking_a_time_and_an_acknowledgement(db):
    version = questionnaire_import(data=kobo_form(), filename="members.xlsx")
    data = {"gender": "male", "priorities_0": "family", "priorities_1": "sleep", "usual_time": "23:15",
            "agree": "on", "mood": "4", "heard": "other", "heard_other": "A friend"}  # fmt: skip
    form = QuestionnaireForm(data, version=version)
    assert form.is_valid(), form.errors
    assert form.values["priorities"] == "family sleep" and form.values["usual_time"] == "23:15"
    assert form.values["agree"] == "OK" and form.values["heard_other"] == "A friend"
    twice = QuestionnaireForm({**data, "priorities_1": "family"}, version=version)
    assert not twice.is_valid() and "only one place" in str(twice.errors["priorities"])


SPELLINGS = {
    "modern": (["type", "name", "label"], "select_one yesno", ["list_name", "name", "label"]),
    "list name with a space": (["type", "name", "label"], "select_one yesno", ["list name", "name", "label"]),
    "select one from": (["type", "name", "label"], "select one from yesno", ["list_name", "name", "label"]),
    "select one (space)": (["type", "name", "label"], "select one yesno", ["list_name", "name", "label"]),
    "label:English single colon": (["type", "name", "label:English"], "select_one yesno",
                                   ["list name", "name", "label:English"]),
    "label::English (en)": (["type", "name", "label::English (en)"], "select_one yesno",
                            ["list_name", "name", "label::English (en)"]),
}  # fmt: skip


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_each_legacy_and_modern_spelling_imports_the_same_form(db, spelling):
    survey_header, select, choices_header = SPELLINGS[spelling]
    survey = [survey_header, [select, "helped", "Did the group help you?"], ["integer", "age", "Your age"]]
    choices = [choices_header, ["yesno", "yes", "Yes"], ["yesno", "no", "No"]]
    version = questionnaire_import(data=workbook(survey, choices, [["form_id"], ["spelling"]]), filename="s.xlsx")
    helped = version.questions.get(name="helped")
    assert helped.type == "select_one" and helped.label == "Did the group help you?"
    assert list(helped.choices.values_list("name", "label")) == [("yes", "Yes"), ("no", "No")]


@pytest.mark.parametrize(
    ("row", "feature"),
    [
        (["begin repeat", "children", "Children"], "survey row 3: repeats ('begin repeat') are not supported"),
        (["select_one_from_file towns.csv", "t", "T"], "survey row 3: external selects ('select_one_from_file')"),
        (["select_one_external town", "town", "Town"], "survey row 3: external selects ('select_one_external')"),
    ],
)
def test_unsupported_features_are_refused_in_one_line(db, row, feature):
    survey = [["type", "name", "label", "calculation"], ["text", "intro", "Hello"], row, ["end repeat", "", ""]]
    with pytest.raises(ValidationError) as info:
        questionnaire_import(data=workbook(survey, None, [["form_id"], ["x"]]))
    assert len(info.value.messages) == 1 and info.value.messages[0].startswith(feature)
    assert not Questionnaire.objects.exists()


def test_pulldata_is_refused_naming_the_row(db):
    survey = [["type", "name", "label", "calculation"], ["text", "intro", "Hello"],
              ["calculate", "price", "", "pulldata('prices', 'price', 'item', ${intro})"]]  # fmt: skip
    with pytest.raises(ValidationError) as info:
        questionnaire_import(data=workbook(survey, None, [["form_id"], ["x"]]))
    assert info.value.messages == [
        "survey row 3: pulldata() is not supported: it reads an external file the form does not have."
    ]
    assert not Question.objects.exists()


def test_a_form_without_settings_sheet_takes_its_id_from_the_file_name(db):
    survey = [["type", "name", "label"], ["text", "comments", "Anything else?"]]
    version = questionnaire_import(data=workbook(survey), filename="host-agencies.xlsx")
    assert version.questionnaire.form_id == "host-agencies" and version.version == "1"


def test_the_upload_page_tells_what_was_left_out_and_the_questionnaire_page_the_languages(client_for, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for(coordinator)
    upload = SimpleUploadedFile("members.xlsx", kobo_form())
    response = client.post(reverse("evaluation:xlsform_upload"), {"file": upload, "audience": "group_members"},
                           follow=True)  # fmt: skip
    page = response.content.decode()
    assert "it is known as &#x27;members&#x27;, from its file name" in page
    assert "not collected here: &#x27;start&#x27; (start, row 2)" in page
    assert "Labels in English (en), Français (fr); shown in English (en)." in page
    assert "from 0 to 10 in steps of 1" in page and "never shown: ${age} + 1" in page


def test_a_derived_form_id_keeps_the_letters_of_an_accented_file_name():
    from evaluation.xlsform import derived_form_id

    assert derived_form_id("Évaluation des réunions (2026).xlsx") == "Evaluation_des_reunions_2026"
    assert derived_form_id("C:\\Users\\me\\Downloads\\aBcD1234.xlsx") == "aBcD1234"
    assert derived_form_id(".xlsx") == "form"


def test_a_calculation_that_records_the_time_or_the_device_is_left_out(db):
    survey = [["type", "name", "label", "calculation"], ["integer", "age", "Age", ""],
              ["calculate", "filled_in", "", "once(now())"], ["calculate", "device", "", "property('deviceid')"],
              ["calculate", "age_next", "", "${age} + 1"]]  # fmt: skip
    version = questionnaire_import(data=workbook(survey, None, [["form_id"], ["calc"]]))
    assert list(version.questions.values_list("name", flat=True)) == ["age", "age_next"]
    notice = version.definition["notices"][0]
    assert "'calculate' (filled_in, row 3: it records the time or the device)" in notice and "(device, row 4" in notice


MULTIPLE_SPELLINGS = [
    "select_multiple services",
    "select all that apply services",
    "select all that apply from services",
    "select_multiple services or_other",
]


@pytest.mark.parametrize("select", MULTIPLE_SPELLINGS)
def test_each_spelling_of_a_multiple_choice_imports(db, select):
    survey = [["type", "name", "label:English", "hint:English", "constraint message"],
              [select, "used", "Services used", "Tick all that apply", ""]]  # fmt: skip
    choices = [["list name", "name", "label:English"], ["services", "gp", "GP"], ["services", "aa", "AA"]]
    version = questionnaire_import(data=workbook(survey, choices, [["form id"], ["multi"]]), filename="m.xlsx")
    used = version.questions.get(name="used")
    assert (
        used.type == "select_multiple"
        and used.hint == "Tick all that apply"
        and used.labels == {"English": "Services used"}
    )
    names = list(used.choices.values_list("name", flat=True))
    assert names == (["gp", "aa", "other"] if "or_other" in select else ["gp", "aa"])
    assert version.questionnaire.form_id == "multi" and version.default_language == "English"


def test_a_file_name_that_would_give_a_reserved_form_id_says_what_to_do(db):
    survey = [["type", "name", "label"], ["text", "comments", "Anything else?"]]
    with pytest.raises(ValidationError) as info:
        questionnaire_import(data=workbook(survey), filename="import.xlsx")
    assert info.value.messages == [
        "settings, column form_id: the file name gives the form_id 'import', which is reserved; "
        "rename the file or give a form_id on the settings sheet"
    ]
