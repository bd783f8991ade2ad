"""Which client address a rate limit counts, behind zero or more trusted proxies."""
from __future__ import annotations

from django.test import RequestFactory

from common.clients import client_address


class TestWhichAddressIsCounted:
    def request(self, **meta):
        return RequestFactory().get("/", **meta)

    def test_without_proxies_the_socket_peer_counts_and_forwarded_headers_are_ignored(self, settings):
        settings.TRUSTED_PROXIES = 0
        request = self.request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert client_address(request) == "10.0.0.2"

    def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims(self, settings):
        settings.TRUSTED_PROXIES = 1
        request = self.request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
        assert client_address(request) == "203.0.113.5"
        assert client_address(self.request(REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
