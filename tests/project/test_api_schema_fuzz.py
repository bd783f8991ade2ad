"""schemathesis over /api/v1/openapi.json: generated requests to every operation, 0 server errors and
every answer as the schema describes it (status codes, content type, body).

One check is left out: that every schema-valid request is accepted. The schema says what shape a
request has; a well-shaped ticket with an address that is not an email, or an answer for a session
that does not exist, is still refused with a documented 400 or 404 and a reason.
"""
from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import make_article
from tests.troubleshooter.session_factories import make_live_session

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def content(db):
    """Something for the generated requests to find besides 404s."""
    make_article(slug="invoices", title="Invoices", error_codes=("1014",))
    make_live_session()


@pytest.fixture(autouse=True)
def keep_the_tests_connection():
    """Calling the WSGI handler directly fires request_finished, which closes the database connection
    that holds the test's transaction (PostgreSQL then answers "connection already closed"); Django's
    own test client unhooks close_old_connections the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, content):
    # The WSGI transport does not decode Brotli/gzip (common/compression.py): ask for plain bodies.
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance])
