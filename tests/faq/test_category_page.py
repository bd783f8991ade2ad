"""The topic (category) pages: their published articles, paging and query count."""
import pytest

from faq.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


class TestCategoryPage:
    def test_it_lists_only_published_articles_of_the_topic(self, client):
        topic = make_category(name="Billing", description="Invoices and payments.")
        make_article(category=topic, title="Invoices", summary="How to get an invoice.")
        make_article(category=topic, title="Hidden", status=Article.Status.DRAFT)
        make_article(title="Another topic's article")
        page = client.get(topic.get_absolute_url()).content.decode()
        assert "Invoices and payments." in page and "How to get an invoice." in page
        assert "Hidden" not in page and "Another topic" not in page

    def test_a_long_topic_is_paged_and_junk_page_numbers_are_harmless(self, client):
        topic = make_category()
        for n in range(55):
            make_article(category=topic, title=f"Entry {n:02}", position=n)
        first = client.get(topic.get_absolute_url()).content.decode()
        assert "Entry 49" in first and "Entry 50" not in first and "Page 1 of 2" in first
        second = client.get(topic.get_absolute_url(), {"page": "2"}).content.decode()
        assert "Entry 54" in second and "Entry 00" not in second
        for junk in ("abc", "999", "-1", "1e9", "%00"):
            assert client.get(topic.get_absolute_url(), {"page": junk}).status_code == 200

    @pytest.mark.parametrize("path", ["/categories/nope/", "/categories/%3Cscript%3E/", "/categories/a%00b/"])
    def test_unknown_or_junk_topics_are_404(self, client, path):
        # A NUL character is refused site-wide with a 400 before any lookup (config/nul_bytes.py).
        assert client.get(path).status_code == (400 if "%00" in path else 404)

    def test_it_runs_a_constant_number_of_queries(self, client, django_assert_max_num_queries):
        topic = make_category()
        for _ in range(12):
            make_article(category=topic)
        with django_assert_max_num_queries(3):
            assert client.get(topic.get_absolute_url()).status_code == 200
