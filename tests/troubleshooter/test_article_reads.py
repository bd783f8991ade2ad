"""What the customer opened from a session: the outcome's links go through the session, which records
the open and redirects to the unchanged article page; the ticket lists what was opened."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_article
from tests.tickets.factories import make_ticket
from tests.troubleshooter.session_factories import make_tree_with_session, republish
from tickets.filing import TicketInput, create_ticket
from troubleshooter.models import ArticleRead

pytestmark = pytest.mark.django_db


def outcome_session_with(*articles):
    session = make_tree_with_session()
    session.tree.nodes.get(key=session.current_key).articles.add(*articles)
    session.version = session.current_version = republish(session.tree)
    session.save()
    return session


class TestTheReadLink:
    def test_the_outcome_links_its_articles_through_the_session(self, client):
        article = make_article(slug="blocklists", title="Blocklists")
        session = outcome_session_with(article)
        html = client.get(session.get_absolute_url()).content.decode()
        assert f'href="/troubleshoot/s/{session.pk}/read/blocklists/"' in html

    def test_opening_it_records_the_article_once_and_redirects_to_the_article(self, client):
        article = make_article(slug="blocklists")
        session = outcome_session_with(article)
        for _ in range(2):
            response = client.get(f"/troubleshoot/s/{session.pk}/read/blocklists/")
            assert response.status_code == 302 and response["Location"] == "/articles/blocklists/"
        read = ArticleRead.objects.get()
        assert (read.session_id, read.article_id) == (session.pk, article.pk)

    def test_the_redirect_itself_sets_no_cookie(self):
        # The article page is cached and cookie-free; the redirect in front of it must not spoil that.
        make_article(slug="blocklists")
        session = make_tree_with_session()
        response = Client().get(f"/troubleshoot/s/{session.pk}/read/blocklists/")
        assert response.status_code == 302
        assert not response.cookies
        assert response["X-Robots-Tag"] == "noindex"

    @pytest.mark.parametrize("path", ["read/no-such-article/", "read/draft-one/"])
    def test_an_unknown_or_draft_article_is_a_404_and_records_nothing(self, client, path):
        make_article(slug="draft-one", status="draft")
        session = make_tree_with_session()
        assert client.get(f"/troubleshoot/s/{session.pk}/{path}").status_code == 404
        assert not ArticleRead.objects.exists()

    def test_an_unknown_session_is_a_404(self, client):
        make_article(slug="blocklists")
        assert client.get("/troubleshoot/s/not-a-uuid/read/blocklists/").status_code == 404
        assert client.get("/troubleshoot/s/6d0f7a3e-0000-4000-8000-000000000000/read/blocklists/").status_code == 404

    def test_a_head_request_or_a_staff_visit_records_nothing(self, agent_client):
        make_article(slug="blocklists")
        session = make_tree_with_session()
        assert agent_client.get(f"/troubleshoot/s/{session.pk}/read/blocklists/").status_code == 302
        assert Client().head(f"/troubleshoot/s/{session.pk}/read/blocklists/").status_code == 302
        assert not ArticleRead.objects.exists()


class TestTheTicketLists:
    def test_what_was_opened_not_what_was_merely_linked(self, agent_client):
        client = Client()  # the customer: not the agent's signed-in client
        opened, ignored = make_article(slug="opened", title="Opened one"), make_article(title="Never opened")
        session = outcome_session_with(opened, ignored)
        client.get(f"/troubleshoot/s/{session.pk}/read/opened/")
        ticket = create_ticket(
            TicketInput(name="Ada", email="ada@example.com", subject="Help me", description="It does not work.",
                        session=session),
            source="web", address="127.0.0.1",
        )
        assert [item["title"] for item in ticket.articles] == ["Opened one"]
        html = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        section = html[html.index("Articles the customer saw"):]
        assert "Opened one" in section and "Never opened" not in section

    def test_articles_opened_after_filing_show_too(self, agent_client):
        client = Client()
        later = make_article(slug="later", title="Read after writing to us")
        session = make_tree_with_session()
        ticket = make_ticket(session=session, tree_slug=session.tree.slug)
        client.get(f"/troubleshoot/s/{session.pk}/read/later/")
        ArticleRead.objects.update(opened_at=timezone.now() - timedelta(minutes=5))
        html = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        assert later.title in html
