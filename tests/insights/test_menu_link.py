"""The site menu's "Insights" link: shown to those who may open the dashboard, never cached for others."""
import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache

from insights.context_processors import insights_link
from tests.factories import make_agent, make_editor, make_user

LINK = '<a href="/insights/">Insights</a>'


@pytest.fixture(autouse=True)
def empty_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
class TestInsightsMenuLink:
    @pytest.mark.parametrize("make", [make_editor, make_agent,
                                      lambda: User.objects.create_superuser("root", "r@example.com", "pw")])
    def test_the_support_team_sees_the_link_in_the_site_menu(self, client, make):
        client.force_login(make())
        assert LINK in client.get("/").content.decode()

    def test_anonymous_visitors_do_not_see_it(self, client):
        assert LINK not in client.get("/").content.decode()

    def test_staff_outside_the_two_groups_do_not_see_it(self, client):
        client.force_login(make_user())
        assert LINK not in client.get("/").content.decode()

    def test_an_agents_page_is_never_kept_for_anonymous_visitors(self, client):
        agent_client = client.__class__()
        agent_client.force_login(make_agent())
        seen_by_agent = agent_client.get("/")
        assert LINK in seen_by_agent.content.decode()
        assert "private" in seen_by_agent["Cache-Control"]
        anonymous = client.get("/")
        assert "public" in anonymous["Cache-Control"]
        assert LINK not in anonymous.content.decode()

    def test_deciding_for_an_anonymous_visitor_costs_no_query(self, rf, django_assert_num_queries):
        request = rf.get("/")
        request.user = AnonymousUser()
        with django_assert_num_queries(0):
            assert not insights_link(request)["show_insights_link"]

    def test_the_decision_is_made_once_per_request(self, rf, django_assert_num_queries):
        request = rf.get("/")
        request.user = make_agent()
        link = insights_link(request)["show_insights_link"]
        with django_assert_num_queries(1):
            assert link and link
