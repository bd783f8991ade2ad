"""The /insights/ pages: they read the period, ask insights.figures, and render or send a CSV."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from troubleshooter.models import Tree, TreeVersion

from . import auto_refresh, figures
from .access import insights_required
from .periods import PRESETS, BadRange, Period, read_period
from .tables import Table
from .traffic_map import BAND_NAMES, BANDS, draw


def _page(request: HttpRequest, template: str, build: Callable[[Period], dict[str, Any]]) -> HttpResponse:
    today = figures.today()
    try:
        period = read_period(request.GET.dict(), today)
    except BadRange as problem:
        return render(request, "insights/bad_range.html", {"problem": str(problem)}, status=400)
    refreshed_at = figures.refreshed_at()
    # Never waits for the refresh it may queue (insights.auto_refresh), unless the queue runs jobs at once.
    state = auto_refresh.keep_fresh(refreshed_at)
    if state is auto_refresh.State.REFRESHED:
        refreshed_at = figures.refreshed_at()
    context = build(period)
    tables: list[Table] = context["tables"]
    wanted = request.GET.get("csv")
    if wanted is not None:
        table = next((table for table in tables if table.name == wanted), None)
        if table is None:
            return HttpResponse(f"No table called “{wanted[:40]}” on this page.", status=404, content_type="text/plain")
        response = HttpResponse(table.csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{table.name}-{period.start}-{period.end}.csv"'
        return response
    query = request.GET.copy()
    query.pop("csv", None)
    context.update({
        "period": period, "before": period.before(), "presets": PRESETS, "query": query.urlencode(),
        "custom": "start" in request.GET, "refreshed_at": refreshed_at,
        "refreshing": state is auto_refresh.State.REFRESHING,
        "trees": Tree.objects.order_by("position", "title"),
    })
    return render(request, template, context)


@insights_required
def overview(request: HttpRequest) -> HttpResponse:
    def build(period: Period) -> dict[str, Any]:
        ticket_tables = figures.tickets(period)
        return {"headline": figures.headline(period), "first_action": figures.first_action_medians(period),
                "duration": figures.duration, "tables": [figures.troubleshooters(period), *ticket_tables]}
    return _page(request, "insights/overview.html", build)


def _chosen_version(request: HttpRequest, tree: Tree, versions: list[TreeVersion]) -> TreeVersion | None:
    """The version ``?version=N`` names; by default the live one (else the newest). BadVersion if unknown."""
    raw = request.GET.get("version", "").strip()
    if not raw:
        return next((v for v in versions if v.pk == tree.live_version_id), versions[0] if versions else None)
    found = next((v for v in versions if str(v.number) == raw), None)
    if found is None:
        raise BadVersion(f"“{tree.title}” has no published version “{raw[:20]}”; choose one from the list.")
    return found


class BadVersion(Exception):
    pass


@insights_required
def tree(request: HttpRequest, slug: str) -> HttpResponse:
    shown = get_object_or_404(Tree, slug=slug)
    versions = figures.published_versions(shown)
    try:
        version = _chosen_version(request, shown, versions)
    except BadVersion as problem:
        return render(request, "insights/bad_range.html",
                      {"problem": str(problem), "heading": "That version cannot be shown"}, status=400)

    def build(period: Period) -> dict[str, Any]:
        nodes = figures.funnel(shown, period, version)
        wanted = request.GET.get("csv") is not None
        svg = "" if wanted or version is None else draw(shown.slug, nodes, figures.graph_edges(shown, version))
        # The version selector keeps the period the page shows.
        keep = [(name, value) for name, value in request.GET.items() if name in ("days", "start", "end")]
        return {"tree": shown, "map": mark_safe(svg),  # noqa: S308 - Graphviz output; labels are escaped by it
                "legend": list(zip(BAND_NAMES, (colour for _, colour in BANDS), strict=True)),
                "versions": versions, "version": version, "keep": keep,
                "tables": [figures.versions_table(shown, versions, period),
                           figures.funnel_table(shown, nodes, version)]}
    return _page(request, "insights/tree.html", build)


@insights_required
def articles(request: HttpRequest) -> HttpResponse:
    def build(period: Period) -> dict[str, Any]:
        return {"tables": [figures.articles(period), figures.no_votes(period)]}
    return _page(request, "insights/articles.html", build)


@insights_required
def search(request: HttpRequest) -> HttpResponse:
    def build(period: Period) -> dict[str, Any]:
        failed = figures.top_queries(period, failed=True)
        return {"headline": figures.search_headline(period), "failed": failed,
                "tables": [figures.top_queries(period, failed=False), failed]}
    return _page(request, "insights/search.html", build)
