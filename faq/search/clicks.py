"""Which result a search led to: a signed click-through link per result, recorded once.

The link carries the search's id, the result's rank and a signature made with the site's secret
over those and the visitor who ran the search (a keyed hash of their address and browser), so only
that visitor's click on the page that showed the results records anything: a link passed on, or
served to someone else from a cache, only goes to the article. No cookie is needed for this, so
viewing the results page sets none. The first click is kept; later ones only go to the article.
"""
from __future__ import annotations

from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from common.clients import client_address, client_fingerprint
from faq.models import Article, SearchLog

SALT = "faq.search.click"


def visitor(request: HttpRequest) -> str:
    """Who is clicking, without a cookie: a keyed hash of the client address and the browser's name."""
    return client_fingerprint(f"{client_address(request)} {request.headers.get('User-Agent', '')}")


def click_url(log_id: int, rank: int, article: Article, visitor: str) -> str:
    """The address of the result at `rank` (1 = first) of the logged search `log_id`, for `visitor` only."""
    url = reverse("faq:search_click", args=[log_id, rank, article.slug])
    return f"{url}?k={signing.Signer(salt=SALT).signature(_value(log_id, rank, article.slug, visitor))}"


def record(log_id: int, rank: int, article: Article, signature: str, visitor: str) -> bool:
    """Record the click if the link is genuine, was given to this visitor, and the search has none yet;
    whether it was recorded."""
    expected = signing.Signer(salt=SALT).signature(_value(log_id, rank, article.slug, visitor))
    if not constant_time_compare(signature, expected):
        return False
    return bool(
        SearchLog.objects.filter(pk=log_id, clicked_article__isnull=True).update(
            clicked_article=article, clicked_rank=rank, clicked_at=timezone.now()
        )
    )


def _value(log_id: int, rank: int, slug: str, visitor: str) -> str:
    return f"{log_id}:{rank}:{slug}:{visitor}"
