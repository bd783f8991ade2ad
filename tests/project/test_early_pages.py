"""A page the page cache already answered at an address is served before routing, sessions, CSRF
and the view run, with the same headers, never stale, and still counted as a reading."""
from __future__ import annotations

import pytest
from django.urls.resolvers import URLResolver

from common import page_cache
from faq import view_counts
from faq.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"}


@pytest.fixture
def article():
    return make_article(slug="late-sms", title="Late SMS", category=make_category(slug="delivery"))


@pytest.fixture
def no_routing(monkeypatch):
    """Routing raises from here on: only a page answered before the URL resolver passes."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the request reached the URL resolver")

    def arm():
        monkeypatch.setattr(URLResolver, "resolve", refuse)

    return arm


def test_a_second_request_is_answered_before_routing_with_the_same_page_and_headers(client, article, no_routing):
    url = article.get_absolute_url()
    first = client.get(url, **BROWSER)
    no_routing()
    early = client.get(url, **BROWSER)
    assert early.status_code == 200 and early.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type", "ETag", "Cache-Control",
                   "Referrer-Policy", "X-Content-Type-Options"):
        assert early[header] == first[header], header
    assert not early.cookies


def test_the_early_answer_honours_conditional_requests_and_compression(client, article, no_routing):
    url = article.get_absolute_url()
    first = client.get(url, **BROWSER)
    no_routing()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **BROWSER).status_code == 304
    assert client.get(url, HTTP_ACCEPT_ENCODING="br", **BROWSER)["Content-Encoding"] == "br"


def test_an_edit_is_never_served_from_the_early_copy(client, article):
    url = article.get_absolute_url()
    client.get(url, **BROWSER)
    client.get(url, **BROWSER)
    Article.objects.filter(pk=article.pk).update(title="Late SMS, explained")
    page_cache.content_changed()
    assert "Late SMS, explained" in client.get(url, **BROWSER).content.decode()


def test_article_views_are_counted_on_early_answers_too(client, article, no_routing):
    url = article.get_absolute_url()
    client.get(url, **BROWSER)
    no_routing()
    client.get(url, **BROWSER)
    client.get(url, **BROWSER)
    client.get(url, HTTP_USER_AGENT="curl/8.0")  # a program: not a reader
    assert view_counts.flush() == 3
    assert Article.objects.get(pk=article.pk).view_count == 3


def test_visitors_with_a_session_cookie_never_get_the_early_copy(client, article, admin_user):
    url = article.get_absolute_url()
    client.get(url, **BROWSER)
    client.force_login(admin_user)
    page = client.get(url, **BROWSER)
    assert "private" in page["Cache-Control"]


def test_an_address_with_a_form_input_is_always_answered_by_its_view(client, db, monkeypatch):
    routed = []
    resolve = URLResolver.resolve

    def counting(self, path):
        routed.append(path)
        return resolve(self, path)

    monkeypatch.setattr(URLResolver, "resolve", counting)
    for _ in range(2):
        response = client.get("/troubleshoot/", {"code": "ZZZZZZ"})
        assert response.status_code == 404 and b"No session has the code" in response.content
    assert routed.count("/troubleshoot/") == 2  # the root resolver, once per request
