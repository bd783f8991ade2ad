"""HTML goes out compressed, Brotli first, when the browser accepts it (common/compression.py)."""
import gzip

import brotli
import pytest

from common.compression import preferred_encoding


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0.8", "gzip"),
    ("identity", ""), ("", ""), ("BR", "br"), ("gzip;q=junk, br;q=0", ""),
])
def test_the_best_accepted_coding_is_chosen(header, expected):
    assert preferred_encoding(header) == expected


@pytest.mark.django_db
class TestDynamicPages:
    def test_a_page_that_is_not_cached_is_compressed_with_brotli(self, client):
        response = client.get("/tools/", headers={"Accept-Encoding": "gzip, br"})
        plain = client.get("/tools/").content
        assert response["Content-Encoding"] == "br" and "Accept-Encoding" in response["Vary"]
        assert brotli.decompress(response.content) == plain

    def test_gzip_when_brotli_is_not_accepted(self, client):
        response = client.get("/tools/", headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == client.get("/tools/").content

    def test_nothing_is_compressed_for_a_client_that_does_not_ask(self, client):
        assert not client.get("/tools/").has_header("Content-Encoding")
