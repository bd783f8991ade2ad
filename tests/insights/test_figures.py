"""Every dashboard figure against the fixed history of conftest.py, worked out by hand there."""
from datetime import timedelta

import pytest

from insights import figures
from insights.models import OutcomeTime
from insights.periods import Period
from tests.insights.conftest import NOW

WEEK = Period(NOW.date() - timedelta(days=6), NOW.date())


def as_text(both):
    return str(both.now), str(both.before)


@pytest.mark.django_db
class TestHeadline:
    def test_it_counts_sessions_rates_and_deflection_as_defined(self, history):
        headline = figures.headline(WEEK)
        assert (headline["sessions"].now, headline["sessions"].before) == (5, 1)
        assert as_text(headline["resolution"]) == ("40.0%", "100.0%")
        assert as_text(headline["escalation"]) == ("20.0%", "0.0%")
        assert as_text(headline["abandonment"]) == ("20.0%", "0.0%")
        # Sessions: S1–S4 settled, S3 ticketed → 3/4 (S0 before: 1/1). Searches: 4 settled, 2 ticketed → 2/4.
        assert as_text(headline["session_deflection"]) == ("75.0%", "100.0%")
        assert as_text(headline["search_deflection"]) == ("50.0%", "–")
        # Reads: 5 two days ago, 1 ticket from the article's page that day → 4/5; before, 2 reads and none → 2/2.
        assert as_text(headline["read_deflection"]) == ("80.0%", "100.0%")
        # Self-service visits: (3 + 2 + 4) / (4 + 4 + 5); before, S0 and the 2 reads.
        assert as_text(headline["deflection"]) == ("69.2%", "100.0%")

    def test_an_empty_period_shows_a_dash_not_zero(self, history):
        empty = Period(NOW.date() - timedelta(days=100), NOW.date() - timedelta(days=90))
        assert str(figures.headline(empty)["resolution"].now) == "–"


@pytest.mark.django_db
class TestTroubleshooters:
    def test_the_tree_row_counts_starts_outcomes_and_abandonment(self, history):
        table = figures.troubleshooters(WEEK)
        row = dict(zip(table.columns, table.rows[0], strict=True))
        assert row["Troubleshooter"] == "Demo tree"
        assert (row["Starts"], row["Starts before"], row["Completions"], row["Completions before"]) == (5, 1, 3, 1)
        assert (row["Solved outcomes"], row["Escalate outcomes"], row["Marked solved"], row["Abandoned"]) == (2, 1, 1, 1)
        assert str(row["Resolution rate"]) == "40.0%"

    def test_every_completion_has_a_time_to_outcome(self, history):
        assert sum(OutcomeTime.objects.values_list("sessions", flat=True)) == 4  # S0–S3

    def test_the_median_is_a_time_some_session_took(self):
        from collections import Counter
        assert figures._median_seconds(Counter({10: 1, 20: 1, 90: 1})) == 20
        assert figures._median_seconds(Counter({10: 2, 20: 2})) == 10
        assert figures._median_seconds(Counter()) is None
        assert figures.duration(125) == "2 min 05 s"


@pytest.mark.django_db
class TestFunnel:
    def test_each_node_counts_reached_left_went_back_and_abandoned_once_per_session(self, history):
        nodes = {node.node[1]: node for node in figures.funnel(history["tree"], WEEK, history["tree"].live_version)}
        counts = {key: (n.reached.now, n.answered.now, n.went_back.now, n.abandoned.now) for key, n in nodes.items()}
        assert counts == {
            "status": (5, 4, 0, 0), "wait": (3, 1, 1, 1), "remarks": (2, 2, 0, 0),
            "out-fine": (1, 0, 0, 0), "out-slow": (1, 0, 0, 0), "out-help": (1, 0, 0, 0),
        }
        assert nodes["status"].reached.before == 1 and nodes["wait"].reached.before == 1

    def test_exits_are_counted_per_next_node(self, history):
        nodes = {node.node[1]: node for node in figures.funnel(history["tree"], WEEK, history["tree"].live_version)}
        exits = {key: {target[1]: counts.now for target, counts in n.exits} for key, n in nodes.items() if n.exits}
        assert exits == {"status": {"wait": 3, "remarks": 2}, "wait": {"out-fine": 1},
                         "remarks": {"out-slow": 1, "out-help": 1}}

    def test_the_table_puts_exits_under_their_node(self, history):
        table = figures.funnel_table(history["tree"], figures.funnel(history["tree"], WEEK, history["tree"].live_version))
        assert table.rows[0][:3] == ["status", 5, 1]
        assert table.rows[1][3:6] == ["wait", 3, 1]
        assert str(table.rows[0][-1]) == "0.0%"


@pytest.mark.django_db
class TestArticlesSearchTickets:
    def test_the_article_row_has_views_votes_and_where_readers_came_from(self, history):
        row = dict(zip(figures.articles(WEEK).columns, figures.articles(WEEK).rows[0], strict=True))
        assert row["Article"] == "Delivery guide"
        assert (row["Views"], row["Views before"], row["Helpful yes"], row["Helpful no"]) == (5, 2, 1, 1)
        assert str(row["Helpful ratio"]) == "50.0%"
        assert (row["From search"], row["From troubleshooters"]) == (1, 1)
        # Cy's ticket: filed through its contact link, and it lists the article as seen.
        assert (row["Tickets after reading"], row["Tickets from its page"], str(row["Reads deflected"])) == (1, 1, "80.0%")

    def test_no_votes_with_comments_are_listed(self, history):
        assert [row[1:] for row in figures.no_votes(WEEK).rows] == [["Delivery guide", "Too short."]]

    def test_search_rates_and_top_queries(self, history):
        headline = figures.search_headline(WEEK)
        assert headline["searches"].now == 4
        assert (str(headline["zero"].now), str(headline["no_click"].now)) == ("50.0%", "75.0%")
        # "refund" #1 (2 h) and "error 1014" #2 (20 h) led to a ticket from their results page.
        assert as_text(headline["ticketed"]) == ("50.0%", "–")
        assert [row[:4] for row in figures.top_queries(WEEK, failed=False).rows] == [
            ["error 1014", 2, 0, 0], ["refund", 2, 0, 2]]
        assert [row[0] for row in figures.top_queries(WEEK, failed=True).rows] == ["refund"]

    def test_tickets_by_source_tree_outcome_code_and_status(self, history):
        tables = {table.name: table.rows for table in figures.tickets(WEEK)}
        # Ann's from S3 (web form), Bo's (API), Cy's through the article's contact link.
        assert sorted(tables["tickets-source"]) == [["API", 1, 0], ["Web form", 1, 0],
                                                    ["Web form, from an article", 1, 0]]
        assert sorted(tables["tickets-tree"]) == [["(no troubleshooter)", 2, 0], ["Demo tree", 1, 0]]
        assert sorted(tables["tickets-error-code"]) == [["(none)", 2, 0], ["1014", 1, 0]]
        assert tables["tickets-status"] == [["New", 3, 0]]

    def test_time_to_first_agent_action_is_the_median_wait(self, history):
        assert figures.first_action_medians(WEEK).now == 3600
