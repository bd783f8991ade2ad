"""The Content-Security-Policy header, built once per process (the policy is config/content_security.py)."""
from __future__ import annotations

from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# What django-csp's per-view decorators set on a response.
_OVERRIDES = tuple(f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro"))


class ConstantPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once per process: the library rebuilt the same
    string for every response (a fifth of the time it takes to serve a cached page). A request that
    asked for a nonce, a response with django-csp's per-view decorators, or a report-only policy in
    the settings still takes the library's own path."""

    _policy: str | None = None

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if _uses_overrides(request, response):
            return super().process_response(request, response)
        if self._policy is None:
            self._policy = build_policy(**asdict(self.get_policy_parts(request=request, response=response)))
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            response[HEADER] = self._policy
        # As the library does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


def _uses_overrides(request: HttpRequest, response: HttpResponseBase) -> bool:
    if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or getattr(request, "_csp_nonce", None):
        return True
    return any(hasattr(response, name) for name in _OVERRIDES)
