"""Per-tree scenarios: answers given in order, and the outcome they must end on.

A tree keeps its scenarios with its draft (``Tree.scenarios``) and in its YAML file::

    scenarios:
      - answers: [failed, rate-limit]          # a choice key, a typed value, or {verdict: ...}
        outcome: out-rate-limit                # an outcome key, or other-tree:node-key for a handover

Publishing runs every scenario against the draft and refuses on a failure, so a change that sends
a known case somewhere else is caught before a customer meets it. ``generate`` writes one scenario
per path of a tree for the editor to keep or prune. Everything here reads specs (plain dicts), as
validation does; a check's answer may name the verdict instead of the checker's input, so a scenario
tests the tree's routing, not the checker.
"""
from __future__ import annotations

import math
from typing import Any

from checkers import get_checker

from . import rules
from .validation import branches_of, is_cross_tree

# A generated set larger than this is a sign of a tree with too many paths to keep by hand.
MAX_GENERATED = 500
MAX_ANSWERS = 200


class NoWayOn(Exception):
    """An answer the node cannot take, or no rule leads anywhere for it."""


def describe(scenario: dict[str, Any]) -> str:
    """A scenario in one line, as the editor wrote it: "failed → rate-limit ⇒ out-rate-limit"."""
    shown = [_show(answer) for answer in scenario.get("answers") or []]
    return f"{' → '.join(shown) or '(no answers)'} ⇒ {scenario.get('outcome')}"


def _show(answer: Any) -> str:
    if isinstance(answer, dict):
        return ", ".join(f"{name}: {value}" for name, value in answer.items())
    return str(answer)


def failures(spec: dict[str, Any]) -> list[str]:
    """Every scenario of ``spec`` that does not end where it says, in words; empty when all pass."""
    found = []
    for number, scenario in enumerate(spec.get("scenarios") or [], start=1):
        problem = run(spec, scenario)
        if problem:
            found.append(f"Scenario {number} ({describe(scenario)}): {problem}")
    return found


def run(spec: dict[str, Any], scenario: Any) -> str:
    """Walk ``spec`` with the scenario's answers; return what went wrong, or "" when it ends as expected."""
    if not isinstance(scenario, dict) or not isinstance(scenario.get("answers", []), list):
        return "a scenario is a mapping with a list of answers and an outcome."
    nodes = {node.get("key"): node for node in spec.get("nodes") or []}
    expected = str(scenario.get("outcome") or "")
    current = str(spec.get("start") or "")
    for index, given in enumerate(scenario.get("answers") or [], start=1):
        node = nodes.get(current)
        if node is None:
            return f"answer {index} has no node to answer (“{current}” does not exist)."
        if node.get("kind") == "outcome":
            return f"answer {index} comes after the outcome “{current}” was reached."
        try:
            current = next_key(node, given)
        except NoWayOn as problem:
            return f"answer {index} (“{_show(given)}”) at “{current}”: {problem}"
        if is_cross_tree(current):
            break
    if current != expected:
        return f"ends at “{current}”, not “{expected}”."
    if not is_cross_tree(current) and (nodes.get(current) or {}).get("kind") != "outcome":
        return f"stops at “{current}”, which is a question, not an outcome."
    return ""


def next_key(node: dict[str, Any], given: Any) -> str:
    """The target of the first way out of ``node`` that takes ``given``; NoWayOn when none does."""
    kind = node.get("kind")
    branches = branches_of(node)
    if kind == "question":
        for branch in branches:
            if str(branch.get("key")) == str(given):
                return str(branch.get("next"))
        raise NoWayOn(f"not one of the choices ({', '.join(str(b.get('key')) for b in branches)}).")
    if kind == "input":
        input_type = (node.get("input") or {}).get("type") or "text"
        try:
            parsed = rules.parse_value(input_type, given)
        except rules.ValueProblem as problem:
            raise NoWayOn(str(problem)) from None
        for branch in branches:
            try:
                if rules.matches(input_type, str(branch.get("op")), str(branch.get("value") or ""), parsed):
                    return str(branch.get("next"))
            except (rules.ValueProblem, ValueError):
                continue
        raise NoWayOn("no rule matches it.")
    if kind == "check":
        verdict = _verdict(node, given)
        for branch in branches:
            if branch.get("op") == "default" or (branch.get("op") == "verdict" and branch.get("value") == verdict):
                return str(branch.get("next"))
        raise NoWayOn(f"no rule for the verdict “{verdict}”.")
    raise NoWayOn(f"a {kind} node takes no answer.")


def _verdict(node: dict[str, Any], given: Any) -> str:
    if isinstance(given, dict) and set(given) == {"verdict"}:
        return str(given["verdict"])
    checker = get_checker(str(node.get("checker") or ""))
    if checker is None:
        raise NoWayOn(f"unknown checker “{node.get('checker')}”.")
    values = given if isinstance(given, dict) else {checker.primary_field: given}
    return str(checker.run(values).get("verdict", ""))


def generate(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """One scenario per path from the start to an outcome or a handover (loops walked once).

    An input's rule is reached with a value read from the rule itself (a keyword, a number inside
    the range); a rule no value can be found for (a regular expression, say) is left out, and so is
    anything beyond MAX_GENERATED paths.
    """
    nodes = {node.get("key"): node for node in spec.get("nodes") or []}
    found: list[dict[str, Any]] = []

    def walk(key: str, answers: list[Any], seen: frozenset[str]) -> None:
        if len(found) >= MAX_GENERATED or len(answers) > MAX_ANSWERS:
            return
        node = nodes.get(key)
        if is_cross_tree(key) or (node is not None and node.get("kind") == "outcome"):
            found.append({"answers": answers, "outcome": key})
            return
        if node is None or key in seen:
            return
        for branch in branches_of(node):
            given = _answer_for(node, branch)
            if given is not None:
                walk(str(branch.get("next")), [*answers, given], seen | {key})

    walk(str(spec.get("start") or ""), [], frozenset())
    return found


def _answer_for(node: dict[str, Any], branch: dict[str, Any]) -> Any:
    """An answer that ``node`` routes through ``branch`` (the first match), or None when none is found."""
    kind = node.get("kind")
    if kind == "question":
        return branch.get("key")
    if kind == "check":
        candidates: list[Any] = []
        if branch.get("op") == "verdict":
            candidates = [{"verdict": branch.get("value")}]
        else:
            checker = get_checker(str(node.get("checker") or ""))
            candidates = [{"verdict": verdict} for verdict in (checker.verdicts if checker else ())]
    else:
        candidates = _input_candidates(node, branch)
    target = str(branch.get("next"))
    for candidate in candidates:
        try:
            if next_key(node, candidate) == target and _routes_through(node, candidate, branch):
                return candidate
        except NoWayOn:
            continue
    return None


def _routes_through(node: dict[str, Any], given: Any, branch: dict[str, Any]) -> bool:
    """Whether ``branch`` is the first way out that takes ``given`` (two rules may share a target)."""
    for other in branches_of(node):
        try:
            if next_key({**node, _ways(node): [other]}, given) == str(other.get("next")):
                return other is branch
        except NoWayOn:
            continue
    return False


def _ways(node: dict[str, Any]) -> str:
    return "choices" if node.get("kind") == "question" else "rules"


def _input_candidates(node: dict[str, Any], branch: dict[str, Any]) -> list[str]:
    spec_input = node.get("input") or {}
    input_type = spec_input.get("type") or "text"
    op, value = str(branch.get("op")), str(branch.get("value") or "")
    example = str(spec_input.get("example") or "")
    if input_type in ("number", "duration"):
        points: list[float] = []
        for other in branches_of(node):
            if other.get("op") == "default":
                continue
            try:
                interval = rules.rule_interval(input_type, str(other.get("op")), str(other.get("value") or ""))
            except (rules.ValueProblem, KeyError):
                continue
            points += [p for p in (interval.low, interval.high) if math.isfinite(p)]
        if op != "default":
            try:
                interval = rules.rule_interval(input_type, op, value)
            except (rules.ValueProblem, KeyError):
                return []
            points = [p for p in (interval.low, interval.high) if math.isfinite(p)] or points
        around = sorted({max(p + delta, 0.0) if input_type == "duration" else p + delta
                         for p in points or [0.0] for delta in (0.0, 0.5, -0.5, 1.0, -1.0, 60.0, 3600.0)})
        unit = " s" if input_type == "duration" else ""
        return [f"{point:g}{unit}" for point in around]
    if input_type == "text":
        if op == "keywords":
            return rules.keywords(value)[:1]
        if op == "eq":
            return [value]
        return [c for c in (example, "none of the above") if c]
    return [c for c in (example, "2026-11-24 10:00:00") if c]
