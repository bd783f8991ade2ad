"""GET /api/v1/articles, /articles/{slug}, /errors/{code} and /categories, as the API's schema and README describe them."""
from datetime import datetime

import pytest

from faq.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


class TestArticleList:
    def test_it_lists_published_articles_in_the_contract_shape(self, client):
        topic = make_category(name="Delivery", slug="delivery")
        make_article(slug="error-1014", title="Error 1014", category=topic, error_codes=("60008", "1014"))
        make_article(slug="a-draft", status=Article.Status.DRAFT)
        response = client.get("/api/v1/articles")
        assert response.status_code == 200
        [article] = response.json()
        assert set(article) == {"slug", "title", "url", "category", "error_codes", "updated_at"}
        assert article["slug"] == "error-1014" and article["url"] == "/articles/error-1014/"
        assert article["category"] == "Delivery"
        assert article["error_codes"] == ["1014", "60008"]
        assert datetime.fromisoformat(article["updated_at"].replace("Z", "+00:00")).tzinfo is not None

    def test_it_runs_a_constant_number_of_queries(self, client, django_assert_max_num_queries):
        for n in range(20):
            make_article(error_codes=(str(1000 + n), "1014"))
        with django_assert_max_num_queries(2):
            assert len(client.get("/api/v1/articles").json()) == 20


class TestArticleDetail:
    def test_it_returns_the_markdown_and_the_sanitised_html(self, client):
        make_article(slug="sig", title="Signature", body="## Compute it\n\n<script>x()</script>", error_codes=("1001",))
        response = client.get("/api/v1/articles/sig")
        data = response.json()
        assert response.status_code == 200
        assert set(data) == {
            "slug", "title", "url", "category", "error_codes", "body_markdown", "body_html", "updated_at",
        }
        assert data["body_markdown"].startswith("## Compute it")
        assert '<h2 id="compute-it">' in data["body_html"] and "<script>" not in data["body_html"]
        assert data["error_codes"] == ["1001"]

    @pytest.mark.parametrize("slug", ["nope", "a-draft", "%3Cscript%3E", "x" * 300])
    def test_unknown_drafts_and_junk_are_404_with_a_detail(self, client, slug):
        make_article(slug="a-draft", status=Article.Status.DRAFT)
        response = client.get(f"/api/v1/articles/{slug}")
        assert response.status_code == 404
        assert response.json()["detail"].startswith("No published article")


class TestErrorCodes:
    def test_it_lists_the_articles_for_a_code(self, client):
        make_article(slug="error-1014", title="Error 1014", error_codes=("1014",))
        make_article(slug="draft-1014", error_codes=("1014",), status=Article.Status.DRAFT)
        response = client.get("/api/v1/errors/1014")
        assert response.status_code == 200
        assert response.json() == [{"slug": "error-1014", "title": "Error 1014", "url": "/articles/error-1014/"}]

    def test_an_uncovered_code_is_404(self, client):
        response = client.get("/api/v1/errors/4242")
        assert response.status_code == 404 and response.json() == {"detail": "No article covers error code 4242."}

    @pytest.mark.parametrize("code", ["abc", "1014abc", "%3Cb%3E", "9" * 40, "%D9%A1"])
    def test_junk_codes_are_404_with_a_detail(self, client, code):
        response = client.get(f"/api/v1/errors/{code}")
        assert response.status_code == 404 and "not an error code" in response.json()["detail"]


class TestCategories:
    def test_it_lists_categories_with_published_articles_and_their_counts(self, client):
        topic = make_category(name="Billing", slug="billing", description="Invoices.")
        make_article(category=topic)
        make_article(category=topic, status=Article.Status.DRAFT)
        make_article(category=make_category(name="Empty"), status=Article.Status.DRAFT)
        assert client.get("/api/v1/categories").json() == [
            {"slug": "billing", "name": "Billing", "description": "Invoices.", "url": "/categories/billing/",
             "article_count": 1}
        ]


class TestQueryBudget:
    def test_error_codes_and_categories_run_one_query_each(self, client, django_assert_num_queries):
        for n in range(10):
            make_article(error_codes=("1014",), category=make_category())
        with django_assert_num_queries(1):
            assert len(client.get("/api/v1/errors/1014").json()) == 10
        with django_assert_num_queries(1):
            assert len(client.get("/api/v1/categories").json()) == 10


class TestSchema:
    def test_openapi_describes_every_endpoint_with_typed_schemas(self, client):
        schema = client.get("/api/v1/openapi.json").json()
        for path in ["/api/v1/articles", "/api/v1/articles/{slug}", "/api/v1/errors/{code}", "/api/v1/categories"]:
            assert "get" in schema["paths"][path]
        components = schema["components"]["schemas"]
        detail = components["ArticleDetailOut"]["properties"]
        assert detail["error_codes"] == {"items": {"type": "string"}, "title": "Error Codes", "type": "array"}
        assert detail["updated_at"]["format"] == "date-time"
        not_found = schema["paths"]["/api/v1/errors/{code}"]["get"]["responses"]["404"]
        assert not_found["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
