"""Starting a tree in the editor: a copy of an existing one, or a blank one to fill in.

New trees are drafts, so nothing reaches customers until an editor publishes them. A copy keeps
every node, branch, linked article and scenario; branches that hand over to another tree still do.
"""
from __future__ import annotations

from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import Branch, Node, Tree


@transaction.atomic
def duplicate_tree(source: Tree, *, slug: str, title: str, user: Any = None) -> Tree:
    """Copy ``source`` with all its nodes and branches into a new draft tree.

    Each row gets its history entry ("Copied from …", by ``user``), as rows an editor creates in the
    admin do: the copy is written in bulk, which simple_history's signals never see.
    """
    reason = f"Copied from “{source.slug}”"
    user = user if getattr(user, "is_authenticated", False) else None
    # The scenarios come too: they test the copy's paths, which are the source's until edited, and
    # without them the copy could not be published without acknowledging a warning.
    copy = Tree(slug=slug, title=title, description=source.description, start_key=source.start_key,
                status=Tree.Status.DRAFT, position=source.position, scenarios=source.scenarios)
    copy._change_reason = reason  # type: ignore[attr-defined]
    if user is not None:
        copy._history_user = user  # type: ignore[attr-defined]
    copy.save()
    originals = list(source.nodes.prefetch_related("articles", "branches"))
    new_nodes = bulk_create_with_history([
        Node(tree=copy, key=node.key, kind=node.kind, prompt=node.prompt, prompt_html=node.prompt_html,
             help=node.help, input_type=node.input_type, input_label=node.input_label,
             input_example=node.input_example, checker=node.checker, title=node.title,
             resolution=node.resolution, position=node.position)
        for node in originals
    ], Node, default_user=user, default_change_reason=reason)
    by_old_pk = {old.pk: new for old, new in zip(originals, new_nodes, strict=True)}
    Node.articles.through.objects.bulk_create([
        Node.articles.through(node_id=by_old_pk[old.pk].pk, article_id=article.pk)
        for old in originals for article in old.articles.all()
    ])
    bulk_create_with_history([
        Branch(node=by_old_pk[old.pk], position=branch.position, key=branch.key, label=branch.label,
               operator=branch.operator, value=branch.value, carry=branch.carry,
               # Inside the tree the copy points at its own nodes; a handover keeps its other tree.
               target_id=by_old_pk[branch.target_id].pk if branch.target_id in by_old_pk else branch.target_id)
        for old in originals for branch in old.branches.all()
    ], Branch, default_user=user, default_change_reason=reason)
    return copy


@transaction.atomic
def blank_tree(*, slug: str, title: str) -> Tree:
    """A new draft tree with one question to start from (validation says what it still needs)."""
    tree = Tree.objects.create(slug=slug, title=title, start_key="start", status=Tree.Status.DRAFT)
    Node.objects.create(tree=tree, key="start", kind=Node.Kind.QUESTION, prompt="What is the problem?")
    return tree
