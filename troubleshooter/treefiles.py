"""Troubleshooting trees as YAML files: load them into the database (idempotently) and export them back.

A file holds one tree::

    slug: sms-arrives-late
    title: The SMS arrives late
    description: ...
    start: first-node-key
    nodes:
      - key: first-node-key
        kind: question            # question | input | check | outcome
        prompt: Markdown text
        choices: [{key: yes, label: "Yes", next: other-key}]
      - key: how-long
        kind: input
        input: {type: duration, label: ..., example: 5 min}
        rules: [{op: lt, value: 10 min, next: ...}, {op: default, next: ...}]
      - key: done
        kind: outcome
        title: ...
        resolution: solved        # or escalate
        articles: [sms-not-received]

A check node's rule may say ``carry: error_code``: that field of the check's result then answers the
next node (an input) by itself. A ``next`` of ``other-tree:node-key`` continues in another tree.
Articles are linked by slug; slugs with no article yet are skipped and reported, never fatal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import ProtectedError

from faq.models import Article

from . import versions
from .drafts import tree_to_spec, validate_tree
from .models import Branch, Node, Tree
from .validation import branches_of, is_cross_tree, validate_spec

__all__ = ["tree_to_spec", "validate_tree"]  # kept importable from here, where they used to live

DEFAULT_TREES_DIR = Path(__file__).resolve().parent / "trees"
NODE_FIELDS = ("kind", "prompt", "help", "input_type", "input_label", "input_example", "checker", "title", "resolution")


class TreeFileError(Exception):
    """A tree file that cannot be loaded; the message lists every problem."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already there and left as an admin may have edited them
    missing_articles: list[str] = field(default_factory=list)


def read_tree_file(path: Path) -> dict[str, Any]:
    """Parse one YAML tree file into a spec dict."""
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TreeFileError(f"{path}: cannot read it: {error}") from None
    if not isinstance(spec, dict):
        raise TreeFileError(f"{path}: a tree file holds one mapping (slug, title, start, nodes).")
    return spec


def tree_paths(paths: list[Path] | None = None) -> list[Path]:
    """The YAML files named, with directories expanded; the shipped trees when nothing is named."""
    found: list[Path] = []
    for path in paths or [DEFAULT_TREES_DIR]:
        path = Path(path)
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def load_default_trees(*, overwrite: bool = False) -> LoadReport:
    """Load the shipped trees (troubleshooter/trees/*.yaml) as drafts and publish them (version 1).
    Safe to run again and again.

    Trees already in the database are kept as they are (an admin may have edited them) unless
    ``overwrite`` is given, which resets their drafts to the shipped files and publishes a new
    version when that changes anything (earlier versions stay, and sessions on them carry on).
    """
    return load_tree_files(tree_paths(), overwrite=overwrite)


def load_tree_files(paths: list[Path], *, overwrite: bool = True, publish: bool = True) -> LoadReport:
    return load_specs([read_tree_file(path) for path in paths], overwrite=overwrite, publish=publish)


def load_specs(specs: list[dict[str, Any]], *, overwrite: bool = True, publish: bool = True) -> LoadReport:
    """Validate tree specs together (they may point into each other), then create or update their drafts
    and, with ``publish``, publish those that say they are published (only when the draft changed).

    Without ``overwrite``, specs for trees that already exist are skipped and reported as kept.
    """
    report = LoadReport()
    if not overwrite:
        slugs = [spec.get("slug") for spec in specs]
        existing = set(Tree.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        report.kept = sorted(existing)
        specs = [spec for spec in specs if spec.get("slug") not in existing]
    batch = {
        f"{spec.get('slug')}:{node.get('key')}" for spec in specs for node in spec.get("nodes") or []
    }

    pending = frozenset(batch)

    def target_exists(target: str) -> bool:
        return versions.live_target_exists(target, pending)

    problems = [
        f"{spec.get('slug') or '(no slug)'}: {problem}"
        for spec in specs
        for problem in validate_spec(spec, target_exists=target_exists)
    ]
    if problems:
        raise TreeFileError("The trees are not valid:\n" + "\n".join(problems))
    with transaction.atomic():
        trees = {spec["slug"]: _sync_tree(spec, report) for spec in specs}
        for spec in specs:
            if _sync_branches(trees[spec["slug"]], spec) and spec["slug"] in report.unchanged:
                report.unchanged.remove(spec["slug"])
                report.updated.append(spec["slug"])
        for spec in specs:
            _remove_stale_nodes(trees[spec["slug"]], spec)
            _sync_articles(trees[spec["slug"]], spec, report)
        for spec in specs:
            if publish:
                _publish_if_changed(trees[spec["slug"]], spec, pending, report)
    return report


def import_draft(tree: Tree, text: str) -> LoadReport:
    """A YAML tree file becomes ``tree``'s draft (whatever slug it names); nothing is published, and the
    tree stays live or offline as it was."""
    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TreeFileError(f"it is not YAML: {error}") from None
    if not isinstance(spec, dict):
        raise TreeFileError("a tree file holds one mapping (slug, title, start, nodes).")
    spec = {**spec, "slug": tree.slug, "published": tree.status == Tree.Status.PUBLISHED}
    status, live = tree.status, tree.live_version_id
    report = load_specs([spec], publish=False)
    # Loading a file sets the listed/offline state from it; importing a draft must not change that.
    Tree.objects.filter(pk=tree.pk).update(status=status, live_version=live)
    return report


def _publish_if_changed(tree: Tree, spec: dict[str, Any], pending: frozenset[str], report: LoadReport) -> None:
    """A file is the draft; one that says it is published also becomes the live version, as a new
    version only when it differs from what is live (so loading again publishes nothing)."""
    if not spec.get("published", True):
        return
    tree.refresh_from_db()
    if not versions.draft_differs(tree):
        if tree.status != Tree.Status.PUBLISHED:
            tree.status = Tree.Status.PUBLISHED
            tree.save(update_fields=["status", "updated_at"])
        return
    try:
        versions.publish(tree, note="loaded from a tree file", acknowledge_warnings=True, pending=pending)
    except versions.PublishRefused as refused:
        raise TreeFileError(f"{tree.slug} cannot be published:\n" + "\n".join(refused.problems)) from None
    if tree.slug in report.unchanged:
        report.unchanged.remove(tree.slug)
        report.updated.append(tree.slug)


def _sync_tree(spec: dict[str, Any], report: LoadReport) -> Tree:
    wanted = {
        "title": spec["title"],
        "description": spec.get("description") or "",
        "start_key": spec["start"],
        "position": int(spec.get("position") or 0),
        "status": Tree.Status.PUBLISHED if spec.get("published", True) else Tree.Status.DRAFT,
        "scenarios": list(spec.get("scenarios") or []),
    }
    tree = Tree.objects.filter(slug=spec["slug"]).first()
    created = tree is None
    changed = False
    if tree is None:
        tree = Tree.objects.create(slug=spec["slug"], **wanted)
    elif _assign(tree, wanted):
        tree.save()
        changed = True
    for position, node_spec in enumerate(spec["nodes"]):
        changed |= _sync_node(tree, node_spec, position)
    (report.created if created else report.updated if changed else report.unchanged).append(tree.slug)
    return tree


def _sync_node(tree: Tree, spec: dict[str, Any], position: int) -> bool:
    spec_input = spec.get("input") or {}
    wanted = {
        "kind": spec["kind"],
        "prompt": str(spec.get("prompt") or "").strip(),
        "help": str(spec.get("help") or "").strip(),
        "input_type": spec_input.get("type") or "",
        "input_label": spec_input.get("label") or "",
        "input_example": str(spec_input.get("example") or ""),
        "checker": spec.get("checker") or "",
        "title": spec.get("title") or "",
        "resolution": spec.get("resolution") or "",
        "position": position,
    }
    node = Node.objects.filter(tree=tree, key=spec["key"]).first()
    if node is None:
        Node.objects.create(tree=tree, key=spec["key"], **wanted)
        return True
    if _assign(node, wanted):
        node.save()
        return True
    return False


def _target(tree: Tree, target: str) -> Node:
    slug, _, key = target.partition(":") if is_cross_tree(target) else (tree.slug, "", target)
    return Node.objects.get(tree__slug=slug, key=key)


def _sync_branches(tree: Tree, spec: dict[str, Any]) -> bool:
    """Make each node's ways out match the spec; return whether any changed."""
    changed = False
    nodes = {node.key: node for node in tree.nodes.all()}
    for node_spec in spec["nodes"]:
        node = nodes[node_spec["key"]]
        wanted = [
            (
                position,
                str(branch.get("key") or ""),
                str(branch.get("label") or ""),
                branch.get("op") or "choice",
                str(branch.get("value") or ""),
                str(branch.get("carry") or ""),
                _target(tree, str(branch["next"])).pk,
            )
            for position, branch in enumerate(branches_of(node_spec))
        ]
        existing = [
            (b.position, b.key, b.label, b.operator, b.value, b.carry, b.target_id)
            for b in node.branches.order_by("position", "pk")
        ]
        if existing == wanted:
            continue
        changed = True
        node.branches.all().delete()
        for position, key, label, operator, value, carry, target_id in wanted:
            Branch.objects.create(
                node=node, position=position, key=key, label=label, operator=operator, value=value, carry=carry,
                target_id=target_id,
            )
    return changed


def _remove_stale_nodes(tree: Tree, spec: dict[str, Any]) -> None:
    keep = {node["key"] for node in spec["nodes"]}
    stale = tree.nodes.exclude(key__in=keep)
    Branch.objects.filter(node__in=stale).delete()
    try:
        stale.delete()
    except ProtectedError as error:
        names = ", ".join(str(branch) for branch in error.protected_objects)
        raise TreeFileError(f"{tree.slug}: removed nodes are still the target of other trees: {names}") from None


def _sync_articles(tree: Tree, spec: dict[str, Any], report: LoadReport) -> None:
    wanted_slugs = {slug for node in spec["nodes"] for slug in node.get("articles") or []}
    articles = {a.slug: a for a in Article.objects.filter(slug__in=wanted_slugs)}
    for node in tree.nodes.prefetch_related("articles"):
        slugs = next((n.get("articles") or [] for n in spec["nodes"] if n["key"] == node.key), [])
        found = [articles[slug] for slug in slugs if slug in articles]
        report.missing_articles.extend(f"{tree.slug}:{node.key} → {slug}" for slug in slugs if slug not in articles)
        if {a.pk for a in node.articles.all()} != {a.pk for a in found}:
            node.articles.set(found)


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line strings as YAML literal blocks, so exported Markdown stays readable."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_LiteralDumper.add_representer(str, _represent_str)


def dump_spec(spec: dict[str, Any]) -> str:
    """A tree spec as YAML, keys in the order written."""
    return yaml.dump(spec, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100)
