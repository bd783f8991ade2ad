"""The customer's page polls its session and swaps itself when someone else (a support agent) answers."""

from troubleshooter import agent_views, engine, presentation
from troubleshooter.models import Tree


HTMX = {"HTTP_HX_REQUEST": "true"}


class TestCustomerPageFollowsTheSession:
    def test_the_page_polls_with_its_version(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        page = client.get(session.get_absolute_url()).content.decode()
        version = presentation.session_version(session)
        assert f'hx-get="/troubleshoot/s/{session.pk}/live/?v={version}"' in page
        assert 'hx-trigger="every 3s"' in page

    def test_polling_answers_204_until_the_session_moves(self, client, shipped, django_assert_max_num_queries):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        url = f"/troubleshoot/s/{session.pk}/live/"
        version = presentation.session_version(session)
        with django_assert_max_num_queries(2):
            response = client.get(url, {"v": version}, **HTMX)
        assert response.status_code == 204 and response.content == b""
        engine.answer(session, choice="failed")
        response = client.get(url, {"v": version}, **HTMX)
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="wizard"' in body and "<html" not in body
        assert 'role="status"' in body and "support agent" in body
        assert f"v={presentation.session_version(session)}" in body

    def test_the_agent_console_polls_with_the_same_version(self, shipped):
        assert agent_views.session_version is presentation.session_version

    def test_an_unknown_session_polls_to_a_404(self, client, db):
        assert client.get("/troubleshoot/s/not-a-session/live/", {"v": "x"}).status_code == 404
