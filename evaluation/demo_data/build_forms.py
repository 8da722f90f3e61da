"""Writes the demo XLSForm workbooks shipped beside this script.

    python evaluation/demo_data/build_forms.py

The questions follow the evaluation report's tables (autumn 2009 members'
questionnaire, training participants' profile, host agencies' questionnaire).
Edit FORMS and re-run to change them; the workbooks are committed.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SURVEY_COLUMNS = ["type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message"]

YES_NO = [("yes", "Yes"), ("no", "No")]
GENDER = [("male", "Male"), ("female", "Female")]

MEMBERS = {
    "file": "members_autumn_2009.xlsx",
    "settings": {"form_id": "members_autumn_2009", "form_title": "SMART Recovery group members, autumn 2009",
                 "version": "2009-10"},  # fmt: skip
    "survey": [
        # The form's page says once that it is anonymous; the note only thanks.
        ("note", "intro", "Thank you for filling this in: it helps us learn what works for SMART Recovery groups."),
        ("begin group", "about_you", "About you"),
        ("select_one gender", "gender", "Are you", "", "yes"),
        ("integer", "age", "How old are you?", "In years", "yes", "", ". >= 16 and . <= 100",
         "Please give an age between 16 and 100."),
        ("end group", "", ""),
        ("begin group", "your_treatment", "Treatment and drinking"),
        ("select_multiple treatment", "treatment", "Have you received treatment for alcohol or drug use?",
         "Tick all that apply", "", "",
         "not(selected(., 'never') and (selected(., 'past') or selected(., 'current')))",
         "\"Never\" cannot go with a \"Yes\" answer: untick one of them."),
        ("select_one last_drink", "last_drink", "When did you last have a drink (or use drugs)?"),
        ("select_one main_problem", "main_problem", "Are your problems mostly related to"),
        ("end group", "", ""),
        ("begin group", "smart", "SMART Recovery"),
        ("select_one heard", "heard", "How did you hear about SMART Recovery?"),
        ("select_one first_attended", "first_attended", "When did you first attend a SMART meeting?"),
        ("select_one frequency", "frequency", "How often do you attend meetings?"),
        ("select_one intend", "continue", "Do you intend to keep attending meetings over the next 3 months?"),
        ("select_one yes_no", "previous_groups", "Have you been to other self-help groups before?"),
        ("select_multiple groups", "which_groups", "Which self-help groups have you been to?",
         "Tick all that apply", "", "${previous_groups} = 'yes'"),
        ("select_one helpful", "helpful", "How helpful do you find SMART Recovery?"),
        ("select_one comparison", "comparison", "Compared with other self-help groups, is SMART Recovery"),
        ("end group", "", ""),
        ("begin group", "services_worries", "Services and worries"),
        ("select_multiple services", "services_used",
         "Which of these have you used or been in contact with in the past 3 months?", "Tick all that apply"),
        ("select_multiple worries", "worries", "Do you have worries or difficulties with any of these at present?",
         "Tick all that apply"),
        ("end group", "", ""),
        ("text", "comments", "Is there anything else you would like to tell us about SMART Recovery?"),
    ],
    "choices": {
        "gender": GENDER,
        "treatment": [("past", "Yes, in the past"), ("current", "Yes, currently"), ("never", "Never")],
        "last_drink": [("under_3m", "Within the past 3 months"), ("m3_to_12", "3 to 12 months ago"),
                       ("y1_to_5", "1 to 5 years ago"), ("over_5y", "Over 5 years ago")],
        "main_problem": [("alcohol", "Alcohol"), ("alcohol_drugs", "Alcohol and drugs"),
                         ("alcohol_behaviour", "Alcohol and other behaviours"), ("drugs", "Drugs"),
                         ("other", "Other behaviours")],
        "heard": [("alcohol_worker", "An alcohol worker"), ("smart_member", "Another SMART member"),
                  ("friend", "A friend"), ("drugs_worker", "A drugs worker"), ("gp", "My GP"),
                  ("other", "Somewhere else"), ("social_worker", "A social worker"),
                  ("gp_alcohol_worker", "My GP and an alcohol worker"), ("flyer", "A flyer or poster")],
        "first_attended": [("under_3m", "Within the past 3 months"), ("m3_to_6", "3 to 6 months ago"),
                           ("over_6m", "Over 6 months ago")],
        "frequency": [("twice_weekly", "Twice a week or more"), ("weekly", "Weekly"),
                      ("monthly", "1 to 2 times a month"), ("less", "Less than once a month")],
        "intend": [("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")],
        "yes_no": YES_NO,
        "groups": [("aa", "Alcoholics Anonymous (AA)"), ("voluntary", "A voluntary or community group"),
                   ("nhs", "An NHS group"), ("na", "Narcotics Anonymous (NA)"), ("other", "Another group")],
        "helpful": [("very", "Very helpful"), ("quite", "Quite helpful"), ("not_very", "Not very helpful"),
                    ("unhelpful", "Not at all helpful")],
        "comparison": [("much_more", "Much more useful"), ("more", "More useful"), ("same", "About as useful"),
                       ("less", "Less useful"), ("much_less", "Much less useful"),
                       ("cannot", "I cannot compare")],
        "services": [("gp", "General Practitioner"), ("jobcentre", "JobCentre Plus"),
                     ("ae", "Accident and Emergency department"), ("inpatient", "Hospital inpatient department"),
                     ("rehab", "Rehabilitation project"), ("advice", "Advice centre"),
                     ("outpatient", "Hospital outpatient department"), ("daycare", "Daycare or programme"),
                     ("probation", "Probation"), ("social_services", "LA social services"), ("prison", "Prison")],
        "worries": [("money", "Money"), ("employment", "Employment"), ("relationship", "Marriage/relationship"),
                    ("housing", "Housing"), ("children", "Custody/access to children"), ("other", "Other"),
                    ("court", "Court case")],
    },
}  # fmt: skip

TRAINING = {
    "file": "training_participants_2009.xlsx",
    "settings": {"form_id": "training_profile_2009", "form_title": "Facilitator training participants' profile",
                 "version": "2009-02"},  # fmt: skip
    "survey": [
        ("note", "intro", "Please do not write your name on this form."),
        ("select_one gender", "gender", "Are you", "", "yes"),
        ("integer", "age", "How old are you?", "", "yes", "", ". >= 16 and . <= 100",
         "Please give an age between 16 and 100."),
        ("select_one employment", "employment", "Are you at present"),
        ("select_one marital", "marital", "Are you"),
        ("select_one yes_no", "specialist_treatment", "Have you ever received specialist treatment for your "
         "addictive behaviour?"),
        ("select_one yes_no", "current_treatment", "Are you in treatment at present?", "", "",
         "${specialist_treatment} = 'yes'"),
        ("select_one yes_no", "attended_aa", "Have you ever attended AA?"),
        ("select_one last_drink", "last_drink", "When did you last have a drink?"),
    ],
    "choices": {
        "gender": GENDER,
        "employment": [("unemployed", "Unemployed"), ("retired", "Retired"), ("full_time", "Employed full-time"),
                       ("part_time", "Employed part-time"), ("self_employed", "Self-employed")],
        "marital": [("single", "Single"), ("divorced", "Divorced or separated"),
                    ("married", "Married or cohabiting")],
        "yes_no": YES_NO,
        "last_drink": [("under_3m", "Within the past 3 months"), ("m3_to_12", "3 to 12 months ago"),
                       ("over_1y", "Over a year ago")],
    },
}  # fmt: skip

HOSTS = {
    "file": "host_agencies_2009.xlsx",
    "settings": {"form_id": "host_agencies_2009", "form_title": "Host agencies' questionnaire", "version": "1"},
    "survey": [
        ("select_multiple reasons", "reasons", "Why did your agency apply to host SMART Recovery groups?",
         "Tick all that apply"),
        ("select_one staff_attend", "staff_attend", "Do staff attend the group's meetings?"),
        ("select_one contact", "contact", "How often are you in touch with the group's facilitators?"),
        ("integer", "facilitators", "How many trained facilitators are active at your site?", "", "", "",
         ". >= 0 and . <= 50", "Give a number between 0 and 50."),
        ("text", "support", "What support has your agency given the group?"),
        ("text", "learning", "What have you learned from hosting the group?"),
    ],
    "choices": {
        "reasons": [("service_expansion", "Expanding our services"), ("staff_development", "Staff development"),
                    ("model", "The SMART Recovery model itself"), ("clients", "Supporting our clients")],
        "staff_attend": [("never", "Never"), ("start_only", "Only when the group was set up"),
                         ("sometimes", "Sometimes, if the group asks"), ("regularly", "Regularly")],
        "contact": [("daily", "Most days"), ("weekly", "Every week"), ("fortnightly", "Every fortnight"),
                    ("monthly", "Monthly or less")],
    },
}  # fmt: skip

CONFERENCE = {
    "file": "conference_delegates_2010.xlsx",
    "settings": {"form_id": "conference_delegates_2010",
                 "form_title": "Final conference delegates, March 2010", "version": "1"},
    "survey": [
        ("select_one sector", "sector", "Where do you work?"),
        ("select_one useful", "useful", "How useful was the conference to you?"),
        ("select_one yes_no", "start_group", "Would your organisation consider hosting a SMART Recovery group?"),
        ("text", "learned", "What will you take away from today?"),
    ],
    "choices": {
        "sector": [("statutory", "Statutory services"), ("non_statutory", "Voluntary or non-statutory sector"),
                   ("smart", "SMART Recovery (member or facilitator)"), ("other", "Other")],
        "useful": [("very", "Very useful"), ("quite", "Quite useful"), ("not_very", "Not very useful")],
        "yes_no": YES_NO,
    },
}  # fmt: skip

FORMS = [MEMBERS, TRAINING, HOSTS, CONFERENCE]


def workbook_for(form: dict):
    from openpyxl import Workbook

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for row in form["survey"]:
        survey.append(list(row) + [""] * (len(SURVEY_COLUMNS) - len(row)))
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for list_name, items in form["choices"].items():
        for name, label in items:
            choices.append([list_name, name, label])
    settings = workbook.create_sheet("settings")
    settings.append(list(form["settings"]))
    settings.append(list(form["settings"].values()))
    return workbook


def main() -> None:
    for form in FORMS:
        workbook_for(form).save(HERE / form["file"])
        print(f"wrote {form['file']}")


if __name__ == "__main__":
    main()
