"""generate_history, refresh_insights and prune_analytics on a small scale."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from faq.models import SearchLog
from insights import figures
from insights.models import ArticleDay, NodeDay, SearchDay, TreeDay
from insights.retention import prune
from insights.rollup import refresh
from tests.insights.conftest import NOW
from tests.factories import make_article
from tests.insights.test_figures import WEEK
from tests.troubleshooter.tree_factories import make_tree, simple_spec
from tickets.models import Ticket
from troubleshooter.models import Session, Step


@pytest.mark.django_db
class TestGenerateHistory:
    def test_it_adds_sessions_that_follow_the_tree_and_the_rollups_count_them(self):
        tree = make_tree(simple_spec())
        out = StringIO()
        call_command("generate_history", "--sessions", "300", "--searches", "200", "--days", "20", "--seed", "3",
                     stdout=out)
        assert "300 sessions" in out.getvalue()
        assert Session.objects.filter(tree=tree).count() == 300
        # Pinned to the live version, as the engine starts them; none is a preview.
        live = tree.live_version_id
        assert Session.objects.filter(version_id=live, current_version_id=live, preview=False).count() == 300
        assert not Session.objects.filter(current_key="").exists()
        assert set(Step.objects.values_list("version_id", flat=True)) == {live}
        assert SearchLog.objects.count() == 200
        assert Ticket.objects.count() >= 6  # at least the tickets filed without a session
        keys = set(tree.nodes.values_list("key", flat=True))
        assert set(Step.objects.values_list("node_key", flat=True)) <= keys
        # Every active step sits at a distinct position, from 1 up, as the engine writes them.
        for session in Session.objects.filter(steps__isnull=False).distinct()[:20]:
            positions = list(session.steps.filter(dropped_at__isnull=True).values_list("position", flat=True))
            assert sorted(positions) == list(range(1, len(positions) + 1))
        call_command("refresh_insights", "--all", stdout=StringIO())
        assert sum(TreeDay.objects.values_list("starts", flat=True)) == 300
        assert set(TreeDay.objects.values_list("version", flat=True)) == {1}
        start = NodeDay.objects.filter(node_key="status")
        assert sum(start.values_list("reached", flat=True)) == 300
        assert sum(SearchDay.objects.values_list("searches", flat=True)) == 200

    def test_some_searches_lead_to_a_ticket_which_the_rollups_count(self):
        make_tree(simple_spec())
        call_command("generate_history", "--sessions", "0", "--searches", "4000", "--tickets", "0", "--days", "20",
                     "--seed", "5", stdout=StringIO())
        followed = SearchLog.objects.filter(ticket_at__isnull=False)
        assert 0 < followed.count() < 200
        assert not followed.exclude(source=SearchLog.Source.PAGE).exists()
        # Each is a ticket from the web form, filed without a session at that very moment, after the search.
        filed = set(Ticket.objects.filter(session=None, source=Ticket.Source.WEB).values_list("created_at", flat=True))
        for created_at, ticket_at in followed.values_list("created_at", "ticket_at"):
            assert ticket_at > created_at and ticket_at in filed
        now = timezone.now()
        call_command("refresh_insights", "--all", stdout=StringIO())
        settled = SearchLog.objects.filter(source=SearchLog.Source.PAGE, created_at__lte=now - timedelta(hours=24))
        ticketed = [t - c for c, t in settled.filter(ticket_at__isnull=False).values_list("created_at", "ticket_at")
                    if t - c <= timedelta(hours=24)]
        rows = SearchDay.objects.all()
        assert sum(row.settled for row in rows) == settled.count()
        assert sum(row.settled - row.deflected for row in rows) == len(ticketed) > 0

    def test_some_reads_lead_to_a_ticket_from_the_article_which_the_rollups_count(self):
        make_tree(simple_spec())
        make_article(slug="late-reports")
        call_command("generate_history", "--sessions", "2000", "--searches", "0", "--tickets", "0", "--votes", "0",
                     "--days", "5", "--seed", "4", stdout=StringIO())
        from_articles = Ticket.objects.filter(from_article__isnull=False)
        assert from_articles.count() > 0
        assert not from_articles.exclude(source=Ticket.Source.WEB, session=None).exists()
        call_command("refresh_insights", "--all", stdout=StringIO())
        rows = ArticleDay.objects.all()
        assert sum(row.tickets for row in rows) == from_articles.count()
        assert 0 < sum(row.reads_settled for row in rows) and all(
            row.reads_deflected == max(0, row.reads_settled - row.tickets) for row in rows if row.reads_settled)

    def test_the_last_30_days_hold_more_than_their_uniform_share_of_sessions(self):
        make_tree(simple_spec())
        call_command("generate_history", "--sessions", "600", "--searches", "0", "--tickets", "0", "--votes", "0",
                     "--days", "90", "--seed", "7", stdout=StringIO())
        recent = Session.objects.filter(created_at__gte=timezone.now() - timedelta(days=30)).count()
        # Uniform ages would put a third (200) there; the recency skew puts about half (u ** 1.6 < 1/3 for
        # u < 0.503). 250 leaves room for the weekend thinning and the seed, and fails for uniform or older skews.
        assert recent > 250

    def test_without_a_published_tree_it_says_what_to_do(self):
        with pytest.raises(CommandError, match="load_default_content"):
            call_command("generate_history", "--sessions", "1", stdout=StringIO())


@pytest.mark.django_db
def test_prune_deletes_only_analytics_older_than_the_limit(settings):
    settings.ANALYTICS_DAYS = 30
    old = SearchLog.objects.create(query="old", result_count=0)
    SearchLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    SearchLog.objects.create(query="new", result_count=0)
    TreeDay.objects.create(day=(timezone.now() - timedelta(days=40)).date(), tree_slug="x", starts=1)
    deleted = prune()
    assert deleted["searches"] == 1 and deleted["rollup rows"] == 1
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["new"]


@pytest.mark.django_db
def test_a_partial_refresh_still_recounts_old_tickets_whose_status_changed(history):
    Ticket.objects.filter(source=Ticket.Source.API).update(status=Ticket.Status.CLOSED)
    refresh(since=NOW.date(), now=NOW)  # today only: the tickets were filed two days ago
    statuses = {table.name: table.rows for table in figures.tickets(WEEK)}["tickets-status"]
    assert sorted(statuses) == [["Closed", 1, 0], ["New", 2, 0]]
