"""The four shipped troubleshooters: valid, loadable twice without change, and every path ends in an outcome."""
import dataclasses
import math
import re

import pytest

from checkers import get_checker
from troubleshooter import engine, presentation, rules
from troubleshooter.models import Branch, Node, Tree
from troubleshooter.treefiles import load_default_trees, read_tree_file, tree_paths
from troubleshooter.validation import validate_spec

from .session_factories import live_node, put_at
from .tree_factories import make_fixed_articles

SHIPPED = {"sms-not-received", "slow-api-calls", "sms-arrives-late", "api-error-code"}


@pytest.fixture
def shipped(db):
    make_fixed_articles()
    load_default_trees()
    return {tree.slug: tree for tree in Tree.objects.all()}


def test_every_shipped_tree_file_is_valid():
    specs = [read_tree_file(path) for path in tree_paths()]
    assert {spec["slug"] for spec in specs} == SHIPPED
    known = {f"{spec['slug']}:{node['key']}" for spec in specs for node in spec["nodes"]}
    for spec in specs:
        assert validate_spec(spec, target_exists=known.__contains__) == [], spec["slug"]


def test_loading_twice_changes_nothing(shipped):
    counts = (Node.history.count(), Branch.history.count(), Tree.history.count())
    assert sorted(load_default_trees().kept) == sorted(SHIPPED)
    assert sorted(load_default_trees(overwrite=True).unchanged) == sorted(SHIPPED)
    assert (Node.history.count(), Branch.history.count(), Tree.history.count()) == counts


def test_default_loading_keeps_admin_edits_unless_told_to_overwrite(shipped):
    Tree.objects.filter(slug="slow-api-calls").update(title="Edited in the admin")
    load_default_trees()
    assert Tree.objects.get(slug="slow-api-calls").title == "Edited in the admin"
    report = load_default_trees(overwrite=True)
    assert report.updated == ["slow-api-calls"]
    assert Tree.objects.get(slug="slow-api-calls").title == "API calls are slow"


def test_the_sitemap_lists_published_troubleshooters_only(shipped, client):
    Tree.objects.filter(slug="api-error-code").update(status=Tree.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    for slug in ("sms-not-received", "slow-api-calls", "sms-arrives-late"):
        assert f"/troubleshoot/{slug}/</loc>" in xml
    assert "/troubleshoot/api-error-code/" not in xml
    assert "/troubleshoot/s/" not in xml


def test_outcomes_link_the_fixed_articles(shipped):
    node = Node.objects.get(tree__slug="sms-not-received", key="out-unsubscribed")
    assert {a.slug for a in node.articles.all()} == {"number-blocklists", "sms-not-received"}
    assert all(n.articles.exists() for n in Node.objects.filter(kind="outcome"))


def test_loading_without_articles_links_nothing_and_does_not_crash(db):
    report = load_default_trees()
    assert sorted(report.created) == sorted(SHIPPED)
    assert report.missing_articles
    assert not Node.articles.through.objects.exists()


def _values_for(node: Node, branch: Branch) -> list:
    """Answers that should take an input node down one branch."""
    if node.input_type in ("number", "duration") and branch.operator in rules.NUMERIC_OPERATORS:
        interval = rules.rule_interval(node.input_type, branch.operator, branch.value)
        low = max(interval.low, 0.0) if node.input_type == "duration" else interval.low
        low = interval.high - 1 if low == -math.inf else low
        candidates = [low, low + 0.5, interval.high - 0.5]
        return [f"{c}s" if node.input_type == "duration" else str(c) for c in candidates if c != math.inf]
    if branch.operator == "keywords":
        return rules.keywords(branch.value)[:1]
    if branch.operator == "regex":
        return [re.sub(r"\(\?<?[!=][^)]*\)", "", branch.value)]
    return ["something none of the other rules expect"]


def _walk(session, depth, finished, monkeypatch):
    node = engine.load_session(session.pk).current_node
    if node.kind == Node.Kind.OUTCOME:
        finished.append(node)
        assert len(presentation.transcript(session)) == depth
        return
    assert depth < 40, "path too long: a loop?"
    for branch in node.branches:
        target_id = engine.resolve(node, branch).pk
        if node.kind == Node.Kind.QUESTION:
            engine.answer(session, choice=branch.key)
        elif node.kind == Node.Kind.INPUT:
            for value in _values_for(node, branch):
                before = session.current_node_id
                engine.answer(session, value=value)
                if session.current_node_id == target_id:
                    break
                engine.go_back(session)
                assert session.current_node_id == before
            assert session.current_node_id == target_id, (node, branch)
        else:
            checker = get_checker(node.checker)
            verdict = branch.value if branch.operator == "verdict" else "not-a-listed-verdict"
            fake = dataclasses.replace(checker, run=lambda values, v=verdict: {"ok": True, "verdict": v, "findings": []})
            monkeypatch.setattr(engine, "get_checker", lambda name, fake=fake: fake)
            engine.answer(session, value=dict(presentation.check_example(node)))
            monkeypatch.undo()
        assert session.current_node_id == target_id
        _walk(session, depth + 1, finished, monkeypatch)
        engine.go_back(session)
        assert session.current_node_id == node.pk


@pytest.mark.parametrize("slug", sorted(SHIPPED))
def test_every_path_through_a_shipped_tree_reaches_an_outcome(shipped, slug, monkeypatch):
    session = engine.start_session(shipped[slug])
    finished: list[Node] = []
    _walk(session, 0, finished, monkeypatch)
    outcomes_in_tree = set(Node.objects.filter(tree__slug=slug, kind="outcome").values_list("tree__slug", "key"))
    assert outcomes_in_tree <= {(node.tree.slug, node.key) for node in finished}
    assert presentation.transcript(session) == []


def test_the_late_sms_tree_hands_over_to_the_slow_api_tree(shipped):
    session = engine.start_session(shipped["sms-arrives-late"])
    engine.answer(session, choice="rough-gaps")
    engine.answer(session, value="12 minutes")
    engine.answer(session, choice="continue")
    assert session.current_node.tree.slug == "slow-api-calls"
    assert session.tree.slug == "sms-arrives-late"
    assert [e["answer_label"] for e in presentation.transcript(session)][1] == "12 minutes (12 min)"


def test_every_shipped_check_node_takes_its_example_with_the_real_checker(shipped):
    for row in Node.objects.filter(kind="check"):
        session = put_at(engine.start_session(row.tree), row)
        node = live_node(row)
        engine.answer(session, value=presentation.node_view(node)["input"]["example"])
        # A carrying rule goes one node further: the input it leads to is answered from the result.
        ways_out = {engine.resolve(node, branch).pk for branch in node.branches}
        carried_to = {engine.resolve(target, rule).pk for branch in node.branches if branch.carry
                      for target in [engine.resolve(node, branch)] for rule in target.branches}
        assert session.current_node_id in ways_out | carried_to
        checked = [entry for entry in presentation.transcript(session) if entry["result"]]
        assert checked[-1]["result"]["findings"] is not None


def test_every_carrying_check_rule_answers_its_input_node_from_the_result(shipped, monkeypatch):
    carrying = list(Branch.objects.exclude(carry="").select_related("node__tree", "target"))
    assert carrying, "the remarks check carries the error code into the error-code tree"
    for branch in carrying:
        node = live_node(branch.node)
        way = next(way for way in node.branches if way.carry == branch.carry and way.value == branch.value)
        target = engine.resolve(node, way)
        assert target.kind == Node.Kind.INPUT
        checker = get_checker(node.checker)
        for rule in target.branches:
            value = _values_for(target, rule)[0]
            result = {"ok": False, "verdict": branch.value, "findings": [], branch.carry: value}
            fake = dataclasses.replace(checker, run=lambda values, r=result: r)
            monkeypatch.setattr(engine, "get_checker", lambda name, fake=fake: fake)
            session = put_at(engine.start_session(branch.node.tree), branch.node)
            engine.answer(session, value=dict(presentation.check_example(node)))
            monkeypatch.undo()
            assert session.current_node_id == engine.resolve(target, rule).pk, (branch, rule)
            carried = presentation.transcript(session)[-1]
            assert carried["node_key"] == target.key and "taken from the check" in carried["answer_label"]
            assert engine.go_back(session).current_node_id == target.pk
