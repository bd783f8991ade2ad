"""The staff tree editor: the tree list, the graph of a draft with its outline, and the node forms.

Views translate HTTP to the draft (``drafts.load_draft``), the drawing (``tree_graph``), the forms and
``tree_copy``. Every page is for Editors (staff who may change trees) and reads the whole tree in a
fixed number of queries.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from . import tree_graph
from .drafts import TARGET_TREE_UNUSED, Draft, load_draft, outline
from .editor_forms import NEW_NODE, BranchFormSet, NewNodeForm, NewTreeForm, NodeForm, target_choices
from .models import Branch, Node, Tree
from .tree_copy import blank_tree, duplicate_tree

EDITOR_PERMISSION = "troubleshooter.change_tree"


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in through the admin's page, then the permission to change trees (403 without it)."""

    @login_required(login_url="admin:login")
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.is_staff and request.user.has_perm(EDITOR_PERMISSION)):
            raise PermissionDenied("The tree editor is for Editors.")
        return view(request, *args, **kwargs)

    return wrapped


def node_url(slug: str, key: str) -> str:
    """A node form's address: the pattern is reversed once per script prefix, then filled in, as a
    300-node page asks for hundreds and each reverse() cost a quarter of a millisecond."""
    return _node_url_pattern(get_script_prefix()).replace("SLUG", slug, 1).replace("KEY", key, 1)


@lru_cache(maxsize=8)
def _node_url_pattern(script_prefix: str) -> str:
    return reverse("treeeditor:node", args=["SLUG", "KEY"])


def _touch(tree: Tree) -> None:
    """Mark the draft changed (its updated_at), whatever part of it was edited."""
    tree.save(update_fields=["updated_at"])


@editor_required
def tree_list(request: HttpRequest) -> HttpResponse:
    trees = Tree.objects.annotate(node_count=Count("nodes")).order_by("position", "title")
    form = NewTreeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            source = data["source"]
            tree = (duplicate_tree(source, slug=data["slug"], title=data["title"], user=request.user) if source
                    else blank_tree(slug=data["slug"], title=data["title"]))
            messages.success(request, f"“{tree.title}” was created as a draft.")
            return redirect("treeeditor:tree", tree.slug)
        return render(request, "troubleshooter/editor/tree_list.html", {"trees": trees, "form": form}, status=400)
    copy_of = request.GET.get("copy")
    if copy_of:
        source = Tree.objects.filter(slug=copy_of).first()
        if source:
            form = NewTreeForm(initial={"source": source.pk, "title": f"{source.title} (copy)",
                                        "slug": f"{source.slug}-copy"[:80]})
    return render(request, "troubleshooter/editor/tree_list.html", {"trees": trees, "form": form})


@editor_required
def tree_graph_page(request: HttpRequest, slug: str) -> HttpResponse:
    tree = get_object_or_404(Tree, slug=slug)
    draft = load_draft(tree)
    pending = tree_graph.start_drawing(draft, node_url)
    # The outline shows what the drawing shows, so it is cached under the same key; after an edit it
    # is rendered here while dot lays the tree out (another process, another core).
    outline_key = pending.key + ":outline"
    outline_html = cache.get(outline_key)  # stored as the SafeString render_to_string returned
    if outline_html is None:
        outline_html = render_to_string("troubleshooter/editor/_outline.html",
                                        {"tree": tree, "outline": _outline_rows(draft)})
        cache.set(outline_key, outline_html, tree_graph.CACHE_SECONDS)
    return render(request, "troubleshooter/editor/tree.html", {
        "tree": tree, "draft": draft, "svg": pending.result(), "not_drawn": pending.missing,
        "outline_html": outline_html,
        "draw_seconds": tree_graph.DRAW_SECONDS, "new_node_form": NewNodeForm(),
    })


def _outline_rows(draft: Draft) -> list[dict[str, Any]]:
    return [{
        "node": node,
        # What the step says, in words: the outline is a list to scan, not the step's formatting.
        "summary": node.title or " ".join(tree_graph.plain_prompt(node.prompt).split()),
        "url": node_url(draft.tree.slug, node.key),
        "problems": draft.node_problems.get(node.key, []),
        "branches": [{"words": tree_graph.branch_words(node, b), "target": b.target,
                      "other_tree": b.target.tree_id != draft.tree.pk,
                      "url": node_url(b.target.tree.slug, b.target.key)} for b in node.branches.all()],
    } for node in outline(draft)]


@editor_required
def node_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    tree = get_object_or_404(Tree, slug=slug)
    draft = load_draft(tree)
    node = draft.node(key)
    if node is None:
        raise Http404("This tree has no such node.")
    choices = target_choices(tree, draft.nodes)
    data = request.POST if request.method == "POST" else None
    form = NodeForm(data, instance=node)
    formset = None
    if node.kind != Node.Kind.OUTCOME:
        formset = BranchFormSet(data, instance=node, prefix="branches",
                                queryset=Branch.objects.select_related("target__tree").defer(*TARGET_TREE_UNUSED),
                                form_kwargs={"node": node, "tree": tree, "choices": choices})
    if request.method == "POST":
        if form.is_valid() and (formset is None or formset.is_valid()):
            saved = _save_node(tree, draft, form, formset)
            messages.success(request, f"Saved “{saved.key}”.")
            return redirect("treeeditor:node", tree.slug, saved.key)
        status = 400
    else:
        status = 200
    return render(request, "troubleshooter/editor/node.html", {
        "tree": tree, "node": node, "form": form, "formset": formset, "draft": draft,
        "problems": draft.node_problems.get(node.key, []), "media": form.media,
        "incoming": [(n, b) for n in draft.nodes for b in n.branches.all() if b.target_id == node.pk],
    }, status=status)


@transaction.atomic
def _save_node(tree: Tree, draft: Draft, form: NodeForm, formset: Any) -> Node:
    old_key = form.initial.get("key")
    node = form.save()
    if old_key == tree.start_key and node.key != old_key:
        tree.start_key = node.key
        tree.save(update_fields=["start_key", "updated_at"])
    if formset is not None:
        by_key = {n.key: n for n in draft.nodes}
        for position, branch_form in enumerate(formset.ordered_forms if formset.can_order else formset.forms):
            _save_branch(tree, node, branch_form, by_key, position)
        for branch_form in formset.deleted_forms:
            if branch_form.instance.pk:
                branch_form.instance.delete()
    _touch(tree)
    return node


def _save_branch(tree: Tree, node: Node, branch_form: Any, by_key: dict[str, Node], position: int) -> None:
    data = branch_form.cleaned_data
    if not data or data.get("DELETE") or (not branch_form.has_changed() and not branch_form.instance.pk):
        return
    branch: Branch = branch_form.save(commit=False)
    branch.node, branch.position = node, position
    if node.kind == Node.Kind.QUESTION:
        branch.operator, branch.key = Branch.Operator.CHOICE, data["key"]
    elif branch.operator == Branch.Operator.DEFAULT:
        branch.value = ""
    target = data.get("target_node")
    if data.get("target_choice") == NEW_NODE:
        target = _new_node(tree, node, data.get("new_kind") or Node.Kind.QUESTION,
                           data.get("key") or data.get("label") or data.get("value") or "next", by_key)
    elif isinstance(target, str):
        target = by_key[target]
    if target is not None:
        branch.target = target
    branch.save()


def _new_node(tree: Tree, source: Node, kind: str, words: str, by_key: dict[str, Node]) -> Node:
    """A node added from a branch: a key made from the branch, a prompt to replace, the same tree."""
    # The first few words of the branch are enough to recognise the node by its key.
    base = f"{source.key}-{'-'.join(slugify(words).split('-')[:4])}"[:70]
    key, n = base, 2
    while key in by_key or Node.objects.filter(tree=tree, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    node = Node.objects.create(tree=tree, key=key, kind=kind, position=source.position + 1,
                               prompt="New step: write what the customer sees here.",
                               title="New outcome" if kind == Node.Kind.OUTCOME else "")
    by_key[key] = node
    return node


@editor_required
@require_POST
def node_add(request: HttpRequest, slug: str) -> HttpResponse:
    tree = get_object_or_404(Tree, slug=slug)
    form = NewNodeForm(request.POST)
    if not form.is_valid() or Node.objects.filter(tree=tree, key=form.cleaned_data["key"]).exists():
        messages.error(request, "Give the new node a key this tree does not use yet (letters, digits, hyphens).")
        return redirect("treeeditor:tree", tree.slug)
    node = Node.objects.create(tree=tree, key=form.cleaned_data["key"], kind=form.cleaned_data["kind"],
                               prompt="New step: write what the customer sees here.",
                               position=tree.nodes.count())
    _touch(tree)
    return redirect("treeeditor:node", tree.slug, node.key)


@editor_required
@require_POST
def node_delete(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    tree = get_object_or_404(Tree, slug=slug)
    node = get_object_or_404(Node, tree=tree, key=key)
    incoming = list(Branch.objects.filter(target=node).select_related("node__tree"))
    if key == tree.start_key or incoming:
        reason = "it is where the tree starts" if key == tree.start_key else (
            "these ways out lead to it: " + ", ".join(f"{b.node.tree.slug}:{b.node.key}" for b in incoming[:5]))
        messages.error(request, f"“{key}” cannot be deleted: {reason}. Change them first.")
        return redirect("treeeditor:node", tree.slug, key)
    node.delete()
    _touch(tree)
    messages.success(request, f"Deleted “{key}”.")
    return redirect("treeeditor:tree", tree.slug)
