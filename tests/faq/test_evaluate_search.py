"""The search-relevance evaluation set (evaluation/search/*.toml) and ``manage.py evaluate_search``."""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from evaluation.search import relevance
from faq import search
from faq.models import Article

SEED = Path(__file__).parent / "data" / "seed_faq.txt"
TUNE, TEST = relevance.load("tune"), relevance.load("test")
ALL = TUNE + TEST


def test_there_are_enough_queries_of_every_kind():
    assert len(ALL) >= 180
    counts = Counter(query.kind for query in ALL)
    for kind, least in relevance.MINIMUMS.items():
        assert counts[kind] >= least, f"{kind}: {counts[kind]} < {least}"


def test_the_split_is_half_and_half_per_kind_and_follows_the_seeded_rule():
    tune, test = Counter(query.kind for query in TUNE), Counter(query.kind for query in TEST)
    for kind in relevance.KINDS:
        assert abs(tune[kind] - test[kind]) <= 1, f"{kind}: tune {tune[kind]}, test {test[kind]}"
    again_tune, again_test = relevance.split(ALL)
    assert [query.text for query in again_tune] == [query.text for query in TUNE]
    assert [query.text for query in again_test] == [query.text for query in TEST]


def test_no_query_is_written_twice():
    texts = Counter(" ".join(query.text.lower().split()) for query in ALL)
    assert [text for text, n in texts.items() if n > 1] == []


def test_every_query_has_one_answer_and_its_extra_answers_in_both_knowledge_bases():
    for query in ALL:
        assert query.article and query.seed_article
        assert len(query.also) == len(query.seed_also), query.text
        assert query.article not in query.also and query.seed_article not in query.seed_also, query.text


def quiet(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def fresh_search_caches():
    search.forget_synonyms()
    search.forget_index_stats()
    yield
    search.forget_synonyms()
    search.forget_index_stats()


@pytest.mark.django_db
def test_every_default_content_slug_exists(fresh_search_caches):
    quiet("load_default_content")
    slugs = set(Article.objects.values_list("slug", flat=True))
    wanted = {slug for query in ALL for slug in query.answers("default")}
    assert wanted - slugs == set()


@pytest.mark.django_db
def test_every_seed_import_slug_exists(fresh_search_caches):
    quiet("import_faq", str(SEED))
    slugs = set(Article.objects.values_list("slug", flat=True))
    wanted = {slug for query in ALL for slug in query.answers("seed")}
    assert wanted - slugs == set()


def test_the_scorer_counts_first_and_top_three_and_accepts_also():
    queries = [
        relevance.Query("a", "keyword", "x", "sx"),
        relevance.Query("b", "keyword", "y", "sy", also=("z",), seed_also=("sz",)),
        relevance.Query("c", "typo", "x", "sx"),
    ]
    answers = {"a": ["x", "y"], "b": ["z"], "c": ["q", "r", "x", "x"]}
    score = relevance.score(queries, lambda text: answers[text])
    assert (score.by_kind["keyword"].n, score.by_kind["keyword"].first, score.by_kind["keyword"].top) == (2, 2, 2)
    assert (score.by_kind["typo"].n, score.by_kind["typo"].first, score.by_kind["typo"].top) == (1, 0, 1)
    assert (score.overall.n, score.overall.first, score.overall.top) == (3, 2, 3)
    assert [miss.query.text for miss in score.misses] == ["c"]
    assert relevance.score(queries, lambda text: ["sz"], kb="seed").overall.first == 1


@pytest.mark.django_db
def test_the_command_prints_a_table_per_set(fresh_search_caches):
    quiet("load_default_content")
    out = quiet("evaluate_search", "--set", "both", "--kb", "default", "--show-misses")
    assert "tune set, default knowledge base" in out and "test set, default knowledge base" in out
    assert out.count("kind            n  first %  top-3 %") == 2
    for kind in (*relevance.KINDS, "overall"):
        assert out.count(f"\n{kind:<12} ") == 2
    assert f"overall      {len(TUNE):>4} " in out and f"overall      {len(TEST):>4} " in out
