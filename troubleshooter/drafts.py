"""A tree's working draft (its Node and Branch rows): as a spec, the YAML files' shape, and as the
editor reads it, with its problems.

Validation reads specs, publishing freezes one (with each node's rendered prompt and article ids)
into a version, and export writes one out; all three start here. The editor's ``load_draft`` reads a
whole tree in a fixed number of queries (nodes, their branches with targets, their articles),
whatever its size, so its pages stay cheap for a 300-node tree.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet

from faq.models import Article

from .models import Branch, Node, Tree
from .validation import problems_by_node, validate_spec


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


@dataclass
class Draft:
    tree: Tree
    nodes: list[Node]
    spec: dict[str, Any]
    tree_problems: list[str] = field(default_factory=list)
    node_problems: dict[str, list[str]] = field(default_factory=dict)

    def node(self, key: str) -> Node | None:
        return next((node for node in self.nodes if node.key == key), None)

    @property
    def problem_count(self) -> int:
        return len(self.tree_problems) + sum(len(p) for p in self.node_problems.values())


TARGET_TREE_UNUSED = ("target__tree__scenarios", "target__tree__description")


def load_draft(tree: Tree) -> Draft:
    """Read the tree's nodes, branches and article links (three queries) and validate them."""
    nodes = list(tree.nodes.order_by("position", "key"))
    branches: dict[int, list[Branch]] = defaultdict(list)
    # Each branch's target tree is joined in for its slug and title only: its scenarios, a JSON list
    # of every path, were decoded once per branch and took most of a 300-node tree's page.
    for branch in (Branch.objects.filter(node__tree=tree).select_related("target__tree")
                   .defer(*TARGET_TREE_UNUSED).order_by("position", "pk")):
        branches[branch.node_id].append(branch)
    articles: dict[int, list[Article]] = defaultdict(list)
    for link in Node.articles.through.objects.filter(node__tree=tree).select_related("article").order_by("pk"):
        articles[link.node_id].append(link.article)
    for node in nodes:
        # Filled by hand rather than by prefetch_related, which builds a queryset per node: for a
        # 300-node tree that alone took longer than the page may.
        node._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "branches": _cached(Branch, branches[node.pk]), "articles": _cached(Article, articles[node.pk])}
    spec: dict[str, Any] = {
        "slug": tree.slug,
        "title": tree.title,
        "description": tree.description,
        "start": tree.start_key,
        "nodes": [_node_to_spec(tree, node) for node in nodes],
    }
    # Targets in other trees were chosen from existing nodes (a foreign key), so they exist.
    tree_problems, node_problems = problems_by_node(validate_spec(spec))
    return Draft(tree, nodes, spec, tree_problems, node_problems)


def _cached(model: type[Model], rows: list[Any]) -> QuerySet[Any]:
    """A queryset already holding ``rows``, as a prefetch leaves it: reading it runs no query."""
    queryset: QuerySet[Any] = QuerySet(model=model)
    queryset._result_cache = rows
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    return queryset


def outline(draft: Draft) -> list[Node]:
    """The nodes in the order a reader meets them: breadth first from the start, then any unreachable ones."""
    by_key = {node.key: node for node in draft.nodes}
    ordered: list[Node] = []
    seen: set[str] = set()
    queue = [draft.tree.start_key] if draft.tree.start_key in by_key else []
    while queue:
        key = queue.pop(0)
        if key in seen:
            continue
        seen.add(key)
        ordered.append(by_key[key])
        queue += [b.target.key for b in by_key[key].branches.all()
                  if b.target.tree_id == draft.tree.pk and b.target.key not in seen]
    return ordered + [node for node in draft.nodes if node.key not in seen]
