"""A shared session changes only from the node a request was made for: the late request gets 409.

These tests stage the race one step at a time (a session object loaded before another request moved
the session); tests/project/test_concurrency_live.py fires the real thing at a live server.
"""
import json

import pytest

from troubleshooter import engine, presentation
from troubleshooter.models import Session, Step

from .tree_factories import make_fixed_articles, make_tree, simple_spec


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec())


def post(client, url, body=None):
    return client.post(url, data=json.dumps({} if body is None else body), content_type="application/json")


def stale_copy(session: Session) -> Session:
    """The session as a request that loaded it now, and has not yet taken the lock, sees it."""
    return engine.load_session(session.pk)


def node_keys(session: Session) -> list[str]:
    return [entry["node_key"] for entry in presentation.transcript(session)]


class TestEngineRaces:
    def test_an_answer_loaded_before_another_answer_landed_is_refused_and_records_nothing(self, tree):
        session = engine.start_session(tree)
        late = stale_copy(session)
        engine.answer(session, choice="failed")
        with pytest.raises(engine.SessionMoved):
            engine.answer(late, choice="ok")
        assert node_keys(stale_copy(session)) == ["status"]
        assert Step.objects.filter(session=session).count() == 1

    def test_an_answer_loaded_before_a_back_landed_is_refused(self, tree):
        session = engine.start_session(tree)
        engine.answer(session, choice="failed")
        late = stale_copy(session)
        engine.go_back(session)
        with pytest.raises(engine.SessionMoved):
            engine.answer(late, value="1h")
        fresh = stale_copy(session)
        assert fresh.current_node.key == "status" and node_keys(fresh) == []

    def test_a_back_loaded_before_an_answer_landed_is_refused(self, tree):
        session = engine.start_session(tree)
        engine.answer(session, choice="failed")
        late = stale_copy(session)
        engine.answer(session, value="1h")
        with pytest.raises(engine.SessionMoved):
            engine.go_back(late)
        assert node_keys(stale_copy(session)) == ["status", "wait"]

    def test_two_backs_loaded_together_take_one_step_back_not_two(self, tree):
        session = engine.start_session(tree)
        engine.answer(session, choice="failed")
        engine.answer(session, value="1h")
        first, second = stale_copy(session), stale_copy(session)
        engine.go_back(first)
        with pytest.raises(engine.SessionMoved):
            engine.go_back(second)
        assert node_keys(stale_copy(session)) == ["status"]

    def test_the_session_stays_usable_after_a_refused_answer(self, tree):
        session = engine.start_session(tree)
        late = stale_copy(session)
        engine.answer(session, choice="failed")
        with pytest.raises(engine.SessionMoved):
            engine.answer(late, choice="ok")
        fresh = stale_copy(session)
        engine.answer(fresh, value="1h")
        assert fresh.finished and node_keys(fresh) == ["status", "wait"]

    def test_an_answer_for_a_named_node_the_session_left_is_refused(self, tree):
        session = engine.start_session(tree)
        start = session.current_node_id
        engine.answer(session, choice="failed")
        with pytest.raises(engine.SessionMoved):
            engine.answer(session, value="1h", expected_node_id=start)


class TestApiRaces:
    def test_an_answer_naming_a_node_the_session_left_is_409_with_a_detail(self, client, tree):
        session_id = post(client, "/api/v1/troubleshooters/demo/sessions").json()["id"]
        assert post(client, f"/api/v1/sessions/{session_id}/answers", {"choice": "failed", "node": "status"}).status_code == 200
        late = post(client, f"/api/v1/sessions/{session_id}/answers", {"choice": "ok", "node": "status"})
        assert late.status_code == 409
        assert "moved on" in late.json()["detail"]
        assert [e["node_key"] for e in client.get(f"/api/v1/sessions/{session_id}").json()["transcript"]] == [
            "status"
        ]

    def test_an_answer_naming_the_current_node_is_taken(self, client, tree):
        session_id = post(client, "/api/v1/troubleshooters/demo/sessions").json()["id"]
        response = post(client, f"/api/v1/sessions/{session_id}/answers", {"choice": "failed", "node": "status"})
        assert response.status_code == 200 and response.json()["node"]["key"] == "wait"

    def test_a_back_naming_a_node_the_session_left_is_409(self, client, tree):
        session_id = post(client, "/api/v1/troubleshooters/demo/sessions").json()["id"]
        post(client, f"/api/v1/sessions/{session_id}/answers", {"choice": "failed"})
        late = post(client, f"/api/v1/sessions/{session_id}/back", {"node": "status"})
        assert late.status_code == 409 and late.json()["detail"]
        assert post(client, f"/api/v1/sessions/{session_id}/back", {"node": "wait"}).json()["node"]["key"] == "status"

    def test_a_back_with_an_empty_body_still_goes_back(self, client, tree):
        session = engine.start_session(tree)
        engine.answer(session, choice="failed")
        empty = client.post(f"/api/v1/sessions/{session.pk}/back", data="", content_type="application/json")
        assert empty.status_code == 200 and empty.json()["node"]["key"] == "status"

    def test_a_back_naming_a_node_that_is_not_a_string_is_400(self, client, tree):
        session = engine.start_session(tree)
        assert post(client, f"/api/v1/sessions/{session.pk}/back", {"node": 5}).status_code == 400

    def test_an_answer_the_session_left_between_load_and_lock_is_409(self, client, tree, monkeypatch):
        session = engine.start_session(tree)
        late = stale_copy(session)
        engine.answer(session, choice="failed")
        monkeypatch.setattr(engine, "load_session", lambda session_id: late)
        response = post(client, f"/api/v1/sessions/{session.pk}/answers", {"choice": "ok"})
        assert response.status_code == 409 and response.json()["detail"]

    def test_the_openapi_document_lists_the_409s(self, client, db):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        assert "409" in paths["/api/v1/sessions/{session_id}/answers"]["post"]["responses"]
        assert "409" in paths["/api/v1/sessions/{session_id}/back"]["post"]["responses"]


class TestWizardRaces:
    def test_a_back_the_session_left_between_load_and_lock_is_a_409_page(self, client, tree, monkeypatch):
        session = engine.start_session(tree)
        engine.answer(session, choice="failed")
        late = stale_copy(session)
        engine.answer(session, value="1h")
        real_load = engine.load_session
        calls = iter([late])
        monkeypatch.setattr(engine, "load_session", lambda session_id: next(calls, None) or real_load(session_id))
        response = client.post(f"/troubleshoot/s/{session.pk}/back/")
        assert response.status_code == 409
        assert engine.MOVED_ON in response.content.decode()
        assert node_keys(stale_copy(session)) == ["status", "wait"]

    def test_an_answer_the_session_left_between_load_and_lock_is_a_409_page(self, client, tree, monkeypatch):
        session = engine.start_session(tree)
        late = stale_copy(session)
        engine.answer(session, choice="failed")
        real_load = engine.load_session
        calls = iter([late])
        monkeypatch.setattr(engine, "load_session", lambda session_id: next(calls, None) or real_load(session_id))
        response = client.post(session.get_absolute_url(), {"choice": "ok"})
        assert response.status_code == 409
        assert engine.MOVED_ON in response.content.decode()
        assert node_keys(stale_copy(session)) == ["status"]
