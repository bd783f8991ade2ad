"""NUL characters anywhere a view reads are a clear 400, never a 500 from PostgreSQL."""
from __future__ import annotations

import json

import pytest

from tests.factories import make_agent
from tests.troubleshooter.session_factories import make_live_session
from tests.troubleshooter.tree_factories import make_fixed_articles, make_tree, simple_spec
from troubleshooter import engine
from troubleshooter.models import Step

pytestmark = pytest.mark.django_db


def _session_on_text_input():
    make_fixed_articles()
    tree = make_tree(simple_spec())
    session = engine.start_session(tree)
    return engine.answer(session, choice="ok")  # now on the "remarks" text input


class TestTheApi:
    def test_a_nul_in_a_json_answer_is_a_json_400(self, client):
        session = _session_on_text_input()
        response = client.post(
            f"/api/v1/sessions/{session.pk}/answers", data=json.dumps({"value": "x\u0000"}),
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "NUL character" in response.json()["detail"]
        assert not Step.objects.filter(session=session, node_key="remarks").exists()

    def test_a_nul_nested_in_a_check_value_is_a_json_400(self, client):
        session = _session_on_text_input()
        response = client.post(
            f"/api/v1/sessions/{session.pk}/answers", data=json.dumps({"value": {"body": "a\u0000b"}}),
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "NUL character" in response.json()["detail"]

    def test_a_nul_in_an_article_slug_is_a_json_400(self, client):
        response = client.get("/api/v1/articles/%00")
        assert response.status_code == 400
        assert "NUL character" in response.json()["detail"]

    def test_an_escaped_backslash_before_u0000_is_not_a_nul(self, client):
        session = _session_on_text_input()
        response = client.post(
            f"/api/v1/sessions/{session.pk}/answers", data=json.dumps({"value": "C:\\u0000 rate limit"}),
            content_type="application/json",
        )
        assert response.status_code == 200


class TestThePages:
    def test_a_nul_posted_to_the_wizard_is_a_400(self, client):
        session = _session_on_text_input()
        response = client.post(f"/troubleshoot/s/{session.pk}/", {"node": "remarks", "value": "x\x00"})
        assert response.status_code == 400
        assert "NUL character" in response.content.decode()
        assert not Step.objects.filter(session=session, node_key="remarks").exists()

    def test_a_nul_posted_to_the_agent_console_is_a_400(self, client):
        client.force_login(make_agent())
        session = make_live_session()
        engine.answer(session, choice="no")
        response = client.post(f"/agent/s/{session.code}/answer/", {"value": "1\x00"})
        assert response.status_code == 400
        assert Step.objects.filter(session=session).count() == 1

    @pytest.mark.parametrize("url", ["/tickets/new/?article=%00", "/tickets/received/%00/", "/search/?q=a%00b"])
    def test_a_nul_in_a_public_address_is_a_400(self, client, url):
        response = client.get(url)
        assert response.status_code == 400
        assert "NUL character" in response.content.decode()

    def test_a_nul_in_an_agent_ticket_address_is_a_400(self, client):
        client.force_login(make_agent())
        assert client.get("/agent/tickets/%00/").status_code == 400

    def test_a_nul_in_a_form_field_name_is_a_400(self, client):
        assert client.post("/tickets/new/", {"na\x00me": "x"}).status_code == 400


class TestTheEngine:
    @pytest.mark.parametrize("value", ["x\x00", {"body": "\x00"}, ["a", "b\x00"], {"k\x00": "v"}])
    def test_an_answer_holding_a_nul_is_refused(self, value):
        session = _session_on_text_input()
        with pytest.raises(engine.AnswerError, match="NUL character"):
            engine.answer(session, value=value)
        assert not Step.objects.filter(session=session, node_key="remarks").exists()

    def test_a_choice_holding_a_nul_is_refused(self):
        make_fixed_articles()
        session = engine.start_session(make_tree(simple_spec()))
        with pytest.raises(engine.AnswerError, match="NUL character"):
            engine.answer(session, choice="ok\x00")


class TestTheMiddlewareReadsBodiesSafely:
    def test_a_nul_in_a_body_sent_as_plain_text_to_the_api_is_refused(self, client):
        session = _session_on_text_input()
        response = client.post(
            f"/api/v1/sessions/{session.pk}/answers", data='{"value": "x\\u0000"}', content_type="text/plain"
        )
        # Refused before anything reads it: the API takes only application/json (config/api_edge.py).
        assert response.status_code == 415
        assert not Step.objects.filter(session=session, node_key="remarks").exists()

    def test_a_deeply_nested_body_is_left_to_the_view(self, client):
        session = _session_on_text_input()
        body = "[" * 100_000 + '"\\u0000"' + "]" * 100_000
        response = client.post(f"/api/v1/sessions/{session.pk}/answers", data=body, content_type="application/json")
        assert 400 <= response.status_code < 500
