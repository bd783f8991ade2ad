"""The home page: topics with their articles, popular articles, the troubleshooters and the search box."""
import pytest

from faq.models import Article
from tests.factories import make_article, make_category
from tests.faq.kb_helpers import make_tree
from troubleshooter.models import Tree

pytestmark = pytest.mark.django_db


class TestHomePage:
    def test_it_lists_each_topic_with_its_published_articles(self, client):
        delivery = make_category(name="Delivery")
        make_article(category=delivery, title="User did not get the SMS")
        make_article(category=delivery, title="Secret draft", status=Article.Status.DRAFT)
        page = client.get("/").content.decode()
        assert "Delivery" in page and "User did not get the SMS" in page
        assert "Secret draft" not in page

    def test_it_hides_topics_without_published_articles(self, client):
        make_article(category=make_category(name="Only drafts here"), status=Article.Status.DRAFT)
        assert "Only drafts here" not in client.get("/").content.decode()

    def test_popular_articles_are_the_most_popular_first(self, client):
        make_article(title="Rarely read", popularity=1)
        make_article(title="Read a lot", popularity=50)
        response = client.get("/")
        popular = [article.title for article in response.context["page"].popular]
        assert popular[:2] == ["Read a lot", "Rarely read"]

    def test_it_links_published_troubleshooters_and_the_troubleshooter_index(self, client):
        make_tree(slug="sms-not-received", title="My SMS did not arrive")
        make_tree(slug="unfinished", title="Not ready", status=Tree.Status.DRAFT)
        page = client.get("/").content.decode()
        assert 'href="/troubleshoot/sms-not-received/"' in page and "My SMS did not arrive" in page
        assert 'href="/troubleshoot/"' in page
        assert "Not ready" not in page

    def test_it_has_a_labelled_search_box_that_searches(self, client):
        page = client.get("/").content.decode()
        assert 'action="/search/"' in page and 'name="q"' in page
        assert '<label for="site-search"' in page

    def test_a_big_topic_shows_its_first_articles_and_links_to_the_rest(self, client):
        topic = make_category(name="Delivery")
        for n in range(8):
            make_article(category=topic, title=f"Delivery article {n}", position=n)
        page = client.get("/").content.decode()
        assert "Delivery article 5" in page and "Delivery article 6" not in page
        assert f'<a href="{topic.get_absolute_url()}">All 8 articles on Delivery</a>' in page

    def test_it_runs_the_same_few_queries_however_much_content_there_is(
        self, client, django_assert_max_num_queries
    ):
        for _ in range(6):
            category = make_category()
            for _ in range(5):
                make_article(category=category)
        make_tree()
        make_tree()
        with django_assert_max_num_queries(4):
            assert client.get("/").status_code == 200
