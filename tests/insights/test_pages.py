"""The /insights/ pages: who may see them, the date range, CSV downloads, markup and query counts."""
import pytest
from django.contrib.auth.models import User

from insights.periods import BadRange, read_period
from tests.factories import make_agent, make_editor, make_user
from tests.html_validity import problems
from tests.insights.conftest import NOW

WEEK = "?start=2026-03-14&end=2026-03-20"
PAGES = ["/insights/", "/insights/troubleshooters/demo/", "/insights/articles/", "/insights/search/"]


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_editor())
    return client


@pytest.mark.django_db
class TestWhoMaySee:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        response = client.get("/insights/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_staff_outside_the_two_groups_get_a_403(self, client):
        client.force_login(make_user())
        assert client.get("/insights/").status_code == 403

    @pytest.mark.parametrize("make", [make_editor, make_agent,
                                      lambda: User.objects.create_superuser("root", "r@example.com", "pw")])
    def test_editors_agents_and_superusers_see_it(self, client, make):
        client.force_login(make())
        assert client.get("/insights/").status_code == 200


@pytest.mark.django_db
class TestPages:
    @pytest.mark.parametrize("path", PAGES)
    def test_each_page_is_valid_html_within_a_fixed_number_of_queries(self, editor_client, history, path,
                                                                       django_assert_max_num_queries):
        with django_assert_max_num_queries(19):
            response = editor_client.get(path + WEEK)
        assert response.status_code == 200
        assert problems(response.content.decode()) == []

    def test_the_overview_shows_each_figure_beside_the_previous_period(self, editor_client, history):
        html = editor_client.get("/insights/" + WEEK).content.decode()
        assert "<strong>40.0%</strong> <span class=\"muted\">before: 100.0%</span>" in html
        assert "14 Mar 2026 – 20 Mar 2026" in html and "07 Mar 2026 – 13 Mar 2026" in html

    def test_the_tree_page_draws_the_traffic_map(self, editor_client, history):
        html = editor_client.get("/insights/troubleshooters/demo/" + WEEK).content.decode()
        assert '<svg role="img" aria-labelledby="traffic-map-heading"' in html
        assert "5 reached · 0 abandoned" in html

    def test_failed_queries_offer_prefilled_synonym_and_article_forms(self, editor_client, history):
        html = editor_client.get("/insights/search/" + WEEK).content.decode()
        assert '/admin/faq/synonym/add/?words=refund"' in html
        assert "/admin/faq/article/add/?title=refund&amp;keywords=refund" in html

    def test_a_table_downloads_as_csv(self, editor_client, history):
        response = editor_client.get("/insights/search/" + WEEK + "&csv=top-queries")
        assert response["Content-Type"].startswith("text/csv")
        assert "top-queries-2026-03-14-2026-03-20.csv" in response["Content-Disposition"]
        lines = response.content.decode().splitlines()
        assert lines[0] == "Query,Searches,Searches before,Found nothing,No click,No-click rate"
        assert lines[1:] == ["error 1014,2,0,0,1,50.0%", "refund,2,0,2,2,100.0%"]

    def test_an_unknown_table_is_a_404(self, editor_client, history):
        assert editor_client.get("/insights/?csv=nope").status_code == 404

    @pytest.mark.parametrize("query, message", [
        ("?days=12", "Choose the last 7, 30 or 90 days"),
        ("?start=2026-03-20&end=2026-03-01", "The end date is before the start date."),
        ("?start=2026-13-01&end=2026-03-01", "The start date must look like 2026-01-31"),
        ("?start=2026-03-01", "needs both a start and an end"),
        ("?start=2020-01-01&end=2026-03-01", "at most 400 days"),
    ])
    def test_a_bad_range_is_a_400_that_says_why(self, editor_client, query, message):
        response = editor_client.get("/insights/" + query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_presets_end_today_and_the_previous_period_has_the_same_length():
    period = read_period({"days": "7"}, NOW.date())
    assert (str(period.start), str(period.end)) == ("2026-03-14", "2026-03-20")
    assert (str(period.before().start), str(period.before().end)) == ("2026-03-07", "2026-03-13")
    with pytest.raises(BadRange):
        read_period({"start": "2026-04-01", "end": "2026-04-02"}, NOW.date())
