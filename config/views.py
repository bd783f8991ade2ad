"""Project-level endpoints that belong to no app."""
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from .db_outage import RETRY_AFTER_SECONDS


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 ``ok`` when the database answers a query, 503 otherwise (for load balancers and Docker)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keep crawlers out of private and per-visitor pages and point them at the sitemap."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    context = {"sitemap_url": sitemap_url}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any address under /api/v1/ that no endpoint serves: a JSON 404 like every other API error."""
    return JsonResponse({"detail": f"No API endpoint at /api/v1/{path}. See /api/v1/docs."}, status=404)


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page says; send them to the hashed SVG icon."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.svg"))
