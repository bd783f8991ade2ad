"""Article views counted without a database write per request.

Each human view adds one to a counter in the web process's memory; at most once a second (on the next
view) the process adds its counts to counters in Django's cache (``cache.incr``), so a page view costs
a dictionary update rather than a cache round trip. ``flush()`` moves the cache's counts into
``Article.view_count`` and the day's ``ArticleViews`` row and recomputes popularity. Each web process
flushes what it counted when ``VIEW_COUNT_FLUSH_SECONDS`` have passed since its last flush (on the
next article view), and ``manage.py flush_article_views`` flushes everything in a shared cache
(Redis), e.g. from cron.

What a restart can lose: with the in-process cache, the views a process counted since its last
flush (at most ``VIEW_COUNT_FLUSH_SECONDS`` of its traffic, plus the quiet time before its next
article view); with Redis, the views of the last second before the restart (not yet added to Redis).

Bots and programs are not people: user agents that say bot, crawler, spider, curl, wget,
python-requests and the like, or none at all, are not counted; nor are staff.
"""
from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from common import page_cache

from . import popularity
from .models import Article, ArticleViews

_KEY = "faq:views:"
_FLUSH_LOCK = "faq:views:flushing"
_BOTS = re.compile(
    r"bot|crawl|spider|slurp|scrape|curl|wget|python|requests|httpx|aiohttp|urllib|go-http|java/|okhttp|"
    r"libwww|perl|ruby|php|headless|phantom|selenium|playwright|puppeteer|lighthouse|pingdom|uptime|"
    r"monitor|check|preview|facebookexternalhit|embedly|slack|discord|whatsapp|telegram|wrk|apachebench|"
    r"^ab/|siege|locust|k6/|jmeter|http-client|feed|archiver",
    re.IGNORECASE,
)
# How often a process adds the views it counted in memory to the cache's counters.
PUSH_SECONDS = 1.0
# Views counted in memory and not yet added to the cache, and slugs counted since the last flush
# (a shared cache holds other processes' too).
_unpushed: Counter[str] = Counter()
_pending: set[str] = set()
_pending_lock = threading.Lock()
_last_flush = _last_push = time.monotonic()


def is_person(user_agent: str) -> bool:
    """Whether a User-Agent looks like a person's browser rather than a bot or a program."""
    return bool(user_agent.strip()) and not _BOTS.search(user_agent)


def should_count(request: HttpRequest) -> bool:
    """A GET by a person who is not staff. Staff always carry a session cookie, so cookie-less
    requests (most readers) are decided without loading the session."""
    if request.method != "GET" or not is_person(request.META.get("HTTP_USER_AGENT", "")):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.user.is_staff


def record(slug: str) -> None:
    """Count one view of the article at ``slug``; pass counts on to the cache and flush them when due."""
    now = time.monotonic()
    with _pending_lock:
        _unpushed[slug] += 1
        due = now - _last_push >= PUSH_SECONDS
    if due:
        push()
    if now - _last_flush >= settings.VIEW_COUNT_FLUSH_SECONDS:
        flush_pending()


def push() -> None:
    """Add the views this process counted in memory to the cache's counters."""
    global _last_push
    with _pending_lock:
        counts = dict(_unpushed)
        _unpushed.clear()
        _pending.update(counts)
        _last_push = time.monotonic()
    for slug, n in counts.items():
        key = _KEY + slug
        try:
            cache.incr(key, n)
        except ValueError:
            if not cache.add(key, n, timeout=None):
                cache.incr(key, n)


def forget() -> None:
    """Drop the views counted in memory and not yet pushed (tests start from nothing)."""
    with _pending_lock:
        _unpushed.clear()
        _pending.clear()


def flush_pending() -> int:
    """Flush the views this process counted; return how many were written."""
    global _last_flush
    push()
    with _pending_lock:
        slugs = set(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    return flush(slugs)


def flush(slugs: Iterable[str] | None = None) -> int:
    """Write the counted views of ``slugs`` (every article's when None) to the database.

    Counters are decreased by what was read rather than deleted, so views counted meanwhile stay.
    A lock in the cache keeps two flushes from writing the same counts twice. This process's counts
    still in memory are pushed first.
    """
    push()
    if not cache.add(_FLUSH_LOCK, 1, timeout=60):
        return 0
    try:
        if slugs is None:
            slugs = Article.objects.values_list("slug", flat=True)
        keys = [_KEY + slug for slug in slugs]
        counts: dict[str, int] = {}
        for start in range(0, len(keys), 1000):
            counts.update(cache.get_many(keys[start:start + 1000]))
        counts = {key: n for key, n in counts.items() if n}
        for key, n in counts.items():
            cache.decr(key, n)
        before = popularity.top_ids()
        _write({key.removeprefix(_KEY): n for key, n in counts.items()})
        if popularity.refresh() != before:
            page_cache.content_changed()  # the home page lists the popular articles
        return sum(counts.values())
    finally:
        cache.delete(_FLUSH_LOCK)


def _write(views: dict[str, int]) -> None:
    today = timezone.now().date()
    ids = dict(Article.objects.filter(slug__in=views).values_list("slug", "pk"))
    with transaction.atomic():
        for slug, n in views.items():
            pk = ids.get(slug)
            if pk is None:  # deleted or renamed since: its views go with it
                continue
            Article.objects.filter(pk=pk).update(view_count=F("view_count") + n)
            day = ArticleViews.objects.filter(article_id=pk, day=today)
            if not day.update(views=F("views") + n):
                ArticleViews.objects.create(article_id=pk, day=today, views=n)
