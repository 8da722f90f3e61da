"""Files of responses exported from KoboToolbox and ODK Central import as they come, after a preview."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.bulk import ImportFailed, responses_import, responses_preview
from evaluation.models import Answer, CollectionRound, PendingResponseUpload, Response
from evaluation.services import questionnaire_import
from evaluation.tests.test_xlsform_kobo_odk import kobo_form

TODAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)

# KoboToolbox: "XML values and headers", group separator "/", ";" between fields, its own columns at the end,
# the metadata rows the form had (start, end, today, deviceid, the geopoint and its split columns).
KOBO_VALUES = (
    "start;end;today;deviceid;about/gender;about/age;heard;heard_other;mood;usual_time;last_meeting;agree;"
    "priorities;age_next_year;where;_where_latitude;_where_longitude;_where_altitude;_where_precision;"
    "__version__;_id;_uuid;_submission_time;_validation_status;_notes;_status;_submitted_by;_tags;_index\n"
    "2026-11-20T10:10:01.123+00:00;2026-11-20T10:14:55.001+00:00;2026-11-20;ee.kobotoolbox.org:a1b2c3;male;47;"
    "worker;;7;22:30:00.000+00:00;2026-11-18T19:00:00.000+00:00;OK;family sleep work;48;"
    "53.38 -1.47 0 0;53.38;-1.47;0;0;vGf3xQ;101;5d1f3c1e-1b1e-4c47-9e55-0a5a0d1c1f01;2026-11-20T10:15:02;;[];"
    "submitted_via_web;;[];1\n"
    "2026-11-21T09:00:00.000+00:00;2026-11-21T09:03:00.000+00:00;2026-11-21;ee.kobotoolbox.org:a1b2c3;female;33;"
    "other;A friend at work;3;07:15:00.000+00:00;;OK;work;34;;;;;;vGf3xQ;102;"
    "8e2a4d50-7c0d-4f4b-a2f1-3c9e0d6b7a02;2026-11-21T09:03:30;;[];submitted_via_web;;[];2\n"
)
# The same answers as KoboToolbox writes them with "Labels" chosen for the values.
KOBO_LABELS = (
    "about/gender;about/age;heard;heard_other;mood;priorities;_uuid;_submission_time;_index\n"
    "Male;47;An alcohol worker;;7;Family Sleep Work;5d1f3c1e;2026-11-20T10:15:02;1\n"
    "Female;33;Other;A friend at work;3;Work;8e2a4d50;2026-11-21T09:03:30;2\n"
)
# ODK Central's CSV: "," separated, groups joined by "-", its own columns first and last.
ODK_CENTRAL = (
    "SubmissionDate,start,end,today,deviceid,about-gender,about-age,heard,heard_other,mood,usual_time,last_meeting,"
    "agree,priorities,age_next_year,where-Latitude,where-Longitude,where-Altitude,where-Accuracy,meta-instanceID,"
    "KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,"
    "FormVersion\n"
    "2026-11-20T10:15:02.123Z,2026-11-20T10:10:01.123+00:00,2026-11-20T10:14:55.001+00:00,2026-11-20,"
    "collect:Xy12Ab34,male,47,worker,,7,22:30:00.000+00:00,2026-11-18T19:00:00.000+00:00,OK,family sleep work,48,"
    "53.38,-1.47,0,4.5,uuid:5d1f3c1e-1b1e-4c47-9e55-0a5a0d1c1f01,uuid:5d1f3c1e-1b1e-4c47-9e55-0a5a0d1c1f01,7,"
    "Tablet 2,0,0,,approved,collect:Xy12Ab34,0,vGf3xQ\n"
    "2026-11-21T09:03:30.456Z,2026-11-21T09:00:00.000+00:00,2026-11-21T09:03:00.000+00:00,2026-11-21,"
    "collect:Xy12Ab34,female,33,other,A friend at work,3,07:15:00.000+00:00,,OK,work,34,,,,,"
    "uuid:8e2a4d50-7c0d-4f4b-a2f1-3c9e0d6b7a02,uuid:8e2a4d50-7c0d-4f4b-a2f1-3c9e0d6b7a02,7,Tablet 2,0,0,,"
    "received,collect:Xy12Ab34,0,vGf3xQ\n"
)


@pytest.fixture
def kobo_round(db, site_a):
    version = questionnaire_import(data=kobo_form(), filename="members.xlsx")
    return CollectionRound.objects.create(
        questionnaire=version.questionnaire,
        version=version,
        site=site_a,
        name="November 2026",
        opens_on=datetime.date(2026, 11, 1),
        closes_on=datetime.date(2026, 11, 30),
    )


def answers(response) -> dict:
    out = {}
    for a in Answer.objects.filter(response=response).select_related("question", "choice"):
        value = a.choice.name if a.choice else (a.number_value if a.number_value is not None else a.text_value)
        out[a.question.name] = value
    return out


def expect_the_two_responses():
    first, second = Response.objects.order_by("pk")
    got = answers(first)
    assert got["gender"] == "male" and got["age"] == 47 and got["heard"] == "worker" and got["mood"] == 7
    assert got["priorities"] == "family sleep work"
    assert "start" not in got and "where" not in got and first.submitted_on == datetime.date(2026, 11, 25)
    other = answers(second)
    assert other["heard"] == "other" and other["heard_other"] == "A friend at work" and other["priorities"] == "work"


@pytest.mark.parametrize(("name", "text"), [("kobo.csv", KOBO_VALUES), ("central.csv", ODK_CENTRAL)])
def test_kobo_and_odk_central_exports_import_as_they_come(kobo_round, name, text):
    with time_machine.travel(TODAY, tick=False):
        result = responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile(name, text.encode())
        )
    assert result.saved == 2
    expect_the_two_responses()
    first = Response.objects.order_by("pk").first()
    got = answers(first)
    assert got["usual_time"] == "22:30" and got["last_meeting"] == "2026-11-18T19:00" and got["agree"] == "OK"
    assert got["age_next_year"] == "48"  # calculate: stored as the file gives it


def test_a_kobo_export_of_labels_imports_to_the_choice_names(kobo_round):
    with time_machine.travel(TODAY, tick=False):
        responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("k.csv", KOBO_LABELS.encode())
        )
    expect_the_two_responses()


def test_the_preview_says_how_each_column_is_read_and_saves_nothing(kobo_round):
    with time_machine.travel(TODAY, tick=False):
        preview = responses_preview(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("c.csv", ODK_CENTRAL.encode())
        )
    uses = {c.heading: c for c in preview.columns}
    assert preview.rows == 2 and preview.rounds == [kobo_round]
    assert uses["about-gender"].use == "gender" and uses["about-gender"].question == "Are you"
    assert uses["KEY"].ignored and "export's own column" in uses["KEY"].use
    assert uses["meta-instanceID"].ignored and uses["SubmissionDate"].ignored
    for metadata in ("start", "deviceid", "where-Latitude"):
        assert uses[metadata].ignored and "not collected here" in uses[metadata].use
    assert not Response.objects.exists()


def test_a_bad_cell_in_an_export_is_named_by_row_and_the_files_own_heading(kobo_round):
    text = ODK_CENTRAL.replace(",female,33,", ",female,thirty,").replace(",7,22:30", ",12,22:30")
    with time_machine.travel(TODAY, tick=False), pytest.raises(ImportFailed) as info:
        responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("c.csv", text.encode())
        )
    assert "row 3, column about-age: 'thirty' is not a whole number" in info.value.messages
    assert any(m.startswith("row 2, column mood: '12' is not on the scale from 0 to 10") for m in info.value.messages)
    assert not Response.objects.exists()


def test_two_columns_for_one_question_are_refused(kobo_round):
    text = "about/gender;gender\nmale;female\n"
    with time_machine.travel(TODAY, tick=False), pytest.raises(ImportFailed) as info:
        responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("k.csv", text.encode())
        )
    assert info.value.messages == ["row 1, column gender: answers gender, as column about/gender does already"]


def test_the_web_upload_previews_then_imports_on_confirming(client_for, coordinator, kobo_round):
    url = reverse("evaluation:responses_upload", args=[kobo_round.questionnaire.form_id])
    client = client_for(coordinator)
    with time_machine.travel(TODAY, tick=False):
        page = client.post(url, {"file": SimpleUploadedFile("kobo.csv", KOBO_VALUES.encode())})
        html = page.content.decode()
        assert page.status_code == 200 and "Nothing has been saved yet" in html
        assert "<code>about/gender</code></td><td>gender</td><td>Are you</td>" in html
        assert not Response.objects.exists()
        pending = PendingResponseUpload.objects.get()
        assert client.post(url, {"confirm": "1", "upload": pending.pk}).status_code == 302
    expect_the_two_responses()


def test_imported_answers_of_the_new_types_show_in_the_summary_and_export_back(client_for, evaluator, kobo_round):
    from evaluation.export import export_rows

    with time_machine.travel(TODAY, tick=False):
        responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("c.csv", ODK_CENTRAL.encode())
        )
        page = client_for(evaluator).get(reverse("evaluation:summary", args=[kobo_round.questionnaire.form_id]))
        assert page.status_code == 200 and "How do you feel today?" in page.content.decode()
        rows = list(export_rows(kobo_round.questionnaire, Response.objects.all()))
        header = rows[0]
        first = dict(zip(header, rows[1], strict=True))
        assert first["mood"] == "7" and first["usual_time"] == "22:30" and first["priorities"] == "family sleep work"
        text = "\n".join(",".join(r) for r in rows) + "\n"
        responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("x.csv", text.encode())
        )
    assert Response.objects.count() == 4


def test_the_public_form_of_a_kobo_form_asks_the_new_types_and_saves_them(client, kobo_round):
    with time_machine.travel(TODAY, tick=False):
        page = client.get(kobo_round.get_public_url()).content.decode()
        assert 'type="time"' in page and 'type="datetime-local"' in page and 'name="priorities_2"' in page
        assert (
            "Are you" in page
            and "Êtes-vous" not in page
            and "age_next_year" not in page.split("questionnaire-rules")[0]
        )
        data = {"gender": "female", "priorities_0": "work", "priorities_1": "family", "agree": "on", "mood": "5",
                "usual_time": "21:45", "last_meeting": "2026-11-18T19:00"}  # fmt: skip
        response = client.post(kobo_round.get_public_url(), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        got = answers(Response.objects.get())
        assert (
            got["priorities"] == "work family" and got["last_meeting"] == "2026-11-18T19:00" and got["agree"] == "OK"
        )
        bad = client.post(kobo_round.get_public_url(), {**data, "priorities_9": "sleep"})
        assert bad.status_code == 400 and Response.objects.count() == 1


def test_a_kobo_export_with_labels_for_headers_and_values_imports(kobo_round):
    text = (
        "start;Are you;How old are you?;How did you hear of us?;Specify other.;How do you feel today?;"
        "Rank what matters most;_uuid;_index\n"
        "2026-11-20T10:10:01.123+00:00;Male;47;An alcohol worker;;7;Family Sleep Work;5d1f3c1e;1\n"
        "2026-11-21T09:00:00.000+00:00;Female;33;Other;A friend at work;3;Work;8e2a4d50;2\n"
    )
    with time_machine.travel(TODAY, tick=False):
        preview = responses_preview(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("k.csv", text.encode())
        )
        assert {c.heading: c.use for c in preview.columns}["How old are you?"] == "age"
        responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("k.csv", text.encode())
        )
    expect_the_two_responses()


def test_a_kobo_xlsx_export_imports_as_the_csv_does(kobo_round):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "members"
    for number, line in enumerate(KOBO_VALUES.strip().split("\n")):
        cells = line.split(";")
        # Kobo writes numbers as numbers in its XLSX export; the rest as text.
        sheet.append([int(c) if number and c.isdigit() else (c or None) for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    with time_machine.travel(TODAY, tick=False):
        result = responses_import(
            questionnaire=kobo_round.questionnaire, uploaded_file=SimpleUploadedFile("kobo.xlsx", buffer.getvalue())
        )
    assert result.saved == 2
    expect_the_two_responses()


def test_an_unconfirmed_file_is_deleted_after_the_set_hours(kobo_round, coordinator, settings):
    from evaluation.bulk import responses_stage

    settings.EVALUATION_PENDING_UPLOAD_HOURS = 2
    q = kobo_round.questionnaire
    rounds = CollectionRound.objects.all()
    with time_machine.travel(TODAY, tick=False):
        old, _ = responses_stage(questionnaire=q, uploaded_file=SimpleUploadedFile("a.csv", KOBO_VALUES.encode()),
                                 round=None, actor=coordinator, rounds=rounds)  # fmt: skip
    with time_machine.travel(TODAY + datetime.timedelta(hours=1), tick=False):
        responses_stage(questionnaire=q, uploaded_file=SimpleUploadedFile("b.csv", KOBO_VALUES.encode()),
                        round=None, actor=coordinator, rounds=rounds)  # fmt: skip
    assert PendingResponseUpload.objects.filter(pk=old.pk).exists()
    with time_machine.travel(TODAY + datetime.timedelta(hours=3), tick=False):
        responses_stage(questionnaire=q, uploaded_file=SimpleUploadedFile("c.csv", KOBO_VALUES.encode()),
                        round=None, actor=coordinator, rounds=rounds)  # fmt: skip
    assert sorted(PendingResponseUpload.objects.values_list("filename", flat=True)) == ["b.csv", "c.csv"]
    assert not Response.objects.exists()
