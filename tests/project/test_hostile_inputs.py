"""Hostile inputs are answered with a 4xx and a reason, never a 5xx, on SQLite and PostgreSQL alike.

The named cases are the ones that once gave a 500; the corpus at the end throws the same kinds of
input at every endpoint, API and pages.
"""
from __future__ import annotations

import json

import pytest
from django.test import Client

from checkers.registry import all_checkers
from faq.importer import FaqFormatError, import_articles, parse_faq
from faq.models import MAX_ARTICLE_BODY_CHARS, Article, SearchLog
from faq.search.query import MAX_QUERY_LENGTH
from tests.factories import make_article, make_category
from tests.troubleshooter.session_factories import make_live_session
from tickets.models import Ticket
from troubleshooter.models import Step

pytestmark = pytest.mark.django_db

LONE_SURROGATE = '"\\ud800"'  # JSON text of a string holding an unpaired surrogate


def nested(depth: int, inner: str = '"x"') -> str:
    return "[" * depth + inner + "]" * depth


def post_json(client: Client, path: str, body: str):
    return client.post(path, data=body, content_type="application/json")


def ticket_body(**fields: str) -> str:
    valid = {"name": "Ann", "email": "ann@example.com", "subject": "Late", "description": "Reports are late."}
    return json.dumps({**valid, **fields})


class TestQueriesThatGrowWhenLowerCased:
    @pytest.mark.parametrize("query", ["a" * 199 + "İ", "İ" * MAX_QUERY_LENGTH, "x " * 99 + "İİ"])
    def test_the_search_page_api_and_suggestions_log_and_answer(self, client, query):
        make_article(title="Invoices")
        assert client.get("/search/", {"q": query}).status_code == 200
        assert client.get("/api/v1/search", {"q": query}).status_code == 200
        assert client.get("/search/suggest/", {"q": query}).status_code == 200
        logged = list(SearchLog.objects.values_list("query", flat=True))
        assert len(logged) == 2
        assert all(0 < len(text) <= SearchLog._meta.get_field("query").max_length for text in logged)


class TestLoneSurrogates:
    def test_a_ticket_with_one_is_refused_and_not_filed(self, client):
        body = ticket_body().replace('"Late"', LONE_SURROGATE)
        response = post_json(client, "/api/v1/tickets", body)
        assert response.status_code == 400
        assert "surrogate" in response.json()["detail"]
        assert not Ticket.objects.exists()

    def test_an_answer_with_one_is_refused_and_not_recorded(self, client):
        session = make_live_session()
        response = post_json(client, f"/api/v1/sessions/{session.pk}/answers", '{"choice": ' + LONE_SURROGATE + "}")
        assert response.status_code == 400
        assert "surrogate" in response.json()["detail"]
        assert not Step.objects.filter(session=session).exists()

    def test_one_as_an_object_key_is_refused_too(self, client):
        session = make_live_session()
        body = '{"value": {' + LONE_SURROGATE + ': "x"}}'
        assert post_json(client, f"/api/v1/sessions/{session.pk}/answers", body).status_code == 400

    @pytest.mark.parametrize("checker", [checker.name for checker in all_checkers()])
    def test_every_checker_refuses_one(self, client, checker):
        response = post_json(client, f"/api/v1/checks/{checker}", '{"text": ' + LONE_SURROGATE + "}")
        assert response.status_code == 400
        assert "surrogate" in response.json()["detail"]

    def test_one_sent_as_raw_bytes_is_refused_too(self, client):
        response = client.post("/api/v1/tickets", data=b'{"name": "\xed\xa0\x80"}', content_type="application/json")
        assert response.status_code == 400
        assert "surrogate" in response.json()["detail"]

    def test_a_body_that_is_not_utf_8_is_refused(self, client):
        response = client.post("/api/v1/tickets", data=b'{"name": "\xff"}', content_type="application/json")
        assert response.status_code == 400
        assert "UTF-8" in response.json()["detail"]

    def test_a_properly_paired_surrogate_is_an_ordinary_character(self, client):
        body = ticket_body(description="Emoji \\ud83d\\ude00 in the reply.")
        assert post_json(client, "/api/v1/tickets", body).status_code == 201


class TestDeepNesting:
    @pytest.mark.parametrize("depth", [450, 999, 5000, 200_000])
    def test_an_answer_value_nested_too_deep_is_a_400(self, client, depth):
        session = make_live_session()
        response = post_json(client, f"/api/v1/sessions/{session.pk}/answers", '{"value": ' + nested(depth) + "}")
        assert response.status_code == 400
        assert "nested too deeply" in response.json()["detail"]

    def test_a_deep_check_or_ticket_body_is_a_400(self, client):
        assert post_json(client, "/api/v1/checks/json-body", nested(450)).status_code == 400
        assert post_json(client, "/api/v1/tickets", nested(450, "{}")).status_code == 400

    def test_honest_nesting_still_reaches_the_checker(self, client):
        response = post_json(client, "/api/v1/checks/json-body", json.dumps({"body": nested(20, "{}")}))
        assert response.status_code == 200


class TestCookiesWithNul:
    @pytest.mark.parametrize("cookie", ["sessionid=ab\x00cd", "csrftoken=\x00", "sessionid=\x00; csrftoken=x\x00y"])
    def test_pages_answer_as_if_the_cookie_was_not_sent(self, client, cookie):
        article = make_article()
        for path in ("/", article.get_absolute_url(), "/tickets/new/", "/admin/login/"):
            assert client.get(path, HTTP_COOKIE=cookie).status_code == 200

    def test_a_vote_with_such_a_cookie_still_counts(self, client):
        article = make_article()
        response = client.post(article.get_absolute_url() + "vote/", {"helpful": "yes"}, HTTP_COOKIE="sessionid=a\x00")
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.helpful_yes == 1


class TestHugeArticles:
    HUGE = "word " * 400_000  # about 2 MB, as once broke PostgreSQL's tsvector

    def test_the_importer_names_the_article_and_the_limit(self):
        with pytest.raises(FaqFormatError) as error:
            parse_faq("### A huge article\n" + self.HUGE)
        assert error.value.line == 1
        assert f"at most {MAX_ARTICLE_BODY_CHARS:,}" in str(error.value) and "A huge article" in str(error.value)

    def test_an_article_just_under_the_limit_imports_and_is_searchable(self, client):
        body = "invoice " * (MAX_ARTICLE_BODY_CHARS // 8)
        import_articles(parse_faq("### Just under the limit\n" + body), category=make_category())
        assert client.get("/api/v1/search", {"q": "invoice"}).json()["count"] == 1

    def test_the_admin_says_the_article_is_too_long(self, admin_client):
        category = make_category()
        response = admin_client.post("/admin/faq/article/add/", {
            "title": "Huge", "slug": "huge", "category": category.pk, "status": "published", "summary": "",
            "body": self.HUGE, "keywords": "", "position": "0",
            "votes-TOTAL_FORMS": "0", "votes-INITIAL_FORMS": "0",
        })
        assert response.status_code == 200
        assert f"at most {MAX_ARTICLE_BODY_CHARS:,} characters" in response.content.decode()
        assert not Article.objects.exists()


# --- The corpus: every endpoint, every kind of hostile input -----------------------------------

HOSTILE_TEXT = [
    "\x00", "a\x00b", "İ" * 300, "x" * 100_000, "\u202e\u2066evil", "😀" * 2000, "../../etc/passwd",
    "<script>alert(1)</script>", "' OR 1=1 --", "%s%s%n", "\r\nSet-Cookie: x=1", "\ufeff", " ", "",
]
HOSTILE_BODIES = [
    b"", b"{", b"null", b"[]", b'"text"', b"1e999", b"-0", b"{}", b"\xff\xfe", b'{"a": NaN}',
    b'{"value": ' + nested(450).encode() + b"}", ('{"choice": ' + LONE_SURROGATE + "}").encode(),
    b'{"choice": "\\u0000"}', b'{"value": {"__proto__": 1}}', b'{"value": 1e308}', b" " * 1000,
]


@pytest.fixture
def endpoints(db):
    article = make_article(slug="invoices", title="Invoices", error_codes=("1014",))
    session = make_live_session()
    return {"article": article, "session": session}


def get_paths(endpoints, text: str) -> list[tuple[str, dict]]:
    session = endpoints["session"]
    return [
        ("/api/v1/search", {"q": text, "limit": "10"}),
        ("/api/v1/search", {"q": "x", "limit": text}),
        (f"/api/v1/articles/{text}", {}),
        (f"/api/v1/errors/{text}", {}),
        (f"/api/v1/sessions/{text}", {}),
        ("/api/v1/articles", {"page": text}),
        ("/search/", {"q": text}),
        ("/search/suggest/", {"q": text}),
        (f"/articles/{text}/", {}),
        (f"/errors/{text}/", {}),
        ("/troubleshoot/", {"code": text}),
        (f"/troubleshoot/s/{text}/", {}),
        (f"/troubleshoot/s/{session.pk}/live/", {"v": text}),
        ("/tickets/new/", {"session": text, "article": text}),
        (f"/tools/{text}/", {}),
        ("/", {"page": text}),
    ]


def api_posts(endpoints) -> list[str]:
    session = endpoints["session"]
    return [
        "/api/v1/tickets",
        "/api/v1/troubleshooters/demo/sessions",
        f"/api/v1/troubleshooters/{session.tree.slug}/sessions",
        f"/api/v1/sessions/{session.pk}/answers",
        f"/api/v1/sessions/{session.pk}/back",
        "/api/v1/checks/nope",
        *(f"/api/v1/checks/{checker.name}" for checker in all_checkers()),
    ]


def assert_client_error(response, where: str) -> None:
    assert response.status_code < 500, f"{where} answered {response.status_code}"


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_no_text_in_an_address_or_query_makes_a_page_or_the_api_fail(client, endpoints, text):
    for path, query in get_paths(endpoints, text):
        response = client.get(path, query)
        assert_client_error(response, f"GET {path!r} {query!r}")
        if path.startswith("/api/v1/") and response.status_code >= 400:
            assert "detail" in response.json()


@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=range(len(HOSTILE_BODIES)))
def test_no_body_makes_an_api_write_fail(client, endpoints, body):
    for path in api_posts(endpoints):
        response = client.post(path, data=body, content_type="application/json")
        assert_client_error(response, f"POST {path} {body[:40]!r}")
        if response.status_code >= 400:
            assert response.json()["detail"]


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_no_json_string_makes_an_api_write_fail(client, endpoints, text):
    session = endpoints["session"]
    writes = [
        ("/api/v1/tickets", {"name": text, "email": text, "phone": text, "subject": text, "description": text,
                             "session": text}),
        (f"/api/v1/sessions/{session.pk}/answers", {"choice": text}),
        (f"/api/v1/sessions/{session.pk}/answers", {"value": text}),
        *((f"/api/v1/checks/{checker.name}", dict.fromkeys((f.name for f in checker.fields), text)) for checker in all_checkers()),
    ]
    for path, payload in writes:
        response = client.post(path, data=json.dumps(payload), content_type="application/json")
        assert_client_error(response, f"POST {path} {payload!r:.60}")


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_no_form_value_makes_a_page_form_fail(client, endpoints, text):
    article, session = endpoints["article"], endpoints["session"]
    forms = [
        ("/tickets/new/", {"name": text, "email": text, "phone": text, "subject": text, "description": text,
                           "session": text, "website": text}),
        (article.get_absolute_url() + "vote/", {"helpful": text, "comment": text}),
        (f"/troubleshoot/s/{session.pk}/", {"choice": text, "value": text, "node": text}),
        (f"/troubleshoot/s/{session.pk}/back/", {"node": text}),
        *((f"/tools/{checker.name}/", dict.fromkeys((f.name for f in checker.fields), text)) for checker in all_checkers()),
        ("/admin/login/", {"username": text, "password": text}),
    ]
    for path, data in forms:
        assert_client_error(client.post(path, data), f"POST {path} {text[:20]!r}")
