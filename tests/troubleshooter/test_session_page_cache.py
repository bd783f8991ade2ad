"""A session's step page is rendered once per change of the session and then served from the cache,
never stale, and every visitor still gets a working CSRF token of their own."""
import re
from unittest import mock

import psycopg2
import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from common import page_cache
from troubleshooter import engine
from troubleshooter.models import Session

from .tree_factories import make_fixed_articles, make_tree, simple_spec

HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def session(db):
    make_fixed_articles()
    return engine.start_session(make_tree(simple_spec()))


def visitor() -> Client:
    return Client(enforce_csrf_checks=True)


def test_an_unchanged_session_page_is_served_from_the_cache_with_one_query(session, django_assert_num_queries):
    url = session.get_absolute_url()
    first = visitor().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):
        again = visitor().get(url)
    assert again.status_code == 200
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    assert "private" in again["Cache-Control"] and "Cookie" in again["Vary"]


def test_each_visitor_gets_their_own_token_and_can_answer_from_the_cached_page(session):
    url = session.get_absolute_url()
    visitor().get(url)  # renders and keeps the page
    customer = visitor()
    page = customer.get(url)
    token = TOKEN.search(page.content.decode()).group(1)
    assert "@@" not in page.content.decode()
    assert customer.cookies["csrftoken"].value  # the middleware set the cookie the token belongs to
    answered = customer.post(url, {"choice": "failed", "csrfmiddlewaretoken": token})
    assert answered.status_code == 302
    assert engine.load_session(session.pk).current_node.key == "wait"


def test_a_post_without_a_token_is_still_refused(session):
    url = session.get_absolute_url()
    visitor().get(url)
    assert visitor().post(url, {"choice": "failed"}).status_code == 403


def test_an_answer_from_anywhere_shows_on_the_next_load(session):
    url = session.get_absolute_url()
    assert '<legend>Choose the answer that fits</legend>' in visitor().get(url).content.decode()
    engine.answer(engine.load_session(session.pk), choice="failed")  # another tab, device or an agent
    page = visitor().get(url).content.decode()
    assert '<label for="answer-value">Delay</label>' in page and "Failed" in page


def test_a_change_made_outside_the_engine_shows_once_it_moves_updated_at(session):
    url = session.get_absolute_url()
    visitor().get(url)
    Session.objects.filter(pk=session.pk).update(current_key="wait", updated_at=timezone.now())
    assert '<label for="answer-value">Delay</label>' in visitor().get(url).content.decode()


def test_a_content_edit_renders_the_page_again(session, django_assert_max_num_queries):
    url = session.get_absolute_url()
    visitor().get(url)
    page_cache.content_changed()
    with django_assert_max_num_queries(30) as captured:
        visitor().get(url)
    assert len(captured.captured_queries) > 1


def test_the_htmx_fragment_and_the_whole_page_are_kept_apart(session):
    url = session.get_absolute_url()
    whole = visitor().get(url).content.decode()
    fragment = visitor().get(url, **HTMX).content.decode()
    assert "<html" in whole and "<html" not in fragment
    assert "<html" in visitor().get(url).content.decode()
    assert "<html" not in visitor().get(url, **HTMX).content.decode()
    for response in (visitor().get(url), visitor().get(url, **HTMX)):
        assert "HX-Request" in response["Vary"] and not hasattr(response.wsgi_request, "user")


def test_staff_and_earlier_steps_always_get_a_fresh_render(session, django_assert_max_num_queries):
    url = session.get_absolute_url()
    engine.answer(session, choice="failed")
    visitor().get(url)
    with django_assert_max_num_queries(30) as captured:
        visitor().get(url + "?step=1")
    assert len(captured.captured_queries) > 1
    staff = Client()
    staff.force_login(get_user_model().objects.create_user("ed", is_staff=True))
    with django_assert_max_num_queries(40) as captured:
        assert staff.get(url).status_code == 200
    assert len(captured.captured_queries) > 2


def test_an_unknown_or_malformed_session_address_is_a_404(db):
    assert visitor().get("/troubleshoot/s/not-a-uuid/").status_code == 404
    assert visitor().get("/troubleshoot/s/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_kept_page_is_answered_before_sessions_routing_and_the_view_with_the_same_headers(session):
    url = session.get_absolute_url()
    first = visitor().get(url)
    again = visitor().get(url)
    # AuthenticationMiddleware, which sits after the early middleware, never saw the request.
    assert not hasattr(again.wsgi_request, "user") and hasattr(first.wsgi_request, "user")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Content-Type"):
        assert again[header] == first[header]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_a_head_request_for_a_kept_page_has_no_body(session):
    url = session.get_absolute_url()
    visitor().get(url)
    head = visitor().head(url)
    assert head.status_code == 200 and head.content == b""
    assert not hasattr(head.wsgi_request, "user")


def test_a_returning_visitor_keeps_their_csrf_cookie_and_gets_a_token_for_it(session):
    url = session.get_absolute_url()
    customer = visitor()
    customer.get(url)
    cookie = customer.cookies["csrftoken"].value
    again = customer.get(url)
    assert not hasattr(again.wsgi_request, "user")
    # Django sends the same cookie again (renewing its expiry), as the full stack does.
    assert again.cookies["csrftoken"].value == cookie
    token = TOKEN.search(again.content.decode()).group(1)
    assert customer.post(url, {"choice": "failed", "csrfmiddlewaretoken": token}).status_code == 302


def test_a_deleted_session_is_a_404_even_after_its_page_was_kept(session):
    url = session.get_absolute_url()
    visitor().get(url)
    Session.objects.filter(pk=session.pk).delete()
    assert visitor().get(url).status_code == 404


def test_a_database_outage_while_checking_a_kept_page_is_the_503_page(session):
    url = session.get_absolute_url()
    visitor().get(url)
    customer = visitor()
    customer.raise_request_exception = False
    try:
        raise psycopg2.OperationalError("connection to server failed: Connection refused")
    except psycopg2.OperationalError as cause:
        refused = OperationalError(str(cause))
        refused.__cause__ = cause
    with mock.patch("troubleshooter.stamps.session_stamp", side_effect=refused):
        response = customer.get(url)
    assert response.status_code == 503 and response["Retry-After"]
