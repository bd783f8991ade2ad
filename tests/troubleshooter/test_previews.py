"""Try this draft leaves nothing behind for long: preview sessions and snapshots older than a day go."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tickets.models import Ticket
from troubleshooter import engine
from troubleshooter.models import Session, Step, TreeVersion
from troubleshooter.previews import Pruned, prune_previews

from .tree_factories import make_fixed_articles, make_tree, simple_spec


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec())


def age(session: Session, hours: float) -> None:
    """Move a session and its snapshot back in time, as if started ``hours`` ago."""
    then = timezone.now() - timedelta(hours=hours)
    Session.objects.filter(pk=session.pk).update(created_at=then)
    TreeVersion.objects.filter(pk=session.version_id).update(created_at=then)


def test_previews_older_than_a_day_go_with_their_steps_and_snapshots_and_nothing_else(tree):
    old = engine.preview_session(tree)
    engine.answer(old, choice="ok")
    fresh = engine.preview_session(tree)
    customer = engine.start_session(tree)
    engine.answer(customer, choice="ok")
    age(old, 25)
    age(customer, 24 * 30)

    pruned = prune_previews()

    assert (pruned.sessions, pruned.snapshots) == (1, 1)
    assert set(Session.objects.values_list("pk", flat=True)) == {fresh.pk, customer.pk}
    assert not Step.objects.filter(session_id=old.pk).exists()
    assert TreeVersion.objects.filter(pk=fresh.version_id, preview=True).exists()
    assert list(TreeVersion.objects.filter(preview=False).values_list("number", flat=True)) == [1]


def test_an_old_snapshot_a_recent_session_is_still_on_is_kept(tree):
    old = engine.preview_session(tree)
    age(old, 30)
    # A session started later on the same snapshot (as an editor's second tab would) keeps it.
    recent = Session.objects.create(tree=tree, version_id=old.version_id, current_version_id=old.version_id,
                                    current_key="status", preview=True)
    assert prune_previews() == Pruned(sessions=1, snapshots=0)
    assert Session.objects.filter(pk=recent.pk).exists() and TreeVersion.objects.filter(pk=old.version_id).exists()


def test_a_ticket_that_attached_a_preview_keeps_its_text_and_loses_only_the_link(tree):
    old = engine.preview_session(tree)
    transcript = [{"question": "What does the status say?", "answer": "Successful"}]
    ticket = Ticket.objects.create(name="Ed", subject="Trying", description="From a preview", email="ed@example.com",
                                   session=old, transcript=transcript)
    age(old, 48)
    prune_previews()
    ticket.refresh_from_db()
    assert ticket.session is None and ticket.transcript == transcript


def test_the_command_takes_an_age_in_hours_and_refuses_a_negative_one(tree):
    old = engine.preview_session(tree)
    age(old, 3)
    call_command("prune_previews")
    assert Session.objects.filter(pk=old.pk).exists()
    call_command("prune_previews", "--hours", "2")
    assert not Session.objects.filter(pk=old.pk).exists()
    with pytest.raises(CommandError, match="cannot be negative"):
        call_command("prune_previews", "--hours", "-1")
