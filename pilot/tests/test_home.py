import pytest
from django.urls import reverse

from pilot.models import WorkerHeartbeat


@pytest.mark.parametrize("persona", ["coordinator", "evaluator", "observer", "site_contact_a", "facilitator_a"])
def test_every_role_gets_a_start_page_naming_its_role(personas, client_for, persona):
    user = personas[persona]
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["pilot_role"] is not None
    assert f"Signed in as {response.context['pilot_role'].label.lower()}" in response.content.decode()


def test_user_without_role_is_told_so(make_user, client_for):
    response = client_for(make_user("norole", None)).get(reverse("home"))
    assert "no role yet" in response.content.decode()


def test_navigation_follows_the_role(personas, client_for):
    facilitator_nav = [i["label"] for i in client_for(personas["facilitator_a"]).get("/").context["pilot_nav"]]
    coordinator_nav = [i["label"] for i in client_for(personas["coordinator"]).get("/").context["pilot_nav"]]
    assert "Sites" in coordinator_nav
    assert "Sites" not in facilitator_nav
    assert "Groups" in facilitator_nav
    # The audit log is in the coordinator's account menu, nobody else's.
    coordinator_account = client_for(personas["coordinator"]).get("/").context["pilot_account_nav"]
    assert [i["label"] for i in coordinator_account] == [
        "Data quality",
        "Audit log",
        "Reminders sent",
        "Email reminders",
    ]
    assert "Audit log" not in coordinator_nav and "Data quality" not in coordinator_nav
    # Everyone chooses their own email reminders; only the coordinator sees what was sent.
    observer_account = client_for(personas["observer"]).get("/").context["pilot_account_nav"]
    assert [i["label"] for i in observer_account] == ["Email reminders"]


def test_coordinator_sees_the_worker_panel_others_do_not(personas, client_for):
    WorkerHeartbeat.objects.create(token="t1", hostname="worker-host")
    coordinator_page = client_for(personas["coordinator"]).get("/").content.decode()
    observer_page = client_for(personas["observer"]).get("/").content.decode()
    assert "worker-host" in coordinator_page
    assert "worker-host" not in observer_page


def test_pages_carry_skip_link_landmarks_and_no_external_assets(personas, client_for):
    html = client_for(personas["coordinator"]).get("/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<nav" in html and "<main" in html and "<header" in html
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]
    assert "<script>" not in html  # the CSP forbids inline scripts


def test_demo_banner_follows_the_setting(personas, client_for, settings):
    settings.PILOT_DEMO = True
    assert "Demonstration data" in client_for(personas["observer"]).get("/").content.decode()
    settings.PILOT_DEMO = False
    assert "Demonstration data" not in client_for(personas["observer"]).get("/").content.decode()


@pytest.mark.django_db
def test_error_pages_render(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_security_headers_present(personas, client_for):
    response = client_for(personas["coordinator"]).get("/")
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "same-origin"
