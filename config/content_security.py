"""The Content-Security-Policy every page is served with (django-csp 4's CONTENT_SECURITY_POLICY).

Everything comes from this site: no inline script or event handler (htmx's hx-on included, so it
is configured not to evaluate code; see base.html), no nonces, so a page can be cached and served
to anyone. The one inline style an article may carry is a Markdown table's column alignment
(faq.markdown keeps only `text-align`), allowed by the hash of each of its three values, so that
no other inline style an article could sneak in applies. The error page (templates/500.html) carries
its own inline stylesheet, since it must render when static files cannot; it is allowed by its hash,
read from the template itself so an edit cannot leave the page unstyled. Frames and plugins are
refused outright.

The policy is the same for every response (no nonces, no per-view overrides), so its header is built
once per process (config/csp_header.py).
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_HASHES


def _style_hash(style: str) -> str:
    digest = hashlib.sha256(style.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _inline_stylesheet_hashes(template: Path) -> list[str]:
    return [_style_hash(css) for css in re.findall(r"<style>(.*?)</style>", template.read_text(), re.DOTALL)]


ERROR_PAGE_STYLES = _inline_stylesheet_hashes(Path(__file__).resolve().parent.parent / "templates" / "500.html")

TABLE_ALIGNMENTS = [_style_hash(f"text-align:{side}") for side in ("left", "center", "right")]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *ERROR_PAGE_STYLES],
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
