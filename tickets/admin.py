"""Admin for tickets: filters and search on the list, the transcript and history read-only."""
from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from common.admin_search import CappedSearchMixin

from .handling import AGE_FILTERS, filter_by_age
from .models import Ticket, TicketEvent


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    fields = ("at", "kind", "author", "old_status", "new_status", "text")
    readonly_fields = ("at", "kind", "author", "old_status", "new_status", "text")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Notes are added from the agent console, which records the author.
        return False


class TicketAgeFilter(admin.SimpleListFilter):
    title = "age"
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [(name, label) for name, (label, _, _) in AGE_FILTERS.items()]

    def queryset(self, request, queryset):
        return filter_by_age(queryset, self.value() or "")


@admin.register(Ticket)
class TicketAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ("reference", "subject", "name", "email", "status", "source", "tree_slug", "created_at")
    list_filter = ("status", "source", TicketAgeFilter, "tree_slug", "customer_notified")
    search_fields = ("reference", "name", "email", "phone", "subject", "description")
    date_hierarchy = "created_at"
    list_per_page = 50
    readonly_fields = (
        "reference", "source", "session", "tree_slug", "transcript_display", "outcome", "articles_display",
        "customer_notified", "support_notified", "created_at", "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("reference", "status", "source", "created_at", "updated_at")}),
        ("Customer", {"fields": ("name", "email", "phone", "affected_number", "sent_at", "subject", "description")}),
        ("What they tried", {"fields": ("session", "tree_slug", "transcript_display", "outcome", "articles_display")}),
        ("Emails", {"fields": ("customer_notified", "support_notified")}),
    )
    inlines = [TicketEventInline]

    @admin.display(description="Transcript")
    def transcript_display(self, ticket: Ticket) -> str:
        if not ticket.transcript:
            return "—"
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li>{} → <strong>{}</strong></li>",
                ((entry.get("prompt", ""), entry.get("answer_label", "")) for entry in ticket.transcript),
            ),
        )

    @admin.display(description="Articles seen")
    def articles_display(self, ticket: Ticket) -> str:
        if not ticket.articles:
            return "—"
        return format_html_join(
            ", ", '<a href="{}">{}</a>', ((item.get("url", ""), item.get("title", "")) for item in ticket.articles)
        )
