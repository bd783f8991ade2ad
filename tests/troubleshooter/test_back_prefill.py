"""After Back, the question offers the earlier answer again, in the form its field reads (never the secret)."""


from troubleshooter import engine
from troubleshooter.models import Tree

from .tree_factories import make_tree

HTMX = {"HTTP_HX_REQUEST": "true"}


class TestBackPrefillsTheEarlierAnswer:
    def test_a_text_answer_comes_back_in_its_box(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="api-error-code"))
        engine.answer(session, value="Error 1014, content mismatch")
        client.post(f"{session.get_absolute_url()}back/")
        page = client.get(session.get_absolute_url()).content.decode()
        assert ">Error 1014, content mismatch</textarea>" in page
        assert "{#" not in page and "comment" not in page

    def test_a_duration_answer_comes_back_in_a_form_the_field_reads(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        engine.answer(session, choice="rough-gaps")
        engine.answer(session, value="12 minutes")
        response = client.post(f"{session.get_absolute_url()}back/", **HTMX)
        assert 'value="12 min"' in response.content.decode()

    def test_the_chosen_choice_is_marked(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        engine.answer(session, choice="failed")
        engine.go_back(session)
        page = client.get(session.get_absolute_url()).content.decode()
        assert 'value="failed" class="ts-choice ts-choice-previous"' in page
        assert page.count("(your earlier answer)") == 1

    def test_check_fields_come_back_but_never_the_secret_appkey(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="api-error-code"))
        engine.answer(session, value="1001")
        engine.answer(session, choice="check")
        values = {"appkey": "secret-app-key-123", "random": "7226249334",
                  "time": "1457336869", "mobiles": "13788888888"}
        engine.answer(session, value=values)
        engine.go_back(session)
        page = client.get(session.get_absolute_url()).content.decode()
        assert 'value="7226249334"' in page and 'value="1457336869"' in page
        assert ">13788888888</textarea>" in page
        assert "secret-app-key-123" not in page

    def test_start_over_or_a_new_answer_offers_nothing(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="api-error-code"))
        engine.answer(session, value="Error 1014 again")
        engine.go_back(session)
        engine.answer(session, value="1004")
        page = client.get(session.get_absolute_url()).content.decode()
        assert "Error 1014 again" not in page.split('id="step-prompt"')[1]


def test_back_offers_a_datetime_answer_in_the_pickers_format(client, db):
    tree = make_tree({"slug": "when", "title": "When", "start": "when", "nodes": [
        {"key": "when", "kind": "input", "prompt": "When was it sent?",
         "input": {"type": "datetime", "label": "Sent at", "example": "2024-05-01 14:30:00"},
         "rules": [{"op": "default", "next": "done"}]},
        {"key": "done", "kind": "outcome", "prompt": "Done", "title": "Done", "resolution": "solved"},
    ]})
    session = engine.start_session(tree)
    engine.answer(session, value="2024-05-01 14:30:05")
    engine.go_back(session)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'value="2024-05-01T14:30:05"' in page and 'type="datetime-local"' in page
