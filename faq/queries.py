"""Read-side queries for the public knowledge-base pages and API.

Each function runs a fixed number of SQL queries whatever the data, so the hot pages stay cheap
(the article page's budget is five queries in all, session lookup included).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db.models import Aggregate, CharField, Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from . import popularity
from .models import Article, Category, ErrorCode

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class _SharedCodes(TypedDict):  # related_articles' annotation
        shared_codes: int

ERROR_CODE_PATTERN = re.compile(r"[0-9]{1,12}")
RELATED_LIMIT = 5
POPULAR_LIMIT = 5
# The home page shows the first few articles of each topic and links to the topic page for the rest.
HOME_ARTICLES_PER_TOPIC = 6
# A keyword list longer than this adds nothing to relatedness but grows the SQL.
_MAX_KEYWORDS_COMPARED = 20
_RELATED_CANDIDATES = 60


class _CommaJoined(Aggregate):
    """The values of one column joined by commas: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def is_error_code(code: str) -> bool:
    """Whether a string has the shape of an API error code (digits only, such as 1014)."""
    return bool(ERROR_CODE_PATTERN.fullmatch(code))


def topics_with_articles() -> list[Category]:
    """Topics with published articles, each with its first few as ``listed`` (two queries)."""
    listed = Article.objects.published().only("title", "slug", "summary", "category_id", "position")
    is_published = Q(articles__status=Article.Status.PUBLISHED)
    return list(
        Category.objects.annotate(published_count=Count("articles", filter=is_published))
        .filter(published_count__gt=0)
        .prefetch_related(Prefetch("articles", queryset=listed[:HOME_ARTICLES_PER_TOPIC], to_attr="listed"))
    )


def popular_articles(limit: int = POPULAR_LIMIT) -> list[Article]:
    """Published articles people read recently and found helpful, best first (faq.popularity)."""
    return list(popularity.ranked().only("title", "slug", "summary", "popularity")[:limit])


def article_for_page(slug: str, *, include_drafts: bool = False) -> Article | None:
    """One article with its category and, as ``code_list``, its error codes -- in a single query.

    The Markdown source is deferred: pages show the HTML rendered when the article was saved.
    """
    codes = (
        ErrorCode.objects.filter(articles=OuterRef("pk"))
        .order_by()
        .values("articles")
        .annotate(joined=_CommaJoined("code"))
        .values("joined")
    )
    queryset = Article.objects.select_related("category").defer("body").annotate(codes_joined=Subquery(codes))
    if not include_drafts:
        queryset = queryset.published()
    article = queryset.filter(slug=slug).first()
    if article is not None:
        article.code_list = sorted(filter(None, (article.codes_joined or "").split(",")), key=code_order)
    return article


def related_articles(article: Article, codes: list[str], limit: int = RELATED_LIMIT) -> list[Article]:
    """Published articles that share error codes, keywords or the category with ``article``, best first.

    A shared error code counts most, then each shared keyword, then the same category.
    """
    keywords = {word.lower() for word in article.keyword_list}
    shared_codes = (
        # The plugin forgets annotations made after values() and rejects "n" below.
        Article.error_codes.through.objects.filter(  # type: ignore[misc]
            article_id=OuterRef("pk"), errorcode__code__in=codes
        )
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    wanted = Q(category_id=article.category_id) | Q(shared_codes__gt=0)
    for word in sorted(keywords)[:_MAX_KEYWORDS_COMPARED]:
        wanted |= Q(keywords__icontains=word)
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .annotate(shared_codes=Coalesce(Subquery(shared_codes, output_field=IntegerField()), 0))
        .filter(wanted)
        .only("title", "slug", "summary", "category_id", "keywords", "position", "view_count")
        .order_by("-shared_codes", "-view_count", "title")[:_RELATED_CANDIDATES]
    )

    def score(other: WithAnnotations[Article, _SharedCodes]) -> int:
        # icontains found candidates; only whole keywords count as shared.
        shared_words = keywords & {word.lower() for word in other.keyword_list}
        return 4 * other.shared_codes + 2 * len(shared_words) + (other.category_id == article.category_id)

    scored = [(score(other), other) for other in candidates]
    scored = [pair for pair in scored if pair[0] > 0]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].view_count, pair[1].title))
    return [other for _, other in scored[:limit]]


def articles_for_error_code(code: str) -> list[Article]:
    """Published articles that cover an error code, in reading order."""
    return list(Article.objects.published().filter(error_codes__code=code).only("title", "slug", "summary"))


def covered_error_codes() -> list[str]:
    """Every error code that at least one published article explains."""
    codes = ErrorCode.objects.filter(articles__status=Article.Status.PUBLISHED).values_list("code", flat=True)
    return sorted(set(codes), key=code_order)


def code_order(code: str) -> tuple[int, str]:
    """Sort key putting error codes in numeric order (999 before 1014)."""
    return (int(code) if code.isdigit() else 0, code)
