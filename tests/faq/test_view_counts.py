"""Article views: counted in the cache, not per request in the database; people only; flushed by
time or by command; and "Popular articles" read from what they add up to (faq.view_counts)."""
from __future__ import annotations

import html
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from faq import view_counts
from faq.models import Article, ArticleViews
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"


def views_of(article: Article) -> int:
    article.refresh_from_db()
    return article.view_count


@pytest.fixture(autouse=True)
def _no_flush_by_time(settings):
    """Only the tests that ask for it flush on the interval (a slow run may pass a minute)."""
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600


class TestCounting:
    def test_views_reach_the_shared_counters_at_most_a_second_later(self, monkeypatch):
        """A process keeps its counts in memory and adds them to the cache once a second: the window
        a restart can lose with Redis."""
        monkeypatch.setattr(view_counts, "PUSH_SECONDS", 3600)
        view_counts.push()  # start the interval now
        view_counts.record("late-sms")
        view_counts.record("late-sms")
        assert cache.get("faq:views:late-sms") is None  # another process (the flush command) sees nothing yet
        monkeypatch.setattr(view_counts, "PUSH_SECONDS", 0)
        view_counts.record("late-sms")
        assert cache.get("faq:views:late-sms") == 3

    def test_a_view_writes_nothing_to_the_database_until_flushed(self, client, django_assert_num_queries):
        article = make_article()
        client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        with django_assert_num_queries(0):
            client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        assert views_of(article) == 0
        assert view_counts.flush() == 2
        assert views_of(article) == 2
        assert ArticleViews.objects.get(article=article).views == 2

    @pytest.mark.parametrize("agent", [
        "", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "Wget/1.21.4",
        "python-requests/2.32.3", "Mozilla/5.0 (compatible; bingbot/2.0)", "AhrefsBot/7.0", "Baiduspider",
        "facebookexternalhit/1.1", "Go-http-client/1.1", "HeadlessChrome/131.0",
    ])
    def test_bots_and_programs_are_not_counted(self, client, agent):
        article = make_article()
        client.get(article.get_absolute_url(), headers={"User-Agent": agent})
        view_counts.flush()
        assert views_of(article) == 0

    def test_staff_are_not_counted(self, admin_client):
        article = make_article()
        admin_client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        view_counts.flush()
        assert views_of(article) == 0

    def test_missing_articles_are_not_counted(self, client):
        assert client.get("/articles/nope/", headers={"User-Agent": BROWSER}).status_code == 404
        assert view_counts.flush() == 0

    def test_a_process_flushes_its_views_once_the_interval_has_passed(self, client, settings):
        article = make_article()
        settings.VIEW_COUNT_FLUSH_SECONDS = 3600
        client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        assert views_of(article) == 0
        settings.VIEW_COUNT_FLUSH_SECONDS = 0
        client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        assert views_of(article) == 2

    def test_the_command_flushes_every_counted_view_and_says_how_many(self, client):
        first, second = make_article(), make_article()
        for article in (first, second, second):
            client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        out = io.StringIO()
        call_command("flush_article_views", stdout=out)
        assert out.getvalue() == "Wrote 3 article views.\n"
        assert (views_of(first), views_of(second)) == (1, 2)
        call_command("flush_article_views", stdout=out)
        assert (views_of(first), views_of(second)) == (1, 2)


class TestPopularArticles:
    def popular(self, client) -> list[str]:
        """The titles under "Popular articles", as the (possibly cached) home page shows them."""
        page = client.get("/").content.decode()
        listed = page.split('class="plain-list card kb-popular">', 1)[1].split("</ol>", 1)[0]
        return [html.unescape(title) for title in re.findall(r'<a href="[^"]+">([^<]+)</a>', listed)]

    def read(self, client, article: Article, times: int) -> None:
        for _ in range(times):
            client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})

    def test_on_a_fresh_install_ties_follow_the_editorial_order(self, client):
        call_command("load_default_content", stdout=io.StringIO())
        first = Article.objects.published().order_by("category__position", "position", "title").first()
        assert self.popular(client)[0] == first.title
        assert "WeChat" not in self.popular(client)[0]

    def test_what_people_read_and_found_helpful_comes_first_after_a_flush(self, client):
        helpful, unhelpful, bots_favourite = (make_article(title=t) for t in ("Helpful", "Unhelpful", "Crawled"))
        Article.objects.filter(pk=helpful.pk).update(helpful_yes=9, helpful_no=1)
        Article.objects.filter(pk=unhelpful.pk).update(helpful_yes=1, helpful_no=9)
        self.read(client, helpful, 5)
        self.read(client, unhelpful, 8)
        for _ in range(50):
            client.get(bots_favourite.get_absolute_url(), headers={"User-Agent": "Googlebot/2.1"})
        view_counts.flush()
        assert self.popular(client)[:3] == ["Helpful", "Unhelpful", "Crawled"]

    def test_the_home_page_shows_the_new_order_after_a_flush_without_reading_views_itself(
        self, client, django_assert_max_num_queries
    ):
        articles = [make_article(title=f"Article {n}", position=n) for n in range(3)]
        assert self.popular(client)[0] == "Article 0"
        self.read(client, articles[2], 3)
        assert self.popular(client)[0] == "Article 0"
        view_counts.flush()
        with django_assert_max_num_queries(4):
            assert self.popular(client)[0] == "Article 2"
