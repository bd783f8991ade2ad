"""JSON API for the knowledge base: published articles, categories and error codes.

``url`` is the page's absolute path ("/articles/<slug>/"); ``category`` is the category's name (the
slugs are listed by GET /categories); ``error_codes`` are strings; ``updated_at`` is ISO 8601.
Drafts never appear. Each endpoint runs a fixed number of queries.
"""
from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from common.api_schemas import ErrorOut

from . import queries
from .models import Article, Category, ErrorCode

router = Router(tags=["knowledge base"])


class ArticleOut(Schema):
    slug: str
    title: str
    url: str
    category: str
    error_codes: list[str]
    updated_at: datetime


class ArticleDetailOut(ArticleOut):
    body_markdown: str
    body_html: str


class ArticleLinkOut(Schema):
    slug: str
    title: str
    url: str


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    url: str
    article_count: int



def _published_with_codes():
    codes = Prefetch("error_codes", queryset=ErrorCode.objects.only("code"))
    return Article.objects.published().select_related("category").prefetch_related(codes)


def _summary(article: Article) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "url": article.get_absolute_url(),
        "category": article.category.name,
        "error_codes": sorted((code.code for code in article.error_codes.all()), key=queries.code_order),
        "updated_at": article.updated_at,
    }


@router.get("/articles", response=list[ArticleOut], summary="List published articles")
def list_articles(request: HttpRequest):
    return [_summary(article) for article in _published_with_codes().defer("body", "body_html")]


@router.get(
    "/articles/{slug}",
    response={200: ArticleDetailOut, 404: ErrorOut},
    summary="One published article with its Markdown source and rendered HTML",
)
def get_article(request: HttpRequest, slug: str):
    article = _published_with_codes().filter(slug=slug).first()
    if article is None:
        raise Http404(f"No published article has the slug “{slug}”.")
    return {**_summary(article), "body_markdown": article.body, "body_html": article.body_html}


@router.get(
    "/errors/{code}",
    response={200: list[ArticleLinkOut], 404: ErrorOut},
    summary="The published articles that explain an API error code",
)
def articles_for_error(request: HttpRequest, code: str):
    if not queries.is_error_code(code):
        raise Http404(f"“{code}” is not an error code; error codes are numbers such as 1014.")
    articles = queries.articles_for_error_code(code)
    if not articles:
        raise Http404(f"No article covers error code {code}.")
    return [{"slug": a.slug, "title": a.title, "url": a.get_absolute_url()} for a in articles]


@router.get("/categories", response=list[CategoryOut], summary="Categories that have published articles")
def list_categories(request: HttpRequest):
    categories = Category.objects.annotate(
        article_count=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
    ).filter(article_count__gt=0)
    return [
        {
            "slug": category.slug,
            "name": category.name,
            "description": category.description,
            "url": category.get_absolute_url(),
            "article_count": category.article_count,
        }
        for category in categories
    ]
