"""``manage.py load_corpus --articles N``: N published off-topic articles of real documentation prose.

For search benchmarks at scale (see ``benchmarks.corpus``): the articles land in a "Documentation"
category so that they never mix with the knowledge base's own. They are written in bulk, in one
transaction: ``bulk_create`` with their history records, rendered as ``Article.save`` would render
them, and indexed with ``faq.search.index.sync_new_articles`` (bulk_create sends no post_save, so
the signal that keeps the index in step never fires). That gives the same search documents as
saving each article, at a fraction of the cost. Slugs never collide with existing articles.
"""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from benchmarks.corpus import documentation_articles
from common import page_cache
from faq.importer import _unique_slug
from faq.models import Article, Category
from faq.search import index as search_index

BATCH = 1000


class Command(BaseCommand):
    help = "Create N published articles of documentation prose (for search benchmarks) in a Documentation category."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, required=True, help="How many articles to create.")
        parser.add_argument("--seed", type=int, default=0,
                            help="Which articles (default 0); the same seed gives the same.")
        parser.add_argument("--category-slug", default="docs", help='The category\'s slug (default "docs").')

    def handle(self, *args, articles: int, seed: int, category_slug: str, **options) -> None:
        if articles < 0:
            raise CommandError("--articles must not be negative")
        started = time.perf_counter()
        try:
            generated = list(documentation_articles(articles, seed=seed))
        except ValueError as error:
            raise CommandError(str(error)) from error
        generated_in = time.perf_counter() - started
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
                search_index.sync_new_articles(batch)
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
