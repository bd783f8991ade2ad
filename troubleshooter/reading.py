"""What a customer actually opened from a session, as opposed to what its outcome merely linked to.

Outcome links go through the session's read link (``/troubleshoot/s/<id>/read/<slug>/``), which
records the open here and redirects; the article page itself stays the same cacheable, cookie-free
page for everyone.
"""
from __future__ import annotations

from django.urls import Resolver404, resolve, reverse

from faq.models import Article

from .models import ArticleRead, Session


def read_url(session: Session, slug: str) -> str:
    """The link that opens article ``slug`` from ``session`` and remembers that it was opened."""
    return reverse("troubleshooter:session_read", args=[session.pk, slug])


def read_link(session: Session, article_url: str) -> str:
    """The session's read link for an article address (as the node view gives it), or the address
    unchanged when it is not an article page."""
    try:
        match = resolve(article_url.split("#", 1)[0].split("?", 1)[0])
    except Resolver404:
        return article_url
    if match.view_name != "faq:article":
        return article_url
    return read_url(session, match.kwargs["slug"])


def record_read(session: Session, article: Article) -> None:
    """Remember that the customer opened ``article`` from ``session``; only the first open is kept."""
    # ignore_conflicts: a double click (or two tabs) must not raise on the unique constraint.
    ArticleRead.objects.bulk_create([ArticleRead(session=session, article=article)], ignore_conflicts=True)


def articles_read(session_id) -> list[dict]:
    """The published articles opened from a session, first opened first: [{slug, title, url, opened_at}]."""
    reads = (
        ArticleRead.objects.filter(session_id=session_id, article__status=Article.Status.PUBLISHED)
        .select_related("article")
        .order_by("opened_at", "pk")
    )
    return [
        {
            "slug": read.article.slug,
            "title": read.article.title,
            "url": read.article.get_absolute_url(),
            "opened_at": read.opened_at,
        }
        for read in reads
    ]
