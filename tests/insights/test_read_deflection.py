"""Article reads against tickets filed from the article's page: the rollup's counts (insights.rollup)."""
from datetime import UTC, date, datetime, timedelta

import pytest

from faq.models import ArticleViews
from insights.models import ArticleDay, TicketDay
from insights.rollup import ARTICLE_SOURCE, read_deflection, refresh
from tests.factories import make_article
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


class TestReadDeflection:
    day = date(2026, 3, 18)

    def test_a_day_counts_once_it_ended_24_hours_before_the_figures(self):
        ended = datetime(2026, 3, 19, tzinfo=UTC)
        assert read_deflection(self.day, 5, 1, ended + timedelta(hours=24)) == (5, 4)
        assert read_deflection(self.day, 5, 1, ended + timedelta(hours=24) - timedelta(seconds=1)) == (0, 0)

    def test_more_tickets_than_reads_deflect_nothing(self):
        assert read_deflection(self.day, 2, 3, NOW) == (2, 0)

    def test_the_rollup_sets_each_days_tickets_against_that_days_reads(self):
        article, other = make_article(slug="late-reports"), make_article(slug="other")
        for day, views in ((NOW.date() - timedelta(days=3), 10), (NOW.date() - timedelta(days=2), 4),
                           (NOW.date() - timedelta(days=1), 7)):
            ArticleViews.objects.create(article=article, day=day, views=views)
        ArticleViews.objects.create(article=other, day=NOW.date() - timedelta(days=3), views=3)
        ticket = {"name": "A", "email": "a@example.com", "subject": "S", "description": "d" * 20}
        # Three days ago: 2 tickets from the page; two days ago: 1 from the page and 1 from elsewhere; yesterday: 1.
        for days_ago, hours, came_from in ((3, 1, article), (3, 20, article), (2, 5, article), (2, 6, None),
                                           (1, 2, article)):
            Ticket.objects.create(**ticket, from_article=came_from,
                                  created_at=datetime.combine(NOW.date() - timedelta(days=days_ago), datetime.min.time(),
                                                              tzinfo=UTC) + timedelta(hours=hours))
        refresh(now=NOW)
        rows = {(row.day, row.article_id): (row.tickets, row.reads_settled, row.reads_deflected)
                for row in ArticleDay.objects.all()}
        assert rows == {
            (NOW.date() - timedelta(days=3), article.pk): (2, 10, 8),
            (NOW.date() - timedelta(days=3), other.pk): (0, 3, 3),
            (NOW.date() - timedelta(days=2), article.pk): (1, 4, 3),
            # Yesterday ended 12 hours ago: not settled yet, its ticket still shown.
            (NOW.date() - timedelta(days=1), article.pk): (1, 0, 0),
        }
        by_source: dict[str, int] = {}
        for source, n in TicketDay.objects.values_list("source", "tickets"):
            by_source[source] = by_source.get(source, 0) + n
        assert by_source == {ARTICLE_SOURCE: 4, Ticket.Source.WEB: 1}
