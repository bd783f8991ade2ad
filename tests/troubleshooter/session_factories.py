"""Test sessions: a finished one with a transcript on a tiny tree, and a live one on a small working tree."""
from __future__ import annotations

import itertools

from troubleshooter.drafts import tree_to_spec
from troubleshooter.models import Branch, Node, Session, Step, Tree, TreeVersion
from troubleshooter.snapshots import get_snapshot

_counter = itertools.count(1)


def freeze(tree: Tree) -> TreeVersion:
    """Make the tree's rows its live version 1 as they are, unchecked (these trees are deliberately tiny)."""
    version = TreeVersion.objects.create(tree=tree, number=1, snapshot=tree_to_spec(tree, frozen=True))
    tree.live_version = version
    tree.save(update_fields=["live_version"])
    return version


def make_tree_with_session(*, steps: int = 2, outcome_title: str = "Ask support to check the carrier") -> Session:
    """A published two-node tree and a finished session whose transcript has ``steps`` answers."""
    n = next(_counter)
    tree = Tree.objects.create(slug=f"tree-{n}", title=f"Tree {n}", start_key="start", status="published")
    start = Node.objects.create(tree=tree, key="start", kind=Node.Kind.QUESTION, prompt="Did the SMS arrive?")
    end = Node.objects.create(
        tree=tree, key="escalate", kind=Node.Kind.OUTCOME, prompt="Contact support.", title=outcome_title,
        resolution=Node.Resolution.ESCALATE,
    )
    version = freeze(tree)
    session = Session.objects.create(
        tree=tree, version=version, current_version=version, current_key=end.key, finished=True
    )
    for position in range(1, steps + 1):
        Step.objects.create(
            session=session, position=position, version=version, node_key=start.key, tree_slug=tree.slug,
            prompt=f"Question {position}?", answer_key="no", answer_label=f"Answer {position}",
        )
    return session


def make_live_session() -> Session:
    """A fresh session on a small working tree: a question, then an input, then outcomes."""
    n = next(_counter)
    tree = Tree.objects.create(slug=f"live-{n}", title=f"Live tree {n}", start_key="arrived", status="published")
    question = Node.objects.create(
        tree=tree, key="arrived", kind=Node.Kind.QUESTION, prompt="Did the SMS arrive?",
        prompt_html="<p>Did the SMS arrive?</p>",
    )
    wait = Node.objects.create(
        tree=tree, key="wait", kind=Node.Kind.INPUT, prompt="How many minutes have you waited?",
        prompt_html="<p>How many minutes have you waited?</p>", input_type=Node.InputType.NUMBER,
        input_label="Minutes waited",
    )
    solved = Node.objects.create(
        tree=tree, key="solved", kind=Node.Kind.OUTCOME, prompt="Glad it works.", prompt_html="<p>Glad it works.</p>",
        title="All good", resolution=Node.Resolution.SOLVED,
    )
    escalate = Node.objects.create(
        tree=tree, key="escalate", kind=Node.Kind.OUTCOME, prompt="Contact support.",
        prompt_html="<p>Contact support.</p>", title="Ask support", resolution=Node.Resolution.ESCALATE,
    )
    Branch.objects.create(node=question, position=1, key="yes", label="Yes, it arrived", target=solved)
    Branch.objects.create(node=question, position=2, key="no", label="No, nothing yet", target=wait)
    Branch.objects.create(node=wait, position=1, operator=Branch.Operator.DEFAULT, target=escalate)
    version = freeze(tree)
    return Session.objects.create(tree=tree, version=version, current_version=version, current_key=question.key)


def live_node(node: Node):
    """A draft Node row's counterpart in its tree's live version."""
    return get_snapshot(node.tree.live_version_id).node(node.key)


def put_at(session: Session, node: Node) -> Session:
    """Move a session straight to (the live version of) a node, as if it had walked there."""
    found = live_node(node)
    session.current_version_id, session.current_key = found.version_id, found.key
    session.finished = found.kind == "outcome"
    session.save(update_fields=["current_version", "current_key", "finished"])
    return session


def republish(tree: Tree) -> TreeVersion:
    """Publish the draft's current rows as the tree's next live version, unchecked (tests of tiny trees)."""
    number = (tree.versions.exclude(number=None).order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = TreeVersion.objects.create(tree=tree, number=number, snapshot=tree_to_spec(tree, frozen=True))
    tree.live_version = version
    tree.save(update_fields=["live_version"])
    return version
