"""A check rule's ``carry`` answers the next input from the check's result (the error code the Remarks held)."""


from troubleshooter import engine, presentation
from troubleshooter.models import Tree
from troubleshooter.validation import validate_spec

from .tree_factories import remarks_session


class TestErrorCodeCarriedFromRemarks:
    def test_remarks_with_1014_land_straight_on_the_1014_steps(self, client, shipped):
        session = remarks_session("1014 The content does not match the template")
        assert session.current_node.tree.slug == "api-error-code"
        assert session.current_node.key == "code-1014"
        entries = presentation.transcript(session)
        assert [e["node_key"] for e in entries][-2:] == ["remarks-check", "which-code"]
        assert entries[-1]["answer_label"] == "1014 (taken from the check above)"
        assert entries[-1]["answered_by"] is None
        page = client.get(session.get_absolute_url()).content.decode()
        assert "Which error code did you get?" not in page.split('id="step-prompt"')[1].split("</div>")[0]
        assert "1014 (taken from the check above)" in page

    def test_a_code_the_tree_does_not_know_goes_to_the_other_code_path(self, shipped):
        session = remarks_session("Error code: 77777 unexpected failure")
        assert session.current_node.key == "out-other-code"

    def test_back_from_a_carried_step_returns_to_the_code_question_to_correct_it(self, shipped):
        session = remarks_session("1014 The content does not match the template")
        engine.go_back(session)
        assert session.current_node.key == "which-code"
        engine.go_back(session)
        assert session.current_node.key == "remarks-check"

    def test_the_plain_post_wizard_follows_the_same_path(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        url = session.get_absolute_url()
        client.post(url, {"choice": "failed"})
        client.post(url, {"choice": "other"})
        response = client.post(url, {"field-text": "1014 The content does not match the template"})
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.current_node.key == "code-1014"


def test_after_a_carried_code_the_page_still_shows_what_the_check_found(client, shipped):
    session = remarks_session("1014 The content does not match the template")
    page = client.get(session.get_absolute_url()).content.decode()
    assert "What the check found" in page and "The remarks carry an error code" in page


class TestCarryValidation:
    @staticmethod
    def spec(carry_on_check: str = "", target: str = "code", carry_on_input: str = "") -> dict:
        check_rules = [{"op": "verdict", "value": "error-code", "carry": carry_on_check, "next": target},
                       {"op": "default", "next": "done"}]
        return {"slug": "t", "title": "T", "start": "check", "nodes": [
            {"key": "check", "kind": "check", "checker": "remarks", "prompt": "Paste", "rules": check_rules},
            {"key": "code", "kind": "input", "prompt": "Code?", "input": {"type": "text", "label": "Code"},
             "rules": [{"op": "default", "carry": carry_on_input, "next": "done"}]},
            {"key": "done", "kind": "outcome", "prompt": "Done", "title": "Done", "resolution": "solved"},
        ]}

    def test_a_check_rule_may_carry_a_result_field_into_an_input(self):
        assert validate_spec(self.spec("error_code")) == []

    def test_carry_into_anything_but_an_input_is_refused(self):
        assert any("must lead to an input node" in p for p in validate_spec(self.spec("error_code", target="done")))

    def test_carry_on_an_input_rule_or_with_a_bad_name_is_refused(self):
        assert any("only a check node" in p for p in validate_spec(self.spec(carry_on_input="error_code")))
        assert any("not a result field name" in p for p in validate_spec(self.spec("Error Code!")))
