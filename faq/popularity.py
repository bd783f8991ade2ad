"""What "popular" means on the home page: read by people recently, and found helpful.

Pure arithmetic, plus ``refresh()``, which stores the score on each article so that the home page
only sorts by a column. A raw view count let bots and ``curl`` decide, and favoured whatever
happened to be read a lot once, helpful or not.
"""
from __future__ import annotations

import datetime

from django.db.models import Sum
from django.utils import timezone

from .models import Article, ArticleViews

# Views older than this no longer count towards popularity.
RECENT_DAYS = 30


def helpfulness(yes: int, no: int) -> float:
    """The share of "yes" answers, pulled towards one half while there are few votes (Laplace)."""
    return (yes + 1) / (yes + no + 2)


def score(recent_views: int, yes: int, no: int) -> float:
    """Recent human views weighted by helpfulness: 100 views at 90 % helpful beat 120 at 10 %."""
    return round(recent_views * helpfulness(yes, no), 4)


def refresh(today: datetime.date | None = None) -> list[int]:
    """Store every article's current score (three queries and one batched update); return the ids
    of the published articles the home page lists first, in order, so callers can tell whether it changed."""
    since = (today or timezone.now().date()) - datetime.timedelta(days=RECENT_DAYS - 1)
    recent = dict(
        ArticleViews.objects.filter(day__gte=since)
        .values_list("article_id")
        .annotate(total=Sum("views"))
        .values_list("article_id", "total")
    )
    changed = []
    candidates = Article.objects.filter(pk__in=recent.keys()) | Article.objects.filter(popularity__gt=0)
    for article in candidates.only("pk", "helpful_yes", "helpful_no", "popularity"):
        new = score(recent.get(article.pk, 0), article.helpful_yes, article.helpful_no)
        if new != article.popularity:
            article.popularity = new
            changed.append(article)
    Article.objects.bulk_update(changed, ["popularity"], batch_size=500)
    return top_ids()


def ranked():
    """Published articles, most popular first; ties (a fresh install) in editorial order."""
    return Article.objects.published().order_by("-popularity", "category__position", "position", "title")


def top_ids(limit: int = 5) -> list[int]:
    return list(ranked().values_list("pk", flat=True)[:limit])
