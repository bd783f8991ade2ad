"""Checking a troubleshooting tree before anyone walks it.

Validation works on a tree *spec* (the plain dict a YAML file holds, or ``treefiles.tree_to_spec``
makes from the database), so the admin, the loader and the tests share one set of rules. It returns
problems in words; an empty list means the tree may be published.

Caught: a missing start node, duplicate node keys, duplicate choice keys or labels, unknown kinds,
non-outcome nodes with no way out, targets that do not exist, nodes no path reaches, loops with no
exit (nodes from which no outcome can be reached), numeric and duration rules that overlap or leave
gaps, text rules with no default, unknown checkers and verdicts, input examples the node rejects, and
``carry`` on anything but a check rule that leads to an input node.

This module reads specs only; ``treefiles.validate_tree`` validates a tree in the database by
converting it first, so the dependency points one way (treefiles imports validation).
"""
from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

from checkers import get_checker

from . import rules

KINDS = ("question", "input", "check", "outcome")
RESOLUTIONS = ("solved", "escalate")
TargetExists = Callable[[str], bool]


def is_cross_tree(target: str) -> bool:
    """A target written ``tree-slug:node-key`` continues in another tree."""
    return ":" in target


def branches_of(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A node's ways out: a question's choices, or an input or check node's rules."""
    if node.get("kind") == "question":
        return [{"op": "choice", **choice} for choice in node.get("choices") or []]
    return list(node.get("rules") or [])


def validate_spec(spec: dict[str, Any], *, target_exists: TargetExists | None = None) -> list[str]:  # noqa: C901
    """Return every problem in one tree spec; ``target_exists`` answers for ``tree:key`` targets."""
    problems: list[str] = []
    nodes = spec.get("nodes") or []
    if not spec.get("slug"):
        problems.append("The tree has no slug.")
    if not spec.get("title"):
        problems.append("The tree has no title.")
    keys: dict[str, dict[str, Any]] = {}
    for node in nodes:
        key = node.get("key") or ""
        if not key:
            problems.append("A node has no key.")
            continue
        if key in keys:
            problems.append(f"Duplicate node key “{key}”.")
        keys[key] = node
    start = spec.get("start")
    if not start:
        problems.append("The tree has no start node.")
    elif start not in keys:
        problems.append(f"The start node “{start}” does not exist.")

    edges: dict[str, set[str]] = defaultdict(set)
    exits: set[str] = set()
    for key, node in keys.items():
        problems.extend(f"Node “{key}”: {problem}" for problem in _node_problems(node))
        for branch in branches_of(node):
            target = str(branch.get("next") or "")
            if not target:
                problems.append(f"Node “{key}”: a way out has no target.")
            elif is_cross_tree(target):
                if target_exists is not None and not target_exists(target):
                    problems.append(f"Node “{key}”: target “{target}” (another tree) does not exist.")
                exits.add(key)
            elif target not in keys:
                problems.append(f"Node “{key}”: target “{target}” does not exist.")
            else:
                edges[key].add(target)
            if branch.get("carry"):
                problems.extend(f"Node “{key}”: {p}" for p in _carry_problems(node, branch, keys.get(target)))

    if start in keys:
        reached = _reachable(start, edges)
        for key in keys:
            if key not in reached:
                problems.append(f"Node “{key}” cannot be reached from the start.")
    outcomes = {key for key, node in keys.items() if node.get("kind") == "outcome"} | exits
    finishing = _can_finish(outcomes, edges)
    for key, node in keys.items():
        if key not in finishing and node.get("kind") != "outcome" and branches_of(node):
            problems.append(f"Node “{key}” is in a loop with no exit: no answer from it ever reaches an outcome.")
    return problems


def _node_problems(node: dict[str, Any]) -> list[str]:
    kind = node.get("kind")
    if kind not in KINDS:
        return [f"unknown kind “{kind}” (use one of {', '.join(KINDS)})."]
    problems = [] if str(node.get("prompt") or "").strip() else ["it has no prompt."]
    branches = branches_of(node)
    if kind == "outcome":
        if branches:
            problems.append("an outcome has no ways out, but this one has some.")
        if not node.get("title"):
            problems.append("the outcome has no title.")
        if node.get("resolution") not in RESOLUTIONS:
            problems.append(f"the outcome's resolution must be one of {', '.join(RESOLUTIONS)}.")
        return problems
    if not branches:
        problems.append("it has no way out (no choices or rules).")
        return problems
    if kind == "question":
        problems.extend(_question_problems(branches))
    elif kind == "input":
        problems.extend(_input_problems(node, branches))
    else:
        problems.extend(_check_problems(node, branches))
    return problems


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for value in values:
        folded = value.casefold()
        if folded in seen and value not in repeated:
            repeated.append(value)
        seen.add(folded)
    return repeated


def _question_problems(branches: list[dict[str, Any]]) -> list[str]:
    problems = []
    keys = [str(b.get("key") or "") for b in branches]
    labels = [str(b.get("label") or "") for b in branches]
    if "" in keys:
        problems.append("a choice has no key.")
    if "" in labels:
        problems.append("a choice has no label.")
    for key in _duplicates([k for k in keys if k]):
        problems.append(f"duplicate choice key “{key}”.")
    for label in _duplicates([label for label in labels if label]):
        problems.append(f"duplicate choice label “{label}”.")
    return problems


def _defaults(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for b in branches if b.get("op") == "default"]


def _default_problems(branches: list[dict[str, Any]]) -> list[str]:
    defaults = _defaults(branches)
    problems = ["more than one default rule."] if len(defaults) > 1 else []
    if len(defaults) > 1 or (defaults and branches[-1].get("op") != "default"):
        problems.append("the default rule must come last: rules after it are never used.")
    return problems


def _input_problems(node: dict[str, Any], branches: list[dict[str, Any]]) -> list[str]:  # noqa: C901
    spec_input = node.get("input") or {}
    input_type = spec_input.get("type")
    if input_type not in rules.OPERATORS_FOR_TYPE:
        return [f"unknown input type “{input_type}” (use number, duration, datetime or text)."]
    problems = _default_problems(branches)
    allowed = rules.OPERATORS_FOR_TYPE[input_type]
    readable = True
    for branch in branches:
        op, value = branch.get("op"), str(branch.get("value") or "")
        if op == "default":
            continue
        if op not in allowed:
            problems.append(f"rule “{op}” does not apply to a {input_type} input "
                            f"(use {', '.join(allowed) or 'default'}).")
            readable = False
        elif op == "regex":
            try:
                re.compile(value)
            except re.error as error:
                problems.append(f"regular expression “{value}” is invalid: {error}.")
                readable = False
        elif op == "keywords" and not rules.keywords(value):
            problems.append("a keywords rule has no keywords.")
        elif input_type in ("number", "duration"):
            try:
                rules.rule_interval(input_type, op, value)
            except rules.ValueProblem as problem:
                problems.append(f"rule value “{value}”: {problem}")
                readable = False
    if input_type in ("number", "duration") and readable:
        problems.extend(_coverage_problems(input_type, branches))
    elif input_type in ("text", "datetime") and not _defaults(branches):
        problems.append(f"a {input_type} input needs a default rule, or some answers lead nowhere.")
    example = spec_input.get("example")
    if example not in (None, "") and readable:
        problems.extend(_example_problems(input_type, branches, example))
    return problems


def _coverage_problems(input_type: str, branches: list[dict[str, Any]]) -> list[str]:
    """Numeric rules must not overlap, and without a default they must cover every possible value."""
    intervals = sorted(
        (rules.rule_interval(input_type, b["op"], str(b.get("value") or ""))
         for b in branches if b.get("op") != "default"),
        key=lambda i: (i.low, not i.low_closed),
    )
    problems = []
    whole = rules.domain(input_type)
    describe = lambda i: i.describe(input_type)  # noqa: E731
    for before, after in itertools.pairwise(intervals):
        if before.high > after.low or (before.high == after.low and before.high_closed and after.low_closed):
            problems.append(f"rules overlap: {describe(before)} and {describe(after)}.")
    if _defaults(branches) or not intervals:
        return problems
    cursor, cursor_closed = whole.low, not whole.low_closed  # cursor_closed: is `cursor` itself covered?
    for interval in intervals:
        covered_from_cursor = interval.low < cursor or (
            interval.low == cursor and (cursor_closed or interval.low_closed)
        )
        if not covered_from_cursor and interval.high > cursor:
            gap = rules.Interval(cursor, not cursor_closed, interval.low, not interval.low_closed)
            problems.append(f"no rule covers {describe(gap)} and there is no default.")
        if interval.high > cursor or (interval.high == cursor and interval.high_closed):
            cursor, cursor_closed = interval.high, interval.high_closed
    if cursor != math.inf:
        gap = rules.Interval(cursor, not cursor_closed, math.inf, False)
        problems.append(f"no rule covers {describe(gap)} and there is no default.")
    return problems


def _example_problems(input_type: str, branches: list[dict[str, Any]], example: Any) -> list[str]:
    try:
        parsed = rules.parse_value(input_type, example)
    except rules.ValueProblem as problem:
        return [f"the example “{example}” is not accepted: {problem}"]
    # The branches' operators were checked before the example is.
    if not any(rules.matches(input_type, cast(str, b.get("op")), str(b.get("value") or ""), parsed)
               for b in branches):
        return [f"the example “{example}” matches no rule."]
    return []


def _check_problems(node: dict[str, Any], branches: list[dict[str, Any]]) -> list[str]:
    name = node.get("checker") or ""
    checker = get_checker(name)
    if checker is None:
        return [f"unknown checker “{name}”."]
    problems = _default_problems(branches)
    verdicts: list[str] = []
    for branch in branches:
        op, value = branch.get("op"), str(branch.get("value") or "")
        if op == "default":
            continue
        if op != "verdict":
            problems.append(f"a check node branches on “verdict” or “default”, not “{op}”.")
        elif value not in checker.verdicts:
            problems.append(f"“{value}” is not a verdict of the {name} checker ({', '.join(checker.verdicts)}).")
        verdicts.append(value)
    for verdict in _duplicates(verdicts):
        problems.append(f"verdict “{verdict}” has two rules.")
    if not _defaults(branches):
        uncovered = [v for v in checker.verdicts if v not in verdicts]
        if uncovered:
            problems.append(f"no rule for verdict(s) {', '.join(uncovered)} and no default.")
    return problems


def _carry_problems(node: dict[str, Any], branch: dict[str, Any], target: dict[str, Any] | None) -> list[str]:
    """``carry`` hands a check result's field to the next node, so only a check rule into an input may have it."""
    carry = str(branch.get("carry"))
    if node.get("kind") != "check":
        return [f"only a check node's rules may carry a result field (“{carry}”)."]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", carry):
        return [f"“{carry}” is not a result field name (lower-case letters, digits and _)."]
    if target is not None and target.get("kind") != "input":
        return [f"the rule carrying “{carry}” must lead to an input node, not a {target.get('kind')} node."]
    return []


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for target in edges.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _can_finish(finishing: set[str], edges: dict[str, set[str]]) -> set[str]:
    """Nodes from which some path reaches an outcome or another tree (walking the edges backwards)."""
    incoming: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            incoming[target].add(source)
    seen, stack = set(finishing), list(finishing)
    while stack:
        for source in incoming.get(stack.pop(), ()):
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return seen


_NODE_PROBLEM = re.compile(r"^Node “(?P<key>[^”]+)”(?::\s*|\s+)(?P<text>.*)$", re.DOTALL)


def problems_by_node(problems: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Split validation problems into the tree's own and each node's, so the editor shows them where they are.

    Every node problem starts ``Node “key”``; the rest are about the tree as a whole.
    """
    tree_problems: list[str] = []
    per_node: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        match = _NODE_PROBLEM.match(problem)
        if match:
            text = match["text"]
            per_node[match["key"]].append(text[:1].upper() + text[1:])
        else:
            tree_problems.append(problem)
    return tree_problems, dict(per_node)
