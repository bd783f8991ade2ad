"""Test helpers for the knowledge-base pages: troubleshooters that point to articles."""
from __future__ import annotations

import itertools

from faq.models import Article
from tests.troubleshooter.session_factories import freeze
from troubleshooter.models import Node, Tree

_counter = itertools.count(1)


def make_tree(*, articles: tuple[Article, ...] = (), status: str = Tree.Status.PUBLISHED, **overrides) -> Tree:
    """A one-node troubleshooter whose outcome links the given articles."""
    n = next(_counter)
    fields = {"slug": f"tree-{n}", "title": f"Troubleshooter {n}", "start_key": "end", "status": status}
    fields.update(overrides)
    tree = Tree.objects.create(**fields)
    node = Node.objects.create(tree=tree, key="end", kind=Node.Kind.OUTCOME, prompt="Done.", title="Done")
    node.articles.add(*articles)
    if status == Tree.Status.PUBLISHED:
        freeze(tree)
    return tree
