"""GET /api/v1/search exactly as the contract describes, including bad input."""
import pytest

from faq import search
from faq.models import Article, SearchLog
from tests.factories import make_article
from tests.faq.test_search_page import HOSTILE_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_synonym_cache():
    search.forget_synonyms()


@pytest.fixture
def articles():
    make_article(slug="error-1014", title="What should I do if error 1014 is returned?", body="Check the template.", error_codes=("1014",))
    make_article(slug="templates", title="Template rules", body="A template must be approved. Error 1014 appears otherwise.")
    make_article(slug="draft", title="Draft template", status=Article.Status.DRAFT)


def test_it_answers_query_count_and_results_best_first(client, articles):
    response = client.get("/api/v1/search", {"q": "error 1014"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "count", "results", "troubleshooters"}
    assert body["query"] == "error 1014"
    assert body["count"] == 2
    first = body["results"][0]
    assert set(first) == {"slug", "title", "url", "snippet", "score"}
    assert (first["slug"], first["url"]) == ("error-1014", "/articles/error-1014/")
    assert isinstance(first["score"], float)
    assert [hit["score"] for hit in body["results"]] == sorted((hit["score"] for hit in body["results"]), reverse=True)
    assert SearchLog.objects.get().source == "api"


def test_limit_defaults_to_ten_and_is_capped_at_fifty(client):
    for n in range(60):
        make_article(slug=f"a{n}", title=f"Template number {n}")
    assert len(client.get("/api/v1/search", {"q": "template"}).json()["results"]) == 10
    assert len(client.get("/api/v1/search", {"q": "template", "limit": 3}).json()["results"]) == 3
    body = client.get("/api/v1/search", {"q": "template", "limit": 500}).json()
    assert (len(body["results"]), body["count"]) == (50, 60)


@pytest.mark.parametrize("limit", ["0", "-1", "ten", "1.5", ""])
def test_a_bad_limit_is_a_400_with_a_detail(client, limit):
    response = client.get("/api/v1/search", {"q": "template", "limit": limit})
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_drafts_never_appear(client, articles):
    slugs = [hit["slug"] for hit in client.get("/api/v1/search", {"q": "draft template"}).json()["results"]]
    assert slugs[0] == "templates"
    assert "draft" not in slugs


def test_a_missing_query_is_an_empty_answer(client, articles):
    assert client.get("/api/v1/search").json() == {"query": "", "count": 0, "results": [], "troubleshooters": []}


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_bad_input_gets_json_never_a_server_error(client, articles, query):
    response = client.get("/api/v1/search", {"q": query})
    if "\x00" in query:  # refused site-wide, as JSON under the API (config/nul_bytes.py)
        assert response.status_code == 400 and "NUL character" in response.json()["detail"]
        return
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= len(body["results"])
    assert len(body["query"]) <= search.MAX_QUERY_LENGTH


def test_the_api_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(50):
        make_article(slug=f"a{n}", title=f"Template number {n}", error_codes=(str(5000 + n),))
    with django_assert_max_num_queries(14):
        body = client.get("/api/v1/search", {"q": "template numbers", "limit": 50}).json()
    assert len(body["results"]) == 50
    # More work, still bounded by the query and not by the results: a typo lookup, an error code,
    # and articles matching every word too few, so articles matching any word as well.
    with django_assert_max_num_queries(20):
        body = client.get("/api/v1/search", {"q": "tempalte 5001", "limit": 50}).json()
    assert body["results"][0]["slug"] == "a1"
