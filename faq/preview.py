"""The admin editor's live preview: the public renderer, resolving links to anchors in other articles."""
from __future__ import annotations

from . import markdown
from .models import Article


def render_for_preview(text: str) -> str:
    """django-markdownx preview hook (MARKDOWNX_MARKDOWNIFY_FUNCTION) and the staff-only preview view."""
    return markdown.render(text, Article.objects.anchor_url)
