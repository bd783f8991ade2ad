"""The public session-code lookup: only recent sessions, and only so many tries per client."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_agent
from tests.troubleshooter.session_factories import make_live_session
from troubleshooter import code_lookup
from troubleshooter.models import Session

pytestmark = pytest.mark.django_db


def _age(session: Session, hours: float) -> None:
    # update() skips auto_now, so the session really looks this old.
    Session.objects.filter(pk=session.pk).update(updated_at=timezone.now() - timedelta(hours=hours))


class TestOnlyRecentSessionsOpen:
    def test_a_session_that_moved_today_opens(self, client):
        session = make_live_session()
        _age(session, 23)
        response = client.get("/troubleshoot/", {"code": session.code})
        assert response.status_code == 302
        assert response["Location"] == session.get_absolute_url()

    def test_an_older_session_is_not_found_and_says_why(self, client):
        session = make_live_session()
        _age(session, 25)
        response = client.get("/troubleshoot/", {"code": session.code})
        assert response.status_code == 404
        html = response.content.decode()
        assert f"No session has the code “{session.code}” among those active in the last 24 hours" in html

    def test_the_period_is_a_setting(self, client, settings):
        settings.SESSION_CODE_HOURS = 1
        session = make_live_session()
        _age(session, 2)
        assert client.get("/troubleshoot/", {"code": session.code}).status_code == 404

    def test_the_agent_console_still_finds_an_old_session(self, client):
        session = make_live_session()
        _age(session, 24 * 30)
        client.force_login(make_agent())
        response = client.get("/agent/sessions/", {"code": session.code})
        assert response.status_code == 302
        assert response["Location"] == f"/agent/s/{session.code}/"


class TestLookupsAreThrottled:
    def test_the_twenty_first_lookup_in_ten_minutes_is_a_429_even_for_a_real_code(self, client):
        session = make_live_session()
        for _ in range(code_lookup.LOOKUPS_PER_WINDOW):
            assert client.get("/troubleshoot/", {"code": "QQQQQQ"}).status_code == 404
        response = client.get("/troubleshoot/", {"code": session.code})
        assert response.status_code == 429
        assert response["Retry-After"] == str(code_lookup.WINDOW_SECONDS)
        assert "Too many session codes tried from your connection" in response.content.decode()

    def test_another_client_is_counted_apart(self, client):
        session = make_live_session()
        for _ in range(code_lookup.LOOKUPS_PER_WINDOW + 1):
            client.get("/troubleshoot/", {"code": "QQQQQQ"}, REMOTE_ADDR="10.0.0.1")
        response = client.get("/troubleshoot/", {"code": session.code}, REMOTE_ADDR="10.0.0.2")
        assert response.status_code == 302


    def test_the_page_without_a_code_is_not_counted(self, client):
        for _ in range(code_lookup.LOOKUPS_PER_WINDOW + 5):
            assert client.get("/troubleshoot/").status_code == 200
        assert client.get("/troubleshoot/", {"code": "QQQQQQ"}).status_code == 404
