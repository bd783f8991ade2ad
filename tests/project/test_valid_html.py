"""The public pages are valid HTML: no parse errors, htmx written as data-hx-*, datetime attributes a
validator accepts, id references that resolve, and labelled landmarks (tests/html_validity.py)."""
from io import StringIO

import pytest
from django.core.management import call_command

from tests.html_validity import problems
from tickets.models import Ticket
from troubleshooter import engine
from troubleshooter.models import Tree


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_default_content", stdout=StringIO())
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        engine.answer(session, choice="failed")
        ticket = Ticket.objects.create(name="Ann", email="ann@example.com", subject="No SMS", description="x" * 20)
        yield {"session": session, "ticket": ticket}
        call_command("flush", "--noinput", stdout=StringIO())


PAGES = [
    "/", "/search/?q=error+1014", "/search/?q=zzzzqqq", "/articles/error-1014/", "/errors/1016/",
    "/errors/99999/", "/no-such-page/", "/troubleshoot/", "/troubleshoot/sms-not-received/", "/tools/",
    "/tools/json-body/", "/tickets/new/", "/tickets/new/?article=error-1014",
]


@pytest.mark.django_db
class TestValidHtml:
    @pytest.mark.parametrize("path", PAGES)
    def test_the_page_has_no_markup_problems(self, client, content, path):
        response = client.get(path, follow=True)
        assert problems(response.content.decode()) == []

    def test_a_session_page_and_its_ticket_form_have_no_markup_problems(self, client, content):
        session = content["session"]
        for path in (session.get_absolute_url(), f"/tickets/new/?session={session.pk}"):
            assert problems(client.get(path).content.decode()) == [], path

    def test_the_ticket_form_with_errors_has_no_markup_problems(self, client, content):
        response = client.post("/tickets/new/", {"name": "", "email": "nope", "subject": "x", "description": "short"})
        assert response.status_code == 400
        html = response.content.decode()
        assert problems(html) == []
        assert 'aria-describedby="id_subject_error subject-suggestions"' in html

    def test_the_ticket_confirmation_page_has_no_markup_problems(self, client, content):
        assert problems(client.get(content["ticket"].get_absolute_url()).content.decode()) == []

    def test_a_checker_result_has_no_markup_problems(self, client, content):
        response = client.post("/tools/json-body/", {"body": '{"tel": {"mobile": "1"}, "averyveryverylongfieldname": 1}'})
        assert problems(response.content.decode()) == []


class TestTheChecker:
    def test_it_reports_what_a_validator_would(self):
        page = (
            '<!doctype html><html lang="en"><head><title>t</title></head><body>'
            '<div hx-get="/x"></div><time datetime="2025-01-01T10:00:00.123456+00:00">x</time>'
            '<form role="search"></form><form role="search"></form><label for="gone">x</label><p>a</b></body></html>'
        )
        found = " | ".join(problems(page))
        for expected in ("hx-get", "not a valid date", "search landmarks", "missing id(s) gone", "unexpected-end-tag"):
            assert expected in found

    def test_a_clean_page_passes(self):
        page = ('<!doctype html><html lang="en"><head><title>t</title></head><body><div data-hx-get="/x"></div>'
                '<time datetime="2025-01-01T10:00:00+0000">x</time></body></html>')
        assert problems(page) == []
