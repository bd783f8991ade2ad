import uuid

import pytest
from django.urls import reverse

from troubleshooter import engine, presentation
from troubleshooter.models import Node, Session, Tree

from .tree_factories import make_fixed_articles, make_tree, simple_spec

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec())


def test_the_index_lists_published_trees_only(client, tree):
    make_tree(simple_spec(slug="draft-tree", title="Hidden draft", published=False))
    page = client.get("/troubleshoot/").content.decode()
    assert "Demo tree" in page and "Hidden draft" not in page
    assert client.get("/troubleshoot/draft-tree/").status_code == 404


def test_the_tree_page_shows_a_start_button_and_a_get_creates_no_session(client, tree):
    response = client.get("/troubleshoot/demo/")
    assert response.status_code == 200
    assert b"Start" in response.content and b'method="post"' in response.content
    assert Session.objects.count() == 0


def test_starting_creates_a_session_and_redirects_to_it(client, tree):
    response = client.post("/troubleshoot/demo/")
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/troubleshoot/s/{session.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert session.code in page
    assert "<legend>Choose the answer that fits</legend>" in page
    assert 'name="choice" value="failed"' in page


def test_a_plain_post_answers_and_redirects(client, tree):
    session = engine.start_session(tree)
    url = session.get_absolute_url()
    response = client.post(url, {"choice": "failed"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert '<label for="answer-value">Delay</label>' in page
    assert "Failed" in page  # in the transcript


def test_an_htmx_post_answers_with_the_wizard_fragment(client, tree):
    session = engine.start_session(tree)
    response = client.post(session.get_absolute_url(), {"choice": "failed"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="wizard"' in body and "<html" not in body
    assert '<label for="answer-value">Delay</label>' in body


@pytest.mark.parametrize("data", [{}, {"choice": "nope"}, {"value": "x"}])
def test_a_bad_answer_is_a_400_with_the_reason_on_the_page(client, tree, data):
    session = engine.start_session(tree)
    response = client.post(session.get_absolute_url(), data)
    assert response.status_code == 400
    assert b'role="alert"' in response.content and b"failed, ok" in response.content


def test_a_bad_value_keeps_what_was_typed(client, tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    response = client.post(session.get_absolute_url(), {"value": "a while"})
    assert response.status_code == 400
    assert b'value="a while"' in response.content and b'aria-invalid="true"' in response.content


def test_back_and_restart_work_without_javascript(client, tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    response = client.post(reverse("troubleshooter:session_back", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.current_node.key == "status"
    engine.answer(session, choice="ok")
    client.post(reverse("troubleshooter:session_restart", args=[session.pk]), **HTMX)
    session.refresh_from_db()
    assert session.current_node.key == "status" and not presentation.transcript(session)


def test_an_outcome_asks_whether_it_solved_it_and_no_leads_to_the_ticket_form(client, tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    engine.answer(session, value="1 min")
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Did this solve it?" in page
    response = client.post(reverse("troubleshooter:session_feedback", args=[session.pk]), {"solved": "no"})
    assert response["Location"] == f"/tickets/new/?session={session.pk}"
    session.refresh_from_db()
    assert session.solved is False


def test_yes_is_recorded(client, tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    engine.answer(session, value="1 min")
    client.post(reverse("troubleshooter:session_feedback", args=[session.pk]), {"solved": "yes"})
    session.refresh_from_db()
    assert session.solved is True
    assert b"Glad that solved it" in client.get(session.get_absolute_url()).content


@pytest.mark.parametrize("path", ["/troubleshoot/s/{}/", "/troubleshoot/s/not-a-uuid/", "/troubleshoot/nope/"])
def test_unknown_sessions_and_trees_are_404(client, tree, path):
    assert client.get(path.format(uuid.uuid4())).status_code == 404
    assert client.post(path.format(uuid.uuid4()), {"choice": "x"}).status_code == 404


def test_a_session_whose_node_was_deleted_from_the_draft_still_shows_it(client, tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="ok")
    node = Node.objects.get(tree=tree, key="remarks")
    node.incoming.all().delete()
    node.delete()
    page = client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert b"Paste the remarks." in page.content
    assert client.post(session.get_absolute_url(), {"value": "rate limit"}).status_code == 302


def test_a_session_can_be_reopened_by_its_code(client, tree):
    session = engine.start_session(tree)
    response = client.get("/troubleshoot/", {"code": session.code.lower()})
    assert response["Location"] == session.get_absolute_url()
    missing = client.get("/troubleshoot/", {"code": "ZZZZZZ"})
    assert missing.status_code == 404 and b"No session has the code" in missing.content


def test_a_check_step_shows_the_checker_fields_and_then_its_findings(client, db):
    spec = simple_spec()
    spec["nodes"][0]["choices"].append({"key": "check", "label": "Check it", "next": "remarks-check"})
    spec["nodes"].append({
        "key": "remarks-check", "kind": "check", "checker": "remarks", "prompt": "Paste the Remarks.",
        "rules": [{"op": "verdict", "value": "rate-limit", "next": "out-slow"}, {"op": "default", "next": "out-help"}],
    })
    session = engine.start_session(make_tree(spec))
    engine.answer(session, choice="check")
    page = client.get(session.get_absolute_url()).content.decode()
    assert '<label for="field-text">Remarks</label>' in page
    client.post(session.get_absolute_url(), {"field-text": "Hit the rate limit control policy"})
    page = client.get(session.get_absolute_url()).content.decode()
    assert "What the check found" in page and "rate limit control policy for this number" in page


def test_a_wizard_step_runs_at_most_eight_queries(client, tree, django_assert_max_num_queries):
    session = engine.start_session(tree)
    url = session.get_absolute_url()
    client.get(url)  # warm up the session framework and content types
    # Eleven for an answer: the session's row lock is one query, and inside the test's own transaction
    # the answer's transaction is a savepoint (two more) that a real request does not count.
    with django_assert_max_num_queries(11):
        assert client.post(url, {"choice": "failed"}, **HTMX).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.post(url, {"value": "1h"}, **HTMX).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_drafts_are_visible_to_staff_only(client, admin_client, tree):
    Tree.objects.filter(pk=tree.pk).update(status=Tree.Status.DRAFT)
    assert client.get("/troubleshoot/demo/").status_code == 404
    assert admin_client.get("/troubleshoot/demo/").status_code == 200


def test_an_answer_for_a_step_the_session_already_left_is_not_applied(client, tree):
    session = engine.start_session(tree)
    first = session.current_node
    engine.answer(session, choice="failed")  # an agent moved the shared session on meanwhile
    response = client.post(session.get_absolute_url(), {"node": first.pk, "choice": "ok"})
    assert response.status_code == 409
    assert b"moved on in another window" in response.content
    session.refresh_from_db()
    assert session.current_node.key == "wait" and len(presentation.transcript(session)) == 1
    assert client.post(session.get_absolute_url(), {"node": session.current_node.pk, "value": "2 min"}).status_code == 302


def test_drafts_need_the_view_tree_permission_not_just_staff(client, tree):
    from tests.factories import make_agent, make_user

    Tree.objects.filter(pk=tree.pk).update(status=Tree.Status.DRAFT)
    client.force_login(make_user())  # staff without any permission
    assert client.get("/troubleshoot/demo/").status_code == 404
    client.force_login(make_agent())  # agents may view trees
    assert client.get("/troubleshoot/demo/").status_code == 200
