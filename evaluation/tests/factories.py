"""Factories for questionnaires. Definitions go through the real XLSForm import, as in use."""

from __future__ import annotations

import datetime
import io

import factory
from openpyxl import Workbook

from evaluation.models import CollectionRound, Questionnaire
from evaluation.services import questionnaire_import

SURVEY_HEADER = ["type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message"]
# A small form with every supported type, a skip rule and a constraint.
SURVEY = [
    ["note", "intro", "Please do not write your name."],
    ["begin group", "you", "About you"],
    ["select_one gender", "gender", "Are you", "", "yes"],
    ["integer", "age", "How old are you?", "", "yes", "", ". >= 16 and . <= 100", "Between 16 and 100, please."],
    ["end group"],
    ["select_one yes_no", "previous", "Been to other groups?"],
    ["select_multiple groups", "which", "Which ones?", "", "yes", "${previous} = 'yes'"],
    ["decimal", "units", "Units a week", "", "", "", ". >= 0"],
    ["date", "first_meeting", "Date of your first meeting"],
    ["text", "comments", "Anything else?"],
]
CHOICES = [
    ["gender", "male", "Male"],
    ["gender", "female", "Female"],
    ["yes_no", "yes", "Yes"],
    ["yes_no", "no", "No"],
    ["groups", "aa", "AA"],
    ["groups", "na", "NA"],
    ["groups", "nhs", "An NHS group"],
]


def xlsform_bytes(*, survey=None, choices=None, settings=None, survey_header=None) -> bytes:
    """An XLSForm workbook as bytes; pass rows to override the small default form."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(survey_header or SURVEY_HEADER)
    for row in SURVEY if survey is None else survey:
        sheet.append(row)
    sheet = workbook.create_sheet("choices")
    sheet.append(["list_name", "name", "label"])
    for row in CHOICES if choices is None else choices:
        sheet.append(row)
    sheet = workbook.create_sheet("settings")
    values = {"form_id": "checkin", "form_title": "Check-in questionnaire", "version": "1"}
    values.update(settings or {})
    sheet.append(list(values))
    sheet.append(list(values.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Every text cell of this form holds template syntax and HTML; each starts with the name of its place
# (title, group, note, question, hint, choice, number, constraint, text) so a test can tell which it sees.
HOSTILE_TEXT = (
    'zq1{{ 7|add:6 }}zq1 zq2{% now "Y" %}zq2 <script>alert(1)</script> '
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9999/"> <b>bold</b>'
)
HOSTILE_FORM_ID = "hostile"


def hostile_xlsform_bytes(*, extra_survey=()) -> bytes:
    """A valid XLSForm whose every text cell holds HOSTILE_TEXT after the name of its place."""
    text = HOSTILE_TEXT
    survey = [
        ["note", "intro", f"note {text}"],
        ["begin group", "about", f"group {text}"],
        ["select_one yes_no", "pick", f"question {text}", f"hint {text}", "yes"],
        ["integer", "age", f"number {text}", "", "", "", ". >= 16", f"constraint {text}"],
        ["end group"],
        ["text", "comments", f"text {text}"],
        *extra_survey,
    ]
    choices = [["yes_no", "yes", f"choice {text}"], ["yes_no", "no", "No"]]
    settings = {"form_id": HOSTILE_FORM_ID, "form_title": f"title {text}"}
    return xlsform_bytes(survey=survey, choices=choices, settings=settings)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A questionnaire with one version imported from the small default form."""

    class Meta:
        model = Questionnaire

    @classmethod
    def _create(cls, model_class, *args, form_id="checkin", version="1", **kwargs):
        data = xlsform_bytes(settings={"form_id": form_id, "version": version})
        return questionnaire_import(data=data, filename=f"{form_id}.xlsx", audience="group_members").questionnaire


class CollectionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectionRound

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    version = factory.LazyAttribute(lambda o: o.questionnaire.current_version)
    name = factory.Sequence(lambda n: f"Round {n}")
    site = factory.LazyAttribute(lambda o: o.group.site if o.group else None)
    group = None
    opens_on = datetime.date(2009, 10, 1)
    closes_on = datetime.date(2009, 11, 30)
