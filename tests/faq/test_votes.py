"""'Was this helpful?': one vote per article per client (a second changes it), CSRF-protected, clear answers to bad input."""
import pytest
from django.test import Client

from faq.models import Article, Vote
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
        assert "127.0.0.1" not in vote.session_key  # a keyed hash of the client, not its address
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

    def test_a_visitor_without_a_session_gets_one_to_remember_the_vote(self, client):
        assert "sessionid" not in client.cookies
        article = make_article()
        client.post(vote_url(article), {"helpful": "yes"})
        assert client.cookies["sessionid"].value
        assert "Glad it helped" in client.get(article.get_absolute_url()).content.decode()

    def test_clients_at_different_addresses_each_have_a_vote(self):
        article = make_article()
        for address in ("192.0.2.1", "192.0.2.2"):
            Client(REMOTE_ADDR=address).post(vote_url(article), {"helpful": "yes"})
        article.refresh_from_db()
        assert (article.helpful_yes, Vote.objects.count()) == (2, 2)

    def test_one_session_may_vote_on_several_articles(self, client):
        for article in (make_article(), make_article()):
            assert client.post(vote_url(article), {"helpful": "yes"}).status_code == 302
        assert Vote.objects.count() == 2


class TestOneVotePerClient:
    def test_a_second_vote_from_the_same_session_changes_the_first(self, client):
        article = make_article()
        client.post(vote_url(article), {"helpful": "yes", "comment": "Clear."})
        response = client.post(vote_url(article), {"helpful": "no"})
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.helpful_yes, article.helpful_no, Vote.objects.count()) == (0, 1, 1)
        vote = Vote.objects.get()
        assert vote.helpful is False and vote.comment == "Clear."

    def test_dropping_the_cookie_does_not_add_votes(self):
        """Each request a fresh client with no cookie, as a script would send them: still one vote."""
        article = make_article()
        for answer in ("yes", "yes", "yes", "no", "yes"):
            assert Client().post(vote_url(article), {"helpful": answer}).status_code == 302
        article.refresh_from_db()
        assert (article.helpful_yes, article.helpful_no, Vote.objects.count()) == (1, 0, 1)

    def test_the_same_answer_twice_counts_once(self, client):
        article = make_article()
        client.post(vote_url(article), {"helpful": "no"})
        client.post(vote_url(article), {"helpful": "no", "comment": "Still unclear."})
        article.refresh_from_db()
        assert (article.helpful_yes, article.helpful_no) == (0, 1)
        assert Vote.objects.get().comment == "Still unclear."


class TestBadVotes:

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

    def test_htmx_invalid_vote_is_400_with_the_reason_in_place(self, client):
        article = make_article()
        response = client.post(vote_url(article), {"helpful": "maybe"}, headers={"HX-Request": "true"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "<html" not in html and 'data-swap-errors="400"' in html and "Select a valid choice" in html
