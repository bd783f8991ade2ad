"""The Content-Security-Policy every page is served with (django-csp 4's CONTENT_SECURITY_POLICY).

Everything comes from this site: no inline script or event handler (htmx's hx-on included, so it
is configured not to evaluate code; see base.html), no nonces, so a page can be cached and served
to anyone. The one inline style an article may carry is a Markdown table's column alignment
(faq.markdown keeps only `text-align`), allowed by the hash of each of its three values, so that
no other inline style an article could sneak in applies. Frames and plugins are refused outright.
"""
from __future__ import annotations

import base64
import hashlib

from csp.constants import NONE, SELF, UNSAFE_HASHES


def _style_hash(style: str) -> str:
    digest = hashlib.sha256(style.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


TABLE_ALIGNMENTS = [_style_hash(f"text-align:{side}") for side in ("left", "center", "right")]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_HASHES, *TABLE_ALIGNMENTS],
        # Swagger UI and the admin draw a few icons as data: URLs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
