"""The steering committee's meetings and decisions as the evaluation report gives them.

The report names the months the committee met (table "MONTH / KEY ACTIVITIES"), who sat on it ("Steering
committee") and what it decided ("Issues discussed at steering committee meetings"). It gives no day of the month:
each meeting is put on the 15th. Actions with owners and due days are not in the report (its finding is that
nobody was clearly responsible for carrying the decisions out): those here are marked illustrative.
"""

from __future__ import annotations

from datetime import date

from committee.models import CommitteeAction, CommitteeMeeting
from programmes.demo import CONTINUATION, PILOT
from programmes.models import Programme

ATTENDEES = (
    "chair (emeritus professor), Alcohol Concern's director of policy and communications, SMART Recovery UK's "
    "development director, two recovery advocates; also attending: Department of Health, independent evaluator, "
    "project coordinator"
)

# (month, decisions, one a line, in the report's words where it has them)
PILOT_MEETINGS = [
    (date(2008, 5, 15), "First steering group meeting.\nThe committee meets quarterly and guides the project."),
    (
        date(2008, 11, 15),
        "The champion is an advocate or supporter who disseminates the idea of SMART Recovery; ideally at least one "
        "in each area.\nA key issue to watch: the relation between professionals and members of groups.\n"
        "In this pilot there is no place for supervision or the kind of co-facilitation Addaction Cornwall "
        "wanted to offer.",
    ),
    (
        date(2009, 6, 15),
        "Professionals may be involved in meetings but should not facilitate them.\n"
        "Reasonable costs related to training are acceptable; other costs (facilitators' expenses) cannot come "
        "out of the project budget.\nThe project does not fund groups: most members were against providing funds.",
    ),
    (date(2009, 9, 15), "Communications: better use of the Alcohol Concern and SMART Recovery UK websites."),
    (
        date(2009, 11, 15),
        "Future funding of a central infrastructure is a matter for SMART Recovery, not for this committee.",
    ),
    (
        date(2010, 2, 15),
        "The final conference: seek financial support (AERC approached); disseminate to "
        "commissioners and practitioners.",
    ),
]

# (meeting day, description, owner, due, status)
PILOT_ACTIONS = [
    (
        date(2009, 6, 15),
        "Tell the host sites that professionals may attend but not facilitate",
        "Project coordinator",
        date(2009, 7, 31),
        "done",
    ),
    (date(2009, 11, 15), "Write the Champions' Manual", "Project coordinator", date(2010, 1, 31), "done"),
    (
        date(2010, 2, 15),
        "Secure financial support for the final conference",
        "Alcohol Concern",
        date(2010, 3, 1),
        "done",
    ),
    (
        date(2009, 9, 15),
        "Encourage clinicians to refer to the groups as after-care",
        "Host agencies",
        date(2009, 12, 31),
        "dropped",
    ),
]

CONTINUATION_DECISION = (
    "Illustrative: every decision names who carries it out and by when, answering the evaluation's "
    "'lack of clarity about who was the key actor responsible for carrying out the decisions'."
)


def load(*, out) -> None:
    pilot = Programme.objects.get(name=PILOT["name"])
    meetings = {}
    for held_on, decisions in PILOT_MEETINGS:
        meetings[held_on], _ = CommitteeMeeting.objects.update_or_create(
            programme=pilot, held_on=held_on, defaults={"attendees": ATTENDEES, "decisions": decisions}
        )
    for held_on, description, owner, due_on, status in PILOT_ACTIONS:
        CommitteeAction.objects.update_or_create(
            meeting=meetings[held_on],
            description=description,
            defaults={"owner": owner, "due_on": due_on, "status": status, "is_illustrative": True},
        )
    continuation = Programme.objects.get(name=CONTINUATION["name"])
    held_on = continuation.starts_on.replace(day=15)
    meeting, _ = CommitteeMeeting.objects.update_or_create(
        programme=continuation,
        held_on=held_on,
        defaults={
            "attendees": "chair, commissioners, coordinator",
            "decisions": CONTINUATION_DECISION,
            "is_illustrative": True,
        },
    )
    CommitteeAction.objects.update_or_create(
        meeting=meeting,
        description="Name a local champion at every site",
        defaults={
            "owner": "Host agencies",
            "due_on": date(held_on.year, 6, 30),
            "status": "open",
            "is_illustrative": True,
        },
    )
    out.write(f"Steering committee: {CommitteeMeeting.objects.count()} meetings\n")
