"""Hybrid search: meaning (sentence embeddings) fused with words, kept in step with the articles,
and lexical search that still answers when the model cannot load."""
import logging

import pytest
from django.core.management import call_command

from faq import search
from faq.models import Article, SearchDocument
from faq.search import embedding, semantic
from faq.search.index import embed_missing
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_state():
    search.forget_synonyms()
    semantic.mark_stale()
    yield
    semantic.mark_stale()


@pytest.fixture
def articles():
    return [
        make_article(
            slug="not-received",
            title="What if a user does not receive an SMS?",
            body="Look up the delivery status and the Remarks in the console's message records.",
        ),
        make_article(slug="invoices", title="Are invoices available?", body="Apply for them on the billing page."),
        make_article(
            slug="replies",
            title="How do I see users' replies?",
            body="Replies to your messages are listed in the console, or pushed to your callback URL.",
        ),
    ]


@pytest.fixture
def no_model(monkeypatch):
    monkeypatch.setenv("WAYPOINT_SEMANTIC_SEARCH", "0")
    embedding._reset_for_tests()
    semantic.mark_stale()
    yield
    monkeypatch.delenv("WAYPOINT_SEMANTIC_SEARCH", raising=False)
    embedding._reset_for_tests()
    semantic.mark_stale()


def slugs(query, **kwargs):
    return [result.article.slug for result in search.search(query, **kwargs).results]


def test_a_paraphrase_that_shares_no_word_with_the_article_finds_it(articles):
    assert slugs("my handset never showed the message someone sent me")[0] == "not-received"
    assert slugs("paperwork for my accounting department")[0] == "invoices"


def test_an_article_found_by_meaning_alone_shows_its_opening_as_the_snippet(articles):
    result = search.search("paperwork for my accounting department").results[0]
    assert "billing page" in result.snippet


def test_a_query_about_nothing_in_the_knowledge_base_finds_nothing(articles):
    assert slugs("volcano eruption forecast") == []


def test_quoted_words_are_never_widened_by_meaning(articles):
    assert slugs('"billing page"') == ["invoices"]
    assert slugs('"no such phrase here"') == []


def test_the_vector_is_stored_with_the_article_and_names_its_model(articles):
    document = SearchDocument.objects.get(pk=articles[0].pk)
    vectors = embedding.vectors_from_bytes(document.embedding)
    assert vectors.shape[1] == embedding.DIMENSIONS
    assert document.embedding_model == embedding.MODEL_NAME


def test_an_edit_to_the_text_makes_a_new_vector_and_a_save_without_one_keeps_it(articles):
    article = Article.objects.get(slug="invoices")
    before = bytes(SearchDocument.objects.get(pk=article.pk).embedding)
    article.save()
    assert bytes(SearchDocument.objects.get(pk=article.pk).embedding) == before
    article.title = "How do I get a VAT receipt?"
    article.save()
    assert bytes(SearchDocument.objects.get(pk=article.pk).embedding) != before


def test_an_unpublished_article_leaves_the_meaning_index_too(articles):
    query = "paperwork for my accounting department"
    assert slugs(query)[0] == "invoices"
    article = Article.objects.get(slug="invoices")
    article.status = Article.Status.DRAFT
    article.save()
    assert "invoices" not in slugs(query)


def test_search_is_lexical_with_one_warning_when_the_model_cannot_load(articles, no_model, caplog):
    with caplog.at_level(logging.WARNING, logger="faq.search.embedding"):
        assert slugs("invoices") == ["invoices"]
        assert slugs("receive sms")[0] == "not-received"
        assert slugs("paperwork for my accounting department") == []
    assert len([record for record in caplog.records if record.levelno == logging.WARNING]) == 1


def test_articles_saved_without_the_model_get_vectors_from_the_command_later(no_model, monkeypatch):
    article = make_article(slug="late", title="Why do messages arrive late?", body="Carriers queue them at peak times.")
    assert SearchDocument.objects.get(pk=article.pk).embedding is None
    monkeypatch.delenv("WAYPOINT_SEMANTIC_SEARCH")
    embedding._reset_for_tests()
    call_command("rebuild_search_embeddings", stdout=open("/dev/null", "w"))
    assert SearchDocument.objects.get(pk=article.pk).embedding_model == embedding.MODEL_NAME
    assert embed_missing() == 0
    semantic.mark_stale()
    assert slugs("texts come hours after I send them")[0] == "late"


def test_a_chinese_query_finds_the_english_article(articles):
    assert slugs("短信收不到")[0] == "not-received"
    assert slugs("发票")[0] == "invoices"


def test_negations_and_get_are_kept_so_the_question_is_not_lost(articles):
    assert slugs("user did not get the sms")[0] == "not-received"
    assert slugs("users didn't get the SMS")[0] == "not-received"


def test_the_as_you_type_box_and_the_api_agree_with_the_page(articles, client):
    query = "user did not get the sms "
    page = slugs(query, limit=3)
    assert [article.slug for article in search.suggest(query, limit=3)] == page
    api = client.get("/api/v1/search", {"q": query, "limit": 3}).json()
    assert [hit["slug"] for hit in api["results"]] == page


def test_the_best_answer_of_a_second_category_is_shown_among_the_first_three(monkeypatch):
    docs, faq = make_category(name="Documentation"), make_category(name="SMS delivery")
    for n, title in enumerate(["Login code generation", "Login code expiry", "Login code templates", "Login codes"]):
        make_article(slug=f"docs-{n}", title=title, body=f"The framework makes a {title.lower()} for a session.",
                     category=docs)
    make_article(slug="sms-code", title="Codes by SMS", body="The login code we send by SMS.", category=faq)
    with monkeypatch.context() as undiversified:
        undiversified.setattr(search, "diversify_by_category", lambda ranked, category_of: ranked)
        assert "sms-code" not in slugs("login code")[:3]
    assert slugs("login code")[2] == "sms-code"
    assert [article.slug for article in search.suggest("login code", limit=3)] == slugs("login code", limit=3)
