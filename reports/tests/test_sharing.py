"""The steering committee's library: a coordinator shares finished reports with readers, within their policy."""

from datetime import date
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from pilot.models import AuditEntry
from pilot.roles import Role
from pilot.tests.factories import make_user
from reports import services
from reports.models import ReportRequest, ReportShare, ReportStatus

pytestmark = pytest.mark.django_db
SEND = "reports.tasks.build_report.apply_async"


def _done(user, kind="monitoring", built_for="coordinator", **params) -> ReportRequest:
    """A finished report with a file, as the worker leaves it."""
    report = ReportRequest.objects.create(
        requested_by=user, kind=kind, parameters=params, format="pdf", status=ReportStatus.DONE, built_for=built_for
    )
    report.file = default_storage.save(f"reports/2009/11/{report.pk}/{kind}.pdf", ContentFile(b"%PDF-1.7 test"))
    report.save()
    return report


def _share(client, report, role):
    return client.post(reverse("reports:share", args=[report.pk]), {"role": role})


def test_a_report_shared_with_the_committee_is_listed_opened_and_downloaded_by_observers_only(
    client_for, coordinator, observer, evaluator, site_contact_a
):
    report = _done(coordinator, site="alpha", date_from="2009-10-01")
    other_observer = make_user("observer2", Role.OBSERVER)
    assert client_for(observer).get(report.get_absolute_url()).status_code == 404  # not shared yet
    response = _share(client_for(coordinator), report, "observer")
    assert response.status_code == 302
    share = ReportShare.objects.get()
    assert (share.role, share.site, share.shared_by) == ("observer", None, coordinator)

    for reader in (observer, other_observer):  # the role, not one person
        page = client_for(reader).get(reverse("reports:index")).content.decode()
        assert "Shared with you" in page and report.get_absolute_url() in page
        assert client_for(reader).get(report.get_absolute_url()).status_code == 200
        download = client_for(reader).get(reverse("reports:download", args=[report.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7 test"
    for outsider in (evaluator, site_contact_a):
        assert client_for(outsider).get(report.get_absolute_url()).status_code == 404
        assert client_for(outsider).get(reverse("reports:download", args=[report.pk])).status_code == 404
        assert report.get_absolute_url() not in client_for(outsider).get(reverse("reports:index")).content.decode()

    shared_entry = AuditEntry.objects.get(action="create", target_type="reports.ReportShare")
    assert shared_entry.actor == coordinator and "observers" in shared_entry.detail
    downloads = AuditEntry.objects.filter(action="download", target_id=str(report.pk))
    assert sorted(e.actor_name for e in downloads) == ["observer", "observer2"]
    assert all(e.detail.endswith("(shared)") for e in downloads)


def test_a_report_shared_with_a_sites_contacts_is_404_for_another_sites_contact(
    client_for, coordinator, site_contact_a, site_contact_b, observer
):
    report = _done(coordinator, site="alpha")
    page = client_for(coordinator).get(reverse("reports:share", args=[report.pk])).content.decode()
    assert "The contacts of Alpha Town" in page
    assert _share(client_for(coordinator), report, "site_contact").status_code == 302
    share = ReportShare.objects.get()
    assert share.site.slug == "alpha" and share.readers == "the contacts of Alpha Town"
    assert client_for(site_contact_a).get(reverse("reports:download", args=[report.pk])).status_code == 200
    assert client_for(site_contact_b).get(report.get_absolute_url()).status_code == 404
    assert client_for(site_contact_b).get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert report.get_absolute_url() not in client_for(site_contact_b).get(reverse("reports:index")).content.decode()
    assert client_for(observer).get(report.get_absolute_url()).status_code == 404
    # The probe is on record.
    assert AuditEntry.objects.filter(action="not_found", actor=site_contact_b, target_id=str(report.pk)).exists()


def test_a_report_about_several_sites_cannot_go_to_site_contacts(client_for, coordinator):
    report = _done(coordinator, date_from="2009-10-01")
    page = client_for(coordinator).get(reverse("reports:share", args=[report.pk])).content.decode()
    assert 'value="site_contact"' not in page and 'value="observer"' in page  # not offered
    response = _share(client_for(coordinator), report, "site_contact")
    assert response.status_code == 400 and not ReportShare.objects.exists()


def test_exact_figures_are_refused_for_the_committee_at_the_form_and_given_to_evaluators(
    client_for, coordinator, observer, evaluator
):
    report = _done(coordinator, figures="exact", site="alpha")
    response = _share(client_for(coordinator), report, "observer")
    assert response.status_code == 400
    assert "holds exact figures, which are not for publication" in response.content.decode()
    assert not ReportShare.objects.exists() and not AuditEntry.objects.filter(action="create").exists()
    assert client_for(observer).get(report.get_absolute_url()).status_code == 404
    assert _share(client_for(coordinator), report, "evaluator").status_code == 302
    assert client_for(evaluator).get(report.get_absolute_url()).status_code == 200


def test_a_coordinators_site_progress_report_carries_notes_and_goes_only_to_the_sites_contacts(
    client_for, coordinator, site_contact_a
):
    report = _done(coordinator, kind="site_progress", site="alpha")
    for role in ("observer", "evaluator"):
        response = _share(client_for(coordinator), report, role)
        assert response.status_code == 400 and "progress log&#x27;s notes" in response.content.decode()
    assert _share(client_for(coordinator), report, "site_contact").status_code == 302
    # An evaluator's site progress report has no notes: the committee may have it.
    evaluators = _done(coordinator, kind="site_progress", built_for="evaluator", site="alpha")
    assert _share(client_for(coordinator), evaluators, "observer").status_code == 302


def test_site_contacts_are_not_given_questionnaire_summaries(client_for, coordinator):
    report = _done(coordinator, kind="questionnaire_summary", questionnaire="members", site="alpha")
    response = _share(client_for(coordinator), report, "site_contact")
    assert response.status_code == 400 and not ReportShare.objects.exists()


def test_a_report_not_built_yet_cannot_be_shared(client_for, coordinator):
    with mock.patch(SEND):
        report = services.report_request_create(user=coordinator, kind="monitoring", parameters={}, fmt="pdf")
    response = _share(client_for(coordinator), report, "observer")
    assert response.status_code == 400 and "Only a report that is ready can be shared" in response.content.decode()


def test_sharing_twice_makes_one_share(client_for, coordinator):
    report = _done(coordinator)
    _share(client_for(coordinator), report, "observer")
    _share(client_for(coordinator), report, "observer")
    assert ReportShare.objects.count() == 1
    assert AuditEntry.objects.filter(action="create", target_type="reports.ReportShare").count() == 1


def test_unsharing_takes_the_report_back_and_is_audited(client_for, coordinator, observer):
    report = _done(coordinator)
    _share(client_for(coordinator), report, "observer")
    share = ReportShare.objects.get()
    response = client_for(coordinator).post(reverse("reports:unshare", args=[share.pk]))
    assert response.status_code == 302 and not ReportShare.objects.exists()
    entry = AuditEntry.objects.get(action="delete", target_type="reports.ReportShare")
    assert entry.actor == coordinator and entry.target_id == str(share.pk) and "observers" in entry.detail
    assert client_for(observer).get(report.get_absolute_url()).status_code == 404


def test_only_coordinators_share(client_for, coordinator, evaluator, observer):
    report = _done(evaluator, built_for="evaluator")
    assert _share(client_for(evaluator), report, "observer").status_code == 403
    assert _share(client_for(observer), report, "observer").status_code == 403
    assert not ReportShare.objects.exists()


def test_a_duty_shared_with_the_committee_is_shared_once_when_built(coordinator, observer, site_a, meetings):
    from programmes.models import ReportingDuty
    from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory

    make_user("coord2", Role.COORDINATOR)
    pilot = ProgrammeFactory(name="Pilot", starts_on=date(2008, 4, 1), ends_on=date(2010, 3, 31))
    ProgrammeSiteFactory(programme=pilot, site=site_a)
    ReportingDuty.objects.create(
        programme=pilot, report_kind="monitoring", frequency="quarterly", recipients="SC", share_with="observer"
    )
    with mock.patch(SEND):
        quarter = services.duty_reports_request(today=date(2010, 1, 1))
    assert len(quarter) == 2  # one for each coordinator, as before
    assert not ReportShare.objects.exists()  # nothing to read until it is built
    for request in quarter:
        services.report_request_run(request_id=request.pk)
    share = ReportShare.objects.get()  # one copy for the committee, not one per coordinator
    assert share.role == "observer" and share.shared_by is None and share.request.status == ReportStatus.DONE
    assert share.request.built_for == "coordinator"
    entry = AuditEntry.objects.get(action="create", target_type="reports.ReportShare")
    assert entry.actor is None and "observers" in entry.detail


def test_the_demo_observer_finds_the_pilots_reports_once_the_worker_has_built_them(client_for):
    import io

    from network.demo import load_demo
    from reports import demo

    load_demo(out=io.StringIO())
    with mock.patch(SEND):
        asked = demo.load(out=io.StringIO())
        assert demo.load(out=io.StringIO()) == []  # a reload asks for nothing twice
    assert sorted((r.kind, r.parameters["date_from"], r.parameters["date_to"]) for r in asked) == [
        ("evaluation_pack", "2008-04-01", "2010-03-31"),
        ("monitoring", "2010-01-01", "2010-03-31"),
    ]
    observer = get_user_model().objects.get(username="observer")
    page = client_for(observer).get(reverse("reports:index")).content.decode()
    assert "Nothing has been shared with you yet" in page  # not built: nothing to read
    for request in asked:
        services.report_request_run(request_id=request.pk)
    page = client_for(observer).get(reverse("reports:index")).content.decode()
    assert page.count("Download evaluation-pack") == 1 and page.count("Download monitoring") == 1
    evaluator = get_user_model().objects.get(username="evaluator")
    page = client_for(evaluator).get(reverse("reports:index")).content.decode()
    assert "Download evaluation-pack" in page and "Download monitoring" not in page  # as the duties say


def test_a_shared_report_is_kept_for_its_readers_beyond_the_usual_expiry(client_for, coordinator, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.REPORTS_SHARED_EXPIRY_DAYS = 100
    report = _done(coordinator)
    assert report.expires_at < timezone.now() + timedelta(days=31)
    _share(client_for(coordinator), report, "observer")
    report.refresh_from_db()
    share = ReportShare.objects.get()
    assert report.expires_at == share.shared_at + timedelta(days=100)
    settings.REPORTS_SHARED_EXPIRY_DAYS = 10  # a later share never shortens it
    _share(client_for(coordinator), report, "evaluator")
    report.refresh_from_db()
    assert report.expires_at == share.shared_at + timedelta(days=100)
