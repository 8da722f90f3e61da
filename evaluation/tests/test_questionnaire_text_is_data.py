"""Questionnaire text is data: a workbook whose every text cell holds template syntax and HTML is
uploaded through the real view, and every page, admin page and report that shows it shows it as typed.

A `13` from {{ 7|add:6 }}, this year from {% now %}, or a live <script>, <meta> refresh or <b>
made from the workbook anywhere fails.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluation.models import Question, Questionnaire, Response
from evaluation.services import questionnaire_import, response_create, round_create
from evaluation.tests.factories import HOSTILE_FORM_ID as FORM_ID
from evaluation.tests.factories import HOSTILE_TEXT as PAYLOAD
from evaluation.tests.factories import hostile_xlsform_bytes, xlsform_bytes
from reports.kinds import FULL_AUDIENCE, KINDS
from reports.writers import write
from reports.writers.pdf_writer import render_html

EVALUATED = re.compile(r"zq1\s*13\s*zq1|zq2\s*\d{4}\s*zq2")
FORM_PLACES = ["title", "group", "note", "question", "hint", "choice", "number", "text"]


class _Page(HTMLParser):
    """Visible text and attribute values of an HTML page, and the live tags the payload could have made."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.live: list[str] = []
        self._last = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.chunks += [v for v in attrs.values() if v]
        self._last = tag
        if tag == "script":
            self._in_script = True  # JSON data (json_script) escapes every < and > inside it
            if "src" not in attrs and attrs.get("type") != "application/json":
                self.live.append(f"inline <script {attrs}>")
        if tag == "meta" and "http-equiv" in attrs and "9999" in (attrs.get("content") or ""):
            self.live.append(f"<meta {attrs}>")
        if tag in {"img", "iframe", "object", "embed", "base", "link"} and "9999" in repr(attrs):
            self.live.append(f"<{tag} {attrs}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        self._last = ""

    def handle_data(self, data):
        if self._last == "b" and data.startswith("bold"):
            self.live.append("<b>bold</b>")
        if not self._in_script:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return "\x00".join(self.chunks)


def assert_shown_as_typed(html: str, places: list[str], where: str) -> None:
    page = _Page()
    page.feed(html)
    page.close()
    assert not page.live, f"{where}: live tags made from questionnaire text: {page.live}"
    assert not EVALUATED.search(html) and not EVALUATED.search(page.text), f"{where}: template syntax was evaluated"
    missing = [p for p in places if f"{p} {PAYLOAD}" not in page.text]
    assert not missing, f"{where}: not shown as typed: {missing}"


@pytest.fixture
def hostile(client_for, coordinator, group_a):
    """The workbook uploaded through the import page, a round open today and ten answer sheets."""
    upload = SimpleUploadedFile("hostile.xlsx", hostile_xlsform_bytes())
    response = client_for(coordinator).post(
        reverse("evaluation:xlsform_upload"), {"file": upload, "audience": "group_members"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    questionnaire = Questionnaire.objects.get(form_id=FORM_ID)
    today = datetime.date.today()
    collection_round = round_create(
        questionnaire=questionnaire,
        name="Hostile round",
        site=group_a.site,
        group=group_a,
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=7),
    )
    for n in range(10):
        values = {"pick": "yes" if n % 3 else "no", "age": 20 + n, "comments": "Fine."}
        response_create(round=collection_round, values=values, submitted_on=today, is_paper=True)
    return collection_round


def test_public_form_shows_every_text_as_typed(client, hostile):
    url = hostile.get_public_url()
    assert_shown_as_typed(client.get(url).content.decode(), FORM_PLACES, "public form")
    refused = client.post(url, {"pick": "yes", "age": "5"})
    assert refused.status_code == 400
    assert_shown_as_typed(refused.content.decode(), [*FORM_PLACES, "constraint"], "public form, refused")
    sent = client.post(url, {"pick": "yes", "age": "30"})
    assert_shown_as_typed(client.get(sent["Location"]).content.decode(), ["title"], "thanks page")


def test_paper_entry_shows_every_text_as_typed(client_for, coordinator, hostile):
    client = client_for(coordinator)
    url = reverse("evaluation:paper_entry", args=[hostile.pk])
    assert_shown_as_typed(client.get(url).content.decode(), FORM_PLACES, "paper entry")
    refused = client.post(url, {"_submitted_on": datetime.date.today().isoformat(), "pick": "yes", "age": "5"})
    assert refused.status_code == 400 and Response.objects.count() == 10
    assert_shown_as_typed(refused.content.decode(), [*FORM_PLACES, "constraint"], "paper entry, refused")


def test_questionnaire_pages_show_every_text_as_typed(client_for, coordinator, hostile):
    client = client_for(coordinator)
    pages = {
        "/": ["title"],
        reverse("evaluation:list"): ["title"],
        reverse("evaluation:detail", args=[FORM_ID]): ["title", "group", "note", "question", "choice", "number"],
        reverse("evaluation:summary", args=[FORM_ID]): ["title", "question", "choice", "number"],
        reverse("evaluation:summary", args=[FORM_ID]) + f"?round={hostile.pk}": ["title", "question", "choice"],
        reverse("evaluation:responses", args=[FORM_ID]): ["title"],
        reverse("evaluation:responses_upload", args=[FORM_ID]): ["title"],
        reverse("evaluation:round_create", args=[FORM_ID]): ["title"],
        reverse("reports:new", args=["questionnaire_summary"]): ["title"],
    }
    for url, places in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_typed(response.content.decode(), places, url)


def test_admin_pages_show_every_text_as_typed(client, hostile):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    questionnaire = hostile.questionnaire
    version = questionnaire.current_version
    pick, age = Question.objects.get(name="pick"), Question.objects.get(name="age")
    answered = Response.objects.filter(answers__choice__name="yes").first()
    pages = {
        reverse("admin:evaluation_questionnaire_changelist"): ["title"],
        reverse("admin:evaluation_questionnaire_change", args=[questionnaire.pk]): ["title"],
        reverse("admin:evaluation_questionnaireversion_change", args=[version.pk]): [],
        reverse("admin:evaluation_question_changelist") + "?q=zq1": [],
        reverse("admin:evaluation_question_change", args=[pick.pk]): ["question", "hint", "group", "choice"],
        reverse("admin:evaluation_question_change", args=[age.pk]): ["number", "constraint", "group"],
        reverse("admin:evaluation_question_change", args=[Question.objects.get(name="intro").pk]): ["note"],
        reverse("admin:evaluation_collectionround_change", args=[hostile.pk]): ["title"],
        reverse("admin:evaluation_response_change", args=[answered.pk]): ["choice"],
    }
    for url, places in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_typed(response.content.decode(), places, url)


def _build(kind: str, **parameters):
    return KINDS[kind](parameters=parameters, audience=FULL_AUDIENCE).build()


def _assert_text_as_typed(text: str, places: list[str], where: str) -> None:
    assert not EVALUATED.search(text), f"{where}: template syntax was evaluated"
    missing = [p for p in places if f"{p} {PAYLOAD}" not in text]
    assert not missing, f"{where}: not shown as typed: {missing}"


# Places each report shows: in every format, and in the PDF and JSON only (the pack names its questionnaire
# in a paragraph; spreadsheets and CSV files hold the tables, with their titles on the cover or in a README).
REPORTS = [
    (
        "questionnaire_summary",
        {"questionnaire": FORM_ID, "by_site": True},
        ["title", "question", "choice", "number"],
        [],
    ),
    ("questionnaire_summary", {"questionnaire": FORM_ID, "round": None}, ["title", "question", "choice"], []),
    ("evaluation_pack", {"questionnaire": FORM_ID}, ["question", "choice"], ["title"]),
]


@pytest.mark.parametrize(("kind", "parameters", "places", "documents_only"), REPORTS)
def test_reports_show_every_text_as_typed_in_every_format(hostile, kind, parameters, places, documents_only):
    if "round" in parameters:
        parameters = {**parameters, "round": hostile.pk}
    report = _build(kind, **parameters)

    html = render_html(report)
    assert_shown_as_typed(html, places + documents_only, f"{kind} PDF source")
    out = io.BytesIO()
    write(report, "pdf", out)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)
    squeezed = re.sub(r"\s+", "", pdf_text)  # lines wrap anywhere in a PDF
    assert not EVALUATED.search(pdf_text)
    for place in places + documents_only:
        assert re.sub(r"\s+", "", f"{place} {PAYLOAD}") in squeezed, f"{kind} PDF: {place}"

    out = io.BytesIO()
    write(report, "xlsx", out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(not c.startswith("=") for c in cells)
    _assert_text_as_typed("\x00".join(cells), places, f"{kind} XLSX")

    out = io.BytesIO()
    ext = write(report, "csv", out)
    if ext == "zip":
        archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
        texts = [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    else:
        texts = [out.getvalue().decode("utf-8-sig")]
    cells = [cell for text in texts for row in csv.reader(io.StringIO(text)) for cell in row]
    _assert_text_as_typed("\x00".join(cells), places, f"{kind} CSV")

    out = io.BytesIO()
    write(report, "json", out)
    strings = []

    def walk(value):
        if isinstance(value, dict):
            [walk(v) for v in value.values()]
        elif isinstance(value, list):
            [walk(v) for v in value]
        elif isinstance(value, str):
            strings.append(value)

    walk(json.loads(out.getvalue()))
    _assert_text_as_typed("\x00".join(strings), places + documents_only, f"{kind} JSON")


def test_the_formatting_subset_reaches_every_place_on_the_form(client, group_a):
    survey = [
        ["note", "intro", "Read **this** first.\n\n- one\n- two"],
        ["begin group", "about", "About *you*"],
        ["select_one yes_no", "pick", "Do you **agree**?", "See [the leaflet](https://example.org/leaflet).", "yes"],
        ["end group"],
    ]
    choices = [["yes_no", "yes", "_Yes_"], ["yes_no", "no", "No"]]
    version = questionnaire_import(
        data=xlsform_bytes(survey=survey, choices=choices, settings={"form_id": "formatted"}), audience="other"
    )
    today = datetime.date.today()
    collection_round = round_create(
        questionnaire=version.questionnaire, name="Formatted", site=group_a.site, group=group_a,
        opens_on=today, closes_on=today,
    )  # fmt: skip
    page = client.get(collection_round.get_public_url()).content.decode()
    assert "<p>Read <strong>this</strong> first.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in page
    assert "<legend>About <em>you</em></legend>" in page
    assert "Do you <strong>agree</strong>?" in page and "<em>Yes</em>" in page
    assert (
        '<a href="https://example.org/leaflet" rel="nofollow noopener noreferrer">the leaflet</a>'
        " (https://example.org/leaflet)." in page
    )
