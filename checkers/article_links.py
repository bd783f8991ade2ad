"""Article links in checker results, as people see them: the live, published article and its title.

Checkers are pure and name articles by their fixed slugs; only here, at the edge (the API and the
/tools/ pages), are those links matched against the knowledge base, in one query, so a link never
shows a stale title or leads to a missing or unpublished article.
"""
from __future__ import annotations

from typing import Any

from faq.models import Article


def live_article_links(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The linked articles that are published, with their current titles, in the checker's order."""
    slugs = [link["slug"] for link in links if isinstance(link, dict) and link.get("slug")]
    if not slugs:
        return []
    titles = dict(Article.objects.published().filter(slug__in=slugs).values_list("slug", "title"))
    return [{**link, "title": titles[link["slug"]]} for link in links if link.get("slug") in titles]
