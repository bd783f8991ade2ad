"""Which result a search led to: a signed click-through link per result, recorded once.

The link carries the search's id, the result's rank and a signature made with the site's secret,
so only the page that showed the results (to the visitor who ran the search) holds a link that
records anything; the first click is kept, later ones (or anyone else's) only go to the article.
"""
from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from faq.models import Article, SearchLog

SALT = "faq.search.click"


def click_url(log_id: int, rank: int, article: Article) -> str:
    """The address of the result at `rank` (1 = first) of the logged search `log_id`."""
    url = reverse("faq:search_click", args=[log_id, rank, article.slug])
    return f"{url}?k={signing.Signer(salt=SALT).signature(_value(log_id, rank, article.slug))}"


def record(log_id: int, rank: int, article: Article, signature: str) -> bool:
    """Record the click if the link is genuine and the search has none yet; whether it was recorded."""
    expected = signing.Signer(salt=SALT).signature(_value(log_id, rank, article.slug))
    if not constant_time_compare(signature, expected):
        return False
    return bool(
        SearchLog.objects.filter(pk=log_id, clicked_article__isnull=True).update(
            clicked_article=article, clicked_rank=rank, clicked_at=timezone.now()
        )
    )


def _value(log_id: int, rank: int, slug: str) -> str:
    return f"{log_id}:{rank}:{slug}"
