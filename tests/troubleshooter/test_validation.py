import copy

import pytest

from troubleshooter.validation import validate_spec

from .tree_factories import simple_spec


def node(spec, key):
    return next(n for n in spec["nodes"] if n["key"] == key)


def problems_after(change):
    spec = copy.deepcopy(simple_spec())
    change(spec)
    return validate_spec(spec)


def test_the_demo_tree_is_valid():
    assert validate_spec(simple_spec()) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda s: s.update(start="nowhere"), "start node “nowhere” does not exist"),
        (lambda s: s["nodes"].append({"key": "island", "kind": "outcome", "title": "I", "resolution": "solved",
                                      "prompt": "x"}), "“island” cannot be reached"),
        (lambda s: node(s, "status")["choices"].__setitem__(0, {"key": "failed", "label": "Failed", "next": "gone"}),
         "target “gone” does not exist"),
        (lambda s: s["nodes"].append(copy.deepcopy(node(s, "out-fine"))), "Duplicate node key “out-fine”"),
        (lambda s: node(s, "status")["choices"].append({"key": "failed", "label": "Other", "next": "wait"}),
         "duplicate choice key “failed”"),
        (lambda s: node(s, "status")["choices"].append({"key": "other", "label": "failed", "next": "wait"}),
         "duplicate choice label “failed”"),
        (lambda s: node(s, "status").update(choices=[]), "no way out"),
        (lambda s: node(s, "wait")["rules"][1].update(value="15 min"), "no rule covers [10 min, 15 min)"),
        (lambda s: node(s, "wait")["rules"][1].update(op="gt"), "no rule covers [10 min, 10 min]"),
        (lambda s: node(s, "wait")["rules"][1].update(value="5 min"), "rules overlap"),
        (lambda s: node(s, "wait")["rules"].__setitem__(0, {"op": "between", "value": "1s..10 min", "next": "out-fine"}),
         "no rule covers [0 s, 1 s)"),
        (lambda s: node(s, "wait")["rules"][0].update(value="soon"), "is not a duration"),
        (lambda s: node(s, "remarks")["rules"].pop(), "needs a default rule"),
        (lambda s: node(s, "remarks")["rules"][1].update(value="(unclosed"), "is invalid"),
        (lambda s: node(s, "remarks")["rules"].insert(0, {"op": "default", "next": "out-help"}), "must come last"),
        (lambda s: node(s, "wait")["input"].update(example="forever"), "example “forever” is not accepted"),
        (lambda s: node(s, "out-fine").update(resolution="maybe"), "resolution must be one of"),
        (lambda s: node(s, "out-fine").update(rules=[{"op": "default", "next": "status"}]), "has no ways out"),
        (lambda s: node(s, "status").update(kind="riddle"), "unknown kind “riddle”"),
    ],
    ids=["missing-start", "unreachable", "missing-target", "duplicate-key", "duplicate-choice-key",
         "duplicate-label", "no-way-out", "gap", "gap-at-a-point", "overlap", "gap-at-zero", "bad-rule-value",
         "text-without-default", "bad-regex", "default-not-last", "bad-example", "bad-resolution",
         "outcome-with-branches", "unknown-kind"],
)
def test_a_broken_tree_of_each_kind_is_caught(change, expected):
    problems = problems_after(change)
    assert any(expected in problem for problem in problems), problems


def test_a_loop_with_no_exit_is_caught():
    def loop(spec):
        node(spec, "status")["choices"].append({"key": "again", "label": "Ask again", "next": "ping"})
        spec["nodes"] += [
            {"key": "ping", "kind": "question", "prompt": "Ping?", "choices": [{"key": "p", "label": "P", "next": "pong"}]},
            {"key": "pong", "kind": "question", "prompt": "Pong?", "choices": [{"key": "p", "label": "P", "next": "ping"}]},
        ]

    problems = problems_after(loop)
    assert any("“ping” is in a loop with no exit" in p for p in problems)
    assert any("“pong” is in a loop with no exit" in p for p in problems)


def test_a_loop_with_an_exit_is_fine():
    def loop(spec):
        node(spec, "status")["choices"].append({"key": "again", "label": "Ask again", "next": "ping"})
        spec["nodes"].append({"key": "ping", "kind": "question", "prompt": "Ping?", "choices": [
            {"key": "again", "label": "Again", "next": "ping"}, {"key": "stop", "label": "Stop", "next": "out-fine"}]})

    assert problems_after(loop) == []


def test_check_nodes_need_a_known_checker_and_its_verdicts():
    def check(spec, checker="delay", rules=None):
        node(spec, "status")["choices"].append({"key": "check", "label": "Check", "next": "times"})
        spec["nodes"].append({"key": "times", "kind": "check", "checker": checker, "prompt": "Times?",
                              "rules": rules or [{"op": "verdict", "value": "api-slow", "next": "out-slow"},
                                                 {"op": "verdict", "value": "too-slow", "next": "out-slow"}]})

    assert any("unknown checker “nope”" in p for p in problems_after(lambda s: check(s, "nope")))
    problems = problems_after(check)
    assert any("“too-slow” is not a verdict" in p for p in problems)
    assert any("no rule for verdict(s) report-slow, clocks-differ, normal" in p for p in problems)
    with_default = [{"op": "verdict", "value": "api-slow", "next": "out-slow"}, {"op": "default", "next": "out-fine"}]
    assert problems_after(lambda s: check(s, rules=with_default)) == []


def test_a_target_in_another_tree_must_exist_when_asked():
    def handover(spec):
        node(spec, "status")["choices"].append({"key": "api", "label": "API", "next": "other:start"})

    spec = copy.deepcopy(simple_spec())
    handover(spec)
    assert validate_spec(spec, target_exists=lambda target: True) == []
    assert any("“other:start” (another tree) does not exist" in p for p in validate_spec(spec, target_exists=lambda t: False))
