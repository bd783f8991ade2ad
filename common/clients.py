"""Who is asking: the client address a rate limit counts, and a keyed hash of it to store instead.

Shared by every app that limits requests per client (tickets, the public session-code box).
"""
from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def client_fingerprint(address: str) -> str:
    """Return a keyed hash of a client address, so the rate limit works without storing IPs."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "unknown").encode(), hashlib.sha256).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The address the rate limit counts.

    The socket peer, unless settings.TRUSTED_PROXIES says how many reverse proxies stand in front
    of the site: then the address the outermost trusted proxy saw, read from the right of
    X-Forwarded-For (entries further left are whatever the client chose to send).
    """
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
