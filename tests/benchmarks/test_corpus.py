"""The off-topic documentation corpus for search benchmarks (benchmarks.corpus) and load_corpus."""
from __future__ import annotations

import io
import re
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from benchmarks.corpus import GeneratedArticle, documentation_articles
from faq.search import index as search_index
from faq.models import Article, Category, SearchDocument
from faq.search import search

WORD = re.compile(r"[A-Za-z]+")
FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def two_thousand() -> list[GeneratedArticle]:
    return list(documentation_articles(2000))


def test_the_same_count_and_seed_give_the_same_articles(two_thousand):
    assert list(documentation_articles(2000)) == two_thousand
    assert list(documentation_articles(300, seed=0)) == two_thousand[:300]


def test_another_seed_gives_other_articles(two_thousand):
    other = list(documentation_articles(300, seed=1))
    assert {a.title for a in other} != {a.title for a in two_thousand[:300]}


def test_titles_are_unique_and_no_body_is_repeated(two_thousand):
    assert len({a.title for a in two_thousand}) == len(two_thousand)
    assert len({a.body_markdown for a in two_thousand}) == len(two_thousand)


def test_every_article_has_a_title_summary_keywords_and_a_body_of_realistic_length(two_thousand):
    for article in two_thousand:
        assert article.title and len(article.title) <= 255
        assert len(article.summary) <= 300
        assert article.keywords and all(word == word.lower() for word in article.keywords)
        assert 200 <= len(article.body_markdown) <= 6500, article.title
    average = sum(len(a.body_markdown) for a in two_thousand) / len(two_thousand)
    assert 400 <= average <= 3000


def test_bodies_are_prose_not_word_salad_or_code(two_thousand):
    tokens = [token for a in two_thousand for token in a.body_markdown.split()]
    alphabetic = [token for token in tokens if token.isalpha()]
    assert len(alphabetic) / len(tokens) > 0.55
    average_word = sum(map(len, alphabetic)) / len(alphabetic)
    assert 3.5 <= average_word <= 7
    # The commonest words of English are the commonest here too, as in any real text.
    counts = Counter(word.lower() for word in alphabetic)
    assert {"the", "a", "is", "to", "of"} <= {word for word, _ in counts.most_common(15)}
    for common in ("not", "get", "code", "message", "error", "send", "user"):
        assert counts[common] >= 10, common


def test_no_article_carries_doctest_or_rest_markup_outside_code_blocks(two_thousand):
    for article in two_thousand:
        assert ">>>" not in FENCED.sub("", article.body_markdown), article.title
        assert not re.search(r":(func|class|meth|attr|ref):`", article.body_markdown), article.title
        assert "[](id:" not in article.body_markdown


def test_two_thousand_articles_are_generated_quickly():
    started = time.perf_counter()
    assert len(list(documentation_articles(2000, seed=5))) == 2000
    assert time.perf_counter() - started < 60


def test_asking_for_more_than_the_documentation_gives_is_an_error():
    with pytest.raises(ValueError, match="distinct articles"):
        list(documentation_articles(10_000_000))


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_corpus", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_loads_published_articles_that_search_finds():
    output = load("--articles", "50")
    assert output.startswith("Created 50 articles in the 'Documentation' category (docs) in ")
    category = Category.objects.get(slug="docs")
    articles = list(Article.objects.filter(category=category))
    assert len(articles) == 50 and all(a.is_published and a.body_html for a in articles)
    assert SearchDocument.objects.filter(article__category=category).count() == 50
    assert all(a.history.count() == 1 for a in articles[:5])

    # A word only one of them uses finds that one.
    counts = Counter(w.lower() for a in articles for w in set(WORD.findall(a.title + " " + a.body)))
    target, word = next(
        (a, w) for a in articles for w in sorted(set(WORD.findall(a.body)), key=len, reverse=True)
        if len(w) >= 8 and counts[w.lower()] == 1
    )
    assert target.slug in [result.article.slug for result in search(word, limit=50).results], word


@pytest.mark.django_db
def test_the_bulk_index_is_what_saving_each_article_would_have_built():
    load("--articles", "30", "--seed", "3")
    fields = ["article_id", "title", "codes", "keywords", "body"]
    if connection.vendor == "postgresql":
        fields += ["vector"]
    loaded = sorted(SearchDocument.objects.values_list(*fields))
    search_index.rebuild()
    assert sorted(SearchDocument.objects.values_list(*fields)) == loaded


@pytest.mark.django_db
def test_loading_again_adds_articles_with_slugs_of_their_own():
    load("--articles", "20")
    load("--articles", "20")
    assert Article.objects.filter(category__slug="docs").count() == 40
    assert Article.objects.values("slug").distinct().count() == Article.objects.count()
