"""The agent console answers with the same controls as the customer's wizard."""
import pytest

from tests.factories import make_agent
from troubleshooter import engine, presentation
from troubleshooter.models import Tree


class TestAgentFormUsesTheCustomersWidgets:
    @pytest.fixture
    def agent_client(self, db, client):
        client.force_login(make_agent(username="agent-bo"))
        return client

    def test_a_select_field_is_a_select_with_its_choices(self, agent_client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        engine.answer(session, choice="exact-times")
        assert session.current_node.kind == "check"
        page = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert '<select id="field_sms_type" name="field_sms_type" required>' in page
        assert "{#" not in page and "comment" not in page
        assert '<option value="marketing">Marketing</option>' in page
        assert 'placeholder="2026-11-24 10:00:05"' in page and '<label for="field_requested_at">' in page

    def test_an_input_node_gets_the_typed_control_and_the_agent_can_answer_with_it(self, agent_client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        engine.answer(session, choice="rough-gaps")
        page = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert '<label for="answer-value">' in page and 'id="answer-value" name="value"' in page
        agent_client.post(f"/agent/s/{session.code}/answer/", {"value": "１２ minutes"})
        session.refresh_from_db()
        assert presentation.transcript(session)[-1]["answered_by"] == "agent-bo"
