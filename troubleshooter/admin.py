"""Admin for troubleshooting trees: nodes inline on the tree, ways out inline on each node, history kept.

Every save re-validates the whole tree. An invalid tree may be saved as a draft, but never
published: a published tree that an edit breaks goes back to draft, and the admin says why.
"""
from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from common.admin_search import CappedSearchMixin

from .models import Branch, Node, Session, Step, Tree
from .treefiles import validate_tree


def enforce_valid_to_publish(request: HttpRequest, tree: Tree) -> None:
    """Validate the saved tree; if it is published and broken, put it back to draft and say why."""
    problems = validate_tree(tree)
    if not problems:
        return
    listing = format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in problems)))
    if tree.is_published:
        tree.status = Tree.Status.DRAFT
        tree.save(update_fields=["status", "updated_at"])
        messages.error(request, format_html("“{}” has problems, so it was saved as a draft, not published:{}",
                                            tree, listing))
    else:
        messages.warning(request, format_html("“{}” is saved as a draft. Fix these before publishing:{}",
                                              tree, listing))


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
class TreeAdmin(CappedSearchMixin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "status", "position", "updated_at"]
    list_filter = ["status"]
    list_editable = ["position"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["problems"]
    fields = ["title", "slug", "description", "start_key", "status", "position", "problems"]
    inlines = [NodeInline]

    @admin.display(description="Validation")
    def problems(self, tree: Tree) -> str:
        if tree.pk is None:
            return "Checked when you save."
        found = validate_tree(tree)
        if not found:
            return "No problems: this tree can be published."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in found)))

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        enforce_valid_to_publish(request, form.instance)


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
        enforce_valid_to_publish(request, form.instance.tree)

    def delete_model(self, request, obj: Node) -> None:
        tree = obj.tree
        super().delete_model(request, obj)
        enforce_valid_to_publish(request, tree)


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    fields = ("position", "tree_slug", "node_key", "prompt", "answer_label", "answered_by", "at", "dropped_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "tree", "current_node", "finished", "solved", "created_at"]
    list_filter = ["tree", "finished", "solved"]
    search_fields = ["code", "id"]
    list_select_related = ["tree", "current_node__tree"]
    readonly_fields = ["id", "code", "tree", "current_node", "finished", "solved", "created_at", "updated_at"]
    inlines = [StepInline]

    def has_add_permission(self, request) -> bool:
        return False
