"""The API answers every error as JSON {"detail": "..."} with a 4xx status."""
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

