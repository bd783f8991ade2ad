"""The agent console: who gets in, and the live sessions an agent opens by code and answers for the customer."""
from __future__ import annotations

import pytest

from tests.factories import make_editor, make_user
from tests.tickets.factories import make_ticket
from tests.troubleshooter.session_factories import make_live_session
from troubleshooter import engine
from troubleshooter.agent_views import session_version
from troubleshooter.models import Step, Tree
from troubleshooter.treefiles import load_default_trees

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class TestWhoGetsIn:
    PAGES = ["/agent/", "/agent/sessions/?code=ABCDEF"]

    @pytest.mark.parametrize("url", PAGES)
    def test_anonymous_visitors_are_sent_to_log_in(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/agent/login/?next=/agent/")

    @pytest.mark.parametrize("url", PAGES)
    def test_editors_are_refused(self, client, url):
        client.force_login(make_editor())
        assert client.get(url).status_code == 403

    def test_staff_without_the_agents_group_are_refused(self, client):
        client.force_login(make_user(None))
        assert client.get("/agent/").status_code == 403

    def test_agents_in_the_group_but_not_staff_are_refused(self, client):
        client.force_login(make_user("Agents", staff=False))
        assert client.get("/agent/").status_code == 403

    def test_agents_get_in(self, agent_client):
        assert agent_client.get("/agent/").status_code == 200

    def test_superusers_get_in(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw"))
        assert client.get("/agent/").status_code == 200

    def test_editors_cannot_change_a_ticket(self, client):
        ticket = make_ticket()
        client.force_login(make_editor())
        assert client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "closed"}).status_code == 403
        assert client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "hi"}).status_code == 403
        ticket.refresh_from_db()
        assert ticket.status == "new" and not ticket.events.exists()


class TestLiveSessions:
    def test_a_code_opens_the_session_whatever_its_case_or_spacing(self, agent_client):
        session = make_live_session()
        spaced = f" {session.code[:3].lower()} {session.code[3:].lower()} "
        response = agent_client.get("/agent/sessions/", {"code": spaced})
        assert response.status_code == 302
        assert response["Location"] == f"/agent/s/{session.code}/"

    def test_an_unknown_code_says_so(self, agent_client):
        response = agent_client.get("/agent/sessions/", {"code": "QQQQQQ"})
        assert response.status_code == 404
        assert "No session has the code “QQQQQQ”" in response.content.decode()

    def test_an_empty_code_is_a_400(self, agent_client):
        assert agent_client.get("/agent/sessions/", {"code": ""}).status_code == 400

    def test_the_page_shows_the_current_question_and_polls(self, agent_client):
        session = make_live_session()
        html = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert "Did the SMS arrive?" in html
        assert "Yes, it arrived" in html and "No, nothing yet" in html
        assert f'hx-get="/agent/s/{session.code}/live/?v=' in html
        assert 'hx-trigger="every 3s"' in html

    def test_polling_answers_204_until_the_customer_moves(self, agent_client, django_assert_max_num_queries):
        session = make_live_session()
        version = session_version(session)
        with django_assert_max_num_queries(5):
            unchanged = agent_client.get(f"/agent/s/{session.code}/live/", {"v": version})
        assert unchanged.status_code == 204
        engine.answer(session, choice="no")
        moved = agent_client.get(f"/agent/s/{session.code}/live/", {"v": version})
        assert moved.status_code == 200
        assert "Minutes waited" in moved.content.decode()
        assert "No, nothing yet" in moved.content.decode()

    def test_an_agent_answers_on_the_customers_behalf_and_is_recorded(self, agent_client):
        session = make_live_session()
        response = agent_client.post(f"/agent/s/{session.code}/answer/", {"choice": "no"})
        assert response.status_code == 302
        response = agent_client.post(
            f"/agent/s/{session.code}/answer/", {"value": "15"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert "Ask support" in response.content.decode()
        steps = list(Step.objects.filter(session=session).order_by("position"))
        assert [step.answered_by.username for step in steps] == ["agent-ann", "agent-ann"]
        page = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert "answered by agent-ann" in page

    def test_a_bad_answer_is_explained(self, agent_client):
        session = make_live_session()
        response = agent_client.post(f"/agent/s/{session.code}/answer/", {"choice": "maybe"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 400
        assert "is not one of the choices" in response.content.decode()
        follow = agent_client.post(f"/agent/s/{session.code}/answer/", {"choice": "maybe"}, follow=True)
        assert "is not one of the choices" in follow.content.decode()

    def test_an_agent_can_go_back_a_step(self, agent_client):
        session = make_live_session()
        agent_client.post(f"/agent/s/{session.code}/answer/", {"choice": "no"})
        agent_client.post(f"/agent/s/{session.code}/back/")
        session.refresh_from_db()
        assert session.current_node.key == "arrived"

    def test_an_unknown_session_is_a_404(self, agent_client):
        assert agent_client.get("/agent/s/QQQQQQ/").status_code == 404


class TestLiveSessionsOnTheShippedTrees:
    """The console against the real "not received" tree: a check node answered through its fields."""

    def test_an_agent_runs_the_remarks_check_for_the_customer(self, agent_client):
        load_default_trees()
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        engine.answer(session, choice="failed")
        engine.answer(session, choice="other")
        page = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert 'name="field_text"' in page and "<label" in page
        response = agent_client.post(
            f"/agent/s/{session.code}/answer/",
            {"field_text": "Request hit the frequency control policy"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        session.refresh_from_db()
        assert session.current_node.key == "out-rate-limit"
        assert session.steps.filter(dropped_at__isnull=True).last().answered_by.username == "agent-ann"
        assert "Check result: Sending was rate-limited" in response.content.decode()


class TestAnAgentAnswerForAStaleQuestion:
    """The customer and the agent share a session: an answer drawn for an earlier question is refused."""

    def test_the_answer_form_names_its_node(self, agent_client):
        session = make_live_session()
        html = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert f'<input type="hidden" name="node" value="{session.current_node.pk}">' in html

    @pytest.mark.parametrize("htmx", [True, False])
    def test_an_answer_for_a_node_the_session_left_is_a_409_and_records_nothing(self, agent_client, htmx):
        session = make_live_session()
        first_node = session.current_node
        engine.answer(session, choice="no")  # the customer moved on to the "wait" input
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = agent_client.post(
            f"/agent/s/{session.code}/answer/", {"node": first_node.pk, "choice": "yes", "value": "15"}, **headers
        )
        assert response.status_code == 409
        assert "moved on" in response.content.decode()
        assert Step.objects.filter(session=session).count() == 1
        session.refresh_from_db()
        assert session.current_node.key == "wait"

    def test_an_answer_for_the_current_node_is_taken(self, agent_client):
        session = make_live_session()
        response = agent_client.post(
            f"/agent/s/{session.code}/answer/", {"node": session.current_node.pk, "choice": "no"}
        )
        assert response.status_code == 302
        assert Step.objects.filter(session=session).count() == 1
