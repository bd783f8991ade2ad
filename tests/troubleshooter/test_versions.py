"""Published tree versions: publishing refuses or accepts the draft, sessions stay pinned to their version,
versions compare in words, roll back, export and import, handovers resolve against the live version."""
from __future__ import annotations

import pytest
import yaml

from tests.troubleshooter.session_factories import make_live_session
from troubleshooter import engine, presentation, snapshots, versions
from troubleshooter.activity import active_sessions
from troubleshooter.drafts import tree_to_spec
from troubleshooter.models import Branch, Node, Tree
from troubleshooter.treefiles import dump_spec, import_draft

from .tree_factories import make_fixed_articles, make_tree, simple_spec

SCENARIOS = [
    {"answers": ["failed", "5 min"], "outcome": "out-fine"},
    {"answers": ["failed", "2 h"], "outcome": "out-slow"},
    {"answers": ["ok", "hello"], "outcome": "out-help"},
]


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec(scenarios=SCENARIOS))


def test_loading_a_tree_publishes_version_1_with_its_scenarios(tree):
    assert tree.is_published and tree.live_version.number == 1
    assert tree.scenarios == SCENARIOS and tree.live_version.snapshot["scenarios"] == SCENARIOS
    node = next(n for n in tree.live_version.snapshot["nodes"] if n["key"] == "status")
    assert "<strong>status</strong>" in node["prompt_html"]


def test_publishing_a_draft_with_a_blocking_problem_is_refused_with_the_exact_problem(tree):
    Tree.objects.filter(pk=tree.pk).update(start_key="nowhere")
    tree.refresh_from_db()
    with pytest.raises(versions.PublishRefused) as refused:
        versions.publish(tree, acknowledge_warnings=True)
    assert refused.value.problems == ["The start node “nowhere” does not exist."]
    tree.refresh_from_db()
    assert tree.live_version.number == 1 and tree.is_published


def test_a_failing_scenario_refuses_the_publish_and_says_where_it_ended(tree):
    Branch.objects.filter(node__tree=tree, node__key="wait", position=1).update(
        target=Node.objects.get(tree=tree, key="out-help"))
    with pytest.raises(versions.PublishRefused) as refused:
        versions.publish(tree)
    assert refused.value.problems == ["Scenario 2 (failed → 2 h ⇒ out-slow): ends at “out-help”, not “out-slow”."]


def test_warnings_need_acknowledging_then_the_draft_goes_live_as_version_2(tree):
    Node.objects.create(tree=tree, key="orphan", kind="outcome", prompt="Lost.", title="Lost", resolution="solved")
    with pytest.raises(versions.PublishRefused) as refused:
        versions.publish(tree)
    assert refused.value.problems == [] and refused.value.warnings == ["Node “orphan” cannot be reached from the start."]
    version = versions.publish(tree, note="an orphan", acknowledge_warnings=True)
    tree.refresh_from_db()
    assert (version.number, version.note, tree.live_version_id) == (2, "an orphan", version.pk)


def test_a_session_stays_on_its_version_across_edit_publish_and_delete(tree):
    old = engine.start_session(tree)
    engine.answer(old, choice="failed")
    wait = Node.objects.get(tree=tree, key="wait")
    wait.prompt = "How long, in minutes?"
    wait.save()
    Branch.objects.filter(node__key="status", key="failed").update(label="It failed")
    versions.publish(tree, acknowledge_warnings=True)
    Branch.objects.filter(node__tree=tree, node__key="status", key="ok").delete()
    Node.objects.get(tree=tree, key="remarks").delete()
    new = engine.start_session(Tree.objects.get(pk=tree.pk))
    old = engine.load_session(old.pk)
    assert old.current_node.prompt == "How long did it take?" and old.tree_version == 1
    assert new.tree_version == 2 and presentation.node_view(new.current_node)["choices"][0]["label"] == "It failed"
    engine.go_back(old)
    engine.answer(old, choice="ok")  # a choice the draft no longer has, still in version 1
    engine.answer(old, value="rate limit")
    assert old.current_node.key == "out-slow" and old.finished
    engine.restart(old)
    assert old.current_node.pk == f"{old.version_id}:status"


def test_versions_compare_in_words(tree):
    before = tree_to_spec(tree, frozen=True)
    Node.objects.filter(tree=tree, key="out-help").update(title="Write to us")
    Node.objects.create(tree=tree, key="out-new", kind="outcome", prompt="New.", title="New", resolution="solved")
    Branch.objects.filter(node__tree=tree, node__key="status", key="ok").update(
        target=Node.objects.get(tree=tree, key="out-new"))
    Branch.objects.filter(node__tree=tree, node__key="status", key="failed").delete()
    assert versions.compare(before, tree_to_spec(tree, frozen=True)) == [
        "Node “out-help”: title changed.",
        "Node “out-new” (outcome) was added.",
        "Node “status”: choice “failed” was removed.",
        "Node “status”: choice “ok” now leads to “out-new” instead of “remarks”.",
    ]


def test_rolling_back_publishes_the_old_snapshot_as_a_new_number(tree):
    Node.objects.filter(tree=tree, key="out-help").update(title="Write to us")
    versions.publish(tree, acknowledge_warnings=True)
    rollback = versions.rollback(tree.versions.get(number=1))
    tree.refresh_from_db()
    assert (rollback.number, rollback.note, tree.live_version_id) == (3, "rollback to v1", rollback.pk)
    assert versions.compare(tree.versions.get(number=1).snapshot, rollback.snapshot) == []


def test_a_version_exports_as_yaml_that_imports_back_as_the_same_draft(tree):
    exported = dump_spec(versions.content(tree.live_version.snapshot))
    assert "prompt_html" not in exported and yaml.safe_load(exported)["scenarios"] == SCENARIOS
    Node.objects.filter(tree=tree, key="out-help").update(title="Changed in the draft")
    import_draft(tree, exported)
    tree.refresh_from_db()
    assert versions.compare(tree.live_version.snapshot, tree_to_spec(tree, frozen=True)) == []
    assert not versions.draft_differs(tree) and tree.live_version.number == 1


def test_a_handover_resolves_against_the_other_trees_live_version(db):
    make_fixed_articles()
    target = make_tree(simple_spec(slug="other", title="Other tree"))
    spec = simple_spec()
    spec["nodes"][0]["choices"].append({"key": "elsewhere", "label": "Elsewhere", "next": "other:remarks"})
    tree = make_tree(spec)
    Node.objects.filter(tree=target, key="remarks").update(prompt="Paste them, version 2.")
    versions.publish(target, acknowledge_warnings=True)
    session = engine.answer(engine.start_session(tree), choice="elsewhere")
    assert session.current_node.prompt == "Paste them, version 2."
    assert session.current_version.number == 2 and session.tree_version == 1
    Tree.objects.filter(pk=target.pk).update(status=Tree.Status.DRAFT)  # taken offline by an editor
    with pytest.raises(engine.AnswerError, match="not available"):
        engine.answer(engine.start_session(tree), choice="elsewhere")


def test_a_preview_session_walks_the_draft_and_is_not_a_customer_session(tree):
    Node.objects.filter(tree=tree, key="status").update(prompt="Draft wording?", prompt_html="<p>Draft wording?</p>")
    preview = engine.preview_session(tree)
    engine.answer(preview, choice="ok")
    customer = make_live_session()
    engine.answer(customer, choice="no")
    assert preview.preview and preview.tree_version is None
    assert snapshots.get_snapshot(preview.version_id).start.prompt == "Draft wording?"
    assert [session.pk for session in active_sessions()] == [customer.pk]
    tree.refresh_from_db()
    assert tree.live_version.number == 1


def test_the_staff_page_publishes_tries_and_compares(admin_client, tree):
    url = f"/admin/troubleshooter/tree/{tree.pk}/versions/"
    Node.objects.filter(tree=tree, key="out-help").update(title="Write to us")
    page = admin_client.get(url, {"old": "1", "new": "draft"}).content.decode()
    assert "The draft has changes they do not see until you publish." in page
    assert "Node “out-help”: title changed." in page
    assert admin_client.post(f"/admin/troubleshooter/tree/{tree.pk}/publish/", {"note": "new title"}).status_code == 302
    tree.refresh_from_db()
    assert tree.live_version.number == 2 and tree.live_version.note == "new title"
    tried = admin_client.post(f"/admin/troubleshooter/tree/{tree.pk}/try/")
    assert tried.status_code == 302 and "/troubleshoot/s/" in tried["Location"]
    yaml_text = admin_client.get(f"/admin/troubleshooter/tree/{tree.pk}/versions/1/yaml/").content.decode()
    assert yaml.safe_load(yaml_text)["slug"] == "demo"
    Tree.objects.filter(pk=tree.pk).update(start_key="nowhere")
    refused = admin_client.post(f"/admin/troubleshooter/tree/{tree.pk}/publish/", {"acknowledge": "on"})
    assert refused.status_code == 400 and "The start node “nowhere” does not exist." in refused.content.decode()


def test_a_step_of_a_pinned_session_is_at_most_8_queries(client, tree, django_assert_max_num_queries):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    client.get(session.get_absolute_url())  # the snapshot is parsed once per process
    with django_assert_max_num_queries(8):
        assert client.get(session.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/sessions/{session.pk}").json()["tree_version"] == 1
