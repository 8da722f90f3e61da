"""Managing questionnaires: XLSForm upload, opening rounds, downloading the workbook."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.models import CollectionRound, Questionnaire
from evaluation.tests.factories import xlsform_bytes
from pilot.models import AuditEntry

UPLOAD = reverse("evaluation:xlsform_upload")
NEW_ROUND = reverse("evaluation:round_create", args=["checkin"])


def workbook(data=None, name="form.xlsx"):
    return SimpleUploadedFile(name, data or xlsform_bytes())


def test_evaluator_imports_an_xlsform(client_for, evaluator):
    response = client_for(evaluator).post(UPLOAD, {"file": workbook(), "audience": "host_agencies"})
    assert response.status_code == 302
    assert Questionnaire.objects.get().audience == "host_agencies"


def test_bad_xlsform_errors_show_at_the_field_and_nothing_is_saved(client_for, coordinator):
    data = xlsform_bytes(survey=[["select_one sevices", "s", "Services"]])
    page = client_for(coordinator).post(UPLOAD, {"file": workbook(data), "audience": "other"}).content.decode()
    assert "survey row 2, column type: unknown choice list &#x27;sevices&#x27;" in page
    page = client_for(coordinator).post(UPLOAD, {"file": workbook(b"a,b\n", "form.csv"), "audience": "other"})
    assert "not accepted" in page.content.decode()
    assert not Questionnaire.objects.exists()


def test_only_the_centre_may_import(client_for, personas, client):
    assert client_for(personas["observer"]).post(UPLOAD, {"file": workbook(), "audience": "other"}).status_code == 403
    assert client_for(personas["site_contact_a"]).get(UPLOAD).status_code == 403
    assert client_for(personas["facilitator_a"]).post(UPLOAD, {"file": workbook()}).status_code == 403
    assert "/accounts/login/" in client.get(UPLOAD)["Location"]
    assert not Questionnaire.objects.exists()


def test_evaluator_opens_a_round_with_a_public_link(client_for, evaluator, questionnaire, group_a):
    data = {"name": "Spring", "version": questionnaire.current_version.pk, "site": group_a.site.pk,
            "group": group_a.pk, "opens_on": "01/03/2010", "closes_on": "2010-03-31"}  # fmt: skip
    assert client_for(evaluator).post(NEW_ROUND, data).status_code == 302
    created = CollectionRound.objects.get()
    assert created.opens_on == datetime.date(2010, 3, 1) and len(created.token) >= 30
    assert AuditEntry.objects.filter(action="create", target_type="evaluation.CollectionRound").exists()


def test_round_form_checks_group_site_and_dates(client_for, evaluator, questionnaire, group_a, group_b):
    data = {"name": "Bad", "version": questionnaire.current_version.pk, "site": group_a.site.pk,
            "group": group_b.pk, "opens_on": "2010-03-31", "closes_on": "2010-03-01"}  # fmt: skip
    page = client_for(evaluator).post(NEW_ROUND, data).content.decode()
    assert "is not a group of Alpha Town" in page and "must close on or after" in page
    assert not CollectionRound.objects.exists()


def test_round_creation_refused_outside_the_centre(client_for, personas, round_a):
    data = {"name": "X"}
    assert client_for(personas["observer"]).post(NEW_ROUND, data).status_code == 403
    assert client_for(personas["site_contact_a"]).post(NEW_ROUND, data).status_code == 403
    assert client_for(personas["site_contact_b"]).get(NEW_ROUND).status_code == 404
    assert CollectionRound.objects.count() == 1


def test_workbook_download_is_audited_and_centre_only(client_for, personas, round_a):
    url = reverse("evaluation:version_download", args=["checkin", round_a.version.pk])
    response = client_for(personas["evaluator"]).get(url)
    assert response.content[:2] == b"PK" and "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="download").count() == 1
    assert client_for(personas["observer"]).get(url).status_code == 403
    assert client_for(personas["site_contact_b"]).get(url).status_code == 404
    assert client_for(personas["observer"]).post(url).status_code == 403
