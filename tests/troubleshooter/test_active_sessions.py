"""The console's list of active sessions: answered in the last 30 minutes, most recent first."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.troubleshooter.session_factories import make_tree_with_session
from troubleshooter.activity import active_sessions
from troubleshooter.models import Step

pytestmark = pytest.mark.django_db


def answered_minutes_ago(minutes: int, *, dropped: bool = False):
    session = make_tree_with_session(steps=1)
    Step.objects.filter(session=session).update(
        at=timezone.now() - timedelta(minutes=minutes),
        dropped_at=timezone.now() if dropped else None,
    )
    return session


def test_only_sessions_answered_in_the_last_30_minutes_most_recent_first():
    older, recent = answered_minutes_ago(20), answered_minutes_ago(2)
    answered_minutes_ago(45)
    answered_minutes_ago(1, dropped=True)
    assert [s.code for s in active_sessions()] == [recent.code, older.code]


def test_it_is_one_query(django_assert_num_queries):
    for minutes in range(5):
        answered_minutes_ago(minutes)
    with django_assert_num_queries(1):
        sessions = active_sessions()
        titles = [s.tree.title for s in sessions]
    assert len(titles) == 5


def test_the_console_shows_them_beside_open_by_code(agent_client):
    live = answered_minutes_ago(3)
    html = agent_client.get("/agent/").content.decode()
    assert "Active sessions" in html
    assert f'href="/agent/s/{live.code}/"' in html
    assert html.index("Open a live session") < html.index("Active sessions") < html.index("Ticket queue")
