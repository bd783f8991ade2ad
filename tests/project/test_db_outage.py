"""A database that cannot be reached answers 503 with Retry-After (JSON under /api/v1/), never 500."""
import sqlite3
import uuid
from unittest import mock

import psycopg2
import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, ProgrammingError

from config.db_outage import RETRY_AFTER_SECONDS, is_outage

pytestmark = pytest.mark.django_db


def wrapped(django_error, driver_error):
    """The Django error as Django's wrap_database_errors raises it: the driver's error as its cause."""
    try:
        raise driver_error
    except Exception as cause:
        try:
            raise django_error(str(cause)) from cause
        except django_error as error:
            return error


REFUSED = wrapped(OperationalError, psycopg2.OperationalError("connection to server failed: Connection refused"))
LOCKED = wrapped(OperationalError, sqlite3.OperationalError("database is locked"))


class TestWhatCountsAsAnOutage:
    def test_a_refused_connection_and_a_closed_one_are_outages(self):
        assert is_outage(REFUSED)
        assert is_outage(InterfaceError("connection already closed"))

    def test_a_sqlite_file_locked_past_its_timeout_is_an_outage(self):
        assert is_outage(LOCKED)

    def test_a_bad_query_or_a_broken_constraint_is_not(self):
        assert not is_outage(wrapped(OperationalError, sqlite3.OperationalError("no such table: faq_article")))
        assert not is_outage(IntegrityError("duplicate key"))
        assert not is_outage(ProgrammingError("syntax error"))
        assert not is_outage(ValueError("nope"))


class TestAnswersDuringAnOutage:
    @pytest.fixture
    def outage(self):
        with mock.patch("troubleshooter.engine.Session.objects.select_related", side_effect=REFUSED):
            yield

    def test_a_page_is_a_503_page_with_retry_after(self, client, outage):
        response = client.get(f"/troubleshoot/s/{uuid.uuid4()}/")
        assert response.status_code == 503
        assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert response["Content-Type"].startswith("text/html")
        assert "back in a moment" in response.content.decode()

    def test_the_api_is_a_json_503_with_retry_after(self, client, outage):
        response = client.get(f"/api/v1/sessions/{uuid.uuid4()}")
        assert response.status_code == 503
        assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert "unavailable" in response.json()["detail"]

    def test_healthz_is_503_with_retry_after(self, client):
        with mock.patch("config.views.connection.cursor", side_effect=REFUSED):
            response = client.get("/healthz")
        assert response.status_code == 503 and response["Retry-After"] == str(RETRY_AFTER_SECONDS)

    def test_an_outage_inside_a_middleware_is_a_503_too(self, client):
        client.raise_request_exception = False
        with mock.patch("config.nul_bytes.RejectNulBytesMiddleware.__call__", side_effect=LOCKED):
            page = client.get("/")
            api = client.get("/api/v1/troubleshooters")
        assert page.status_code == 503 and "back in a moment" in page.content.decode()
        assert api.status_code == 503 and api.json()["detail"] and api["Retry-After"]

    def test_any_other_error_is_still_a_500(self, client):
        client.raise_request_exception = False
        with mock.patch("troubleshooter.engine.Session.objects.select_related", side_effect=ProgrammingError("bug")):
            response = client.get(f"/troubleshoot/s/{uuid.uuid4()}/")
        assert response.status_code == 500
