"""Public knowledge-base pages. Views translate HTTP to the queries in faq.queries and back."""
from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from common import page_cache
from common.clients import client_address, client_fingerprint
from common.cross_site import same_site_forms_only
from common.htmx import is_htmx
from common.page_cache import cached_page

from . import queries, view_counts
from .forms import VoteForm
from .models import Article, Category
from .preview import render_for_preview
from .votes import cast_vote

# Where a visitor's session remembers its votes: {article pk: "yes" | "no"}. The Vote table (one
# row per article per client, faq.votes) is the authority; this only lets the page say "thank you"
# without a query.
VOTES_SESSION_KEY = "faq_votes"
ARTICLES_PER_TOPIC_PAGE = 50


@require_safe
@cached_page(query=("page",))
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One topic and its published articles, in their configured order."""
    category = get_object_or_404(Category, slug=slug)
    articles = category.articles.published().only("title", "slug", "summary", "category_id", "position")
    # get_page() turns a missing, junk or out-of-range ?page= into the nearest real page.
    page = Paginator(articles, ARTICLES_PER_TOPIC_PAGE).get_page(request.GET.get("page"))
    return render(request, "faq/category.html", {"category": category, "page": page})


def _can_preview_drafts(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.has_perm("faq.view_article")


def count_view(request: HttpRequest, response: HttpResponse, slug: str) -> None:
    """Count a person reading the article (faq.view_counts: not bots, staff or HEAD requests, so editors
    re-reading an article don't make it "popular"), however the page was served."""
    if response.status_code == 200 and view_counts.should_count(request):
        view_counts.record(slug)


@require_safe
@cached_page(after=count_view)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff with view permission also see drafts (marked as such) and the counters."""
    article = queries.article_for_page(slug, include_drafts=_can_preview_drafts(request))
    if article is None:
        raise Http404("No published article has this address.")
    return _article_page(request, article, VoteForm())


def _article_page(request: HttpRequest, article: Article, form: VoteForm, *, status: int = 200) -> HttpResponse:
    context = {
        "article": article,
        # Computed once per content generation, not per request (common.page_cache).
        "related": page_cache.memoized(
            f"faq:related:{article.pk}", lambda: queries.related_articles(article, article.code_list)
        ),
        **_feedback_context(request, article, form),
    }
    return render(request, "faq/article.html", context, status=status)


def _feedback_context(request: HttpRequest, article: Article, form: VoteForm) -> dict:
    return {
        "article": article,
        "form": form,
        "voted": request.session.get(VOTES_SESSION_KEY, {}).get(str(article.pk)),
    }


@require_POST
@same_site_forms_only
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """Record one "Was this helpful?" answer per article per client; a second one changes the first.

    Without JavaScript a successful vote redirects back to the article; with htmx the feedback box is
    swapped in place. An invalid form answers 400 with the reason shown.
    It takes no CSRF token, so that article pages stay the same for everyone (and cacheable); the
    browser's Sec-Fetch-Site/Origin headers refuse votes other sites send (common.cross_site).
    """
    article = queries.article_for_page(slug)
    if article is None:
        raise Http404("Only published articles can be voted on.")
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _vote_rejected(request, article, form)
    helpful: bool = form.cleaned_data["helpful"]
    cast_vote(
        article,
        client_fingerprint(client_address(request)),
        helpful=helpful,
        comment=form.cleaned_data["comment"],
    )
    votes = request.session.get(VOTES_SESSION_KEY, {})
    request.session[VOTES_SESSION_KEY] = {**votes, str(article.pk): "yes" if helpful else "no"}
    if is_htmx(request):
        context = {**_feedback_context(request, article, VoteForm()), "swapped": True}
        return render(request, "faq/_feedback.html", context)
    return redirect(article.get_absolute_url() + "#feedback")


def _vote_rejected(request: HttpRequest, article: Article, form: VoteForm) -> HttpResponse:
    """An invalid vote: 400, with the form and its errors shown where it was."""
    if is_htmx(request):
        context = {**_feedback_context(request, article, form), "swapped": True}
        return render(request, "faq/_feedback.html", context, status=400)
    return _article_page(request, article, form, status=400)


@require_safe
def error_code(request: HttpRequest, code: str) -> HttpResponse:
    """The article for an API error code, a list when several cover it, or a helpful 404 page."""
    articles = queries.articles_for_error_code(code) if queries.is_error_code(code) else []
    if len(articles) == 1:
        return redirect(articles[0])
    if articles:
        return render(request, "faq/error_code.html", {"code": code, "articles": articles})
    context = {
        "code": code,
        "is_code": queries.is_error_code(code),
        "known_codes": queries.covered_error_codes(),
    }
    return render(request, "faq/error_code_missing.html", context, status=404)


@staff_member_required
@permission_required("faq.change_article", raise_exception=True)
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The admin editor's live preview through the public renderer.

    Editors only (staff who may change articles): django-markdownx's own view is open to anyone, and
    resolving links reads every article, drafts included.
    """
    return HttpResponse(render_for_preview(request.POST.get("content", "")))
