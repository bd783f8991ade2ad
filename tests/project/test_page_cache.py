"""Public pages are cacheable: no per-visitor token or cookie, validators and 304s, a server-side
page cache that never serves a page older than the last edit (common/page_cache.py)."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import brotli
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from faq.models import Article, Synonym
from tests.factories import make_article, make_category
from tests.faq.kb_helpers import make_tree
from tests.faq.test_admin import form_data

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "faq" / "data" / "seed_faq.txt"


def cacheable_pages() -> list[str]:
    topic = make_category(slug="delivery", name="Delivery")
    article = make_article(slug="late-sms", title="Late SMS", category=topic)
    tree = make_tree(slug="sms-not-received", articles=(article,))
    return ["/", article.get_absolute_url(), topic.get_absolute_url(), "/troubleshoot/", tree.get_absolute_url()]


class TestCacheablePages:
    def test_anonymous_pages_set_no_cookie_carry_no_token_and_say_how_to_cache_them(self, client):
        for path in cacheable_pages():
            response = client.get(path)
            assert response.status_code == 200, path
            assert not response.cookies, path
            assert "csrfmiddlewaretoken" not in response.content.decode(), path
            assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=30"}, path
            assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in response["Vary"].split(",")}, path
            assert response["ETag"].startswith('W/"') and response["Last-Modified"], path

    def test_a_page_already_rendered_is_served_without_touching_the_database(
        self, client, django_assert_num_queries
    ):
        paths = cacheable_pages()
        first = [client.get(path).content for path in paths]
        with django_assert_num_queries(0):
            again = [client.get(path).content for path in paths]
        assert again == first

    def test_a_kept_copy_is_confirmed_with_304_by_etag_or_by_date(self, client):
        path = cacheable_pages()[1]
        first = client.get(path)
        by_etag = client.get(path, headers={"If-None-Match": first["ETag"]})
        by_date = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
        assert by_etag.status_code == by_date.status_code == 304
        assert by_etag.content == b"" and by_etag["ETag"] == first["ETag"]
        assert client.get(path, headers={"If-None-Match": 'W/"old"'}).status_code == 200

    @pytest.mark.parametrize("encoding, decompress", [("br", brotli.decompress), ("gzip", gzip.decompress)])
    def test_cached_pages_go_out_compressed_when_the_browser_accepts_it(self, client, encoding, decompress):
        path = cacheable_pages()[1]
        plain = client.get(path).content
        response = client.get(path, headers={"Accept-Encoding": f"{encoding}, deflate"})
        assert response["Content-Encoding"] == encoding
        assert decompress(response.content) == plain and len(response.content) < len(plain) / 2

    def test_a_head_request_gets_the_headers_without_the_body(self, client):
        path = cacheable_pages()[1]
        client.get(path)
        response = client.head(path)
        assert response.status_code == 200 and response.content == b"" and response["ETag"]

    def test_visitors_with_a_session_get_their_own_private_page(self, client, admin_client):
        path = cacheable_pages()[1]
        client.get(path)
        response = admin_client.get(path)
        assert "For staff" in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert "For staff" not in client.get(path).content.decode()

    def test_other_query_parameters_share_the_copy_but_a_code_lookup_is_never_cached(
        self, client, django_assert_num_queries
    ):
        path = cacheable_pages()[1]
        client.get(path)
        with django_assert_num_queries(0):
            assert client.get(path, {"utm_source": "mail"}).status_code == 200
        assert client.get("/troubleshoot/", {"code": "ZZZZZZ"}).status_code == 404
        assert client.get("/troubleshoot/").status_code == 200


class TestNoStalePageAfterAnEdit:
    def test_an_admin_save_is_shown_at_once(self, client, admin_client):
        path = cacheable_pages()[1]
        assert "Late SMS" in client.get(path).content.decode()
        article = Article.objects.get(slug="late-sms")
        change_url = reverse("admin:faq_article_change", args=[article.pk])
        edit = form_data(admin_client.get(change_url).context["adminform"].form)
        edit.update({"title": "Slow SMS", "votes-TOTAL_FORMS": "0", "votes-INITIAL_FORMS": "0"})
        assert admin_client.post(change_url, edit).status_code == 302
        for page in ("/", path, "/categories/delivery/"):
            html = client.get(page).content.decode()
            assert "Slow SMS" in html and "Late SMS" not in html, page

    def test_a_restored_version_is_shown_at_once(self, client):
        path = cacheable_pages()[1]
        article = Article.objects.get(slug="late-sms")
        article.title = "Slow SMS"
        article.save()
        assert "Slow SMS" in client.get(path).content.decode()
        article.history.earliest().instance.save()  # what the admin's "revert" does
        assert "Late SMS" in client.get(path).content.decode()

    def test_a_deleted_article_disappears_at_once(self, client):
        path = cacheable_pages()[1]
        client.get(path), client.get("/")
        Article.objects.get(slug="late-sms").delete()
        assert client.get(path).status_code == 404
        assert "Late SMS" not in client.get("/").content.decode()

    def test_an_import_is_shown_at_once(self, client):
        client.get("/")
        call_command("import_faq", str(SEED), stdout=io.StringIO())
        assert "What should I do if a user does not receive an SMS message?" in client.get("/").content.decode()

    def test_a_category_tree_or_synonym_change_is_shown_at_once(self, client):
        cacheable_pages()
        client.get("/categories/delivery/"), client.get("/troubleshoot/")
        topic = Article.objects.get(slug="late-sms").category
        topic.name = "Delivery problems"
        topic.save()
        assert "Delivery problems" in client.get("/categories/delivery/").content.decode()
        tree = make_tree(slug="slow-api", title="Slow API calls")
        assert "Slow API calls" in client.get("/troubleshoot/").content.decode()
        tree.title = "Slow API"
        tree.save()
        assert "Slow API calls" not in client.get("/troubleshoot/").content.decode()
        client.get("/")
        Synonym.objects.create(words="late, slow")
        with CaptureQueriesContext(connection) as rendered:
            client.get("/")
        assert len(rendered) > 0

    def test_another_web_process_sees_the_edit_through_the_stamp_file(self, client, settings, tmp_path):
        settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
        path = cacheable_pages()[1]
        client.get(path)
        # Another process's edit: only the stamp file moves, this process's cache is untouched.
        Article.objects.filter(slug="late-sms").update(title="Slow SMS")
        assert "Late SMS" in client.get(path).content.decode()
        (tmp_path / "stamp").touch()
        assert "Slow SMS" in Client().get(path).content.decode()
