"""Demo questionnaires: the report's autumn 2009 members' survey (65 returns), training and host-agency profiles.

The answers are invented, deterministic, and built so that the summary reproduces
the report's published tables ("PROFILE OF GROUP MEMBERS"; "Profile of people
attending training events"). They describe no real person.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from evaluation import tallies
from evaluation.models import Answer, Audience, CollectionRound, Questionnaire, Response
from evaluation.rules import check, rules_for
from evaluation.services import answers_for, questionnaire_import, questions_by_name
from evaluation.xlsform import read_xlsform
from pilot import illustrative

DATA = Path(__file__).resolve().parent / "demo_data"
MEMBERS_FORM = "members_autumn_2009"
TRAINING_FORM = "training_profile_2009"
HOSTS_FORM = "host_agencies_2009"
CONFERENCE_FORM = "conference_delegates_2010"

# Members' questionnaire: (site slug, group name, returns), autumn 2009 - the groups then meeting.
MEMBER_ROUNDS = [
    ("birmingham", "Birmingham", 12),
    ("birmingham", "Solihull", 8),
    ("sheffield", "Sheffield", 20),
    ("norwich", "Norwich", 4),
    ("croydon", "Croydon", 9),
    ("gateshead", "Gateshead", 2),
    ("cumbria", "Kendal", 4),
    ("cumbria", "Carlisle", 3),
    ("cumbria", "Workington", 3),
]
# Counts out of 65 (or of those answering) that round to the report's percentages.
MEMBER_COUNTS = {
    "gender": {"male": 44, "female": 21},
    "last_drink": {"under_3m": 36, "m3_to_12": 16, "y1_to_5": 8, "over_5y": 5},
    "main_problem": {"alcohol": 50, "alcohol_drugs": 7, "alcohol_behaviour": 6, "drugs": 1, "other": 1},
    "heard": {"alcohol_worker": 43, "smart_member": 6, "friend": 3, "drugs_worker": 2, "gp": 2, "other": 3,
              "social_worker": 4, "gp_alcohol_worker": 1},
    "first_attended": {"under_3m": 41, "m3_to_6": 13, "over_6m": 11},
    "frequency": {"twice_weekly": 19, "weekly": 41, "monthly": 4, "less": 1},
    "continue": {"yes": 62, "no": 1, "unsure": 2},
    "previous_groups": {"yes": 52, "no": 13},
    "helpful": {"very": 50, "quite": 13},
    "comparison": {"much_more": 19, "more": 22, "same": 11, "less": 1, "cannot": 4},
}  # fmt: skip
MEMBER_TICKS = {
    "services_used": {"gp": 50, "jobcentre": 21, "ae": 16, "inpatient": 13, "rehab": 11, "advice": 11,
                      "outpatient": 10, "daycare": 3, "probation": 2, "social_services": 1},
    "worries": {"money": 33, "employment": 25, "relationship": 15, "housing": 13, "children": 7, "other": 6,
                "court": 5},
}  # fmt: skip
WHICH_GROUPS = {"aa": 39, "voluntary": 18, "nhs": 11, "na": 5, "other": 15}
# Treatment: 39 past only, 15 past and current, 3 current only, 8 never (83% past, 28% current, 12% never).
TREATMENT = [["past"]] * 39 + [["past", "current"]] * 15 + [["current"]] * 3 + [["never"]] * 8
# The members' own words as the report quotes them ("VARIATIONS BETWEEN SITES"), each in a return from
# the group of the site the report gives. (Which of a site's groups, and which return, is illustrative.)
COMMENTS = {
    "Croydon": [
        "It is good to have something different from other types of meetings. Meetings are always friendly and "
        "leave me feeling more positive and relaxed.",
    ],
    "Sheffield": [
        "Nobody criticises anybody else - everybody gets a chance to talk about their problems without "
        "interruption which is very good.",
        "It would be good to have some group activities for the group to do together.",
        "SMART tools have helped me in my whole life (not just my recovery) by using the problem solving to help "
        "me make every-day decisions – and I now go to the gym with other group members.",
    ],
    "Birmingham": [
        "It is good to have a weekly meeting with other people in the same situation as myself (ie recovering "
        "alcoholic).",
        "I wish that I had joined a group like this before. It is very good to meet people in the same situation "
        "as me. It has taught me that I am not unique.",
    ],
    "Kendal": [
        "The practical aspects of AA worked for me to a certain extent, the spiritual/ steps aspect did not. I "
        "find that SMART is very focused on the practical which is extremely important to me. It is also a very "
        "open minded programme which some AA meetings are not and this is also important to me.",
    ],
    "Gateshead": ["The SMART Recovery group is better than AA."],
}

TRAINING_ROUNDS = [  # site slug, returns, month of the training
    ("birmingham", 13, datetime.date(2009, 2, 1)),
    ("sheffield", 10, datetime.date(2009, 3, 1)),
    ("norwich", 9, datetime.date(2009, 3, 1)),
    ("croydon", 10, datetime.date(2009, 3, 1)),
    ("gateshead", 12, datetime.date(2009, 4, 1)),
    ("cumbria", 9, datetime.date(2009, 6, 1)),
]
TRAINING_COUNTS = {
    "gender": {"male": 43, "female": 20},
    "employment": {"unemployed": 44, "retired": 5, "full_time": 5, "part_time": 5, "self_employed": 4},
    "marital": {"single": 21, "divorced": 16, "married": 16},
    "specialist_treatment": {"yes": 56, "no": 7},
    "attended_aa": {"yes": 38, "no": 25},
    "last_drink": {"under_3m": 13, "m3_to_12": 25, "over_1y": 25},
}
HOST_SITES = ["birmingham", "sheffield", "norwich", "croydon", "gateshead", "cumbria"]

# Why a figure is illustrative (pilot.illustrative): the report gives totals and quotes, not these.
MEMBER_SPLIT_NOTE = "Illustrative: the report gives 65 returns in all, not how many came from each group."
TRAINING_SPLIT_NOTE = "Illustrative: the report profiles the 63 trained, not how many came from each training."
HOST_ANSWERS_NOTE = (
    "Illustrative: the report sums up the host agencies' answers without giving each agency's; these are "
    "invented, and each agency's winter answers repeat its spring ones."
)


def _column(counts: dict[str, int], total: int, rng: random.Random) -> list[str]:
    """A shuffled column of choice names with exactly these counts, blanks for the rest."""
    values = [name for name, n in counts.items() for _ in range(n)]
    values += [""] * (total - len(values))
    rng.shuffle(values)
    return values


def _ticks(counts: dict[str, int], people: list[int], rng: random.Random) -> dict[int, list[str]]:
    picked: dict[int, list[str]] = {p: [] for p in people}
    for name, n in counts.items():
        for person in rng.sample(people, n):
            picked[person].append(name)
    return picked


def _ages(total: int, low: int, high: int, mean: int) -> list[int]:
    """Whole-number ages from low to high, symmetric about the mean (so mean and median are `mean`)."""
    ages = [mean] * total
    span = min(mean - low, high - mean)
    for i in range((total - 1) // 2):
        step = 1 + (i * (span - 1)) // max((total - 1) // 2 - 1, 1)
        ages[2 * i], ages[2 * i + 1] = mean - step, mean + step
    ages[0], ages[1] = low, high  # the report's extremes
    ages[2] -= (low + high) - 2 * mean  # keep the sum, hence the mean, unchanged
    return ages


def member_answers() -> list[dict[str, object]]:
    """The 65 members' answer sheets, as values by question name."""
    rng = random.Random(2009)
    total = 65
    columns = {name: _column(counts, total, rng) for name, counts in MEMBER_COUNTS.items()}
    ages = _ages(total, 27, 69, 47)
    rng.shuffle(ages)
    treatment = list(TREATMENT)
    rng.shuffle(treatment)
    yes = [i for i in range(total) if columns["previous_groups"][i] == "yes"]
    which = {p: [] for p in yes}
    pool = [name for name, n in WHICH_GROUPS.items() for _ in range(n)]
    for index, name in enumerate(pool):  # every 'yes' gets at least one group, none twice
        person = next(
            yes[(index + k) % len(yes)] for k in range(len(yes)) if name not in which[yes[(index + k) % len(yes)]]
        )
        which[person].append(name)
    ticks = {q: _ticks(counts, list(range(total)), rng) for q, counts in MEMBER_TICKS.items()}
    sheets = []
    for i in range(total):
        sheet = {name: columns[name][i] for name in MEMBER_COUNTS}
        sheet["age"] = ages[i]
        sheet["treatment"] = treatment[i]
        sheet["which_groups"] = which.get(i, [])
        for q in MEMBER_TICKS:
            sheet[q] = ticks[q][i]
        sheet["comments"] = ""
        sheets.append(sheet)
    return sheets


def training_answers() -> list[dict[str, object]]:
    rng = random.Random(2008)
    total = 63
    columns = {name: _column(counts, total, rng) for name, counts in TRAINING_COUNTS.items()}
    ages = _ages(total, 29, 63, 45)
    rng.shuffle(ages)
    sheets = []
    for i in range(total):
        sheet = {name: columns[name][i] for name in TRAINING_COUNTS}
        sheet["age"] = ages[i]
        # A quarter of all trainees (16 of 63) were in treatment at the time.
        if sheet["specialist_treatment"] == "yes":
            sheet["current_treatment"] = (
                "yes" if sum(1 for s in sheets if s.get("current_treatment") == "yes") < 16 else "no"
            )
        sheets.append(sheet)
    return sheets


def host_answers() -> list[dict[str, object]]:
    reasons = [["service_expansion", "clients"], ["model", "clients"], ["staff_development", "service_expansion"],
               ["clients"], ["service_expansion", "model"], ["model", "staff_development", "clients"]]  # fmt: skip
    attend = ["start_only", "never", "sometimes", "start_only", "never", "sometimes"]
    contact = ["weekly", "daily", "monthly", "fortnightly", "monthly", "weekly"]
    active = [4, 3, 1, 2, 2, 3]
    return [
        {
            "reasons": reasons[i],
            "staff_attend": attend[i],
            "contact": contact[i],
            "facilitators": active[i],
            "support": "A room in our building, photocopying and a phone for the facilitator." if i % 2 else "",
            "learning": "It takes time for a new group to find its members." if i % 3 == 0 else "",
        }  # fmt: skip
        for i in range(6)
    ]


def _questionnaire(form_file: str, audience: str, *, out) -> Questionnaire:
    form_id = {"members_autumn_2009.xlsx": MEMBERS_FORM, "training_participants_2009.xlsx": TRAINING_FORM,
               "host_agencies_2009.xlsx": HOSTS_FORM,
               "conference_delegates_2010.xlsx": CONFERENCE_FORM}[form_file]  # fmt: skip
    data = (DATA / form_file).read_bytes()
    questionnaire = Questionnaire.objects.filter(form_id=form_id).first()
    if questionnaire is None:
        questionnaire = questionnaire_import(data=data, filename=form_file, audience=audience).questionnaire
    else:
        _refresh_questions(questionnaire, data=data, filename=form_file)
    return questionnaire


REFRESHED_FIELDS = ("label", "hint", "required", "relevant", "constraint", "constraint_message")


def _refresh_questions(questionnaire: Questionnaire, *, data: bytes, filename: str) -> None:
    """An older demo database takes the shipped workbook's wording and rules (a constraint added since) for the
    same version: the questions and choices themselves, and so the answers, are unchanged."""
    definition = read_xlsform(data, filename=filename)
    version = questionnaire.versions.filter(version=definition["version"]).first()
    if version is None or bytes(version.source) == data:
        return
    questions = {q.name: q for q in version.questions.all()}
    for item in definition["questions"]:
        question = questions.get(item["name"])
        if question is not None and any(getattr(question, f) != item[f] for f in REFRESHED_FIELDS):
            for field in REFRESHED_FIELDS:
                setattr(question, field, item[field])
            question.save(update_fields=list(REFRESHED_FIELDS))
    version.source, version.definition = data, definition
    version.save(update_fields=["source", "definition"])


def _fill_round(questionnaire, *, name, site, group, opens_on, closes_on, sheets) -> CollectionRound:
    """Create or refresh a round and make its responses exactly these answer sheets."""
    version = questionnaire.current_version
    collection_round, _ = CollectionRound.objects.update_or_create(
        questionnaire=questionnaire,
        name=name,
        defaults={"version": version, "site": site, "group": group, "opens_on": opens_on, "closes_on": closes_on},
    )
    questions = questions_by_name(version)
    if _holds(collection_round, sheets, questions):
        return collection_round
    collection_round.responses.all().delete()  # answers go with them; the queryset recounts the tallies
    rules = rules_for(version)
    days = (closes_on - opens_on).days
    answers = []
    for n, sheet in enumerate(sheets):
        values = {k: (v if isinstance(v, list) else ("" if v == "" else v)) for k, v in sheet.items()}
        values = {k: _typed(questions[k], v) for k, v in values.items()}
        kept, errors = check(rules, values, strict_skips=True)
        if errors:
            raise ValueError(f"demo answer sheet {n} of {name} breaks the form's rules: {errors}")
        response = Response.objects.create(
            round=collection_round,
            version=version,
            is_paper=True,
            submitted_on=opens_on + datetime.timedelta(days=(n * 7) % (days + 1)),
        )
        answers.extend(answers_for(response=response, questions=questions, values=kept))
    Answer.objects.bulk_create(answers)
    tallies.refresh([collection_round.pk])
    return collection_round


def _holds(collection_round, sheets, questions) -> bool:
    """Whether the round already holds these sheets: as many responses, with the same written answers."""
    if collection_round.responses.count() != len(sheets):
        return False
    text = [name for name, q in questions.items() if q.type == "text"]
    wanted = sorted(sheet[name] for sheet in sheets for name in text if sheet.get(name))
    stored = Answer.objects.filter(response__round=collection_round, question__name__in=text).exclude(text_value="")
    return wanted == sorted(stored.values_list("text_value", flat=True))


def _typed(question, value):
    from decimal import Decimal

    if value in ("", []):
        return ""
    if question.type in ("integer", "decimal"):
        return Decimal(value)
    return value


# The two facilitator focus groups (report, "Research methods": "two were held with facilitators attending
# networking events organized by the project coordinator in September and December 2009"). The notes hold the
# report's published findings, in its words; the day within each month is not given.
FOCUS_GROUP_DAY_NOTE = (
    "Illustrative: the report gives the month of the focus group, not the day; this is the demo's networking meeting."
)
FOCUS_GROUPS = [
    (
        datetime.date(2009, 9, 15),
        "Facilitators' focus group at the September networking meeting, Manchester.\n"
        "It is hard to keep the group together. It requires a lot of dedication from facilitators. "
        "Facilitators need support to keep the group together. "
        "It can be difficult to maintain the enthusiasm of facilitators.\n"
        "Clients are initially keen but then get a bit worried about their responsibilities.\n"
        "Locate meeting venue before initial training. "
        "Ensure posters and advertising ready before training conducted.",
        [
            ("Facilitator support", "Facilitators need support to keep the group together."),
            ("Facilitator support", "It can be difficult to maintain the enthusiasm of facilitators."),
            ("Peer leadership", "Clients are initially keen but then get a bit worried about their responsibilities."),
            ("Venue", "Locate meeting venue before initial training."),
        ],
    ),
    (
        datetime.date(2009, 12, 8),
        "Facilitators' focus group at the December networking meeting, London.\n"
        "Facilitators must not be over stressed. "
        "Quality checks should be made to ensure that facilitators are following guidelines.\n"
        "The agency must continue to demonstrate enthusiasm for SMART and support for group members. "
        "More professional support than anticipated has been needed.\n"
        "Make it clear early on that this is their group not one which is owned by the agency.\n"
        "Have local trainers. Questions around what happens now?",
        [
            ("Facilitator support", "Facilitators must not be over stressed."),
            ("Professional involvement", "More professional support than anticipated has been needed."),
            (
                "Peer leadership",
                "Make it clear early on that this is their group not one which is owned by the agency.",
            ),
            ("Sustainability", "Questions around what happens now?"),
        ],
    ),
]


# The final conference, London, 10 March 2010: the report says delegates had a questionnaire, not what they
# answered. These few answer sheets are made up and marked so.
CONFERENCE_ANSWERS_NOTE = "Illustrative: the report does not give the conference delegates' answers."
CONFERENCE_ANSWERS = [
    {"sector": "non_statutory", "useful": "very", "start_group": "yes", "learned": "Groups need a champion locally."},
    {"sector": "statutory", "useful": "quite", "start_group": "yes", "learned": ""},
    {"sector": "smart", "useful": "very", "start_group": "no", "learned": "Other facilitators face the same things."},
    {"sector": "non_statutory", "useful": "quite", "start_group": "no", "learned": ""},
    {"sector": "statutory", "useful": "very", "start_group": "yes", "learned": "Find the venue before the training."},
]  # fmt: skip


def load_conference(*, out) -> list:
    """The delegates' questionnaire and a round at the conference with a few illustrative answers.

    A round belongs to a host site; the conference was in London, so its round is under the south London site."""
    from sites.models import HostSite

    conference = _questionnaire("conference_delegates_2010.xlsx", Audience.CONFERENCE_DELEGATES, out=out)
    conference_round = _fill_round(
        conference,
        name="Final conference, London, March 2010",
        site=HostSite.objects.get(slug="croydon"),
        group=None,
        opens_on=datetime.date(2010, 3, 10),
        closes_on=datetime.date(2010, 3, 31),
        sheets=[dict(sheet) for sheet in CONFERENCE_ANSWERS],
    )
    out.write(f"  evaluation: the conference delegates' questionnaire, {len(CONFERENCE_ANSWERS)} illustrative returns")
    return [(conference_round, "answers", CONFERENCE_ANSWERS_NOTE)]


def load_qualitative(*, out) -> None:
    """The focus groups as network-wide notes, with their passages (refreshed to exactly these)."""
    from evaluation.qualitative import NoteKind, Passage, QualitativeNote, Theme

    marks = []
    themes = {t.name: t for t in Theme.objects.filter(programme=None)}
    for day, text, passages in FOCUS_GROUPS:
        note, _ = QualitativeNote.objects.update_or_create(
            kind=NoteKind.FOCUS_GROUP,
            date=day,
            site=None,
            defaults={"participant_roles": ["facilitator"], "notes": text},
        )
        Passage.objects.filter(note=note).delete()
        Passage.objects.bulk_create(
            Passage(note=note, theme=themes[theme], excerpt=excerpt) for theme, excerpt in passages
        )
        marks.append((note, "date", FOCUS_GROUP_DAY_NOTE))
    illustrative.record(marks, models=[QualitativeNote])
    out.write("  evaluation: 2 facilitator focus groups with their passages")


def load(*, out) -> None:
    from groups.models import Group
    from sites.models import HostSite

    sites = {s.slug: s for s in HostSite.objects.all()}
    groups = {(g.site.slug, g.name): g for g in Group.objects.select_related("site")}

    members = _questionnaire("members_autumn_2009.xlsx", Audience.GROUP_MEMBERS, out=out)
    marks = []  # (round, figure, why it is illustrative)
    sheets = member_answers()
    start = 0
    for slug, group_name, returns in MEMBER_ROUNDS:
        for sheet, comment in zip(sheets[start : start + returns], COMMENTS.get(group_name, []), strict=False):
            sheet["comments"] = comment
        member_round = _fill_round(
            members,
            name=f"Autumn 2009, {group_name} group",
            site=sites[slug],
            group=groups.get((slug, group_name)),
            opens_on=datetime.date(2009, 10, 1),
            closes_on=datetime.date(2009, 11, 30),
            sheets=sheets[start : start + returns],
        )
        marks.append((member_round, "responses", MEMBER_SPLIT_NOTE))
        start += returns

    training = _questionnaire("training_participants_2009.xlsx", Audience.TRAINING_PARTICIPANTS, out=out)
    sheets = training_answers()
    start = 0
    for slug, returns, day in TRAINING_ROUNDS:
        training_round = _fill_round(
            training,
            name=f"Facilitator training, {sites[slug].name}, {day:%B %Y}",
            site=sites[slug],
            group=None,
            opens_on=day,
            closes_on=day + datetime.timedelta(days=27),
            sheets=sheets[start : start + returns],
        )
        marks.append((training_round, "responses", TRAINING_SPLIT_NOTE))
        start += returns

    hosts = _questionnaire("host_agencies_2009.xlsx", Audience.HOST_AGENCIES, out=out)
    answers = host_answers()
    for when, opens_on, slugs in (
        ("spring 2009", datetime.date(2009, 4, 1), HOST_SITES),
        ("winter 2009-10", datetime.date(2010, 1, 4), [s for s in HOST_SITES if s != "norwich"]),
    ):
        for slug in slugs:
            host_round = _fill_round(
                hosts,
                name=f"Host agencies {when}, {sites[slug].name}",
                site=sites[slug],
                group=None,
                opens_on=opens_on,
                closes_on=opens_on + datetime.timedelta(days=41),
                sheets=[answers[HOST_SITES.index(slug)]],
            )
            marks.append((host_round, "answers", HOST_ANSWERS_NOTE))
    marks.extend(load_conference(out=out))  # every round's marks in one record(): it replaces the model's
    illustrative.record(marks, models=[CollectionRound])
    out.write("  evaluation: 4 questionnaires; 65 members', 63 trainees' and 11 host agencies' returns")
    load_qualitative(out=out)
