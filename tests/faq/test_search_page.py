"""The /search/ page, the suggestions fragment and the click-through that records the opened result."""
import re
from html import unescape

import pytest
from django.urls import reverse

from faq import search
from faq.models import Article, SearchLog
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "", " ", '"', "''", "&|!:*()", "' OR 1=1; DROP TABLE faq_article; --", "a\x00b", "\x00",
    "x" * 10_000, "短信收不到怎么办", "NEAR(sms, 2)", "sms AND OR NOT", "title:sms", "<script>alert(1)</script>",
    "%00", "\\", "-", "-sms", '"unterminated phrase', "sms*", "^sms", "{1}",
]


@pytest.fixture(autouse=True)
def fresh_synonym_cache():
    search.forget_synonyms()


@pytest.fixture
def articles():
    return [
        make_article(slug="not-received", title="What if a user does not receive an SMS?", body="Check the **delivery status** in the console."),
        make_article(slug="invoices", title="Are invoices available?", body="Apply in the invoice page."),
        make_article(slug="draft", title="Draft about invoices", status=Article.Status.DRAFT),
    ]


def test_it_shows_highlighted_results_with_a_count_and_logs_the_search(client, articles):
    response = client.get("/search/", {"q": "invoices"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 article found" in html
    assert "Are invoices available?" in html
    assert "<mark>invoice</mark>" in html
    assert "Draft about invoices" not in html
    log = SearchLog.objects.get()
    assert (log.query, log.result_count, log.source) == ("invoices", 1, "page")
    assert reverse("faq:search_click", args=[log.pk, 1, "invoices"]) + "?k=" in html


def result_links(html):
    return re.findall(r'<h2><a href="([^"]+)">', html)


def test_opening_a_result_records_the_click_with_its_rank_and_goes_to_the_article(client, articles):
    html = client.get("/search/", {"q": "invoices"}).content.decode()
    log = SearchLog.objects.get()
    response = client.get(unescape(result_links(html)[0]))
    assert response.status_code == 302
    assert response["Location"] == "/articles/invoices/"
    log.refresh_from_db()
    assert (log.clicked_article.slug, log.clicked_rank) == ("invoices", 1)
    assert log.clicked_at is not None


def test_a_click_link_that_the_search_page_did_not_give_records_nothing(client, articles):
    client.get("/search/", {"q": "invoices"})
    log = SearchLog.objects.get()
    forged = reverse("faq:search_click", args=[log.pk, 1, "invoices"])
    assert client.get(forged)["Location"] == "/articles/invoices/"
    assert client.get(forged + "?k=made-up")["Location"] == "/articles/invoices/"
    log.refresh_from_db()
    assert log.clicked_article is None and log.clicked_rank is None


def test_the_click_through_never_leads_to_a_draft_or_elsewhere(client, articles):
    assert client.get(reverse("faq:search_click", args=[1, 1, "draft"])).status_code == 404
    assert client.get("/search/go/1/1/https:/evil.example/").status_code == 404


def test_no_results_offers_did_you_mean_and_the_troubleshooters(client, articles):
    html = client.get("/search/", {"q": "invoyycez"}).content.decode()
    assert "No articles found." in html
    assert 'Did you mean <a href="/search/?q=invoices">invoices</a>?' in html
    assert 'href="/troubleshoot/"' in html
    assert SearchLog.objects.get().result_count == 0


def test_a_typo_is_corrected_and_the_page_says_so(client, articles):
    html = client.get("/search/", {"q": "recieve"}).content.decode()
    assert "What if a user does not receive an SMS?" in html
    assert "Also searched for" in html and "<strong>receive</strong>" in html


def test_the_box_keeps_the_query_and_works_without_javascript(client, articles):
    html = client.get("/search/", {"q": "invoices"}).content.decode()
    assert 'action="/search/" method="get"' in html
    assert 'value="invoices"' in html
    assert 'hx-get="/search/suggest/"' in html


def test_suggestions_are_a_fragment_of_matching_titles(client, articles):
    response = client.get("/search/suggest/", {"q": "invo"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/articles/invoices/" tabindex="-1">Are invoices available?</a>' in html
    assert 'role="listbox"' in html and 'role="option"' in html
    assert "Draft" not in html
    assert "<html" not in html
    assert client.get("/search/suggest/", {"q": "zzzzzz"}).content.decode().strip() == ""
    assert not SearchLog.objects.exists()


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_bad_input_gets_a_page_never_a_server_error(client, articles, query):
    # A NUL character is refused for the whole site with a clear 400 (config/nul_bytes.py).
    expected = 400 if "\x00" in query else 200
    response = client.get("/search/", {"q": query})
    assert response.status_code == expected
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get("/search/suggest/", {"q": query}).status_code == expected


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_number_of_results(client, django_assert_max_num_queries):
    for n in range(30):
        make_article(slug=f"signature-{n}", title=f"Signature rules {n}", body="The signature must be approved.")
    # Bounded by the steps of a search (synonyms, vocabulary, engine, articles, snippets, the log
    # line in its own transaction, the troubleshooters), never by the number of results.
    with django_assert_max_num_queries(14):
        response = client.get("/search/", {"q": "signature approved"})
    assert response.content.decode().count('class="card search-result"') == 20


def test_only_the_first_click_of_a_search_is_recorded(client, articles):
    html = client.get("/search/", {"q": "status invoices"}).content.decode()
    log = SearchLog.objects.get()
    first, second = [unescape(link) for link in result_links(html)[:2]]
    client.get(second)
    response = client.get(first)
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.clicked_rank == 2


def test_a_click_link_only_counts_for_the_visitor_who_searched(client, articles):
    """A results page passed on (or served from a cache) holds links that record nothing for others."""
    html = client.get("/search/", {"q": "invoices"}, REMOTE_ADDR="192.0.2.1").content.decode()
    link = unescape(result_links(html)[0])
    log = SearchLog.objects.get()
    for other in ({"REMOTE_ADDR": "192.0.2.2"}, {"REMOTE_ADDR": "192.0.2.1", "HTTP_USER_AGENT": "Other/1.0"}):
        assert client.get(link, **other)["Location"] == "/articles/invoices/"
        log.refresh_from_db()
        assert log.clicked_article is None
    client.get(link, REMOTE_ADDR="192.0.2.1")
    log.refresh_from_db()
    assert log.clicked_rank == 1


def test_the_results_page_sets_no_cookie_for_the_click_links(client, articles):
    response = client.get("/search/", {"q": "invoices"})
    assert "sessionid" not in response.cookies
