"""Qualitative notes: roles only, passages from the note's text, quotes by theme, export, access, retention."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils.html import escape

from evaluation.qualitative import Passage, QualitativeNote, Theme, note_create, passage_create
from network.privacy import retention_enforce
from pilot.models import AuditEntry

NOTES = reverse("evaluation:notes")
QUOTES = reverse("evaluation:quotes")
TEXT = "The venue was cold.\nFacilitators need support to keep the group together.\nReferrals came from the GP."


@pytest.fixture
def note(evaluator, site_a):
    return note_create(
        actor=evaluator,
        kind="focus_group",
        date=datetime.date(2009, 9, 15),
        site=site_a,
        participant_roles=["facilitator"],
        notes=TEXT,
    )


def theme(name):
    return Theme.objects.get(programme=None, name=name)


def test_the_pilots_themes_are_the_default_list(db):
    names = list(Theme.objects.for_programme(None).values_list("name", flat=True))
    assert names == [
        "Champions",
        "Professional involvement",
        "Venue",
        "Referrals",
        "Facilitator support",
        "Sustainability",
        "Peer leadership",
    ]


def test_evaluator_records_a_note_by_roles_and_it_is_audited(client_for, evaluator, site_a):
    data = {
        "kind": "interview",
        "date": "2009-12-02",
        "site": site_a.pk,
        "participant_roles": ["site_contact"],
        "notes": "Posters were late.",
    }
    response = client_for(evaluator).post(NOTES, data)
    note = QualitativeNote.objects.get()
    assert response.status_code == 302 and response["Location"] == note.get_absolute_url()
    assert note.participant_roles == ["site_contact"] and note.recorded_by == evaluator
    assert AuditEntry.objects.filter(action="create", target_type="evaluation.QualitativeNote").exists()


def test_a_name_for_participants_is_refused_at_the_field_and_nothing_saved(client_for, coordinator):
    data = {"kind": "interview", "date": "2009-12-02", "participant_roles": ["Jane Smith"], "notes": "x"}
    page = client_for(coordinator).post(NOTES, data)
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()
    page = client_for(coordinator).post(NOTES, {"kind": "interview", "date": "2009-12-02", "notes": "x"})
    assert "Choose at least one role" in page.content.decode()
    assert "Names of members, facilitators or anyone else are never recorded" in page.content.decode()
    assert not QualitativeNote.objects.exists()


def test_a_passage_must_come_from_the_notes(client_for, evaluator, note):
    url = note.get_absolute_url()
    page = client_for(evaluator).post(url, {"theme": theme("Venue").pk, "excerpt": "Something else entirely"})
    assert page.status_code == 400 and "must be copied from this note" in page.content.decode()
    ok = client_for(evaluator).post(
        url,
        {
            "theme": theme("Facilitator support").pk,
            "excerpt": "Facilitators need support   to keep the group together.",
        },
    )
    assert ok.status_code == 302
    assert Passage.objects.get().theme.name == "Facilitator support"


def test_evaluator_sees_quotes_by_theme_and_site(client_for, evaluator, note, site_b):
    passage_create(actor=evaluator, note=note, theme=theme("Venue"), excerpt="The venue was cold.")
    passage_create(actor=evaluator, note=note, theme=theme("Referrals"), excerpt="Referrals came from the GP.")
    other = note_create(
        actor=evaluator,
        kind="observation",
        date=datetime.date(2009, 10, 1),
        site=site_b,
        participant_roles=["group_member"],
        notes="<b>Nobody</b> came to the venue.",
    )
    passage_create(actor=evaluator, note=other, theme=theme("Venue"), excerpt="<b>Nobody</b> came")
    page = client_for(evaluator).get(QUOTES).content.decode()
    assert page.index(">Venue <") < page.index(">Referrals <")  # the themes' order
    assert "The venue was cold." in page and "&lt;b&gt;Nobody&lt;/b&gt; came" in page and "<b>Nobody" not in page
    only_venue = client_for(evaluator).get(QUOTES, {"theme": theme("Venue").pk}).content.decode()
    assert "Referrals came" not in only_venue and "The venue was cold." in only_venue
    at_b = client_for(evaluator).get(QUOTES, {"site": site_b.pk}).content.decode()
    assert "came" in at_b and "The venue was cold." not in at_b


@pytest.mark.parametrize("who", ["site_contact_a", "facilitator_a", "observer"])
def test_site_roles_and_the_committee_are_refused(client_for, personas, note, who):
    client = client_for(personas[who])
    for url in (NOTES, QUOTES, note.get_absolute_url(), reverse("evaluation:notes_export", args=["csv"])):
        assert client.get(url).status_code == 403
    assert client.post(NOTES, {"kind": "interview"}).status_code == 403
    assert QualitativeNote.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client, note):
    for url in (NOTES, QUOTES, note.get_absolute_url()):
        assert "/accounts/login/" in client.get(url)["Location"]


def test_export_guards_formulas_and_is_audited(client_for, evaluator, note):
    passage_create(actor=evaluator, note=note, theme=theme("Venue"), excerpt="The venue was cold.")
    bare = note_create(
        actor=evaluator,
        kind="interview",
        date=datetime.date(2009, 11, 1),
        site=None,
        participant_roles=["commissioner"],
        notes='=HYPERLINK("x")',
    )
    response = client_for(evaluator).get(reverse("evaluation:notes_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["note", "kind", "date", "site", "participant_roles", "theme", "passage"]
    assert rows[1][5:] == ["Venue", "The venue was cold."]
    assert rows[2][0] == str(bare.pk) and rows[2][3] == "Network-wide" and rows[2][6].startswith("'=")
    assert AuditEntry.objects.filter(action="export", target_type="evaluation.QualitativeNote").exists()
    xlsx = client_for(evaluator).get(reverse("evaluation:notes_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client_for(evaluator).get(reverse("evaluation:notes_export", args=["pdf"])).status_code == 404


def test_retention_deletes_notes_past_the_period(evaluator, note, settings):
    settings.EVALUATION_RETAIN_QUALITATIVE_NOTES_MONTHS = 12
    recent = note_create(
        actor=evaluator,
        kind="interview",
        date=datetime.date(2010, 3, 1),
        site=None,
        participant_roles=["trainer"],
        notes="Recent.",
    )
    result = retention_enforce(today=datetime.date(2010, 10, 1))
    assert result.qualitative_notes_deleted == 1
    assert list(QualitativeNote.objects.all()) == [recent]


def test_demo_holds_the_two_facilitator_focus_groups_with_the_reports_words(db, client_for, evaluator):
    from io import StringIO

    from evaluation import demo
    from evaluation.demo import FOCUS_GROUP_DAY_NOTE, FOCUS_GROUPS
    from pilot.models import IllustrativeFigure

    demo.load_qualitative(out=StringIO())
    demo.load_qualitative(out=StringIO())  # idempotent
    notes = list(QualitativeNote.objects.order_by("date"))
    assert [(n.kind, n.date.year, n.date.month, n.site) for n in notes] == [
        ("focus_group", 2009, 9, None),
        ("focus_group", 2009, 12, None),
    ]
    assert Passage.objects.count() == sum(len(p) for _, _, p in FOCUS_GROUPS)
    for passage in Passage.objects.select_related("note"):  # each passage is in its note's text
        assert passage.excerpt in passage.note.notes.replace("\n", " "), passage.excerpt
    assert IllustrativeFigure.objects.filter(figure="date").count() == 2
    page = client_for(evaluator).get(QUOTES, {"theme": theme("Facilitator support").pk}).content.decode()
    assert "Facilitators must not be over stressed." in page and escape(FOCUS_GROUP_DAY_NOTE) in page


def test_the_questionnaires_page_links_to_notes_for_the_centre_only(client_for, evaluator, observer):
    assert NOTES in client_for(evaluator).get(reverse("evaluation:list")).content.decode()
    assert NOTES not in client_for(observer).get(reverse("evaluation:list")).content.decode()


def test_model_permissions_to_view_notes_stay_with_the_centre(personas):
    assert personas["evaluator"].has_perm("evaluation.view_qualitativenote")
    assert personas["coordinator"].has_perm("evaluation.view_passage")
    for who in ("site_contact_a", "observer", "facilitator_a"):
        assert not personas[who].has_perm("evaluation.view_qualitativenote"), who
        assert not personas[who].has_perm("evaluation.view_passage"), who
    assert personas["observer"].has_perm("evaluation.view_questionnaire")  # the rest of "*.view_*" holds


def test_a_programme_with_its_own_themes_tags_with_those(client_for, evaluator, site_a):
    from programmes.tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    own = Theme.objects.create(programme=programme, name="Commissioning", position=0)
    note = note_create(
        actor=evaluator,
        kind="interview",
        date=datetime.date(2011, 5, 1),
        site=site_a,
        participant_roles=["commissioner"],
        notes="Commissioners asked for outcomes.",
        programme=programme,
    )
    page = client_for(evaluator).get(note.get_absolute_url()).content.decode()
    assert "Commissioning" in page and ">Venue<" not in page
    refused = client_for(evaluator).post(note.get_absolute_url(), {"theme": theme("Venue").pk, "excerpt": "outcomes"})
    assert refused.status_code == 400 and not Passage.objects.exists()
    client_for(evaluator).post(note.get_absolute_url(), {"theme": own.pk, "excerpt": "asked for outcomes"})
    assert Passage.objects.get().theme == own
