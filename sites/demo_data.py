"""The demo's data for the sites app, from the pilot's evaluation report (May 2010).

The seven host agencies are real; their people, phone numbers (Ofcom's drama ranges)
and addresses (example.org) are invented. The 26 applicants that were not selected
are illustrative: generic invented names, spread over the regions of England.
"""

from datetime import date

D = date

# Why a figure of the demo is illustrative (pilot.illustrative): the report's own words are months and totals.
DAY_NOTE = "Illustrative day: the report gives the month, not the day."
SCORES_NOTE = "Illustrative scores: the report gives the selection criteria, not how each application scored."
APPLICANT_NOTE = "Illustrative applicant: the report says 33 agencies applied from all regions of England, not which."

# slug: (site name, agency, locality, region, setting, provider, offers: room, copying, phone, net, tea, referral)
SITES = {
    "birmingham": (
        "Birmingham and Solihull",
        "Aquarius",
        "Birmingham",
        "west_midlands",
        "urban",
        "drug_and_alcohol",
        (True, True, True, True, False, True),
    ),
    "sheffield": (
        "Sheffield",
        "SAAS (Sheffield Alcohol Advisory Service)",
        "Sheffield",
        "yorkshire",
        "urban",
        "specialist_alcohol",
        (True, True, True, True, True, True),
    ),
    "norwich": (
        "Norwich",
        "NORCAS",
        "Norwich",
        "east",
        "mixed",
        "drug_and_alcohol",
        (True, True, False, True, False, True),
    ),
    "croydon": (
        "Croydon",
        "SLYMCA (South London YMCA)",
        "Croydon",
        "london",
        "urban",
        "housing",
        (True, False, False, True, True, False),
    ),
    "gateshead": (
        "Gateshead",
        "Turning Point",
        "Gateshead",
        "north_east",
        "urban",
        "generalist",
        (True, True, True, False, False, True),
    ),
    "cumbria": (
        "Cumbria",
        "ADS / CCDAS",
        "Kendal",
        "north_west",
        "rural",
        "nhs",
        (True, True, True, True, False, True),
    ),
    "cornwall": (
        "Cornwall",
        "Addaction Cornwall",
        "Truro",
        "south_west",
        "rural",
        "drug_and_alcohol",
        (True, True, True, True, True, True),
    ),
}

SITE_PHONES = {
    "birmingham": "0121 496 0410",
    "sheffield": "0114 496 0720",
    "norwich": "01632 960 311",
    "croydon": "020 7946 0182",
    "gateshead": "0191 498 0655",
    "cumbria": "01632 960 574",
    "cornwall": "01632 960 903",
}

# slug: [(date, status, note)]
# The months are the report's (table "MONTH / KEY ACTIVITIES" and "Developing the groups locally"); the days
# are illustrative. "Training delivered" is the last day of the site's training (the professionals' day where
# there was one, training/demo.py); "groups meeting" is the first meeting of the site's first group
# (groups/demo.py). Sheffield and Birmingham stay "groups meeting": the report calls both "completely
# successful" but says the groups "will continue to need some emotional and material support", which is
# not self-sustaining.
HISTORIES = {
    "birmingham": [
        (D(2008, 8, 22), "applied", ""),
        (D(2008, 9, 24), "selected", ""),
        (D(2008, 10, 15), "agreement_issued", ""),
        (D(2008, 11, 18), "agreement_signed", ""),
        (D(2009, 2, 12), "training_delivered", "First training event of the pilot: 15 on day one, 13 on day two."),
        (
            D(2009, 3, 2),
            "groups_meeting",
            "A core of four meets weekly at the Aquarius building. Completely successful, in the report's words, "
            "but still needing the host agency's support.",
        ),
    ],
    "sheffield": [
        (D(2008, 8, 27), "applied", ""),
        (D(2008, 9, 24), "selected", ""),
        (D(2008, 10, 15), "agreement_issued", ""),
        (D(2008, 11, 12), "agreement_signed", ""),
        (D(2009, 3, 5), "training_delivered", ""),
        (
            D(2009, 4, 7),
            "groups_meeting",
            "Key facilitator answers the group phone and presents weekly to agencies. Completely successful, in "
            "the report's words, but still needing the host agency's support.",
        ),
    ],
    "norwich": [
        (D(2008, 8, 20), "applied", ""),
        (D(2008, 9, 24), "selected", ""),
        (D(2008, 10, 15), "agreement_issued", ""),
        (D(2008, 11, 25), "agreement_signed", ""),
        (D(2009, 3, 19), "training_delivered", ""),
        (D(2009, 3, 25), "groups_meeting", "Norwich group begins; a Lowestoft meeting is considered."),
        (
            D(2009, 12, 8),
            "withdrawn",
            "NORCAS formally withdraw: the key facilitator stepped down and other local alcohol groups compete.",
        ),
    ],
    "croydon": [
        (D(2008, 8, 29), "applied", ""),
        (D(2008, 9, 24), "selected", ""),
        (D(2008, 10, 15), "agreement_issued", ""),
        (D(2008, 11, 27), "agreement_signed", ""),
        (D(2009, 3, 26), "training_delivered", ""),
        (D(2009, 4, 16), "groups_meeting", "Meets in a YMCA lounge, after a long search for a venue."),
    ],
    "gateshead": [
        (D(2008, 8, 26), "applied", ""),
        (D(2008, 9, 24), "selected", ""),
        (D(2008, 10, 15), "agreement_issued", ""),
        (D(2008, 11, 20), "agreement_signed", ""),
        (
            D(2009, 4, 22),
            "training_delivered",
            "25 came on day one, half left (they expected general facilitator training); 12 on day two.",
        ),
    ],
    "cumbria": [
        (D(2008, 8, 28), "applied", ""),
        (D(2008, 9, 24), "not_selected", "Strong rural applicant; Cornwall chosen as the rural site."),
        (
            D(2009, 1, 28),
            "selected",
            "Chosen as the replacement rural site once the agreement with Addaction Cornwall ended (identified "
            "as the replacement location in November 2008).",
        ),
        (D(2009, 2, 4), "agreement_issued", ""),
        (D(2009, 2, 19), "agreement_signed", ""),
        (D(2009, 6, 10), "training_delivered", ""),
        (D(2009, 7, 7), "groups_meeting", "Trainees meet in Kendal, Carlisle and Workington."),
    ],
    "cornwall": [
        (D(2008, 8, 21), "applied", ""),
        (D(2008, 9, 24), "selected", ""),
        (D(2008, 10, 15), "agreement_issued", ""),
        (D(2008, 11, 13), "agreement_signed", ""),
        (
            D(2009, 1, 27),
            "withdrawn",
            "Agreement ended after a visit by the second project coordinator: Addaction Cornwall wanted every "
            "group co-facilitated by staff, which the pilot's peer-led model did not allow (a position the "
            "steering committee supported).",
        ),
    ],
}

# slug: [(name, role, kind, named contact, email local part, phone, active)]
PEOPLE = {
    "birmingham": [
        ("Helen Marsh", "senior_contact", "professional", True, "helen.marsh", "0121 496 0411", True),
        ("Joanne Price", "practitioner_champion", "professional", False, "joanne.price", "0121 496 0417", True),
        # Aquarius staff, not a facilitator: professionals may attend meetings but not facilitate them
        # (steering committee, June 2009). Solihull's local champion in the report's account.
        ("Maggie", "practitioner_champion", "professional", False, "maggie", "0121 496 0418", True),
    ],
    "sheffield": [
        ("David Holt", "senior_contact", "professional", True, "david.holt", "0114 496 0721", True),
        ("Karen Walsh", "practitioner_champion", "professional", False, "karen.walsh", "0114 496 0725", True),
        ("Mark", "recovery_advocate", "peer", False, "sheffield.smart", "07700 900 314", True),
    ],
    "norwich": [
        ("Susan Reeve", "senior_contact", "professional", True, "susan.reeve", "01632 960 312", True),
        ("Paul", "recovery_advocate", "peer", False, "norwich.smart", "07700 900 522", False),
    ],
    "croydon": [("Andrew Okafor", "senior_contact", "professional", True, "andrew.okafor", "020 7946 0183", True)],
    "gateshead": [("Lynne Carr", "senior_contact", "professional", True, "lynne.carr", "0191 498 0656", True)],
    "cumbria": [
        ("Ruth Bell", "senior_contact", "professional", True, "ruth.bell", "01632 960 575", True),
        ("Ian", "recovery_advocate", "peer", False, "kendal.smart", "07700 900 871", True),
    ],
    "cornwall": [("Graham Penrose", "senior_contact", "professional", True, "graham.penrose", "01632 960 904", False)],
}

# (site slug or None for the network, date, kind, note, follow-up date, follow-up done)
# Contact is close around training and tails off through 2009, as the report found. Each key activity of
# the report's table is one milestone in its month (days illustrative); training, networking meetings and
# the conference are events (training/demo.py), and groups' first meetings come from the groups, so none
# of those is repeated here as a milestone.
LOG = [
    # The report's table of key activities, as network milestones.
    (None, D(2008, 4, 1), "milestone", "Grant from the Department of Health begins.", None, False),
    (None, D(2008, 5, 14), "milestone", "First steering group meeting.", None, False),
    (None, D(2008, 7, 7), "milestone", "First project coordinator appointed.", None, False),
    (None, D(2008, 8, 4), "milestone", "Advertisement for applications to be one of six host sites.", None, False),
    (None, D(2008, 9, 24), "milestone", "Selection of six sites.", None, False),
    (None, D(2008, 10, 15), "milestone", "Contracts issued by Alcohol Concern to six sites.", None, False),
    (None, D(2008, 11, 3), "milestone", "Evaluation begins.", None, False),
    (None, D(2008, 11, 14), "milestone", "Materials on training and promotion developed.", None, False),
    (None, D(2008, 11, 26), "milestone", "Steering group meeting.", None, False),
    (None, D(2008, 11, 27), "milestone", "Contracts completed by six sites.", None, False),
    (None, D(2008, 12, 19), "milestone", "First project coordinator leaves post.", None, False),
    (None, D(2009, 1, 12), "milestone", "Second project coordinator appointed (temporary).", None, False),
    (None, D(2009, 2, 2), "milestone", "Second project coordinator's appointment confirmed.", None, False),
    (
        None,
        D(2009, 6, 24),
        "milestone",
        "Steering committee meeting: professionals may attend meetings but not facilitate them; costs other "
        "than those of training cannot come from the project budget.",
        None,
        False,
    ),
    (None, D(2009, 9, 16), "milestone", "Steering committee meeting.", None, False),
    (None, D(2009, 9, 24), "milestone", "Alcohol Concern 25th birthday party.", None, False),
    (None, D(2009, 10, 20), "milestone", "Peer support briefing paper written.", None, False),
    (None, D(2009, 11, 11), "milestone", "Alcohol Concern annual conference.", None, False),
    (None, D(2009, 11, 18), "milestone", "Steering committee meeting.", None, False),
    (None, D(2010, 1, 13), "milestone", "Conference planning.", None, False),
    (None, D(2010, 1, 25), "milestone", "Champions' Manual written.", None, False),
    (None, D(2010, 2, 10), "milestone", "Conference planning.", None, False),
    (None, D(2010, 2, 17), "milestone", "Steering committee meeting.", None, False),
    (None, D(2010, 3, 16), "milestone", "Article in the Guardian by Denis Campbell.", None, False),
    # Birmingham: close contact around training, then quiet.
    ("birmingham", D(2009, 1, 20), "contact", "Dates agreed for the first training event.", None, False),
    (
        "birmingham",
        D(2009, 2, 12),
        "training",
        "Facilitator training and the professionals' day delivered.",
        None,
        False,
    ),
    (
        "birmingham",
        D(2009, 5, 6),
        "visit",
        "Visit: core of four settling in; two visited a Manchester meeting.",
        None,
        False,
    ),
    (
        "birmingham",
        D(2009, 10, 7),
        "issue",
        "North Birmingham group, in a church hall, has decided not to continue.",
        D(2009, 10, 21),
        False,
    ),
    (
        "birmingham",
        D(2009, 11, 11),
        "contact",
        "Phone call: Solihull group steady; local champion covering costs.",
        None,
        False,
    ),
    # Sheffield: kept in touch throughout.
    ("sheffield", D(2009, 2, 18), "contact", "Training venue and numbers confirmed.", None, False),
    (
        "sheffield",
        D(2009, 3, 5),
        "training",
        "Facilitator training and the professionals' day delivered.",
        None,
        False,
    ),
    (
        "sheffield",
        D(2009, 7, 8),
        "visit",
        "Visit: weekly presentations to agencies are bringing referrals.",
        None,
        False,
    ),
    (
        "sheffield",
        D(2009, 10, 14),
        "contact",
        "SAAS has given the main facilitator a phone for the group; he had paid for one himself until now. "
        "Such costs cannot come from the project budget (steering committee, June 2009).",
        None,
        False,
    ),
    (
        "sheffield",
        D(2010, 1, 13),
        "contact",
        "Facilitator asks about refresher training for new volunteers.",
        D(2010, 2, 10),
        True,
    ),
    ("sheffield", D(2010, 3, 10), "contact", "Spoke at the final conference about the Sheffield group.", None, False),
    # Norwich: a key facilitator steps down; formal withdrawal.
    ("norwich", D(2009, 3, 19), "training", "Facilitator training and the professionals' day delivered.", None, False),
    (
        "norwich",
        D(2009, 11, 25),
        "issue",
        "The key facilitator has chosen not to continue; the Norwich group has stopped meeting.",
        D(2009, 12, 9),
        True,
    ),
    ("norwich", D(2009, 12, 8), "withdrawal", "NORCAS formally withdraw from the pilot.", None, False),
    # Croydon: venue trouble; contact tails off.
    ("croydon", D(2009, 3, 26), "training", "Facilitator training and the professionals' day delivered.", None, False),
    (
        "croydon",
        D(2009, 6, 3),
        "issue",
        "The meeting day clashes with another peer-led group; trying a church hall, which costs money.",
        D(2009, 6, 30),
        True,
    ),
    (
        "croydon",
        D(2009, 10, 7),
        "contact",
        "Group settled back in a YMCA lounge; asks for help with leaflets.",
        D(2009, 11, 4),
        False,
    ),
    # Gateshead: difficult training, never got off the ground.
    (
        "gateshead",
        D(2009, 4, 22),
        "training",
        "Training: half of 25 left on day one; none wants to facilitate.",
        None,
        False,
    ),
    (
        "gateshead",
        D(2009, 6, 17),
        "contact",
        "Posters up across Gateshead; meeting agencies that might refer. No facilitator yet.",
        D(2009, 7, 15),
        False,
    ),
    ("gateshead", D(2009, 9, 9), "contact", "Two facilitators now identified; no regular meeting yet.", None, False),
    # Cumbria: identified as the replacement rural site in November 2008, selected once Cornwall's agreement ended.
    ("cumbria", D(2008, 11, 26), "milestone", "Cumbria identified as replacement location.", None, False),
    ("cumbria", D(2009, 5, 20), "visit", "Visit to plan training with the NHS team and ADS.", None, False),
    ("cumbria", D(2009, 6, 10), "training", "Facilitator training delivered.", None, False),
    (
        "cumbria",
        D(2009, 12, 2),
        "contact",
        "Core activists presenting to agencies in Kendal and Carlisle.",
        None,
        False,
    ),
    # Cornwall: wished to withdraw in November 2008; the agreement ended after the second coordinator's visit.
    (
        "cornwall",
        D(2008, 11, 19),
        "milestone",
        "Addaction Cornwall indicate wish to withdraw from the pilot.",
        None,
        False,
    ),
    (
        "cornwall",
        D(2009, 1, 27),
        "visit",
        "Visit to discuss the problems that have arisen: Addaction want staff to co-facilitate every group.",
        None,
        False,
    ),
    ("cornwall", D(2009, 1, 27), "withdrawal", "Agreement with Addaction Cornwall ended.", None, False),
]

# The seven host agencies' applications: slug -> (received, reasons (expansion, staff, model, clients), scores, text)
HOST_APPLICATIONS = {
    "birmingham": (D(2008, 8, 22), (1, 1, 1, 1), (4, 4, 4, 4), "To add an abstinence-based, peer-led option."),
    "sheffield": (D(2008, 8, 27), (1, 0, 1, 1), (4, 4, 4, 5), "A next step for clients once counselling ends."),
    "norwich": (D(2008, 8, 20), (1, 1, 0, 1), (5, 4, 3, 3), "More choice for clients; an alternative to AA."),
    "croydon": (D(2008, 8, 29), (0, 1, 1, 1), (3, 4, 5, 3), "Supporting residents in recovery in a housing service."),
    "gateshead": (D(2008, 8, 26), (1, 0, 1, 0), (5, 3, 4, 3), "A community-based option, independent of services."),
    "cumbria": (D(2008, 8, 28), (1, 0, 1, 1), (3, 5, 4, 4), "Flexible peer-led groups suit a rural county."),
    "cornwall": (D(2008, 8, 21), (1, 1, 1, 1), (4, 5, 3, 4), "To add SMART to our six support groups."),
}

# Illustrative applicants (invented): (name, region, setting, provider type, reasons, scores)
OTHER_APPLICATIONS = [
    ("Anytown Community Alcohol Service", "north_east", "urban", "specialist_alcohol", (1, 0, 1, 0), (2, 2, 2, 3)),
    ("Riverside Recovery Project", "north_east", "mixed", "drug_and_alcohol", (1, 1, 0, 1), (2, 3, 2, 2)),
    ("Millbrook Alcohol Advice Centre", "north_west", "urban", "specialist_alcohol", (1, 0, 0, 1), (1, 2, 2, 3)),
    ("Eastgate Housing Trust", "north_west", "urban", "housing", (0, 1, 0, 1), (1, 2, 3, 2)),
    ("Hillside Drug and Alcohol Team", "north_west", "mixed", "nhs", (1, 1, 1, 0), (1, 3, 2, 3)),
    ("Valley Community Support", "north_west", "rural", "generalist", (0, 0, 1, 1), (2, 4, 2, 1)),
    ("Northfield Substance Misuse Service", "yorkshire", "urban", "drug_and_alcohol", (1, 1, 0, 0), (1, 2, 2, 2)),
    ("Moorside Alcohol Service", "yorkshire", "rural", "specialist_alcohol", (1, 0, 1, 1), (2, 4, 2, 2)),
    ("Dales Community Recovery", "yorkshire", "mixed", "generalist", (0, 1, 1, 0), (1, 3, 3, 2)),
    ("Midshire Alcohol Advisory Service", "east_midlands", "urban", "specialist_alcohol", (1, 0, 0, 1), (3, 2, 2, 2)),
    ("Forest Edge Recovery Centre", "east_midlands", "rural", "drug_and_alcohol", (1, 1, 1, 1), (3, 3, 2, 2)),
    ("Shire Homelessness Project", "east_midlands", "urban", "housing", (0, 0, 1, 1), (3, 2, 3, 1)),
    ("Canalside Addiction Service", "west_midlands", "urban", "drug_and_alcohol", (1, 1, 0, 1), (1, 2, 2, 3)),
    ("Heartlands Community Health", "west_midlands", "urban", "nhs", (0, 1, 0, 1), (1, 2, 2, 2)),
    ("Marshland Alcohol Service", "east", "rural", "specialist_alcohol", (1, 0, 1, 0), (2, 4, 2, 2)),
    ("Coastway Recovery Trust", "east", "mixed", "generalist", (0, 1, 1, 1), (2, 3, 2, 2)),
    ("Citywide Alcohol Counselling", "london", "urban", "specialist_alcohol", (1, 0, 1, 1), (1, 2, 2, 3)),
    ("Borough Drug and Alcohol Partnership", "london", "urban", "drug_and_alcohol", (1, 1, 0, 1), (1, 2, 2, 2)),
    ("Riverbank Hostels", "london", "urban", "housing", (0, 0, 1, 1), (1, 2, 3, 2)),
    ("Parkside Mental Health and Alcohol Team", "london", "urban", "nhs", (0, 1, 0, 1), (1, 2, 3, 2)),
    ("Townsend Community Project", "london", "urban", "generalist", (0, 1, 1, 0), (1, 2, 3, 1)),
    ("Downland Alcohol Service", "south_east", "mixed", "specialist_alcohol", (1, 0, 1, 1), (3, 3, 2, 2)),
    ("Weald Recovery Network", "south_east", "rural", "generalist", (0, 1, 1, 1), (3, 4, 2, 1)),
    ("Harbourside Substance Misuse Service", "south_east", "urban", "drug_and_alcohol", (1, 1, 0, 0), (3, 2, 2, 2)),
    ("Westcountry Alcohol Advice", "south_west", "mixed", "specialist_alcohol", (1, 0, 1, 1), (2, 3, 2, 2)),
    ("Stonebridge Community Alcohol Team", "west_midlands", "mixed", "nhs", (1, 0, 1, 0), (1, 3, 2, 2)),
]

# Readiness checklists (docs/readiness.md), by the report: the items each site had in place before its first
# facilitator training, as days before that training (None: the agreement's own day from HISTORIES). Sheffield
# and Birmingham had everything; Gateshead trained 25 with no venue and no group ever started; south London
# (Croydon) searched long for a venue after its training. Every day but the agreement's is made up.
READINESS = {
    "birmingham": {"*": 14},
    "sheffield": {"*": 14},
    "cumbria": {
        "Agreement signed": None,
        "Venue located and booked": 7,
        "Referral routes agreed with named agencies": 14,
        "A local trainer or nearby group identified": 21,
        "Commitments explained to the agency": 30,
    },
    "croydon": {
        "Agreement signed": None,
        "Posters and advertising ready": 7,
        "Commitments explained to the agency": 30,
    },
    "norwich": {
        "Agreement signed": None,
        "Venue located and booked": 7,
        "Commitments explained to the agency": 30,
    },
    "gateshead": {"Agreement signed": None},
    "cornwall": {"Agreement signed": None},
}
READINESS_NOTE = "Illustrative: the report says what each site had in place, not on which day it was ticked."

# Sustainability plans at the pilot's end (docs/readiness.md): Sheffield and Birmingham "completely successful" but
# still needing the host agency's support; Cumbria and south London (Croydon) "with some doubts about their future,
# given that this pilot has now ended"; the follow-on bid to the Department of Health was withdrawn.
# slug: (future, next host, venue secured until, funding source, named local support, risks)
NO_FUNDING = "None after the pilot: the follow-on bid to the Department of Health was withdrawn"
SUSTAINABILITY = {
    "birmingham": (
        "secure",
        "Aquarius, the host agency",
        D(2010, 12, 31),
        "The host agency's own budget",
        "Aquarius practitioner champions",
        "The group still relies on the host agency's support.",
    ),
    "sheffield": (
        "secure",
        "SAAS, the host agency",
        D(2010, 12, 31),
        "The host agency's own budget (it also pays the group phone)",
        "The key facilitator's weekly presentations to agencies",
        "Much rests on one key facilitator.",
    ),
    "cumbria": (
        "at_risk",
        "",
        None,
        NO_FUNDING,
        "",
        "Still at an early stage; trainees spread over Kendal, Carlisle and Workington.",
    ),
    "croydon": (
        "at_risk",
        "SLYMCA, the host agency",
        D(2010, 6, 30),
        NO_FUNDING,
        "",
        "Still at an early stage; attendance low after a long search for a venue.",
    ),
}
SUSTAINABILITY_NOTE = (
    "Illustrative: the report gives each site's prospects, not the venue's dates or the named support."
)
