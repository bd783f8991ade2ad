"""Publishing a tree's draft as an immutable, numbered version, and everything done with versions.

Editors change the draft (the Node and Branch rows); customers get the tree's live version. Publishing
validates the draft (validation.py) and runs its scenarios (scenarios.py): blocking problems and failing
scenarios refuse it, warnings only need acknowledging. Rolling back publishes an older snapshot again
under a new number. "Try this draft" freezes the draft into a preview snapshot that never goes live.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from . import scenarios, snapshots
from .drafts import tree_to_spec
from .models import Tree, TreeVersion
from .validation import is_cross_tree, validate_spec

# Problems that do not stop a customer's walk: shown, and published past once acknowledged.
WARNING_MARKERS = ("cannot be reached from the start",)
NO_SCENARIOS = "The tree has no scenarios: nothing checks that its answers still lead where they should."
# What a snapshot keeps besides the spec; left out of exported YAML and of comparisons of content.
FROZEN_EXTRAS = ("prompt_html", "article_ids")


class PublishRefused(Exception):
    """The draft cannot be published as it is: ``problems`` block it, ``warnings`` need acknowledging."""

    def __init__(self, problems: list[str], warnings: list[str]) -> None:
        super().__init__("; ".join(problems or warnings))
        self.problems = problems
        self.warnings = warnings


@dataclass
class Review:
    """What publishing the draft now would meet: blocking problems, warnings, failing scenarios."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def live_target_exists(target: str, pending: frozenset[str] = frozenset()) -> bool:
    """Whether a ``tree:key`` handover resolves against that tree's live version (or is being published
    alongside, in ``pending``)."""
    if target in pending:
        return True
    slug, _, key = target.partition(":")
    version_id = Tree.objects.filter(slug=slug).values_list("live_version_id", flat=True).first()
    return version_id is not None and snapshots.get_snapshot(version_id).node(key) is not None


def review(spec: dict[str, Any], pending: frozenset[str] = frozenset()) -> Review:
    """Validate a draft spec and run its scenarios, sorting what is found into problems and warnings."""
    found = Review()
    for problem in validate_spec(spec, target_exists=lambda target: live_target_exists(target, pending)):
        (found.warnings if any(marker in problem for marker in WARNING_MARKERS) else found.problems).append(problem)
    if not spec.get("scenarios"):
        found.warnings.append(NO_SCENARIOS)
    elif not found.problems:
        found.problems.extend(scenarios.failures(spec))
    return found


def publish(
    tree: Tree,
    *,
    author: Any = None,
    note: str = "",
    acknowledge_warnings: bool = False,
    pending: frozenset[str] = frozenset(),
) -> TreeVersion:
    """Publish the tree's draft as its next version and make it live; PublishRefused says what to fix."""
    spec = tree_to_spec(tree, frozen=True)
    found = review(spec, pending)
    if found.problems or (found.warnings and not acknowledge_warnings):
        raise PublishRefused(found.problems, found.warnings)
    return _make_live(tree, spec, author=author, note=note)


def rollback(version: TreeVersion, *, author: Any = None) -> TreeVersion:
    """Publish an older version's snapshot again, as a new number, noted "rollback to vN"."""
    if version.number is None:
        raise ValueError("A preview snapshot was never published; it cannot be rolled back to.")
    return _make_live(version.tree, copy.deepcopy(version.snapshot), author=author,
                      note=f"rollback to v{version.number}")


def preview(tree: Tree, *, author: Any = None) -> TreeVersion:
    """Freeze the draft as it is now for "Try this draft": walkable, never live, never numbered."""
    version = TreeVersion.objects.create(
        tree=tree, number=None, preview=True, author=_user(author), note="preview of the draft",
        snapshot=tree_to_spec(tree, frozen=True),
    )
    return version


def _make_live(tree: Tree, spec: dict[str, Any], *, author: Any, note: str) -> TreeVersion:
    with transaction.atomic():
        # The row lock numbers concurrent publishes of one tree one after the other.
        Tree.objects.select_for_update().filter(pk=tree.pk).values_list("pk", flat=True).first()
        last = tree.versions.aggregate(last=Max("number"))["last"] or 0
        version = TreeVersion.objects.create(
            tree=tree, number=last + 1, author=_user(author), note=note[:300], snapshot=spec
        )
        tree.live_version = version
        tree.status = Tree.Status.PUBLISHED
        tree.save(update_fields=["live_version", "status", "updated_at"])
    return version


def _user(author: Any) -> Any:
    return author if author is not None and getattr(author, "is_authenticated", False) else None


def content(spec: dict[str, Any]) -> dict[str, Any]:
    """A snapshot as the YAML files write it: without the rendered prompts and article ids it keeps."""
    plain = {name: value for name, value in spec.items() if name != "published"}
    plain["nodes"] = [
        {name: value for name, value in node.items() if name not in FROZEN_EXTRAS} for node in spec.get("nodes") or []
    ]
    return plain


def draft_differs(tree: Tree) -> bool:
    """Whether the draft has changes the live version does not (True when nothing is live)."""
    if tree.live_version_id is None:
        return True
    live = snapshots.get_snapshot(tree.live_version_id).spec
    return content(tree_to_spec(tree, frozen=True)) != content(live)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed from ``old`` to ``new`` (two specs), in words, one change a line."""
    changes: list[str] = []
    for name in ("title", "description", "start"):
        if old.get(name) != new.get(name):
            changes.append(f"The tree's {name} changed from “{old.get(name) or ''}” to “{new.get(name) or ''}”.")
    old_nodes = {node["key"]: node for node in old.get("nodes") or []}
    new_nodes = {node["key"]: node for node in new.get("nodes") or []}
    for key in new_nodes.keys() - old_nodes.keys():
        changes.append(f"Node “{key}” ({new_nodes[key].get('kind')}) was added.")
    for key in old_nodes.keys() - new_nodes.keys():
        changes.append(f"Node “{key}” ({old_nodes[key].get('kind')}) was removed.")
    for key in sorted(old_nodes.keys() & new_nodes.keys()):
        before, after = old_nodes[key], new_nodes[key]
        changed = [name for name in sorted((before.keys() | after.keys()) - {"choices", "rules", *FROZEN_EXTRAS})
                   if before.get(name) != after.get(name)]
        if changed:
            changes.append(f"Node “{key}”: {', '.join(changed)} changed.")
        changes.extend(_branch_changes(key, before, after))
    old_scenarios, new_scenarios = old.get("scenarios") or [], new.get("scenarios") or []
    added = [s for s in new_scenarios if s not in old_scenarios]
    removed = [s for s in old_scenarios if s not in new_scenarios]
    changes += [f"Scenario added: {scenarios.describe(s)}." for s in added]
    changes += [f"Scenario removed: {scenarios.describe(s)}." for s in removed]
    return sorted(changes, key=_change_order)


def _change_order(change: str) -> tuple[int, str]:
    return (0 if change.startswith("The tree") else 2 if change.startswith("Scenario") else 1, change)


def _branch_changes(key: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Ways out compared by choice key (questions) or by position (rules)."""
    def ways(node: dict[str, Any]) -> dict[str, dict[str, Any]]:
        if node.get("kind") == "question":
            return {f"choice “{c.get('key')}”": c for c in node.get("choices") or []}
        return {f"rule {index} ({r.get('op')} {r.get('value', '')})".replace(" )", ")"): r
                for index, r in enumerate(node.get("rules") or [], start=1)}

    old_ways, new_ways = ways(before), ways(after)
    changes = []
    for name in new_ways.keys() - old_ways.keys():
        changes.append(f"Node “{key}”: {name} was added, leading to “{new_ways[name].get('next')}”.")
    for name in old_ways.keys() - new_ways.keys():
        changes.append(f"Node “{key}”: {name} was removed.")
    for name in sorted(old_ways.keys() & new_ways.keys()):
        was, now = old_ways[name], new_ways[name]
        if was.get("next") != now.get("next"):
            changes.append(f"Node “{key}”: {name} now leads to “{now.get('next')}” instead of “{was.get('next')}”.")
        fields = [f for f in sorted((was.keys() | now.keys()) - {"next"}) if was.get(f) != now.get(f)]
        if fields:
            changes.append(f"Node “{key}”: {name} changed its {', '.join(fields)}.")
    return changes


def handover_targets(spec: dict[str, Any]) -> set[str]:
    """The ``tree:key`` handovers a spec names."""
    found = set()
    for node in spec.get("nodes") or []:
        for way in (node.get("choices") or []) + (node.get("rules") or []):
            if is_cross_tree(str(way.get("next") or "")):
                found.add(str(way["next"]))
    return found
