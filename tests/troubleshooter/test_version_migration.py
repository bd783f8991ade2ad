"""Introducing versions: every published tree gets version 1 from its rows, and sessions and steps in flight
are pinned to it by node key."""
from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from troubleshooter import engine
from troubleshooter.models import Session, Tree

BEFORE_VERSIONS = [("troubleshooter", "0007_article_reads")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_published_trees_get_version_1_and_sessions_keep_their_node():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE_VERSIONS).loader.project_state(BEFORE_VERSIONS).apps
    OldTree, OldNode, OldBranch = (old.get_model("troubleshooter", name) for name in ("Tree", "Node", "Branch"))
    OldSession, OldStep = old.get_model("troubleshooter", "Session"), old.get_model("troubleshooter", "Step")
    tree = OldTree.objects.create(slug="sms", title="SMS", start_key="start", status="published")
    draft = OldTree.objects.create(slug="draft", title="Unfinished", start_key="start", status="draft")
    start = OldNode.objects.create(tree=tree, key="start", kind="question", prompt="Did it arrive?",
                                   prompt_html="<p>Did it arrive?</p>")
    end = OldNode.objects.create(tree=tree, key="end", kind="outcome", prompt="Done.", title="Done", resolution="solved")
    OldBranch.objects.create(node=start, key="no", label="No", target=end)
    session = OldSession.objects.create(tree=tree, code="ACDEFG", current_node=end, finished=True)
    OldStep.objects.create(session=session, position=1, node=start, node_key="start", tree_slug="sms",
                           prompt="Did it arrive?", answer_key="no", answer_label="No")

    migrate(leaves)

    tree = Tree.objects.get(slug="sms")
    assert tree.is_published and tree.live_version.number == 1
    nodes = {node["key"]: node for node in tree.live_version.snapshot["nodes"]}
    assert nodes["start"]["prompt_html"] == "<p>Did it arrive?</p>" and nodes["start"]["choices"][0]["next"] == "end"
    assert not Tree.objects.get(slug="draft").versions.exists() and draft.pk
    session = Session.objects.get(code="ACDEFG")
    assert (session.version_id, session.current_node.key, session.tree_version) == (tree.live_version_id, "end", 1)
    engine.go_back(session)
    assert session.current_node.key == "start"
