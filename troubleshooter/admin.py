"""Admin for troubleshooting trees: nodes inline on the tree, ways out inline on each node, history kept.

The rows edited here are the tree's draft. Every save re-validates it and says what to fix, but
never touches the live version: customers keep it until an editor publishes from "Draft and
versions" (version_admin.py), so no edit, however broken, takes a tree offline.
"""
from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from common.admin_search import CappedSearchMixin

from .drafts import validate_tree
from .models import Branch, Node, Session, Step, Tree, TreeVersion
from .version_admin import TreeVersionsAdminMixin


def report_draft(request: HttpRequest, tree: Tree) -> None:
    """After a save: say what the draft still needs before it can be published, and that customers
    still get the live version."""
    problems = validate_tree(tree)
    if not problems:
        return
    listing = format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in problems)))
    live = "Customers still get the live version, unchanged." if tree.live_version_id else "It is not live."
    messages.warning(request, format_html("The draft of “{}” is saved. {} Fix these before publishing:{}",
                                          tree, live, listing))


class NodeInline(admin.StackedInline):
    model = Node
    fk_name = "tree"
    extra = 0
    show_change_link = True
    fields = [("key", "kind", "position"), "prompt", "help", ("input_type", "input_label", "input_example"),
              "checker", ("title", "resolution"), "articles"]
    filter_horizontal = ["articles"]
    classes = ["collapse"]


@admin.register(Tree)
class TreeAdmin(TreeVersionsAdminMixin, CappedSearchMixin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "status", "live", "position", "updated_at"]
    list_filter = ["status"]
    list_editable = ["position"]
    list_select_related = ["live_version"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["versions_link", "problems"]
    fields = ["title", "slug", "description", "start_key", "status", "position", "versions_link", "problems"]
    inlines = [NodeInline]

    def get_urls(self):
        return [*self.version_urls(), *super().get_urls()]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("live_version__snapshot")

    @admin.display(description="Live version")
    def live(self, tree: Tree) -> str:
        return f"v{tree.live_version.number}" if tree.live_version else "none"

    @admin.display(description="Publishing")
    def versions_link(self, tree: Tree) -> str:
        if tree.pk is None:
            return "Save the tree first."
        live = f"version {tree.live_version.number}" if tree.live_version else "no version yet"
        return format_html(
            'Customers get {}. <a href="{}">Draft and versions</a>: publish, try this draft, scenarios, compare, '
            "roll back, export and import.", live, reverse("admin:troubleshooter_tree_versions", args=[tree.pk]),
        )

    @admin.display(description="Validation")
    def problems(self, tree: Tree) -> str:
        if tree.pk is None:
            return "Checked when you save."
        found = validate_tree(tree)
        if not found:
            return "No problems: this draft can be published."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in found)))

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        report_draft(request, form.instance)


class BranchInline(admin.TabularInline):
    model = Branch
    fk_name = "node"
    extra = 1
    fields = ["position", "key", "label", "operator", "value", "carry", "target"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            # Any node of any tree: a branch may hand over to another troubleshooter.
            kwargs["queryset"] = Node.objects.select_related("tree").order_by("tree__slug", "position", "key")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Node)
class NodeAdmin(CappedSearchMixin, SimpleHistoryAdmin):
    list_display = ["key", "tree", "kind", "title", "position"]
    list_filter = ["tree", "kind"]
    search_fields = ["key", "title", "prompt", "tree__slug"]
    list_select_related = ["tree"]
    fields = ["tree", ("key", "kind", "position"), "prompt", "help", ("input_type", "input_label", "input_example"),
              "checker", ("title", "resolution"), "articles"]
    filter_horizontal = ["articles"]
    inlines = [BranchInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        report_draft(request, form.instance.tree)

    def delete_model(self, request, obj: Node) -> None:
        tree = obj.tree
        super().delete_model(request, obj)
        report_draft(request, tree)


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    fields = ("position", "tree_slug", "version", "node_key", "prompt", "answer_label", "answered_by", "at",
              "dropped_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "tree", "tree_version", "current_key", "finished", "solved", "preview", "created_at"]
    list_filter = ["tree", "finished", "solved", "preview"]
    search_fields = ["code", "id"]
    list_select_related = ["tree"]
    readonly_fields = ["id", "code", "tree", "tree_version", "current_key", "finished", "solved", "preview",
                       "created_at", "updated_at"]
    fields = list(readonly_fields)
    inlines = [StepInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TreeVersion)
class TreeVersionAdmin(admin.ModelAdmin):
    """Versions are immutable: listed and read here, published and rolled back from the tree's page."""

    list_display = ["tree", "number", "author", "created_at", "note", "preview"]
    list_filter = ["tree", "preview"]
    list_select_related = ["tree", "author"]
    readonly_fields = ["tree", "number", "author", "created_at", "note", "preview", "snapshot"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
