"""Keeping the search index in step with the articles.

Every published article has one SearchDocument holding its searchable text (and, on PostgreSQL,
its weighted vector); SQLite's FTS5 tables follow that table through triggers. Signals call
`sync_article` whenever an article, its error codes or an error code changes, so admin edits,
imports and API writes all keep the index current. Drafts have no document, so no query can
ever return them.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models.expressions import CombinedExpression
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from faq import markdown
from faq.models import Article, ErrorCode, SearchDocument, SearchTerm

from . import embedding, semantic
from .memo import forget as forget_index_stats

# Words typo correction may suggest: letters only (codes and numbers are never "misspelt").
_VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,40}")
_SLASH_BETWEEN_WORDS = re.compile(r"(?<=\w)/(?=\w)")


def _weighted_vector() -> CombinedExpression:
    """Title (A), codes and keywords (B), body (C): what PostgreSQL matches and ranks."""
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("codes", "keywords", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def document_fields(article: Article, codes: Iterable[str]) -> dict[str, str]:
    """The searchable text of an article: title, codes, keywords, then summary and body text."""
    body = " ".join(part for part in (article.summary, markdown.plain_text(article.body_html)) if part)
    return {
        "title": _separate_words(article.title),
        "codes": " ".join(sorted(codes)),
        "keywords": _separate_words(" ".join(article.keyword_list)),
        "body": _separate_words(body),
    }


def _separate_words(text: str) -> str:
    # PostgreSQL's parser reads "country/region" as one file-path token; spaced, both words count.
    return _SLASH_BETWEEN_WORDS.sub(" / ", text)


def sync_article(article: Article) -> None:
    """Index a published article, or drop it from the index when it is not (or no longer) published.

    An article saved without a change to its searchable text keeps its document as it is: no
    write, and no new embedding (the costly part, ~40 ms).
    """
    try:
        if not article.is_published or article.pk is None:
            SearchDocument.objects.filter(pk=article.pk).delete()
            return
        fields = document_fields(article, article.error_codes.values_list("code", flat=True))
        stored = SearchDocument.objects.filter(pk=article.pk).values(*fields, "embedding_model").first()
        if stored is not None and all(stored[key] == value for key, value in fields.items()) and (
            stored["embedding_model"] == embedding.MODEL_NAME or not embedding.is_available()
        ):
            return
        SearchDocument.objects.update_or_create(
            article_id=article.pk, defaults={**fields, **_embedding_fields(_embed([fields])[0])}
        )
        if connection.vendor == "postgresql":
            SearchDocument.objects.filter(pk=article.pk).update(vector=_weighted_vector())
        _add_vocabulary(" ".join(fields.values()))
    finally:
        forget_index_stats()  # after the change, so no search in between remembers the old index
        semantic.mark_stale()


def sync_articles(article_ids: Iterable[int]) -> None:
    for article in Article.objects.filter(pk__in=list(article_ids)):
        sync_article(article)


# An article and its document fields -> its vectors, made without the model (benchmarks only).
Derive = Callable[[Article, dict[str, str]], np.ndarray]


def sync_new_articles(articles: Sequence[Article], batch_size: int = 64, *, derive: Derive | None = None) -> None:
    """Index articles just created in bulk (``bulk_create`` sends no post_save): what `sync_article`
    does for each, a batch at a time. Each must be saved and have no error codes yet.

    `derive` is for benchmarks only (`load_corpus --derive-vectors-from-members`): it gives each
    article's vectors instead of the model, and they are stored as embedding.DERIVED_MODEL_NAME's,
    which search leaves out unless told otherwise (see embedding.searchable_models).
    """
    try:
        published = [article for article in articles if article.is_published]
        for start in range(0, len(published), batch_size):
            _index_batch(published[start : start + batch_size], codes={}, derive=derive)
    finally:
        forget_index_stats()
        semantic.mark_stale()


def rebuild(batch_size: int = 64) -> int:
    """Rebuild the whole index from the articles; return how many articles it now holds.

    Articles are indexed in batches: one embedding call, one INSERT and (on PostgreSQL) one
    vector UPDATE per batch, which is what makes indexing thousands of articles take minutes,
    not hours.
    """
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        articles = Article.objects.published().prefetch_related("error_codes").order_by("pk")
        batch: list[Article] = []
        for article in articles.iterator(chunk_size=batch_size):
            batch.append(article)
            if len(batch) >= batch_size:
                _index_batch(batch, codes=_codes(batch))
                batch = []
        if batch:
            _index_batch(batch, codes=_codes(batch))
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # FTS5's own consistency rebuild, in case triggers were lost in a table rebuild.
                cursor.execute("INSERT INTO faq_search_fts(faq_search_fts) VALUES ('rebuild')")
                cursor.execute("INSERT INTO faq_searchterm_fts(faq_searchterm_fts) VALUES ('rebuild')")
        forget_index_stats()
        semantic.mark_stale()
        return SearchDocument.objects.count()


def _codes(articles: list[Article]) -> dict[int, list[str]]:
    return {article.pk: [code.code for code in article.error_codes.all()] for article in articles}


def _index_batch(articles: Sequence[Article], *, codes: dict[int, list[str]], derive: Derive | None = None) -> None:
    all_fields = [document_fields(article, codes.get(article.pk, ())) for article in articles]
    if derive is None:
        vectors, model = _embed(all_fields), embedding.MODEL_NAME
    else:
        vectors = [derive(article, fields) for article, fields in zip(articles, all_fields, strict=True)]
        model = embedding.DERIVED_MODEL_NAME
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                article_id=article.pk,
                **fields,
                **_embedding_fields(vectors[index], model),
            )
            for index, (article, fields) in enumerate(zip(articles, all_fields, strict=True))
        ]
    )
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk__in=[article.pk for article in articles]).update(vector=_weighted_vector())
    _add_vocabulary(" ".join(value for fields in all_fields for value in fields.values()))


def embed_missing(batch_size: int = 64) -> int:
    """Compute the embeddings the current model has not made yet; return how many were made.

    For a knowledge base indexed while the model could not load, or by another model.
    """
    if not embedding.is_available():
        return 0
    made = 0
    stale = SearchDocument.objects.exclude(embedding_model=embedding.MODEL_NAME) | SearchDocument.objects.filter(
        embedding_model__isnull=True
    )
    ids = list(stale.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        documents = list(SearchDocument.objects.filter(pk__in=ids[start : start + batch_size]))
        vectors = _embed([{"title": d.title, "keywords": d.keywords, "body": d.body} for d in documents])
        if vectors[0] is None:
            break
        for document, vector in zip(documents, vectors, strict=True):
            for key, value in _embedding_fields(vector).items():
                setattr(document, key, value)
        SearchDocument.objects.bulk_update(documents, ["embedding", "embedding_model", "indexed_at"])
        made += len(documents)
    semantic.mark_stale()
    return made


def _embed(all_fields: list[dict[str, str]]) -> list[np.ndarray | None]:
    """Each article's passage vectors (faq.search.semantic.passages), in one model call for all."""
    texts = [semantic.passages(fields["title"], fields["keywords"], fields["body"]) for fields in all_fields]
    vectors = embedding.embed_documents([text for article in texts for text in article])
    if vectors is None:
        return [None] * len(all_fields)
    blocks: list[np.ndarray | None] = []
    start = 0
    for article in texts:
        blocks.append(vectors[start : start + len(article)])
        start += len(article)
    return blocks


def _embedding_fields(vectors: np.ndarray | None, model: str | None = None) -> dict[str, object]:
    if vectors is None:
        return {"embedding": None, "embedding_model": None, "indexed_at": timezone.now()}
    return {
        "embedding": embedding.vectors_to_bytes(vectors),
        "embedding_model": model or embedding.MODEL_NAME,
        "indexed_at": timezone.now(),
    }


def _add_vocabulary(text: str) -> None:
    words = set(_VOCABULARY_WORD.findall(text.lower()))
    if words:
        SearchTerm.objects.bulk_create([SearchTerm(word=word) for word in words], ignore_conflicts=True)


def _on_article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    sync_article(instance)


def _on_error_codes_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            sync_article(instance)
        return
    # The error code's side: `instance` is an ErrorCode and pk_set holds article ids.
    if action == "pre_clear":
        instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        sync_articles(pk_set or ())
    elif action == "post_clear":
        sync_articles(getattr(instance, "_search_article_ids", ()))


def _on_error_code_saved(sender, instance: ErrorCode, created: bool, **kwargs) -> None:
    if not created:
        sync_articles(instance.articles.values_list("pk", flat=True))


def _before_error_code_deleted(sender, instance: ErrorCode, **kwargs) -> None:
    instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))


def _on_error_code_deleted(sender, instance: ErrorCode, **kwargs) -> None:
    sync_articles(getattr(instance, "_search_article_ids", ()))


def connect_signals() -> None:
    """Called once from FaqConfig.ready()."""
    post_save.connect(_on_article_saved, sender=Article, dispatch_uid="faq_search_article_saved")
    m2m_changed.connect(
        _on_error_codes_changed, sender=Article.error_codes.through, dispatch_uid="faq_search_codes_changed"
    )
    post_save.connect(_on_error_code_saved, sender=ErrorCode, dispatch_uid="faq_search_code_saved")
    pre_delete.connect(_before_error_code_deleted, sender=ErrorCode, dispatch_uid="faq_search_code_deleting")
    post_delete.connect(_on_error_code_deleted, sender=ErrorCode, dispatch_uid="faq_search_code_deleted")
