import json

import pytest

from troubleshooter import engine
from troubleshooter.models import Session

from .tree_factories import make_fixed_articles, make_tree, simple_spec

NODE_KEYS = {"key", "kind", "prompt", "prompt_html", "choices", "input", "outcome"}


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec())


def post(client, url, body=None):
    return client.post(url, data=json.dumps({} if body is None else body), content_type="application/json")


def test_the_troubleshooters_are_listed(client, tree):
    make_tree(simple_spec(slug="hidden", published=False))
    assert client.get("/api/v1/troubleshooters").json() == [
        {"slug": "demo", "title": "Demo tree", "description": "A tree for tests."}
    ]


def test_starting_a_session_answers_201_with_the_first_node(client, tree):
    response = post(client, "/api/v1/troubleshooters/demo/sessions")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "code", "url", "node"}
    assert body["url"] == f"/troubleshoot/s/{body['id']}/"
    assert set(body["node"]) == NODE_KEYS
    assert body["node"]["choices"] == [{"key": "failed", "label": "Failed"}, {"key": "ok", "label": "Successful"}]
    assert Session.objects.get().code == body["code"]


@pytest.mark.parametrize("slug", ["nope", "hidden"])
def test_starting_an_unknown_or_draft_troubleshooter_is_404(client, tree, slug):
    make_tree(simple_spec(slug="hidden", published=False))
    response = post(client, f"/api/v1/troubleshooters/{slug}/sessions")
    assert response.status_code == 404 and response.json()["detail"]


def test_a_whole_walk_through_the_api(client, tree):
    session_id = post(client, "/api/v1/troubleshooters/demo/sessions").json()["id"]
    step = post(client, f"/api/v1/sessions/{session_id}/answers", {"choice": "failed"}).json()
    assert step["node"]["kind"] == "input" and not step["finished"]
    example = step["node"]["input"]["example"]
    assert step["node"]["input"] == {"type": "duration", "label": "Delay", "help": "", "example": example}
    done = post(client, f"/api/v1/sessions/{session_id}/answers", {"value": example})
    assert done.status_code == 200
    body = done.json()
    assert set(body) == {"id", "node", "transcript", "finished"}
    assert body["finished"] and body["node"]["kind"] == "outcome"
    assert body["node"]["outcome"]["ticket_url"] == f"/tickets/new/?session={session_id}"
    assert [set(e) for e in body["transcript"]] == [{"node_key", "prompt", "answer_label", "at"}] * 2
    full = client.get(f"/api/v1/sessions/{session_id}").json()
    assert set(full) == {"id", "code", "url", "tree", "tree_version", "node", "transcript", "finished"}
    assert full["tree"] == "demo" and full["tree_version"] == 1 and full["finished"]
    back = post(client, f"/api/v1/sessions/{session_id}/back")
    assert back.status_code == 200
    assert back.json()["node"]["key"] == "wait" and len(back.json()["transcript"]) == 1


@pytest.mark.parametrize(
    "body, detail",
    [
        ({}, "Pick one of the choices"),
        ({"choice": "maybe"}, "not one of the choices"),
        ({"choice": 5}, "choice"),
        ({"value": "x"}, "Pick one of the choices"),
        ([1, 2], ""),
        ("just text", ""),
    ],
)
def test_a_bad_choice_is_400_with_a_clear_detail(client, tree, body, detail):
    session = engine.start_session(tree)
    response = post(client, f"/api/v1/sessions/{session.pk}/answers", body)
    assert response.status_code == 400
    assert detail in response.json()["detail"]


@pytest.mark.parametrize("value", ["forever", "", None, {"a": 1}, [1], -5, "9" * 400])
def test_a_bad_value_is_400_with_a_clear_detail(client, tree, value):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    response = post(client, f"/api/v1/sessions/{session.pk}/answers", {"value": value})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["detail"]


def test_malformed_json_is_400(client, tree):
    session = engine.start_session(tree)
    response = client.post(f"/api/v1/sessions/{session.pk}/answers", data="{nope", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.parametrize("session_id", ["368283bd-db89-4d3d-b3c8-a082a7abd0e2", "not-a-uuid", "1"])
def test_an_unknown_session_is_404(client, tree, session_id):
    for response in (
        client.get(f"/api/v1/sessions/{session_id}"),
        post(client, f"/api/v1/sessions/{session_id}/answers", {"choice": "failed"}),
        post(client, f"/api/v1/sessions/{session_id}/back"),
    ):
        assert response.status_code == 404
        assert response.json()["detail"] == "No troubleshooting session has this id."


def test_an_api_answer_runs_at_most_eight_queries(client, tree, django_assert_max_num_queries):
    session = engine.start_session(tree)
    # Nine: the session's row lock is one query, and inside the test's own transaction the answer's
    # transaction is a savepoint (two more) that a real request does not count.
    with django_assert_max_num_queries(9):
        assert post(client, f"/api/v1/sessions/{session.pk}/answers", {"choice": "failed"}).status_code == 200


def test_the_openapi_document_describes_the_session_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/troubleshooters", "/api/v1/troubleshooters/{slug}/sessions", "/api/v1/sessions/{session_id}",
            "/api/v1/sessions/{session_id}/answers", "/api/v1/sessions/{session_id}/back"} <= set(paths)


def test_an_api_answer_from_a_logged_in_browser_is_not_recorded_under_its_name(client, tree):
    from django.contrib.auth.models import User

    from troubleshooter.models import Step

    client.force_login(User.objects.create_user("agent-api", password="pw-for-tests-123", is_staff=True))
    session_id = post(client, "/api/v1/troubleshooters/demo/sessions").json()["id"]
    assert post(client, f"/api/v1/sessions/{session_id}/answers", {"choice": "failed"}).status_code == 200
    step = Step.objects.get(session_id=session_id)
    assert step.answered_by is None
