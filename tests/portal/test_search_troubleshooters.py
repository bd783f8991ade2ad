"""Troubleshooters in search results: offered above the articles when the query is about them,
and started with what the query already says (an error code)."""
import re
from html import unescape

import pytest
from django.core.management import call_command

from faq import search
from troubleshooter.models import Session, Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    search.forget_synonyms()
    call_command("load_default_content", stdout=open("/dev/null", "w"))
    yield
    search.forget_synonyms()


def matched_links(html: str) -> list[str]:
    section = re.search(r'<section class="card search-matched-troubleshooters".*?</section>', html, re.S)
    return [unescape(link) for link in re.findall(r'href="([^"]+)"', section.group(0))] if section else []


def test_a_query_about_a_problem_offers_its_troubleshooter_above_the_articles(client, shipped):
    html = client.get("/search/", {"q": "the text never arrived"}).content.decode()
    assert matched_links(html) == ["/troubleshoot/sms-not-received/"]
    assert html.index("search-matched-troubleshooters") < html.index('class="search-results"')


def test_an_error_code_offers_the_error_code_troubleshooter_started_with_that_code(client, shipped):
    html = client.get("/search/", {"q": "error 1014"}).content.decode()
    assert matched_links(html) == ["/troubleshoot/api-error-code/?answer=1014"]
    assert "starting with 1014" in html


def test_a_query_no_troubleshooter_is_about_offers_none_above_the_articles(client, shipped):
    assert matched_links(client.get("/search/", {"q": "invoice"}).content.decode()) == []


def test_the_api_lists_the_matched_troubleshooters(client, shipped):
    body = client.get("/api/v1/search", {"q": "error 1014"}).json()
    assert body["troubleshooters"] == [
        {"slug": "api-error-code", "title": "The API returned an error code", "url": "/troubleshoot/api-error-code/?answer=1014"}
    ]
    assert client.get("/api/v1/search", {"q": "invoice"}).json()["troubleshooters"] == []


def test_starting_from_the_link_answers_the_first_question_with_the_code(client, shipped):
    page = client.get("/troubleshoot/api-error-code/", {"answer": "1014"}).content.decode()
    assert '<input type="hidden" name="answer" value="1014">' in page
    response = client.post("/troubleshoot/api-error-code/", {"answer": "1014"})
    session = Session.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.current_node.key == "code-1014"
    assert [step.node.key for step in session.steps.all()] == ["which-code"]


def test_a_starting_answer_the_first_question_cannot_take_starts_at_the_first_question(client, shipped):
    client.post("/troubleshoot/sms-not-received/", {"answer": "1014"})
    session = Session.objects.get()
    assert session.current_node.key == session.tree.start_key


def test_an_unpublished_troubleshooter_is_offered_no_more(client, shipped):
    assert matched_links(client.get("/search/", {"q": "the text never arrived"}).content.decode())
    tree = Tree.objects.get(slug="sms-not-received")
    tree.status = Tree.Status.DRAFT
    tree.save()
    assert "/troubleshoot/sms-not-received/" not in matched_links(
        client.get("/search/", {"q": "the text never arrived"}).content.decode()
    )
