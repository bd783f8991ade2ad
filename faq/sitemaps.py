"""Sitemap sections for the knowledge base: topics and published articles."""
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from .models import Article, Category


class CategorySitemap(Sitemap):
    priority = 0.6

    def items(self):
        # Topics without a published article would be empty pages to a crawler.
        published = Article.objects.published().filter(category=OuterRef("pk"))
        return Category.objects.filter(Exists(published))


class ArticleSitemap(Sitemap):
    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, article: Article):
        return article.updated_at
