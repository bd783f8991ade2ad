"""The agent console: who gets in, the queue and its filters, one ticket, XSS, live sessions."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.troubleshooter.ticket_factories import (
    make_agent,
    make_editor,
    make_live_session,
    make_ticket,
    make_tree_with_session,
    make_user,
)
from tickets.models import Ticket, TicketEvent
from troubleshooter.models import Step

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def agent_client(client):
    client.force_login(make_agent(username="agent-ann"))
    return client


class TestWhoGetsIn:
    PAGES = ["/agent/", "/agent/sessions/?code=ABCDEF"]

    @pytest.mark.parametrize("url", PAGES)
    def test_anonymous_visitors_are_sent_to_log_in(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/agent/")

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


class TestQueue:
    def test_it_lists_tickets_newest_first(self, agent_client):
        older = make_ticket(subject="Older one")
        Ticket.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=3))
        make_ticket(subject="Newer one")
        html = agent_client.get("/agent/").content.decode()
        assert html.index("Newer one") < html.index("Older one")

    def test_it_filters_by_status_age_tree_and_text(self, agent_client):
        session = make_tree_with_session()
        new = make_ticket(subject="Fresh and new")
        closed = make_ticket(subject="Done already", status="closed")
        stale = make_ticket(subject="Very stale")
        Ticket.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=10))
        from_tree = make_ticket(subject="From a tree", session=session, tree_slug=session.tree.slug)

        def subjects(**params):
            html = agent_client.get("/agent/", params).content.decode()
            return {t.subject for t in (new, closed, stale, from_tree) if t.subject in html}

        assert subjects(status="closed") == {"Done already"}
        assert subjects(age="older") == {"Very stale"}
        assert subjects(age="day") == {"Fresh and new", "Done already", "From a tree"}
        assert subjects(tree=session.tree.slug) == {"From a tree"}
        assert subjects(tree="none") == {"Fresh and new", "Done already", "Very stale"}
        assert subjects(q=closed.reference) == {"Done already"}
        assert subjects(q="stale") == {"Very stale"}

    def test_an_unknown_filter_value_is_a_400_not_a_crash(self, agent_client):
        response = agent_client.get("/agent/", {"status": "bogus"})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()

    def test_its_query_count_does_not_grow_with_the_queue(self, agent_client, django_assert_max_num_queries):
        for _ in range(30):
            make_ticket()
        with django_assert_max_num_queries(8):
            response = agent_client.get("/agent/")
        assert response.content.decode().count("/agent/tickets/WP-") == 25
        assert "Page 1 of 2" in response.content.decode()


class TestOneTicket:
    def test_it_shows_the_transcript_articles_and_customer(self, agent_client):
        session = make_tree_with_session(steps=2, outcome_title="Carrier issue")
        ticket = make_ticket(
            session=session, tree_slug=session.tree.slug, outcome="Carrier issue", phone="+8613800138000",
            transcript=[{"node_key": "start", "prompt": "Did it arrive?", "answer_label": "No", "answered_by": ""}],
            articles=[{"slug": "sms-not-received", "title": "SMS not received", "url": "/articles/sms-not-received/"}],
        )
        html = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        for text in ("Did it arrive?", "Carrier issue", "SMS not received", "+8613800138000", ticket.email, session.code):
            assert text in html

    def test_its_query_count_does_not_grow_with_its_history(self, agent_client, django_assert_max_num_queries):
        ticket = make_ticket()
        for n in range(20):
            agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": f"Note {n}"})
        with django_assert_max_num_queries(8):
            response = agent_client.get(f"/agent/tickets/{ticket.reference}/")
        assert response.content.decode().count("Note ") >= 20

    def test_a_lowercase_reference_finds_the_ticket(self, agent_client):
        ticket = make_ticket()
        assert agent_client.get(f"/agent/tickets/{ticket.reference.lower()}/").status_code == 200

    def test_an_unknown_reference_is_a_404(self, agent_client):
        assert agent_client.get("/agent/tickets/WP-NOPE00/").status_code == 404

    def test_customer_text_is_shown_escaped(self, agent_client):
        ticket = make_ticket(
            name=XSS, subject=XSS, description=XSS, email="x@example.com",
            transcript=[{"node_key": "k", "prompt": XSS, "answer_label": XSS, "answered_by": ""}],
            articles=[{"slug": "a", "title": XSS, "url": "javascript:alert(1)"}],
        )
        add = agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": XSS})
        assert add.status_code == 302
        for url in ("/agent/", f"/agent/tickets/{ticket.reference}/"):
            html = agent_client.get(url).content.decode()
            assert "<script>alert" not in html
            assert "<img src=x" not in html
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html

    def test_changing_the_status_records_who_and_when(self, agent_client):
        ticket = make_ticket()
        response = agent_client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "waiting"})
        assert response.status_code == 302
        ticket.refresh_from_db()
        assert ticket.status == "waiting"
        event = ticket.events.get()
        assert (event.kind, event.old_status, event.new_status, event.author.username) == (
            "status", "new", "waiting", "agent-ann"
        )
        page = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        assert "Waiting for customer" in page

    def test_the_same_status_again_records_nothing(self, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "new"})
        assert not TicketEvent.objects.exists()

    def test_an_invalid_status_is_a_400(self, agent_client):
        ticket = make_ticket()
        assert agent_client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "gone"}).status_code == 400

    def test_notes_are_added_with_their_author_and_an_empty_one_is_refused(self, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "Called the customer."})
        assert ticket.events.get().text == "Called the customer."
        assert ticket.events.get().author.username == "agent-ann"
        assert agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": ""}).status_code == 400

    def test_notes_are_never_on_the_customer_page(self, client, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "Private remark"})
        client.logout()
        assert "Private remark" not in client.get(ticket.get_absolute_url()).content.decode()


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
        assert "No session has the code QQQQQQ" in response.content.decode()

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
        from troubleshooter import engine
        from troubleshooter.agent_views import session_version

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
        from troubleshooter import engine
        from troubleshooter.models import Tree
        from troubleshooter.treefiles import load_default_trees

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
        from troubleshooter import engine

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
