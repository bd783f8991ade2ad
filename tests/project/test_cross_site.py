"""One rule decides "another site sent this" for the tokenless forms and the JSON API."""
import pytest
from django.test import RequestFactory, override_settings

from common.cross_site import is_cross_site


def request(**headers):
    return RequestFactory().post("/", HTTP_HOST="testserver", **headers)


@pytest.mark.parametrize(
    ("headers", "cross"),
    [
        ({}, False),  # a program: neither header
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, False),
        ({"HTTP_SEC_FETCH_SITE": "none"}, False),  # typed address or bookmark
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, True),
        ({"HTTP_SEC_FETCH_SITE": "same-site"}, True),  # a sibling subdomain is another site for us
        ({"HTTP_ORIGIN": "http://testserver"}, False),
        ({"HTTP_ORIGIN": "https://evil.example"}, True),
        ({"HTTP_ORIGIN": "null"}, True),  # an opaque origin (sandboxed frame, data: URL)
    ],
)
def test_the_browsers_word_decides(headers, cross):
    assert is_cross_site(request(**headers)) is cross


@override_settings(CSRF_TRUSTED_ORIGINS=["https://widget.example"])
def test_an_origin_the_operator_trusts_is_not_another_site():
    assert not is_cross_site(request(HTTP_ORIGIN="https://widget.example", HTTP_SEC_FETCH_SITE="cross-site"))


def test_a_request_for_a_host_this_site_does_not_serve_counts_as_cross_site(settings):
    settings.ALLOWED_HOSTS = ["waypoint.example"]
    assert is_cross_site(request(HTTP_ORIGIN="http://testserver"))
