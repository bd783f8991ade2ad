"""Test data for tickets and the agent console: a tiny tree, a session with steps, staff users."""
from __future__ import annotations

import itertools

from django.contrib.auth.models import Group, User

from troubleshooter.models import Node, Session, Step, Ticket, Tree
from troubleshooter.roles import AGENTS, EDITORS

_counter = itertools.count(1)


def make_tree_with_session(*, steps: int = 2, outcome_title: str = "Ask support to check the carrier") -> Session:
    """A published two-node tree and a finished session whose transcript has ``steps`` answers."""
    n = next(_counter)
    tree = Tree.objects.create(slug=f"tree-{n}", title=f"Tree {n}", start_key="start", status="published")
    start = Node.objects.create(tree=tree, key="start", kind=Node.Kind.QUESTION, prompt="Did the SMS arrive?")
    end = Node.objects.create(
        tree=tree, key="escalate", kind=Node.Kind.OUTCOME, prompt="Contact support.", title=outcome_title,
        resolution=Node.Resolution.ESCALATE,
    )
    session = Session.objects.create(tree=tree, current_node=end, finished=True)
    for position in range(1, steps + 1):
        Step.objects.create(
            session=session, position=position, node=start, node_key="start", tree_slug=tree.slug,
            prompt=f"Question {position}?", answer_key="no", answer_label=f"Answer {position}",
        )
    return session


def make_ticket(**overrides) -> Ticket:
    n = next(_counter)
    fields = {
        "name": f"Customer {n}",
        "email": f"customer{n}@example.com",
        "subject": f"Subject {n}",
        "description": f"Description of problem {n}.",
    }
    fields.update(overrides)
    return Ticket.objects.create(**fields)


def make_user(group: str | None = None, *, staff: bool = True, **overrides) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        username=overrides.pop("username", f"user{n}"), password="pw-for-tests-123", is_staff=staff, **overrides
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_agent(**overrides) -> User:
    return make_user(AGENTS, **overrides)


def make_editor(**overrides) -> User:
    return make_user(EDITORS, **overrides)
