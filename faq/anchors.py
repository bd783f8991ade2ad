"""Where a ``#NAME`` anchor lives when it is declared in another article."""
from __future__ import annotations

from django.urls import reverse


def resolve_anchor_in_articles(name: str, exclude_pk: int | None = None) -> str | None:
    """Return ``/articles/<slug>/#NAME`` for the article that declares anchor NAME, if any."""
    from .models import Article

    candidates = Article.objects.exclude(pk=exclude_pk).values_list("slug", "anchors")
    for slug, anchors in candidates.iterator():
        if name in (anchors or []):
            return reverse("faq:article", args=[slug]) + f"#{name}"
    return None
