"""The demo's raw responses reproduce the evaluation report's published tables (autumn 2009, training)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from evaluation.models import CollectionRound, Questionnaire, Response
from evaluation.summary import questionnaire_summary

# (question, column, {choice: the percentage printed}), from the section "PROFILE OF GROUP MEMBERS".
MEMBERS_REPORT = [
    ("gender", "percent", {"male": 68, "female": 32}),
    ("treatment", "percent", {"past": 83, "current": 28, "never": 12}),
    ("last_drink", "percent", {"under_3m": 55, "over_5y": 8}),
    ("main_problem", "percent", {"alcohol": 77, "alcohol_drugs": 11, "alcohol_behaviour": 9, "drugs": 1.5,
                                 "other": 1.5}),
    ("heard", "percent", {"alcohol_worker": 66, "smart_member": 9, "friend": 5, "drugs_worker": 3, "gp": 3,
                          "other": 5, "social_worker": 6, "gp_alcohol_worker": 1.5, "flyer": 0}),
    ("first_attended", "percent", {"under_3m": 63, "m3_to_6": 20, "over_6m": 17}),
    ("frequency", "percent", {"weekly": 63, "twice_weekly": 29, "monthly": 6, "less": 1.5}),
    ("continue", "percent", {"yes": 95, "no": 1.5}),
    ("previous_groups", "percent", {"yes": 80}),
    ("which_groups", "percent", {"aa": 60, "voluntary": 28, "nhs": 17, "na": 8, "other": 23}),
    ("helpful", "valid_percent", {"very": 79, "quite": 21, "not_very": 0, "unhelpful": 0}),
    ("comparison", "valid_percent", {"much_more": 33, "more": 39, "same": 19, "less": 2}),
    ("services_used", "percent", {"gp": 77, "jobcentre": 32, "ae": 25, "inpatient": 20, "rehab": 17, "advice": 17,
                                  "outpatient": 15, "daycare": 5, "probation": 3, "social_services": 2,
                                  "prison": 0}),
    ("worries", "percent", {"money": 51, "employment": 39, "relationship": 23, "housing": 20, "children": 11,
                            "other": 9, "court": 8}),
]  # fmt: skip


def as_reported(value: float, report: float) -> float:
    """Our one-decimal figure as the report printed it: whole numbers, except its 1.5s."""
    if report % 1:
        return value
    return float(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@pytest.fixture
def demo(db):
    from io import StringIO

    from evaluation import demo as evaluation_demo
    from groups import demo as groups_demo
    from sites import demo as sites_demo

    out = StringIO()
    sites_demo.load(out=out)
    groups_demo.load(out=out)
    evaluation_demo.load(out=out)
    return out


def test_members_summary_matches_every_table_of_the_report(demo):
    summary = questionnaire_summary(questionnaire=Questionnaire.objects.get(form_id="members_autumn_2009"))
    assert summary["responses"] == 65
    tables = {q["name"]: q for q in summary["questions"]}
    mismatches = []
    for question, column, figures in MEMBERS_REPORT:
        ours = {c["name"]: as_reported(c[column], figures.get(c["name"], 0)) for c in tables[question]["choices"]}
        for name, reported in figures.items():
            if ours[name] != float(reported):
                mismatches.append(f"{question}/{name}: ours {ours[name]}, report {reported}")
    assert not mismatches


def test_members_age_and_over_a_year_abstinent(demo):
    summary = questionnaire_summary(questionnaire=Questionnaire.objects.get(form_id="members_autumn_2009"))
    age = next(q for q in summary["questions"] if q["name"] == "age")
    assert (age["answered"], age["min"], age["max"], age["mean"], age["median"]) == (65, 27, 69, 47.0, 47)
    drink = {
        c["name"]: c["count"] for c in next(q for q in summary["questions"] if q["name"] == "last_drink")["choices"]
    }
    assert round((drink["y1_to_5"] + drink["over_5y"]) / 65 * 100) == 20  # "for 20% this was over a year ago"


def test_members_responses_are_spread_over_the_groups_meeting_that_autumn(demo):
    rounds = CollectionRound.objects.filter(questionnaire__form_id="members_autumn_2009")
    assert {r.site.slug for r in rounds} == {"birmingham", "sheffield", "norwich", "croydon", "gateshead", "cumbria"}
    assert all(r.group is not None for r in rounds)
    assert Response.objects.filter(round__in=rounds, is_paper=True).count() == 65


def test_training_profile_matches_the_report(demo):
    summary = questionnaire_summary(questionnaire=Questionnaire.objects.get(form_id="training_profile_2009"))
    q = {t["name"]: t for t in summary["questions"]}
    assert summary["responses"] == 63
    assert round(next(c for c in q["gender"]["choices"] if c["name"] == "male")["percent"]) == 68
    assert (q["age"]["min"], q["age"]["max"], q["age"]["mean"]) == (29, 63, 45.0)
    unemployed = next(c for c in q["employment"]["choices"] if c["name"] == "unemployed")["percent"]
    assert 68 <= unemployed <= 72  # "about seven in ten"
    assert q["marital"]["answered"] == 53  # "with 10 no replies"


def test_loading_twice_changes_nothing(demo):
    from evaluation import demo as evaluation_demo

    before = (Questionnaire.objects.count(), CollectionRound.objects.count(), Response.objects.count())
    evaluation_demo.load(out=demo)
    assert (Questionnaire.objects.count(), CollectionRound.objects.count(), Response.objects.count()) == before
    assert before == (4, 9 + 6 + 11 + 1, 65 + 63 + 11 + 5)  # the conference: one round, five returns


@pytest.mark.parametrize(
    ("ticked", "refused"),
    [(["never", "current"], True), (["past", "never"], True), (["never"], False), (["past", "current"], False)],
)
def test_members_treatment_never_cannot_go_with_a_yes(demo, ticked, refused):
    from evaluation.rules import check, rules_for

    version = Questionnaire.objects.get(form_id="members_autumn_2009").current_version
    _, errors = check(rules_for(version), {"gender": "male", "age": Decimal(40), "treatment": ticked})
    assert ("treatment" in errors) is refused
    if refused:
        assert errors["treatment"] == '"Never" cannot go with a "Yes" answer: untick one of them.'


def test_an_older_demo_database_takes_the_workbooks_new_constraint(demo):
    from evaluation import demo as evaluation_demo
    from evaluation.models import Question

    treatment = Question.objects.get(version__questionnaire__form_id="members_autumn_2009", name="treatment")
    treatment.constraint = treatment.constraint_message = ""
    treatment.save()
    treatment.version.source = b"an older workbook"
    treatment.version.save()
    intro = treatment.version.questions.get(name="intro")
    intro.label = "Do not write your name: the questionnaire is anonymous."
    intro.save()
    evaluation_demo.load(out=demo)
    treatment.refresh_from_db()
    intro.refresh_from_db()
    assert treatment.constraint.startswith("not(selected(., 'never')")
    assert "anonymous" not in intro.label  # the page says so once, above the form
    assert Response.objects.filter(round__questionnaire__form_id="members_autumn_2009").count() == 65


def test_the_conference_questionnaire_has_a_few_illustrative_delegates_returns(demo):
    from evaluation import demo as evaluation_demo
    from evaluation.demo import CONFERENCE_ANSWERS, CONFERENCE_ANSWERS_NOTE
    from pilot.models import IllustrativeFigure

    conference = Questionnaire.objects.get(form_id="conference_delegates_2010")
    assert conference.audience == "conference_delegates"
    the_round = conference.rounds.get()
    assert the_round.opens_on.isoformat() == "2010-03-10"
    assert Response.objects.filter(round=the_round).count() == len(CONFERENCE_ANSWERS)
    mark = IllustrativeFigure.objects.get(model="evaluation.collectionround", object_id=the_round.pk)
    assert mark.note == CONFERENCE_ANSWERS_NOTE
    evaluation_demo.load(out=demo)  # again: the same, and the other rounds keep their marks
    assert Response.objects.filter(round=the_round).count() == len(CONFERENCE_ANSWERS)
    assert IllustrativeFigure.objects.filter(model="evaluation.collectionround").count() > 1
