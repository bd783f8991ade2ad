"""POST /api/v1/troubleshooters/{slug}/sessions: `{}` or no body starts a session; any other body is a 400."""
import pytest

from troubleshooter.models import Session

from .tree_factories import make_fixed_articles, make_tree, simple_spec

URL = "/api/v1/troubleshooters/demo/sessions"


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec())


@pytest.mark.parametrize("body", ["", "{}", "  {}  ", '{"note": "from a script"}'])
def test_an_empty_body_or_an_object_starts_a_session(client, tree, body):
    assert client.post(URL, data=body, content_type="application/json").status_code == 201


@pytest.mark.parametrize("body, words", [
    ("junk", "not valid JSON"),
    ("{nope", "not valid JSON"),
    ("[]", "must be a JSON object"),
    ('"text"', "must be a JSON object"),
    ("42", "must be a JSON object"),
    ("null", "must be a JSON object"),
    ("[" * 50_000, "nested too deeply"),
])
def test_a_body_that_is_not_a_json_object_is_a_400_and_starts_nothing(client, tree, body, words):
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400 and words in response.json()["detail"]
    assert not Session.objects.exists()


def test_a_body_that_is_not_utf8_is_a_400(client, tree):
    response = client.post(URL, data=b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400 and "not valid JSON" in response.json()["detail"]
