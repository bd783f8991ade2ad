"""The public "continue a session" lookup by short code, bounded so codes cannot be guessed at scale.

A code is only six characters, so anyone could walk the space and open strangers' sessions. Two
limits make that useless: a code only opens a session that moved within the last
``settings.SESSION_CODE_HOURS`` hours (a customer reads it to an agent, or moves to another device,
while the session is fresh), and each client may try only ``LOOKUPS_PER_WINDOW`` codes per
``WINDOW_SECONDS``. The agent console's lookup is for staff and finds any session.

The counter lives in Django's cache: with the default per-process cache each gunicorn worker counts
on its own, so the effective limit is this many per worker; a shared cache (Redis, Memcached, the
database cache) makes it exact.
"""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import SESSION_CODE_LENGTH, Session

LOOKUPS_PER_WINDOW = 20
WINDOW_SECONDS = 10 * 60
_KEY = "troubleshooter:code-lookups:{}"


def normalise_code(raw: str) -> str:
    """The code as stored: spaces dropped (people read it in halves), upper case."""
    return "".join(raw.split()).upper()


def lookup_allowed(fingerprint: str) -> bool:
    """Count one lookup for this client; False once it has made more than the window allows."""
    key = _KEY.format(fingerprint)
    cache.add(key, 0, timeout=WINDOW_SECONDS)  # starts the window on the first lookup only
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a fresh window
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= LOOKUPS_PER_WINDOW


def recent_session(code: str) -> Session | None:
    """The session with this code, if it was created or answered within the public lookup period."""
    if len(code) != SESSION_CODE_LENGTH:
        return None
    since = timezone.now() - timedelta(hours=settings.SESSION_CODE_HOURS)
    # code is unique (indexed), so this is one index lookup plus a check of the row's updated_at.
    return Session.objects.filter(code=code, updated_at__gte=since).only("id").first()
