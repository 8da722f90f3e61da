"""Fault behaviour: an unreachable database gives a clean 503 page, never a stack trace."""

import pytest
from django.db import connection
from django.test import Client


@pytest.fixture
def database_made_unreachable(settings):
    """Point the live connection at a database that cannot be reached, for real; restore afterwards."""
    settings.DEBUG = False
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens on port 1
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.fixture
def signed_in_client(coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    return client


@pytest.mark.django_db(transaction=True)
def test_database_unavailable_gives_a_clean_503(signed_in_client, database_made_unreachable):
    # The session lookup itself fails here, before any view runs.
    response = signed_in_client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Temporarily unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "60"
