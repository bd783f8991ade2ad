"""The ANN graph of the semantic scan at scale (faq.search.ann): beyond semantic.COARSE_FROM vectors
search must find what the exact scan finds, see vectors saved after the graph was built, never
bring back articles that left the index, and keep the coarse pass when the library is missing."""
from __future__ import annotations

import io
import logging
import sys
import threading

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from faq.models import SearchDocument
from faq.search import ann, coarse, embedding, semantic
from tests.factories import make_article
from tests.faq.test_search_coarse import clustered, exact, queries, store, unit


@pytest.fixture
def graphs(settings, tmp_path, monkeypatch):
    """Search over the graph from 100 vectors on, built in the calling thread into a fresh directory."""
    settings.WAYPOINT_SEARCH_INDEX_DIR = tmp_path
    monkeypatch.setattr(ann, "build_in_background", False)
    monkeypatch.setattr(semantic, "COARSE_FROM", 100)
    monkeypatch.setattr(ann, "GRAPH_ROWS", 150)  # about half the rows of these tests: the graph must choose
    monkeypatch.setattr(semantic, "_matrix", semantic._Matrix())
    ann.forget()
    yield tmp_path
    ann.forget()
    semantic.mark_stale()


def saved(articles: list, ids: np.ndarray, vectors: np.ndarray) -> None:
    for n, article in enumerate(articles, 1):
        store(article, vectors[ids == n])


def ask(query: np.ndarray, monkeypatch) -> semantic.Similarities:
    monkeypatch.setattr(embedding, "embed_query", lambda text: query)
    semantic.mark_stale()
    found = semantic.similarities("anything")
    assert found is not None
    return found


def nearest_ids(found: semantic.Similarities, limit: int) -> list[int]:
    return [pk for pk, _ in found.nearest(limit)]


@pytest.mark.django_db
def test_the_graph_finds_the_exact_scans_nearest_articles_with_their_exact_scores(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(120)]
    saved(articles, ids, vectors)
    pks = np.array([articles[n - 1].pk for n in ids.tolist()], dtype=np.int64)
    stored = vectors.astype(np.float16).astype(np.float32)
    for query in queries(centres, 8):
        found = ask(query, monkeypatch)
        assert isinstance(found.index, ann.Index) and len(found.scores) < len(ids)
        want = exact(pks, stored, query).nearest(10)
        got = found.nearest(10)
        assert [pk for pk, _ in got] == [pk for pk, _ in want]
        assert np.allclose([score for _, score in got], [score for _, score in want], atol=1e-6)
    assert len(list(graphs.glob("ann-*.usearch"))) == 1


@pytest.mark.django_db
def test_vectors_saved_after_the_graph_was_built_are_found(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(120)]
    saved(articles, ids, vectors)
    first = ask(queries(centres, 1)[0], monkeypatch)
    assert isinstance(first.index, ann.Index)
    graph = first.index.graph

    # A new article exactly where a query will look, saved as indexing saves (a new indexed_at).
    query = unit(np.random.default_rng(5).normal(size=(1, embedding.DIMENSIONS)))[0]
    newcomer = make_article(slug="newcomer", title="Newcomer", body="Words.")
    SearchDocument.objects.filter(pk=newcomer.pk).update(
        embedding=embedding.vectors_to_bytes(query[None, :]), embedding_model=embedding.MODEL_NAME,
        indexed_at=timezone.now(),
    )
    found = ask(query, monkeypatch)
    assert isinstance(found.index, ann.Index) and found.index.graph is graph  # not rebuilt for one row
    assert nearest_ids(found, 1) == [newcomer.pk]
    assert found.nearest(1)[0][1] == pytest.approx(1.0, abs=1e-3)


@pytest.mark.django_db
def test_articles_that_left_the_index_are_not_found(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(120)]
    saved(articles, ids, vectors)
    query = vectors[ids == 7][0]  # article 7's own vector
    before = ask(query, monkeypatch)
    assert isinstance(before.index, ann.Index)
    assert nearest_ids(before, 1) == [articles[6].pk]

    articles[6].delete()
    articles[8].status = articles[8].Status.DRAFT
    articles[8].save()
    after = ask(query, monkeypatch)
    assert isinstance(after.index, ann.Index) and after.index.graph is before.index.graph
    near = nearest_ids(after, 30)
    assert articles[6].pk not in near and articles[8].pk not in near
    assert len(near) == 30


@pytest.mark.django_db
def test_another_process_maps_the_saved_graph_instead_of_building_it(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(120)]
    saved(articles, ids, vectors)
    query = queries(centres, 1)[0]
    want = nearest_ids(ask(query, monkeypatch), 10)

    # A fresh process: nothing in memory, the file on disk; building would fail.
    ann.forget()
    monkeypatch.setattr(semantic, "_matrix", semantic._Matrix())
    monkeypatch.setattr(ann, "_build", lambda *args: pytest.fail("built a graph that was saved"))
    found = ask(query, monkeypatch)
    assert isinstance(found.index, ann.Index)
    assert nearest_ids(found, 10) == want


@pytest.mark.django_db
def test_a_graph_is_rebuilt_once_many_rows_are_new(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(120)]
    saved(articles, ids, vectors)
    first = ask(queries(centres, 1)[0], monkeypatch)
    assert isinstance(first.index, ann.Index)

    extra_ids, extra_vectors, _ = clustered(articles=20, topics=6, seed=4, centres=centres)
    now = timezone.now()
    for n in range(1, 21):
        article = make_article(slug=f"extra-{n}", title=f"Extra {n}", body="Words.")
        SearchDocument.objects.filter(pk=article.pk).update(
            embedding=embedding.vectors_to_bytes(extra_vectors[extra_ids == n]),
            embedding_model=embedding.MODEL_NAME, indexed_at=now,
        )
    found = ask(queries(centres, 1)[0], monkeypatch)
    assert isinstance(found.index, ann.Index) and found.index.graph is not first.index.graph
    assert found.index.newer_from == len(found.index.ids)  # the new graph has every row
    assert len(list(graphs.glob("ann-*.usearch"))) == 2


@pytest.mark.django_db
def test_without_the_library_search_keeps_the_coarse_pass_and_warns_once(graphs, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "usearch.index", None)  # import fails as if it were not installed
    monkeypatch.setattr(ann, "_warned", False)
    ids, vectors, centres = clustered(articles=120, topics=6)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(120)]
    saved(articles, ids, vectors)
    pks = np.array([articles[n - 1].pk for n in ids.tolist()], dtype=np.int64)
    monkeypatch.setattr(coarse, "RERANK_LEAST", 60)
    query = queries(centres, 1)[0]
    with caplog.at_level(logging.WARNING, logger="faq.search.ann"):
        found = ask(query, monkeypatch)
        monkeypatch.setattr(semantic, "_matrix", semantic._Matrix())
        again = ask(query, monkeypatch)
    assert isinstance(found.index, coarse.Index) and isinstance(again.index, coarse.Index)
    stored = vectors.astype(np.float16).astype(np.float32)
    assert nearest_ids(found, 5) == [pk for pk, _ in exact(pks, stored, query).nearest(5)]
    warnings = [r for r in caplog.records if r.name == "faq.search.ann" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "coarse" in warnings[0].getMessage()
    assert not list(graphs.glob("ann-*"))


@pytest.mark.django_db
def test_build_search_graph_saves_the_graph_that_search_then_maps(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    articles = [make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(120)]
    saved(articles, ids, vectors)
    monkeypatch.setattr(ann, "build_in_background", True)  # the command must build all the same
    out = io.StringIO()
    call_command("build_search_graph", stdout=out)
    assert out.getvalue().startswith(f"{len(ids)} vectors: search uses the ANN graph")
    assert len(list(graphs.glob("ann-*.usearch"))) == 1

    ann.forget()
    monkeypatch.setattr(semantic, "_matrix", semantic._Matrix())
    monkeypatch.setattr(ann, "_build", lambda *args: pytest.fail("built a graph that was saved"))
    assert isinstance(ask(queries(centres, 1)[0], monkeypatch).index, ann.Index)


@pytest.mark.django_db
def test_build_search_graph_builds_nothing_below_the_threshold(graphs, monkeypatch):
    monkeypatch.setattr(semantic, "COARSE_FROM", 10_000)
    ids, vectors, _ = clustered(articles=20, topics=3)
    saved([make_article(slug=f"a-{n}", title=f"Article {n}", body="Words.") for n in range(20)], ids, vectors)
    out = io.StringIO()
    call_command("build_search_graph", stdout=out)
    assert out.getvalue().startswith(f"{len(ids)} vectors: search uses the exact scan")
    assert not list(graphs.glob("ann-*"))


def test_the_same_rows_read_in_another_order_map_the_same_graph(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    vectors = vectors.astype(np.float16)
    first = ann.index_for(ids, vectors, np.arange(len(ids)), on_ready=lambda: None)
    assert first is not None

    # Another process whose database returned the articles in reverse order (each one's rows as stored).
    ann.forget()
    monkeypatch.setattr(ann, "_build", lambda *args: pytest.fail("built a graph that was saved"))
    blocks = [np.flatnonzero(ids == pk) for pk in np.unique(ids)[::-1]]
    order = np.concatenate(blocks)
    second = ann.index_for(ids[order], vectors[order], np.arange(len(ids)), on_ready=lambda: None)
    assert second is not None
    for query in queries(centres, 5):
        want = {(int(pk), round(float(score), 5)) for pk, score in zip(*first.score_articles(list(range(1, 121)), query))}
        rows, scores = second.search(query)
        got_first = set(first.ids[first.search(query)[0]].tolist())
        assert set(second.ids[rows].tolist()) == got_first
        assert {(int(pk), round(float(score), 5)) for pk, score in zip(*second.score_articles(list(range(1, 121)), query))} == want


def test_a_search_while_a_graph_is_being_built_does_not_hash_the_vectors(graphs, monkeypatch):
    ids, vectors, _ = clustered(articles=120, topics=6)
    monkeypatch.setattr(ann, "build_in_background", True)
    monkeypatch.setattr(ann, "_building", True)  # another search started the look or the build
    monkeypatch.setattr(ann, "_path", lambda *args: pytest.fail("hashed the vectors inside the search"))
    assert ann.index_for(ids, vectors.astype(np.float16), np.arange(len(ids)), on_ready=lambda: None) is None


def test_a_saved_graph_is_looked_for_in_the_background_and_waited_for(graphs, monkeypatch):
    ids, vectors, centres = clustered(articles=120, topics=6)
    vectors = vectors.astype(np.float16)
    assert ann.index_for(ids, vectors, np.arange(len(ids)), on_ready=lambda: None) is not None  # saves it
    ann.forget()
    monkeypatch.setattr(ann, "build_in_background", True)
    monkeypatch.setattr(ann, "_build", lambda *args: pytest.fail("built a graph that was saved"))
    searching = threading.current_thread()
    hashed_in = []
    path_of = ann._path
    monkeypatch.setattr(ann, "_path", lambda *args: hashed_in.append(threading.current_thread()) or path_of(*args))
    found = ann.index_for(ids, vectors, np.arange(len(ids)), on_ready=lambda: None)
    assert isinstance(found, ann.Index)
    assert hashed_in and searching not in hashed_in
