"""Responses table, export and import pages: evaluators and coordinators only, in scope, audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.models import Response
from pilot.models import AuditEntry

TABLE = reverse("evaluation:responses", args=["checkin"])
UPLOAD = reverse("evaluation:responses_upload", args=["checkin"])


def test_anonymous_is_sent_to_sign_in(client, round_a):
    for url in (TABLE, UPLOAD):
        assert "/accounts/login/" in client.get(url)["Location"]


def test_evaluator_sees_answers_and_filters_by_site(client_for, evaluator, round_a, round_b, answer):
    answer(round_a, comments="From A")
    answer(round_b, comments="From B")
    page = client_for(evaluator).get(TABLE).content.decode()
    assert "From A" in page and "From B" in page
    page = client_for(evaluator).get(TABLE, {"site": round_b.site.pk}).content.decode()
    assert "From A" not in page and "From B" in page


def test_site_roles_and_observers_never_see_answers(client_for, personas, round_a, answer):
    answer(round_a)
    for who in ("site_contact_a", "facilitator_a", "observer"):
        assert client_for(personas[who]).get(TABLE).status_code == 403, who
        assert client_for(personas[who]).get(TABLE + "?export=csv").status_code == 403, who
    for who in ("site_contact_b", "facilitator_b"):
        assert client_for(personas[who]).get(TABLE).status_code == 404, who


def test_export_downloads_csv_and_xlsx_and_is_audited(client_for, coordinator, round_a, answer):
    answer(round_a)
    csv_response = client_for(coordinator).get(TABLE, {"export": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content.decode("utf-8-sig").startswith("gender,age,previous,which,units")
    xlsx_response = client_for(coordinator).get(TABLE, {"export": "xlsx", "per_choice": "1"})
    assert xlsx_response.content[:4] == b"PK\x03\x04"
    assert AuditEntry.objects.filter(action="export", actor=coordinator).count() == 2


@pytest.mark.parametrize("count", [1, 50])
def test_table_queries_do_not_grow_with_rows(client_for, evaluator, round_a, answer, count, django_assert_num_queries):
    for _ in range(count):
        answer(round_a)
    # session, user, role groups, questionnaire, current version, question names, count, page of responses,
    # answers of the page, rounds, sites and groups for the filter; savepoint, session save, release
    client = client_for(evaluator)
    with django_assert_num_queries(15):
        response = client.get(TABLE)
    assert response.content.decode().count("<tr>") == count + 1


def test_upload_page_lists_every_error_and_saves_nothing(client_for, evaluator, round_a):
    data = SimpleUploadedFile("a.csv", b"gender,age\nother,40\nmale,x\n")
    response = client_for(evaluator).post(UPLOAD, {"file": data, "round": round_a.pk})
    page = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported" in page
    assert "row 2, column gender:" in page and "row 3, column age:" in page
    assert not Response.objects.exists()


def test_upload_page_refuses_a_disguised_file_at_the_field(client_for, evaluator, round_a):
    data = SimpleUploadedFile("a.xlsx", b"gender,age\nmale,40\n")
    page = client_for(evaluator).post(UPLOAD, {"file": data, "round": round_a.pk}).content.decode()
    assert "not an Excel workbook" in page and not Response.objects.exists()


def test_upload_page_previews_then_saves_a_good_file_on_confirming(client_for, evaluator, round_a, autumn):
    from evaluation.models import PendingResponseUpload

    client = client_for(evaluator)
    data = SimpleUploadedFile("a.csv", b"gender,age,_uuid\nmale,40,u1\nfemale,50,u2\n")
    response = client.post(UPLOAD, {"file": data, "round": round_a.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing has been saved yet" in page
    assert "2 responses can be imported" in page
    assert "<code>_uuid</code></td><td>ignored: the export&#x27;s own column" in page
    assert not Response.objects.exists()
    pending = PendingResponseUpload.objects.get()
    response = client.post(UPLOAD, {"confirm": "1", "upload": pending.pk})
    assert response.status_code == 302 and Response.objects.filter(round=round_a, is_paper=True).count() == 2
    assert not PendingResponseUpload.objects.exists()
    assert client.post(UPLOAD, {"confirm": "1", "upload": pending.pk}).status_code == 404  # once only


def test_someone_elses_pending_file_cannot_be_confirmed(client_for, personas, evaluator, round_a, autumn):
    from evaluation.models import PendingResponseUpload

    data = SimpleUploadedFile("a.csv", b"gender,age\nmale,40\n")
    client_for(evaluator).post(UPLOAD, {"file": data, "round": round_a.pk})
    pending = PendingResponseUpload.objects.get()
    for who in ("coordinator", "site_contact_b"):
        assert client_for(personas[who]).post(UPLOAD, {"confirm": "1", "upload": pending.pk}).status_code == 404
    assert client_for(evaluator).post(UPLOAD, {"confirm": "1", "upload": "x"}).status_code == 404
    assert not Response.objects.exists() and PendingResponseUpload.objects.exists()


def test_upload_is_refused_to_observers_and_out_of_scope_users(client_for, personas, round_a):
    def post(who):
        data = SimpleUploadedFile("a.csv", b"gender,age\nmale,40\n")
        return client_for(personas[who]).post(UPLOAD, {"file": data, "round": round_a.pk}).status_code

    assert post("observer") == 403
    assert post("site_contact_a") == 403
    assert post("site_contact_b") == 404
    assert not Response.objects.exists()
