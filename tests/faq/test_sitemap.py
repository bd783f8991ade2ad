"""/sitemap.xml and /robots.txt."""
import pytest
from django.test import Client

from faq.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class TestSitemap:
    def test_it_lists_published_articles_with_their_last_change_and_topics(self, client):
        published = make_article(slug="sms-not-received")
        draft = make_article(slug="secret-draft", status=Article.Status.DRAFT)
        response = client.get("/sitemap.xml")
        xml = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
        assert "<loc>http://testserver/articles/sms-not-received/</loc>" in xml
        assert f"<lastmod>{published.updated_at.date().isoformat()}" in xml
        assert f"<loc>http://testserver{published.category.get_absolute_url()}</loc>" in xml
        assert "<loc>http://testserver/</loc>" in xml
        assert "secret-draft" not in xml and draft.category.get_absolute_url() not in xml

    def test_it_runs_a_constant_number_of_queries(self, client, django_assert_max_num_queries):
        for _ in range(15):
            make_article()
        # A count and a page of items for each of the two database-backed sections.
        with django_assert_max_num_queries(4):
            client.get("/sitemap.xml")


class TestRobots:
    def test_it_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(self):
        response = Client(HTTP_HOST="localhost").get("/robots.txt")
        text = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
        assert "Sitemap: http://localhost/sitemap.xml" in text
        assert "Disallow: /admin/" in text and "Disallow: /troubleshoot/s/" in text
