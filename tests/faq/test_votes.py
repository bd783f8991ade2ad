"""'Was this helpful?': one vote per visitor session, CSRF-protected, with clear answers to bad input."""
import pytest
from django.test import Client

from faq.models import Article, Vote
from faq.views import ALREADY_VOTED
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def vote_url(article: Article) -> str:
    return article.get_absolute_url() + "vote/"


class TestVoting:
    def test_a_yes_vote_with_a_comment_is_recorded_and_thanked(self, client):
        article = make_article()
        response = client.post(vote_url(article), {"helpful": "yes", "comment": "  Clear steps.  "})
        assert response.status_code == 302
        assert response["Location"] == article.get_absolute_url() + "#feedback"
        vote = Vote.objects.get()
        assert vote.helpful is True and vote.comment == "Clear steps." and vote.session_key
        article.refresh_from_db()
        assert (article.helpful_yes, article.helpful_no) == (1, 0)
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Glad it helped" in page and "Send feedback" not in page

    def test_a_no_vote_counts_as_not_helpful_and_points_to_more_help(self, client):
        article = make_article()
        client.post(vote_url(article), {"helpful": "no"})
        article.refresh_from_db()
        assert (article.helpful_yes, article.helpful_no) == (0, 1)
        page = client.get(article.get_absolute_url()).content.decode()
        assert "We will improve this article" in page and "/tickets/new/?article=" in page

    def test_a_visitor_without_a_session_gets_one(self, client):
        assert "sessionid" not in client.cookies
        client.post(vote_url(make_article()), {"helpful": "yes"})
        assert client.cookies["sessionid"].value == Vote.objects.get().session_key

    def test_one_session_may_vote_on_several_articles(self, client):
        for article in (make_article(), make_article()):
            assert client.post(vote_url(article), {"helpful": "yes"}).status_code == 302
        assert Vote.objects.count() == 2


class TestBadVotes:
    def test_a_second_vote_from_the_same_session_is_refused_with_409(self, client):
        article = make_article()
        client.post(vote_url(article), {"helpful": "yes"})
        response = client.post(vote_url(article), {"helpful": "no"})
        assert response.status_code == 409
        assert ALREADY_VOTED in response.content.decode()
        article.refresh_from_db()
        assert (article.helpful_yes, article.helpful_no, Vote.objects.count()) == (1, 0, 1)

    def test_the_database_refuses_a_second_vote_even_if_the_session_forgot_the_first(self, client):
        article = make_article()
        client.post(vote_url(article), {"helpful": "yes"})
        session = client.session
        session["faq_votes"] = {}
        session.save()
        response = client.post(vote_url(article), {"helpful": "no"})
        assert response.status_code == 409 and Vote.objects.count() == 1
        article.refresh_from_db()
        assert article.helpful_no == 0

    def test_a_vote_without_an_answer_is_400_with_the_reason(self, client):
        response = client.post(vote_url(make_article()), {"comment": "hmm"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Choose Yes or No." in page and "hmm" in page
        assert not Vote.objects.exists()

    @pytest.mark.parametrize("data", [{"helpful": "maybe"}, {"helpful": "yes", "comment": "x" * 2001}])
    def test_invalid_votes_are_400(self, client, data):
        assert client.post(vote_url(make_article()), data).status_code == 400
        assert not Vote.objects.exists()

    @pytest.mark.parametrize(
        "headers",
        [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "https://evil.example"},
         {"Origin": "null"}],
    )
    def test_a_vote_another_site_sends_gets_a_clear_403(self, headers):
        article = make_article()
        response = Client(enforce_csrf_checks=True).post(vote_url(article), {"helpful": "yes"}, headers=headers)
        assert response.status_code == 403
        assert "other sites sending forms in your name" in response.content.decode()
        assert not Vote.objects.exists()

    @pytest.mark.parametrize(
        "headers", [{"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://testserver"}, {}],
    )
    def test_a_vote_from_this_site_needs_no_token_so_the_page_carries_none(self, headers):
        browser = Client(enforce_csrf_checks=True)
        article = make_article()
        page = browser.get(article.get_absolute_url())
        assert "csrfmiddlewaretoken" not in page.content.decode() and "csrftoken" not in browser.cookies
        response = browser.post(vote_url(article), {"helpful": "yes"}, headers=headers)
        assert response.status_code == 302 and Vote.objects.count() == 1

    def test_votes_on_drafts_or_unknown_articles_are_404(self, client):
        draft = make_article(status=Article.Status.DRAFT)
        assert client.post(vote_url(draft), {"helpful": "yes"}).status_code == 404
        assert client.post("/articles/nope/vote/", {"helpful": "yes"}).status_code == 404
        assert not Vote.objects.exists()

    def test_the_vote_address_only_takes_post(self, client):
        assert client.get(vote_url(make_article())).status_code == 405


class TestVotingWithHtmx:
    def test_htmx_gets_the_feedback_box_back_in_place(self, client):
        article = make_article()
        response = client.post(vote_url(article), {"helpful": "yes"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="feedback"') and "Glad it helped" in html

    def test_htmx_double_vote_is_409_with_the_message_in_place(self, client):
        article = make_article()
        client.post(vote_url(article), {"helpful": "yes"}, headers={"HX-Request": "true"})
        response = client.post(vote_url(article), {"helpful": "yes"}, headers={"HX-Request": "true"})
        assert response.status_code == 409
        html = response.content.decode()
        assert "<html" not in html and ALREADY_VOTED in html
