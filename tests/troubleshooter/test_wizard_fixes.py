"""QA's wizard defects, each pinned by a test: verdict words, carried-over error codes, NFKC input,
pre-filled answers after Back, honest progress, shared check widgets and the session-code message."""
import pytest

from troubleshooter import engine, presentation
from troubleshooter.models import Tree
from tickets.filing import snapshot_session

from .tree_factories import make_fixed_articles

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def shipped(db):
    from troubleshooter.treefiles import load_default_trees

    make_fixed_articles()
    load_default_trees()


def remarks_session(text: str):
    session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
    engine.answer(session, choice="failed")
    engine.answer(session, choice="other")
    return engine.answer(session, value={"text": text})


class TestVerdictWords:
    def test_the_wizard_transcript_shows_the_verdict_in_words_not_the_raw_word(self, client, shipped):
        session = remarks_session("Request hit the frequency control policy")
        page = client.get(session.get_absolute_url()).content.decode()
        assert "Check result: Sending was rate-limited" in page
        assert "rate-limit<" not in page and "Check result: rate-limit" not in page

    def test_a_ticket_snapshot_keeps_the_verdict_words(self, shipped):
        session = remarks_session("Request hit the frequency control policy")
        entries, _ = snapshot_session(session)
        assert entries[-1]["verdict"] == "rate-limit"
        assert entries[-1]["verdict_label"] == "Sending was rate-limited"


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


class TestFullWidthInput:
    @pytest.mark.parametrize("typed", ["１０１４", "Error　１０１４", "ｅｒｒｏｒ １０１４"])
    def test_full_width_error_codes_read_as_ascii(self, shipped, typed):
        session = engine.start_session(Tree.objects.get(slug="api-error-code"))
        engine.answer(session, value=typed)
        assert session.current_node.key == "code-1014"

    def test_full_width_numbers_and_spaces_in_durations_and_numbers(self):
        from troubleshooter import rules

        assert rules.parse_value("duration", "１０　ｍｉｎ") == 600
        assert rules.parse_value("number", "１２．５") == 12.5
        assert rules.matches("text", "keywords", "ｒａｔｅ", rules.parse_value("text", "RATE limit"))


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
        from troubleshooter.validation import validate_spec

        assert validate_spec(self.spec("error_code")) == []

    def test_carry_into_anything_but_an_input_is_refused(self):
        from troubleshooter.validation import validate_spec

        assert any("must lead to an input node" in p for p in validate_spec(self.spec("error_code", target="done")))

    def test_carry_on_an_input_rule_or_with_a_bad_name_is_refused(self):
        from troubleshooter.validation import validate_spec

        assert any("only a check node" in p for p in validate_spec(self.spec(carry_on_input="error_code")))
        assert any("not a result field name" in p for p in validate_spec(self.spec("Error Code!")))


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


class TestHonestProgress:
    def progress_line(self, client, session) -> str:
        page = client.get(session.get_absolute_url()).content.decode()
        return page.split('id="progress-label" class="meta">')[1].split("</p>")[0]

    def test_the_phone_checklist_says_last_question_only_on_the_last_one(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        engine.answer(session, choice="successful-received")
        lines = []
        while session.current_node.kind != "outcome":
            lines.append(self.progress_line(client, session))
            onward = [b for b in session.current_node.branches.select_related("target") if b.target.kind != "outcome"]
            engine.answer(session, choice=(onward or list(session.current_node.branches.all()))[0].key)
        assert not any("possibly" in line for line in lines)
        assert [line for line in lines if "the last question" in line] == [lines[-1]] == ["Step 8 · the last question"]
        assert lines[0] == "Step 2 · up to 7 questions left, this one included"

    def test_a_path_of_known_length_says_step_n_of_total(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        session.current_node = session.tree.nodes.get(key="delivery-type")
        session.save()
        assert self.progress_line(client, session) == "Step 1 of 2"

    def test_the_first_step_keeps_its_lower_bound(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        assert self.progress_line(client, session) == "Step 1 · at least 2 more to go"

    def test_no_bound_is_promised_when_a_loop_can_be_reached(self):
        from troubleshooter.progress import Remaining, describe

        assert describe(4, Remaining(fewest=1, most=None)) == "Step 4"
        assert describe(4, Remaining(fewest=3, most=None)) == "Step 4 · at least 3 more to go"


class TestUnknownSessionCode:
    @pytest.mark.parametrize("code", ["ZZZZZZ", "", "   "])
    def test_the_message_is_at_the_top_announced_and_tied_to_the_field(self, client, shipped, code):
        response = client.get("/troubleshoot/", {"code": code})
        assert response.status_code == 404
        page = response.content.decode()
        alert = page.index('role="alert"')
        assert alert < page.index('class="ts-list"'), "the message comes before the list of troubleshooters"
        assert page.index('id="session-code-error"') < page.index('id="session-code"')
        field = page.split('id="session-code"')[1].split(">")[0]
        assert 'aria-invalid="true"' in field and 'aria-describedby="session-code-error"' in field
        assert "autofocus" in field
        assert ("No session has the code" if code == "ZZZZZZ" else "Enter a session code") in page
        assert "<title>Session code not found" in page

    def test_without_a_code_the_box_stays_at_the_foot_unmarked(self, client, shipped):
        page = client.get("/troubleshoot/").content.decode()
        assert page.index('class="ts-list"') < page.index('id="session-code"')
        assert 'role="alert"' not in page and "aria-invalid" not in page


class TestAgentFormUsesTheCustomersWidgets:
    @pytest.fixture
    def agent_client(self, db, client):
        from tests.factories import make_agent

        client.force_login(make_agent(username="agent-bo"))
        return client

    def test_a_select_field_is_a_select_with_its_choices(self, agent_client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        engine.answer(session, choice="exact-times")
        assert session.current_node.kind == "check"
        page = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert '<select id="field_sms_type" name="field_sms_type" required>' in page
        assert "{#" not in page and "comment" not in page
        assert '<option value="marketing">Marketing</option>' in page
        assert 'type="datetime-local"' in page and '<label for="field_requested_at">' in page

    def test_an_input_node_gets_the_typed_control_and_the_agent_can_answer_with_it(self, agent_client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        engine.answer(session, choice="rough-gaps")
        page = agent_client.get(f"/agent/s/{session.code}/").content.decode()
        assert '<label for="answer-value">' in page and 'id="answer-value" name="value"' in page
        agent_client.post(f"/agent/s/{session.code}/answer/", {"value": "１２ minutes"})
        session.refresh_from_db()
        assert presentation.transcript(session)[-1]["answered_by"] == "agent-bo"


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
        from troubleshooter import agent_views

        assert agent_views.session_version is presentation.session_version

    def test_an_unknown_session_polls_to_a_404(self, client, db):
        assert client.get("/troubleshoot/s/not-a-session/live/", {"v": "x"}).status_code == 404


def test_back_offers_a_datetime_answer_in_the_pickers_format(client, db):
    from .tree_factories import make_tree

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
