"""Which troubleshooters a search query is about, and what of the query each can start with.

A tree matches a query by meaning (the query's embedding against the tree's title, description
and first question, compared with faq.search.embedding's model), more easily when one of its
steps points to the article search put first, or by the query itself being an answer its first
question takes: "error 1014" is an answer the error-code tree's first (text)
question routes to its 1014 branch, so that tree is offered, started with "1014".
Without the model only the second kind of match remains.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import numpy as np
from django.db.models.signals import post_delete, post_save

from faq.search import embedding, lexicon, memo

from . import rules
from .models import Branch, Node, Tree
from .snapshots import SnapshotBranch, SnapshotNode, get_snapshot

# A tree is offered when the query is at least this close to it in meaning (cosine), and the best
# match only unless another comes within MATCH_MARGIN of it: one clear suggestion beats a list.
MIN_SIMILARITY = 0.45
MATCH_MARGIN = 0.05
# A tree with a step that points to the query's best article is that much nearer.
LINKED_ARTICLE_BONUS = 0.15
MOST = 2
_CODE = re.compile(r"(?<!\d)\d{3,6}(?!\d)")


@dataclass(frozen=True)
class TreeMatch:
    tree: Tree
    answer: str | None = None  # what the tree's first question can be answered with from the query

    def get_absolute_url(self) -> str:
        url = self.tree.get_absolute_url()
        return f"{url}?answer={self.answer}" if self.answer else url


def matching_trees(query: str, best_article_id: int | None = None) -> list[TreeMatch]:
    """The published troubleshooters the query is about, best first (at most MOST); `best_article_id`
    is the article search found first, if any."""
    if not query.strip():
        return []
    trees = _published()
    if not trees:
        return []
    matches: dict[int, TreeMatch] = {}
    for tree, start, branches, _ in trees:
        answer = _starting_answer(query, start, branches)
        if answer is not None:
            matches[tree.pk] = TreeMatch(tree=tree, answer=answer)
    vector = embedding.embed_query(lexicon.in_english(query))
    if vector is not None:
        bonus = np.array([LINKED_ARTICLE_BONUS if best_article_id in linked else 0.0 for *_, linked in trees])
        similarities = _tree_vectors(trees) @ vector + bonus
        best = float(similarities.max())
        for (tree, *_), similarity in sorted(zip(trees, similarities, strict=True), key=lambda pair: -pair[1]):
            if similarity >= MIN_SIMILARITY and similarity >= best - MATCH_MARGIN and tree.pk not in matches:
                matches[tree.pk] = TreeMatch(tree=tree)
    return list(matches.values())[:MOST]


def _starting_answer(query: str, start: SnapshotNode | None, branches: list[SnapshotBranch]) -> str | None:
    """An error code in the query that the first question routes somewhere particular (not its default)."""
    if start is None or start.kind != Node.Kind.INPUT or start.input_type != "text":
        return None
    for code in _CODE.findall(query):
        for branch in branches:
            if branch.operator == "default":
                continue
            try:
                if rules.matches("text", branch.operator, branch.value, code):
                    return code
            except (rules.ValueProblem, ValueError, re.error):
                continue
    return None


_Published = tuple[Tree, SnapshotNode | None, list[SnapshotBranch], frozenset[int]]


def _published() -> list[_Published]:
    """The live trees with their live version's first node, its branches and the articles the version's
    steps point to (remembered with search's facts): customers are offered what they will walk."""

    def load() -> list[_Published]:
        found = []
        for tree in Tree.objects.live().defer("scenarios").order_by("position", "title"):
            snapshot = get_snapshot(tree.live_version_id)
            start = snapshot.start
            linked = frozenset(pk for node in snapshot.nodes.values() for pk in node.article_ids)
            found.append((tree, start, list(start.branches) if start else [], linked))
        return found

    return memo.remember(("troubleshooters",), load)


def _tree_vectors(trees: list[_Published]) -> np.ndarray:
    key = ("troubleshooter-vectors", tuple((tree.pk, tree.updated_at) for tree, *_ in trees))
    # Only called once the model has embedded the query, so it is there for the trees too.
    return memo.remember(
        key,
        lambda: cast(np.ndarray, embedding.embed_documents(
            [
                f"{tree.title}. {tree.description} {start.prompt if start else ''} "
                + " ".join(branch.label for branch in branches)
                for tree, start, branches, _ in trees
            ]
        )),
    )


# The published trees are remembered in search's memo: a change to a tree, node or branch made in
# this process must be seen by the next search, not TTL seconds later.
for _model in (Tree, Node, Branch):
    post_save.connect(memo.forget, sender=_model, dispatch_uid=f"troubleshooter-matching-{_model.__name__}-saved")
    post_delete.connect(memo.forget, sender=_model, dispatch_uid=f"troubleshooter-matching-{_model.__name__}-deleted")
