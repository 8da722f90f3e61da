"""Report pages: who may ask, who may see, and what the download answers in each state."""

from unittest import mock

import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from reports import services
from reports.models import ReportRequest, ReportStatus

pytestmark = pytest.mark.django_db
SEND = "reports.tasks.build_report.apply_async"


def _request(user, kind="monitoring", fmt="csv", **params):
    with mock.patch(SEND):
        return services.report_request_create(user=user, kind=kind, parameters=params, fmt=fmt)


def test_anonymous_visitors_are_sent_to_sign_in(client, evaluator):
    report = _request(evaluator)
    urls = [reverse("reports:index"), reverse("reports:new", args=["monitoring"]), report.get_absolute_url()]
    urls += [reverse("reports:download", args=[report.pk]), reverse("reports:status", args=[report.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_index_lists_only_the_kinds_the_role_may_ask_for(client_for, observer, facilitator_a):
    page = client_for(observer).get(reverse("reports:index")).content.decode()
    assert "Evaluation pack" in page and "Monitoring report" not in page
    page = client_for(facilitator_a).get(reverse("reports:index")).content.decode()
    assert "Monitoring report" in page and "Evaluation pack" not in page


def test_evaluator_requests_a_report_and_lands_on_its_progress_page(client_for, evaluator, site_a):
    with mock.patch(SEND):
        response = client_for(evaluator).post(
            reverse("reports:new", args=["monitoring"]), {"format": "xlsx", "site": "alpha", "date_from": "01/10/2009"}
        )
    report = ReportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.parameters == {"site": "alpha", "date_from": "2009-10-01"} and report.format == "xlsx"
    page = client_for(evaluator).get(report.get_absolute_url()).content.decode()
    assert "Site: Alpha Town; From: 01/10/2009" in page  # the site by its name, not its slug
    assert '<progress id="report-progress"' in page and 'http-equiv="refresh"' in page and "hx-trigger" in page


def test_bad_dates_are_answered_at_the_field(client_for, evaluator):
    response = client_for(evaluator).post(
        reverse("reports:new", args=["monitoring"]),
        {"format": "pdf", "date_from": "2009-12-01", "date_to": "2009-01-01"},
    )
    assert response.status_code == 200 and "on or after the start date" in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_observer_posting_a_monitoring_request_is_forbidden(client_for, observer):
    response = client_for(observer).post(reverse("reports:new", args=["monitoring"]), {"format": "pdf"})
    assert response.status_code == 403 and not ReportRequest.objects.exists()


def test_site_contact_cannot_choose_another_sites_group(client_for, site_contact_a, group_b):
    response = client_for(site_contact_a).post(
        reverse("reports:new", args=["monitoring"]), {"format": "pdf", "group": group_b.pk}
    )
    assert response.status_code == 200 and not ReportRequest.objects.exists()


def test_another_users_report_is_not_found_but_coordinators_see_it(
    client_for, site_contact_a, site_contact_b, coordinator
):
    report = _request(site_contact_a)
    for url in [report.get_absolute_url(), reverse("reports:download", args=[report.pk])]:
        assert client_for(site_contact_b).get(url).status_code == 404
    assert client_for(site_contact_b).post(reverse("reports:retry", args=[report.pk])).status_code == 404
    assert client_for(coordinator).get(report.get_absolute_url()).status_code == 200


def test_download_answers_409_while_running_410_when_failed_404_once_expired(client_for, evaluator, meetings):
    report = _request(evaluator)
    url = reverse("reports:download", args=[report.pk])
    client = client_for(evaluator)
    assert client.get(url).status_code == 409
    services.report_request_run(request_id=report.pk)
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="download", target_id=str(report.pk), actor=evaluator).exists()
    ReportRequest.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
    assert client.get(url).status_code == 410
    ReportRequest.objects.filter(pk=report.pk).update(status=ReportStatus.EXPIRED, file="")
    assert client.get(url).status_code == 404


def test_retry_creates_a_new_request_with_the_same_filters(client_for, evaluator, site_a):
    report = _request(evaluator, site="alpha")
    ReportRequest.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, message="Broken")
    page = client_for(evaluator).get(report.get_absolute_url()).content.decode()
    assert "Broken" in page and "Try again" in page
    with mock.patch(SEND):
        response = client_for(evaluator).post(reverse("reports:retry", args=[report.pk]))
    again = ReportRequest.objects.exclude(pk=report.pk).get()
    assert response["Location"] == again.get_absolute_url() and again.parameters == {"site": "alpha"}


def test_status_fragment_stops_polling_when_done(client_for, evaluator, meetings):
    report = _request(evaluator)
    url = reverse("reports:status", args=[report.pk])
    assert "hx-trigger" in client_for(evaluator).get(url).content.decode()
    services.report_request_run(request_id=report.pk)
    fragment = client_for(evaluator).get(url).content.decode()
    assert "hx-trigger" not in fragment and "Download" in fragment


@pytest.mark.parametrize("rows", [1, 50])
def test_my_reports_page_runs_a_constant_number_of_queries(client_for, evaluator, django_assert_num_queries, rows):
    from reports.models import ReportShare

    ReportRequest.objects.bulk_create(ReportRequest(requested_by=evaluator, kind="monitoring") for _ in range(rows))
    shared = ReportRequest.objects.bulk_create(
        ReportRequest(requested_by=None, kind="monitoring", status="done", file="x.pdf") for _ in range(rows)
    )
    ReportShare.objects.bulk_create(ReportShare(request=r, role="evaluator") for r in shared)
    client = client_for(evaluator)
    client.get(reverse("reports:index"))  # warm the session
    # session, user, role groups, user and group permissions (for the kinds), the requests list, the
    # reports shared with them, the worker status (heartbeats, queue counts), the session's idle-timeout
    # update, and the layout's own queries: the same for 1 and 50 rows
    with django_assert_num_queries(12):
        assert client.get(reverse("reports:index")).status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_reports_page_of_the_coordinator_and_of_a_site_contact_runs_a_constant_number_of_queries(
    client_for, personas, site_a, site_b, persona, rows, django_assert_num_queries
):
    from reports.models import ReportShare

    user = personas[persona]
    ReportRequest.objects.bulk_create(ReportRequest(requested_by=user, kind="site_progress") for _ in range(rows))
    shared = ReportRequest.objects.bulk_create(
        ReportRequest(requested_by=None, kind="site_progress", status="done", file="x.pdf") for _ in range(2 * rows)
    )
    ReportShare.objects.bulk_create(
        ReportShare(request=r, role="site_contact", site=site_a if n % 2 else site_b) for n, r in enumerate(shared)
    )
    client = client_for(user)
    client.get(reverse("reports:index"))  # warm the session
    # as the evaluator's: session, user, role groups, the requests list, user and group permissions (for the kinds),
    # the reports shared with them, the worker status (heartbeats, queue counts), the session's idle-timeout update
    # (savepoint, update, release)
    with django_assert_num_queries(12):
        response = client.get(reverse("reports:index"))
    assert len(response.context["mine"]) == rows
    # A site contact reads the shares with their site only; the coordinator every share (the latest 50)
    assert len(response.context["shared"]) == (rows if persona == "site_contact_a" else min(2 * rows, 50))


@pytest.mark.parametrize("kind", ["questionnaire_summary", "monitoring", "site_progress", "evaluation_pack"])
def test_every_kind_has_a_request_form_with_only_its_own_filters(client_for, coordinator, kind):
    page = client_for(coordinator).get(reverse("reports:new", args=[kind])).content.decode()
    assert "<h1>" in page and 'name="format"' in page
    assert ('name="questionnaire"' in page) == (kind == "questionnaire_summary")
    assert ('name="group"' in page) == (kind in ("questionnaire_summary", "monitoring"))


def test_an_unknown_kind_is_not_found(client_for, coordinator):
    assert client_for(coordinator).get("/reports/new/everything/").status_code == 404


def test_asking_for_the_same_report_again_leads_to_the_one_being_built(client_for, evaluator, site_a):
    client = client_for(evaluator)
    data = {"format": "xlsx", "site": "alpha", "date_from": "01/10/2009"}
    with mock.patch(SEND):
        first = client.post(reverse("reports:new", args=["monitoring"]), data)
        again = client.post(reverse("reports:new", args=["monitoring"]), data, follow=True)
    report = ReportRequest.objects.get()
    assert first["Location"] == report.get_absolute_url()
    assert again.redirect_chain == [(report.get_absolute_url(), 302)]
    assert "You already asked for this report" in again.content.decode()


def test_a_sixth_active_report_is_refused_on_the_form(client_for, evaluator):
    for month in range(1, 6):
        _request(evaluator, date_from=f"2009-{month:02d}-01")
    with mock.patch(SEND) as send:
        response = client_for(evaluator).post(
            reverse("reports:new", args=["monitoring"]), {"format": "pdf", "date_from": "01/06/2009"}
        )
    page = response.content.decode()
    assert response.status_code == 200 and not send.called
    assert "You already have 5 reports waiting or being built" in page and "at most 5 at once" in page
    assert 'value="01/06/2009"' in page or 'value="2009-06-01"' in page  # the user's input is kept
    assert ReportRequest.objects.count() == 5
