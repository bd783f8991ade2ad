"""The coarse first pass of the semantic scan at scale (faq.search.coarse: fewer dimensions, then
exact scores): it must find the exact scan's nearest articles, and search must switch to it only
beyond semantic.COARSE_FROM vectors."""
from __future__ import annotations

import numpy as np
import pytest

from faq.models import SearchDocument
from faq.search import ann, coarse, embedding, semantic
from faq.search.semantic import Similarities
from tests.factories import make_article

DIM = embedding.DIMENSIONS


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def clustered(
    articles: int, topics: int, seed: int = 1, centres: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Articles of one to four vectors each around `topics` centres (cosine ~0.9 with theirs), as
    embeddings cluster by subject: (article id of each row, rows, centres)."""
    rng = np.random.default_rng(seed)
    if centres is None:
        centres = unit(rng.normal(size=(topics, DIM)))
    ids, rows = [], []
    for pk in range(1, articles + 1):
        home = centres[rng.integers(len(centres))]
        for _ in range(rng.integers(1, 5)):
            ids.append(pk)
            rows.append(home + rng.normal(scale=0.025, size=DIM))
    return np.array(ids, dtype=np.int64), unit(np.array(rows)), centres


def queries(centres: np.ndarray, count: int, seed: int = 2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return unit(centres[rng.integers(len(centres), size=count)] + rng.normal(scale=0.04, size=(count, DIM)))


def exact(ids: np.ndarray, vectors: np.ndarray, query: np.ndarray) -> Similarities:
    return Similarities(ids=ids, scores=vectors @ query)


def through(index: coarse.Index, query: np.ndarray) -> Similarities:
    rows, scores = index.search(query)
    return Similarities(ids=index.ids[rows], scores=scores, index=index, query=query)


def test_the_coarse_pass_finds_the_exact_scans_nearest_articles_with_their_exact_scores():
    ids, vectors, centres = clustered(articles=1500, topics=40)
    index = coarse.Index.build(ids, vectors.astype(np.float16))
    stored = vectors.astype(np.float16).astype(np.float32)  # what the index holds, read back exactly
    for query in queries(centres, 40):
        want = exact(ids, stored, query).nearest(10)
        got = through(index, query).nearest(10)
        assert [pk for pk, _ in got] == [pk for pk, _ in want]
        assert np.allclose([score for _, score in got], [score for _, score in want], atol=1e-6)


def test_only_a_share_of_the_rows_is_scored_exactly():
    ids, vectors, centres = clustered(articles=1500, topics=40)
    index = coarse.Index.build(ids, vectors)
    assert index.reduced.shape == (len(vectors), coarse.DIMENSIONS)
    rows, _ = index.search(queries(centres, 1)[0])
    assert len(rows) == coarse.RERANK_LEAST < len(vectors) / 2
    assert len(set(rows.tolist())) == len(rows)


def test_any_articles_similarity_is_exact_even_outside_the_rows_kept():
    ids, vectors, centres = clustered(articles=800, topics=30)
    index = coarse.Index.build(ids, vectors)
    query = queries(centres, 1)[0]
    found = through(index, query)
    far = [int(pk) for pk in np.unique(ids) if pk not in set(found.ids.tolist())][:20]
    assert far, "every article was kept: the test would prove nothing"
    want = dict(exact(ids, vectors, query).of(far + [int(found.ids[0])]))
    got = dict(found.of(far + [int(found.ids[0])]))
    assert got.keys() == want.keys()
    assert all(abs(got[pk] - want[pk]) < 1e-6 for pk in want)


def test_a_changed_matrix_keeps_its_components_and_projects_new_rows():
    ids, vectors, centres = clustered(articles=1200, topics=30)
    index = coarse.Index.build(ids, vectors)
    # Article 1's rows leave, and ten new articles arrive at the end.
    kept = ids != 1
    new_ids, new_vectors, _ = clustered(articles=10, topics=30, seed=9, centres=centres)
    all_ids = np.concatenate([ids[kept], new_ids + 10_000])
    all_vectors = np.vstack([vectors[kept], new_vectors])
    changed = index.updated(all_ids, all_vectors, kept)
    assert np.array_equal(changed.basis, index.basis)
    assert np.allclose(changed.reduced, all_vectors @ index.basis, atol=1e-5)
    for query in [*queries(centres, 20), *new_vectors[:5]]:
        want = exact(all_ids, all_vectors, query).nearest(10)
        assert [pk for pk, _ in through(changed, query).nearest(10)] == [pk for pk, _ in want]


def store(article, rows: np.ndarray) -> None:
    SearchDocument.objects.filter(pk=article.pk).update(
        embedding=embedding.vectors_to_bytes(rows), embedding_model=embedding.MODEL_NAME
    )


@pytest.mark.django_db
def test_search_uses_the_coarse_index_only_beyond_coarse_from_and_ranks_as_the_exact_scan(monkeypatch):
    ids, vectors, centres = clustered(articles=80, topics=4)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(80)]
    for n, article in enumerate(articles, 1):
        store(article, vectors[ids == n])
    query = queries(centres, 1)[0]
    monkeypatch.setattr(embedding, "embed_query", lambda text: query)

    semantic.mark_stale()
    small = semantic.similarities("anything")
    assert small is not None and small.index is None and len(small.scores) == len(vectors)

    monkeypatch.setattr(semantic, "COARSE_FROM", 100)
    monkeypatch.setattr(coarse, "RERANK_LEAST", 40)
    monkeypatch.setattr(ann, "available", lambda: False)  # the ANN graph's own tests: test_search_ann
    monkeypatch.setattr(semantic, "_matrix", semantic._Matrix())
    large = semantic.similarities("anything")
    assert large is not None and large.index is not None
    assert large.index.vectors.dtype == np.float16
    assert len(large.scores) < len(vectors)
    assert [pk for pk, _ in large.nearest(5)] == [pk for pk, _ in small.nearest(5)]
    semantic.mark_stale()
