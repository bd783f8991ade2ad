"""A published tree version's frozen snapshot, read into plain objects the engine walks.

A snapshot is the tree spec that the YAML files hold (``treefiles.py``) plus, per node, the prompt
already rendered to sanitised HTML (``prompt_html``) and the linked articles' ids (``article_ids``).
A version never changes once saved, so each is parsed once per process and kept here by id: a
wizard step of a pinned session costs no query for its tree at all after the first.

This module imports no model (models.py imports it); the one query it makes names the model
through the app registry.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import reverse

from .validation import branches_of, is_cross_tree

# Versions are small (a 300-node tree is ~300 kB parsed) and few; this bounds a process that
# meets thousands of preview snapshots.
MAX_CACHED = 500


@dataclass(frozen=True)
class TreeRef:
    """The tree a snapshot belongs to, as it was named when the version was made."""

    pk: int
    slug: str
    title: str

    def get_absolute_url(self) -> str:
        return reverse("troubleshooter:tree", args=[self.slug])


@dataclass(frozen=True)
class SnapshotBranch:
    """A way out of a snapshot node; ``next`` is a node key, or ``tree-slug:node-key`` for a handover."""

    position: int
    key: str
    label: str
    operator: str
    value: str
    carry: str
    next: str

    @property
    def crosses_over(self) -> bool:
        return is_cross_tree(self.next)


@dataclass(frozen=True)
class SnapshotNode:
    """A node as it was published: the attributes the engine and pages read from a Node row."""

    version_id: int
    tree: TreeRef
    key: str
    kind: str
    prompt: str
    prompt_html: str
    help: str
    input_type: str
    input_label: str
    input_example: str
    checker: str
    title: str
    resolution: str
    article_ids: tuple[int, ...]
    branches: tuple[SnapshotBranch, ...]

    @property
    def pk(self) -> str:
        """Identity across versions: forms post it back, so an answer meant for another version's
        node of the same key is refused as "moved on"."""
        return f"{self.version_id}:{self.key}"

    @property
    def tree_id(self) -> int:
        return self.tree.pk


@dataclass
class Snapshot:
    version_id: int
    number: int | None
    tree: TreeRef
    start_key: str
    spec: dict[str, Any]
    nodes: dict[str, SnapshotNode] = field(default_factory=dict)

    def node(self, key: str) -> SnapshotNode | None:
        return self.nodes.get(key)

    @property
    def start(self) -> SnapshotNode | None:
        return self.nodes.get(self.start_key)


def parse(version_id: int, number: int | None, tree_pk: int, spec: dict[str, Any]) -> Snapshot:
    """Read a snapshot's JSON into objects."""
    tree = TreeRef(pk=tree_pk, slug=str(spec.get("slug") or ""), title=str(spec.get("title") or ""))
    snapshot = Snapshot(version_id=version_id, number=number, tree=tree, start_key=str(spec.get("start") or ""),
                        spec=spec)
    for node in spec.get("nodes") or []:
        spec_input = node.get("input") or {}
        branches = tuple(
            SnapshotBranch(
                position=position,
                key=str(branch.get("key") or ""),
                label=str(branch.get("label") or ""),
                operator=str(branch.get("op") or "choice"),
                value=str(branch.get("value") or ""),
                carry=str(branch.get("carry") or ""),
                next=str(branch.get("next") or ""),
            )
            for position, branch in enumerate(branches_of(node))
        )
        snapshot.nodes[node["key"]] = SnapshotNode(
            version_id=version_id,
            tree=tree,
            key=node["key"],
            kind=node.get("kind") or "",
            prompt=str(node.get("prompt") or ""),
            prompt_html=str(node.get("prompt_html") or ""),
            help=str(node.get("help") or ""),
            input_type=str(spec_input.get("type") or ""),
            input_label=str(spec_input.get("label") or ""),
            input_example=str(spec_input.get("example") or ""),
            checker=str(node.get("checker") or ""),
            title=str(node.get("title") or ""),
            resolution=str(node.get("resolution") or ""),
            article_ids=tuple(int(pk) for pk in node.get("article_ids") or ()),
            branches=branches,
        )
    return snapshot


_cache: dict[int, Snapshot] = {}
_lock = threading.Lock()


def get_snapshot(version_id: int) -> Snapshot:
    """The parsed snapshot of a version, from this process's memory after the first read."""
    found = _cache.get(version_id)
    if found is not None:
        return found
    version_model = apps.get_model("troubleshooter", "TreeVersion")
    number, tree_pk, spec = version_model.objects.values_list("number", "tree_id", "snapshot").get(pk=version_id)
    snapshot = parse(version_id, number, tree_pk, spec)
    with _lock:
        if len(_cache) >= MAX_CACHED:
            _cache.clear()
        _cache[version_id] = snapshot
    return snapshot


def remember(snapshot: Snapshot) -> None:
    """Keep a snapshot just made, so its first session does not read it back."""
    with _lock:
        _cache[snapshot.version_id] = snapshot


def forget_all() -> None:
    """Drop every parsed snapshot (tests whose database is rolled back reuse version ids)."""
    with _lock:
        _cache.clear()
