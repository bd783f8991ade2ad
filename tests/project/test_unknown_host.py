"""A request for a host the site does not serve is a 400, never a 500.

Django answers a Host header outside ALLOWED_HOSTS with the 400 page; that page must not itself ask
the request for its host (base.html's canonical link does), or the 400 turns into a 500.
"""
import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/", "/troubleshoot/s/00000000-0000-0000-0000-000000000000/", "/search/?q=x"])
def test_a_host_outside_allowed_hosts_gets_the_400_page(db, path):
    client = Client()
    client.raise_request_exception = False
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"We could not understand that request" in response.content
    assert b"evil.example" not in response.content
