"""Tickets filed from an article's page: the link names the article, and the ticket records it."""
import pytest

from faq.models import Article
from tests.factories import make_article
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "subject": "Delivery reports are late",
    "description": "Reports arrive about an hour after the messages.",
}


class TestTheContactLink:
    def test_the_article_page_names_its_article_the_same_for_every_reader_and_sets_no_cookie(self, client):
        article = make_article(slug="late-reports", title="Late delivery reports")
        first = client.get(article.get_absolute_url())
        second = client.get(article.get_absolute_url())
        assert 'href="/tickets/new/?article=late-reports"' in first.content.decode()
        assert first.content == second.content
        # Still a page a shared cache may keep for everyone (tests/project/test_page_cache.py has the rest).
        assert not first.cookies and "public" in first["Cache-Control"]

    def test_the_ticket_records_the_article_it_came_from(self, client):
        article = make_article(slug="late-reports", title="Late delivery reports")
        page = client.get("/tickets/new/", {"article": "late-reports"}).content.decode()
        assert 'name="article" value="late-reports"' in page
        assert client.post("/tickets/new/", {**FORM, "article": "late-reports"}).status_code == 302
        assert Ticket.objects.get().from_article == article

    def test_a_ticket_without_the_link_records_no_article(self, client):
        make_article(slug="late-reports")
        assert client.post("/tickets/new/", FORM).status_code == 302
        assert Ticket.objects.get().from_article is None

    @pytest.mark.parametrize("value", ["no-such-article", "x" * 500, "<script>alert(1)</script>", "late-reports/../x",
                                       "%00", "draft-one"])
    def test_a_made_up_article_is_ignored_on_the_form_and_refused_with_a_400_when_posted(self, client, value):
        make_article(slug="late-reports")
        make_article(slug="draft-one", status=Article.Status.DRAFT)
        page = client.get("/tickets/new/", {"article": value})
        assert page.status_code == 200 and 'name="article" value=' not in page.content.decode()
        response = client.post("/tickets/new/", {**FORM, "article": value})
        assert response.status_code == 400
        assert "The article you came from no longer exists" in response.content.decode()
        assert not Ticket.objects.exists()

    def test_a_deleted_article_leaves_its_tickets_and_figures(self, client):
        article = make_article(slug="late-reports")
        client.post("/tickets/new/", {**FORM, "article": "late-reports"})
        article.delete()
        assert Ticket.objects.get().from_article is None
