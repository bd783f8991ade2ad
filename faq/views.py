"""Public knowledge-base pages. Views translate HTTP to queries; the logic lives in the models."""
from django.db.models import F, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .models import Article, Category


def home(request: HttpRequest) -> HttpResponse:
    published = Article.objects.published().only("title", "slug", "summary", "category_id", "position")
    categories = Category.objects.prefetch_related(Prefetch("articles", queryset=published))
    popular = Article.objects.published().order_by("-view_count", "title")[:5]
    return render(request, "faq/home.html", {"categories": categories, "popular": popular})


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    articles = category.articles.published()
    return render(request, "faq/category.html", {"category": category, "articles": articles})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.published().select_related("category").prefetch_related("error_codes"), slug=slug
    )
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    return render(request, "faq/article.html", {"article": article})


def error_code(request: HttpRequest, code: str) -> HttpResponse:
    if not code.isdigit() or len(code) > 12:
        raise Http404("Error codes are numbers, such as 1014.")
    articles = list(Article.objects.published().filter(error_codes__code=code))
    if len(articles) == 1:
        return redirect(articles[0])
    if not articles:
        raise Http404(f"No article covers error code {code} yet.")
    return render(request, "faq/error_code.html", {"code": code, "articles": articles})
