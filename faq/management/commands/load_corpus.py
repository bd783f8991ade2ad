"""``manage.py load_corpus --articles N``: N published off-topic articles of real documentation prose.

For search benchmarks at scale (see ``benchmarks.corpus``): the articles land in a "Documentation"
category so that they never mix with the knowledge base's own. They are written in bulk, in one
transaction: ``bulk_create`` with their history records, rendered as ``Article.save`` would render
them, and indexed with ``faq.search.index.sync_new_articles`` (bulk_create sends no post_save, so
the signal that keeps the index in step never fires). That gives the same search documents as
saving each article, at a fraction of the cost. Slugs never collide with existing articles.

``--skip N`` leaves out the first N articles the generator gives (those a first run with the same
seed loaded), so a corpus grows: ``--articles 10000`` then ``--skip 10000 --articles 90000``.

``--derive-vectors-from-members`` (benchmarks only: the 100,000-article latency benchmark) gives
the new articles vectors without the model, averaged from the real vectors of the articles they
are made of (benchmarks.derived_vectors), recorded under a model name that says so; search uses
them only with WAYPOINT_SEARCH_DERIVED_VECTORS on, which bench_search turns on for such a database.
"""
from __future__ import annotations

import time
from typing import cast

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from benchmarks.corpus import documentation_articles
from benchmarks.derived_vectors import Deriver
from common import page_cache
from faq.importer import _unique_slug
from faq.models import Article, Category, SearchDocument
from faq.search import embedding, semantic
from faq.search import index as search_index

BATCH = 1000


class Command(BaseCommand):
    help = "Create N published articles of documentation prose (for search benchmarks) in a Documentation category."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, required=True, help="How many articles to create.")
        parser.add_argument("--seed", type=int, default=0,
                            help="Which articles (default 0); the same seed gives the same.")
        parser.add_argument("--category-slug", default="docs", help='The category\'s slug (default "docs").')
        parser.add_argument("--skip", type=int, default=0,
                            help="Leave out the first N articles (loaded by an earlier run with the same seed).")
        parser.add_argument(
            "--derive-vectors-from-members", action="store_true",
            help="BENCHMARKS ONLY: no model; each article's vectors are the mean of the real vectors of the "
                 "articles it is made of, stored as derived (search ignores them unless "
                 "WAYPOINT_SEARCH_DERIVED_VECTORS=1).",
        )

    def handle(self, *args, articles: int, seed: int, category_slug: str, skip: int,
               derive_vectors_from_members: bool, **options) -> None:
        if articles < 0 or skip < 0:
            raise CommandError("--articles and --skip must not be negative")
        started = time.perf_counter()
        try:
            generated = list(documentation_articles(skip + articles, seed=seed))[skip:]
        except ValueError as error:
            raise CommandError(str(error)) from error
        generated_in = time.perf_counter() - started
        derive = None
        if derive_vectors_from_members:
            deriver = self._deriver()
            parts_of = {entry.title[:255]: entry.parts for entry in generated}

            def derive(article: Article, fields: dict[str, str]) -> np.ndarray:
                count = len(semantic.passages(fields["title"], fields["keywords"], fields["body"]))
                return deriver.vectors(article.title, parts_of.get(article.title, ()), count)

        with transaction.atomic():
            category = self._category(category_slug)
            taken = set(Article.objects.values_list("slug", flat=True))
            position = (category.articles.aggregate(last=Max("position"))["last"] or 0) + 1
            created = 0
            for first in range(0, len(generated), BATCH):
                batch = []
                for entry in generated[first:first + BATCH]:
                    slug = _unique_slug(entry.title, taken)
                    taken.add(slug)
                    article = Article(
                        title=entry.title[:255], slug=slug, category=category, summary=entry.summary[:300],
                        body=entry.body_markdown, keywords=", ".join(entry.keywords)[:500],
                        status=Article.Status.PUBLISHED, position=position,
                    )
                    position += 1
                    article.render()
                    batch.append(article)
                bulk_create_with_history(batch, Article, batch_size=BATCH)
                search_index.sync_new_articles(batch, derive=derive)
                created += len(batch)
            # bulk_create sends no post_save either: the cached pages must still go.
            page_cache.content_changed()
        if connection.vendor == "postgresql":
            # Thousands of new rows at once: until autovacuum gets to them the planner works from the
            # old statistics, and search ran twice as slow (p95 38x a trivial request instead of 10x).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Created {created} articles in the {category.name!r} category ({category.slug}) in "
            f"{time.perf_counter() - started:.1f} s (generating them took {generated_in:.1f} s)."
        )
        if derive_vectors_from_members:
            self.stdout.write(
                f"Their vectors are derived, not embedded ({embedding.DERIVED_MODEL_NAME}): {deriver.derived} "
                f"articles, {deriver.fallbacks_used} of them from a real article picked by title (no member "
                f"had real vectors). For benchmarks only; search uses them with WAYPOINT_SEARCH_DERIVED_VECTORS=1."
            )

    @staticmethod
    def _deriver() -> Deriver:
        """The real vectors the derived ones are made from: every article the model embedded."""
        rows = SearchDocument.objects.filter(embedding_model=embedding.MODEL_NAME).values_list(
            "article__title", "embedding"
        )
        try:
            return Deriver.from_real(
                (title, embedding.vectors_from_bytes(cast(bytes, data))) for title, data in rows.iterator()
            )
        except ValueError as error:
            raise CommandError(f"--derive-vectors-from-members: {error}") from error

    @staticmethod
    def _category(slug: str) -> Category:
        category = Category.objects.filter(slug=slug).first()
        if category is not None:
            return category
        name, n = "Documentation", 2
        while Category.objects.filter(name=name).exists():
            name = f"Documentation ({n})"
            n += 1
        return Category.objects.create(
            name=name, slug=slug, description="Documentation of other software, loaded for search benchmarks.",
            position=1000,
        )
