"""Keeping the search index in step with the articles.

Every published article has one SearchDocument holding its searchable text (and, on PostgreSQL,
its weighted vector); SQLite's FTS5 tables follow that table through triggers. Signals call
`sync_article` whenever an article, its error codes or an error code changes, so admin edits,
imports and API writes all keep the index current. Drafts have no document, so no query can
ever return them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from faq import markdown
from faq.models import Article, ErrorCode, SearchDocument, SearchTerm

from .memo import forget as forget_index_stats

# Words typo correction may suggest: letters only (codes and numbers are never "misspelt").
_VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,40}")
_SLASH_BETWEEN_WORDS = re.compile(r"(?<=\w)/(?=\w)")


def _head_vector() -> SearchVector:
    """Title (A), codes and keywords (B): what broad searches rank first (faq.search.backends.postgresql.match)."""
    return SearchVector("title", weight="A", config="english") + SearchVector(
        "codes", "keywords", weight="B", config="english"
    )


def _weighted_vector() -> SearchVector:
    return _head_vector() + SearchVector("body", weight="C", config="english")


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
    """Index a published article, or drop it from the index when it is not (or no longer) published."""
    try:
        if not article.is_published or article.pk is None:
            SearchDocument.objects.filter(pk=article.pk).delete()
            return
        fields = document_fields(article, article.error_codes.values_list("code", flat=True))
        SearchDocument.objects.update_or_create(article_id=article.pk, defaults=fields)
        if connection.vendor == "postgresql":
            SearchDocument.objects.filter(pk=article.pk).update(vector=_weighted_vector(), head_vector=_head_vector())
        _add_vocabulary(" ".join(fields.values()))
    finally:
        forget_index_stats()  # after the change, so no search in between remembers the old index


def sync_articles(article_ids: Iterable[int]) -> None:
    for article in Article.objects.filter(pk__in=list(article_ids)):
        sync_article(article)


def sync_new_articles(articles: Sequence[Article]) -> None:
    """Index articles just created in bulk (``bulk_create`` sends no post_save): what `sync_article`
    does for each, in a few statements for all of them. Each must be saved and have no error codes yet.
    """
    try:
        published = [article for article in articles if article.is_published]
        if not published:
            return
        documents = [SearchDocument(article_id=article.pk, **document_fields(article, ())) for article in published]
        SearchDocument.objects.bulk_create(documents, batch_size=500)
        if connection.vendor == "postgresql":
            SearchDocument.objects.filter(pk__in=[article.pk for article in published]).update(
                vector=_weighted_vector(), head_vector=_head_vector()
            )
        words: dict[str, None] = {}
        for document in documents:
            words.update(dict.fromkeys(_VOCABULARY_WORD.findall(
                " ".join((document.title, document.codes, document.keywords, document.body)).lower()
            )))
        SearchTerm.objects.bulk_create([SearchTerm(word=word) for word in words], batch_size=1000, ignore_conflicts=True)
    finally:
        forget_index_stats()


def rebuild() -> int:
    """Rebuild the whole index from the articles; return how many articles it now holds."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        for article in Article.objects.published().prefetch_related("error_codes").iterator(chunk_size=500):
            sync_article(article)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # FTS5's own consistency rebuild, in case triggers were lost in a table rebuild.
                cursor.execute("INSERT INTO faq_search_fts(faq_search_fts) VALUES ('rebuild')")
                cursor.execute("INSERT INTO faq_searchterm_fts(faq_searchterm_fts) VALUES ('rebuild')")
        forget_index_stats()
        return SearchDocument.objects.count()


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
