"""Admin for search: the synonym groups, the search log, and the most frequent searches that found nothing."""
from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from common.admin_search import CappedSearchMixin
from faq.models import SearchLog, Synonym

ZERO_RESULT_ROWS = 100


@admin.register(Synonym)
class SynonymAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ["words"]
    search_fields = ["words"]


class FoundNothingFilter(admin.SimpleListFilter):
    title = "results"
    parameter_name = "found"

    def lookups(self, request, model_admin):
        return [("no", "Found nothing"), ("yes", "Found something")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(result_count=0)
        if self.value() == "yes":
            return queryset.filter(result_count__gt=0)
        return queryset


@admin.register(SearchLog)
class SearchLogAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ["query", "result_count", "clicked_article", "source", "created_at"]
    list_filter = [FoundNothingFilter, "source", "created_at"]
    search_fields = ["query"]
    date_hierarchy = "created_at"
    list_select_related = ["clicked_article"]
    readonly_fields = ["query", "result_count", "clicked_article", "source", "created_at"]
    change_list_template = "admin/faq/searchlog/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "zero-results/",
                self.admin_site.admin_view(self.zero_results_view),
                name="faq_searchlog_zero_results",
            ),
            *super().get_urls(),
        ]

    def zero_results_view(self, request: HttpRequest) -> HttpResponse:
        """The searches that most often found nothing: what the knowledge base is missing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = (
            SearchLog.objects.filter(result_count=0)
            .values("query")
            .annotate(times=Count("id"), last_searched=Max("created_at"))
            .order_by("-times", "-last_searched")[:ZERO_RESULT_ROWS]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Searches that found nothing",
            "rows": rows,
        }
        return TemplateResponse(request, "admin/faq/searchlog/zero_results.html", context)
