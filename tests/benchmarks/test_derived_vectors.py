"""Benchmark-only vectors made without the model (benchmarks.derived_vectors, `load_corpus
--derive-vectors-from-members`): what they are made of, how they are recorded, and that search
leaves them out unless told to use them."""
from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from benchmarks.corpus import documentation_articles
from benchmarks.derived_vectors import Deriver, base_title
from faq.models import Article, SearchDocument
from faq.search import embedding, semantic

DIM = embedding.DIMENSIONS


def unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


def real(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.stack([unit(rng.normal(size=DIM)) for _ in range(2)]).astype(np.float32)


def test_suffixes_added_to_titles_are_not_part_of_the_base_title():
    assert base_title("Get object or 404 (django.shortcuts), part 2 of 3") == "Get object or 404 (django.shortcuts)"
    assert base_title("Quote (urllib.parse), variant 2") == "Quote (urllib.parse)"
    assert base_title("Plain title") == "Plain title"


def test_an_article_made_of_members_gets_their_mean_whole_and_one_member_per_passage():
    deriver = Deriver.from_real([("A (m)", real(1)), ("B (m), part 1 of 2", real(2)), ("C (m)", real(3))])
    rows = deriver.vectors("A and B (m)", ("A (m)", "B (m)"), passages=3)
    assert rows.shape == (3, DIM) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    mean = unit(real(1)[0] + real(2)[0])
    assert rows[0] @ mean > 0.9  # the members' mean, nudged by a little noise
    assert rows[1] @ real(1)[0] > 0.9 and rows[2] @ real(2)[0] > 0.9
    assert rows[0] @ real(3)[0] < 0.5  # not the member it is not made of
    assert deriver.fallbacks_used == 0


def test_derived_vectors_are_the_same_every_time_but_differ_between_articles():
    deriver = Deriver.from_real([("A (m)", real(1)), ("B (m)", real(2))])
    first = deriver.vectors("A and B (m)", ("A (m)", "B (m)"), passages=2)
    assert np.array_equal(first, deriver.vectors("A and B (m)", ("A (m)", "B (m)"), passages=2))
    other = deriver.vectors("A to B: 2 entries of m", ("A (m)", "B (m)"), passages=2)
    assert not np.array_equal(first, other)


def test_an_article_with_no_known_member_borrows_a_real_articles_vectors_and_is_counted():
    deriver = Deriver.from_real([("A (m)", real(1)), ("B (m)", real(2))])
    rows = deriver.vectors("Something else", ("Z (q)",), passages=2)
    assert max(rows[0] @ real(1)[0], rows[0] @ real(2)[0]) > 0.9
    assert deriver.fallbacks_used == 1 and deriver.derived == 1


def test_there_is_nothing_to_derive_from_without_real_vectors():
    with pytest.raises(ValueError, match="no article has real vectors"):
        Deriver.from_real([])


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_corpus", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_skip_loads_the_articles_after_those_an_earlier_run_loaded():
    load("--articles", "12")
    load("--skip", "12", "--articles", "6")
    expected = [article.title for article in documentation_articles(18)]
    assert sorted(Article.objects.filter(category__slug="docs").values_list("title", flat=True)) == sorted(expected)


@pytest.mark.django_db
def test_derived_vectors_are_recorded_as_derived_and_search_uses_them_only_when_told(settings):
    load("--articles", "10")
    # Real vectors for the first ten, whatever the model on this machine (faster than embedding).
    for n, document in enumerate(SearchDocument.objects.all(), 1):
        SearchDocument.objects.filter(pk=document.pk).update(
            embedding=embedding.vectors_to_bytes(real(n)), embedding_model=embedding.MODEL_NAME
        )
    output = load("--skip", "10", "--articles", "8", "--derive-vectors-from-members")
    assert "Their vectors are derived, not embedded" in output and "8 articles" in output
    derived = SearchDocument.objects.filter(embedding_model=embedding.DERIVED_MODEL_NAME)
    assert derived.count() == 8
    assert all(len(embedding.vectors_from_bytes(data)) >= 1 for data in derived.values_list("embedding", flat=True))
    derived_ids = set(derived.values_list("article_id", flat=True))

    settings.WAYPOINT_SEARCH_DERIVED_VECTORS = "0"
    assert embedding.searchable_models() == (embedding.MODEL_NAME,)
    semantic.mark_stale()
    semantic._refresh(semantic._matrix, embedding.searchable_models())
    assert not derived_ids & set(semantic._matrix.ids.tolist())

    settings.WAYPOINT_SEARCH_DERIVED_VECTORS = "1"
    assert embedding.searchable_models() == (embedding.MODEL_NAME, embedding.DERIVED_MODEL_NAME)
    semantic._refresh(semantic._matrix, embedding.searchable_models())
    assert derived_ids <= set(semantic._matrix.ids.tolist())
    semantic.mark_stale()


@pytest.mark.django_db
def test_deriving_vectors_without_any_real_ones_is_refused():
    with pytest.raises(CommandError, match="no article has real vectors"):
        load("--articles", "3", "--derive-vectors-from-members")
    assert not Article.objects.exists()
