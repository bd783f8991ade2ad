from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Article, Category, ErrorCode, Vote


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ErrorCode)
class ErrorCodeAdmin(admin.ModelAdmin):
    search_fields = ["code"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin, MarkdownxModelAdmin):
    list_display = ["title", "category", "status", "view_count", "helpful_yes", "helpful_no", "updated_at"]
    list_filter = ["status", "category"]
    search_fields = ["title", "slug", "keywords"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["error_codes"]
    readonly_fields = ["view_count", "helpful_yes", "helpful_no"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "comment", "created_at"]
    list_filter = ["helpful"]
    readonly_fields = ["article", "session_key", "helpful", "comment", "created_at"]

from . import search_admin  # noqa: E402,F401 (registers the search models)
