"""The API answers every error as JSON {"detail": "..."} with a 4xx status."""
import json

import pytest


@pytest.mark.django_db
class TestApiErrors:
    def test_an_unknown_api_address_is_a_json_404(self, client):
        response = client.get("/api/v1/no-such-thing/here")

        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert "no-such-thing" in response.json()["detail"]

    def test_the_openapi_schema_is_served(self, client):
        response = client.get("/api/v1/openapi.json")

        assert response.status_code == 200
        assert response.json()["info"]["title"] == "Waypoint API"


@pytest.mark.django_db
class TestErrorsFromOutsideTheOperations:
    @pytest.mark.parametrize("method, path, allowed", [
        ("get", "/api/v1/checks/remarks", "POST"),
        ("put", "/api/v1/tickets", "POST"),
        ("delete", "/api/v1/troubleshooters", "GET"),
    ])
    def test_a_method_not_allowed_is_a_json_405_naming_the_allowed_ones(self, client, method, path, allowed):
        response = getattr(client, method)(path)

        assert response.status_code == 405
        assert response["Content-Type"].startswith("application/json")
        assert response["Allow"] == allowed
        assert response.json() == {"detail": f"{method.upper()} is not allowed at {path}; use {allowed}."}

    def test_json_errors_are_left_as_they_are(self, client):
        response = client.post("/api/v1/checks/spelling", data="{}", content_type="application/json")

        assert response.status_code == 404 and "No checker is called" in response.json()["detail"]

    def test_error_pages_outside_the_api_stay_html(self, client):
        response = client.get("/articles/no-such-article/")

        assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_is_json_without_details():
    from django.http import HttpResponseServerError
    from django.test import RequestFactory

    from config.api_errors import JsonApiErrorsMiddleware

    middleware = JsonApiErrorsMiddleware(lambda request: HttpResponseServerError("<h1>Traceback secrets</h1>"))
    response = middleware(RequestFactory().get("/api/v1/articles"))

    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "The server could not answer this request; please try again later."}


def test_the_schema_declares_each_status_once_with_the_edges_errors(client):
    """Swagger UI refuses a schema with a key listed twice ("duplicated mapping key")."""
    duplicated = []

    def keep(pairs):
        keys = [key for key, _ in pairs]
        duplicated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    schema = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=keep)
    assert duplicated == []
    assert set(schema["paths"]["/api/v1/tickets"]["post"]["responses"]) == {"201", "400", "403", "413", "415", "429"}
    assert "200" in schema["paths"]["/api/v1/checks/json-body"]["post"]["responses"]
