"""/healthz: 200 ok when the database answers, 503 otherwise."""
from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_it_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_does_not(client):
    with mock.patch("config.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503 and b"database" in response.content


def test_it_only_takes_get(client):
    assert client.post("/healthz").status_code == 405


def test_it_answers_head_for_load_balancers_that_probe_with_it(client):
    response = client.head("/healthz")
    assert response.status_code == 200
