"""Browsers find the site icon wherever they look for it."""
import pytest


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
