"""A tree's working draft (its Node and Branch rows) as a spec: the YAML files' shape.

Validation reads specs, publishing freezes one (with each node's rendered prompt and article ids)
into a version, and export writes one out; all three start here.
"""
from __future__ import annotations

from typing import Any

from .models import Node, Tree
from .validation import validate_spec


def validate_tree(tree: Tree) -> list[str]:
    """Validate a tree as it stands in the database (its targets in other trees exist by construction)."""
    return validate_spec(tree_to_spec(tree))


def tree_to_spec(tree: Tree, *, frozen: bool = False) -> dict[str, Any]:
    """The spec of a tree's draft: what export writes and validation reads. ``frozen`` adds what a
    published snapshot keeps besides (each node's rendered ``prompt_html`` and ``article_ids``)."""
    nodes = tree.nodes.prefetch_related("articles", "branches__target__tree").order_by("position", "key")
    spec: dict[str, Any] = {
        "slug": tree.slug,
        "title": tree.title,
        "description": tree.description,
        "position": tree.position,
        "published": tree.is_published,
        "start": tree.start_key,
        "nodes": [_node_to_spec(tree, node, frozen) for node in nodes],
    }
    if frozen:
        del spec["published"]  # whether customers see it is the tree's state, not the version's
    if tree.scenarios:
        spec["scenarios"] = tree.scenarios
    return spec


def _node_to_spec(tree: Tree, node: Node, frozen: bool = False) -> dict[str, Any]:  # noqa: C901
    spec: dict[str, Any] = {"key": node.key, "kind": node.kind, "prompt": node.prompt}
    if node.help:
        spec["help"] = node.help
    if node.kind == Node.Kind.INPUT:
        spec["input"] = {"type": node.input_type, "label": node.input_label}
        if node.input_example:
            spec["input"]["example"] = node.input_example
    if node.kind == Node.Kind.CHECK:
        spec["checker"] = node.checker
        if node.input_example:
            spec["input"] = {"example": node.input_example}
    if node.kind == Node.Kind.OUTCOME:
        spec["title"] = node.title
        spec["resolution"] = node.resolution
    articles = [article.slug for article in node.articles.all()]
    if articles:
        spec["articles"] = articles
    ways_out = []
    for branch in node.branches.all():
        target = (branch.target.key if branch.target.tree_id == tree.pk
                  else f"{branch.target.tree.slug}:{branch.target.key}")
        if node.kind == Node.Kind.QUESTION:
            ways_out.append({"key": branch.key, "label": branch.label, "next": target})
        else:
            rule = {"op": branch.operator}
            if branch.value:
                rule["value"] = branch.value
            if branch.label:
                rule["label"] = branch.label
            if branch.carry:
                rule["carry"] = branch.carry
            rule["next"] = target
            ways_out.append(rule)
    if ways_out:
        spec["choices" if node.kind == Node.Kind.QUESTION else "rules"] = ways_out
    if frozen:
        spec["prompt_html"] = node.prompt_html
        spec["article_ids"] = [article.pk for article in node.articles.all()]
    return spec
