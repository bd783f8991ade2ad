import pytest

from troubleshooter import engine, presentation
from troubleshooter.models import SESSION_CODE_ALPHABET, Node, Step

from .session_factories import live_node, put_at
from .tree_factories import make_fixed_articles, make_tree, simple_spec


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec())


def test_a_new_session_starts_at_the_first_node_with_a_readable_code(tree):
    session = engine.start_session(tree)
    assert session.current_node.key == "status"
    assert len(session.code) == 6 and set(session.code) <= set(SESSION_CODE_ALPHABET)
    assert not session.finished


def test_answering_a_question_stores_the_step_as_shown(tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    assert session.current_node.key == "wait"
    [entry] = presentation.transcript(session)
    assert entry["node_key"] == "status"
    assert entry["prompt"] == "What does the status say?"
    assert entry["answer_label"] == "Failed"
    assert entry["at"] is not None


@pytest.mark.parametrize("choice", [None, "", "maybe", "x" * 500])
def test_a_bad_choice_is_refused_with_the_choices_named(tree, choice):
    session = engine.start_session(tree)
    with pytest.raises(engine.AnswerError) as error:
        engine.answer(session, choice=choice)
    assert "failed, ok" in error.value.message
    assert session.steps.count() == 0


@pytest.mark.parametrize(
    "value, outcome", [("90s", "out-fine"), ("9 min", "out-fine"), ("10 minutes", "out-slow"), ("1h", "out-slow")]
)
def test_duration_rules_pick_the_next_node_in_order(tree, value, outcome):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    engine.answer(session, value=value)
    assert session.current_node.key == outcome
    assert session.finished


@pytest.mark.parametrize("value", ["soon", "", None, {"a": 1}, [1], "-3 min"])
def test_an_unreadable_value_is_refused(tree, value):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    with pytest.raises(engine.AnswerError):
        engine.answer(session, value=value)
    assert session.current_node.key == "wait"


@pytest.mark.parametrize(
    "value, outcome",
    [("We hit the Rate Limit", "out-slow"), ("1014 template mismatch", "out-fine"), ("who knows", "out-help")],
)
def test_text_rules_try_keywords_then_regex_then_the_default(tree, value, outcome):
    session = engine.start_session(tree)
    engine.answer(session, choice="ok")
    engine.answer(session, value=value)
    assert session.current_node.key == outcome


def test_back_returns_to_the_previous_question_and_a_new_answer_replaces_the_old(tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    engine.answer(session, value="1h")
    engine.go_back(session)
    assert session.current_node.key == "wait" and not session.finished
    engine.go_back(session)
    assert session.current_node.key == "status"
    engine.answer(session, choice="ok")
    assert [e["answer_label"] for e in presentation.transcript(session)] == ["Successful"]
    # The dropped answers stay, timed, for analytics.
    assert Step.objects.filter(session=session, dropped_at__isnull=False).count() == 2


def test_back_at_the_start_stays_put(tree):
    session = engine.start_session(tree)
    engine.go_back(session)
    assert session.current_node.key == "status"


def test_restart_starts_over_with_the_same_address_and_code(tree):
    session = engine.start_session(tree)
    code = session.code
    engine.answer(session, choice="failed")
    engine.answer(session, value="1h")
    engine.restart(session)
    assert session.current_node.key == "status" and not session.finished and session.code == code
    assert presentation.transcript(session) == []


def test_an_outcome_takes_no_answer(tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    engine.answer(session, value="1h")
    with pytest.raises(engine.AnswerError):
        engine.answer(session, choice="failed")


def test_later_tree_edits_never_rewrite_the_transcript(tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="failed")
    node = Node.objects.get(tree=tree, key="status")
    node.prompt = "A reworded question"
    node.save()
    node.branches.filter(key="failed").update(label="Did not go")
    assert presentation.transcript(session)[0]["prompt"] == "What does the status say?"
    assert presentation.transcript(session)[0]["answer_label"] == "Failed"


def test_a_session_whose_node_was_deleted_from_the_draft_carries_on_in_its_version(tree):
    session = engine.start_session(tree)
    engine.answer(session, choice="ok")
    remarks = Node.objects.get(tree=tree, key="remarks")
    remarks.incoming.all().delete()
    remarks.delete()
    session = engine.load_session(session.pk)
    assert session.current_node.key == "remarks"
    engine.answer(session, value="rate limit")
    assert session.current_node.key == "out-slow"
    engine.go_back(session)
    assert session.current_node.key == "remarks"
    engine.restart(session)
    assert session.current_node.key == "status"


def test_feedback_is_kept_only_on_a_finished_session(tree):
    session = engine.start_session(tree)
    with pytest.raises(engine.AnswerError):
        engine.record_feedback(session, solved=True)
    engine.answer(session, choice="failed")
    engine.answer(session, value="1h")
    engine.record_feedback(session, solved=False)
    session.refresh_from_db()
    assert session.solved is False


def test_the_node_view_follows_the_contract(tree):
    session = engine.start_session(tree)
    view = presentation.node_view(session.current_node, session)
    assert set(view) == {"key", "kind", "prompt", "prompt_html", "choices", "input", "outcome"}
    assert view["choices"] == [{"key": "failed", "label": "Failed"}, {"key": "ok", "label": "Successful"}]
    assert "<strong>status</strong>" in view["prompt_html"]
    outcome = presentation.node_view(live_node(Node.objects.get(tree=tree, key="out-fine")), session)["outcome"]
    assert outcome["ticket_url"] == f"/tickets/new/?session={session.pk}"
    assert outcome["articles"] == [{"title": "Sms not received", "url": "/articles/sms-not-received/"}]
    assert outcome["resolution"] == "solved"


def test_every_input_example_is_accepted_by_its_node(tree):
    for row in Node.objects.filter(tree=tree, kind="input"):
        session = put_at(engine.start_session(tree), row)
        node = live_node(row)
        example = presentation.node_view(node)["input"]["example"]
        engine.answer(session, value=example)
        assert session.current_node_id != node.pk


def test_a_check_node_runs_the_checker_and_keeps_its_findings(db):
    spec = simple_spec()
    spec["nodes"][0]["choices"].append({"key": "check", "label": "Check it", "next": "remarks-check"})
    spec["nodes"].append({
        "key": "remarks-check", "kind": "check", "checker": "remarks", "prompt": "Paste the Remarks.",
        "rules": [{"op": "verdict", "value": "rate-limit", "next": "out-slow"}, {"op": "default", "next": "out-help"}],
    })
    tree = make_tree(spec)
    session = engine.start_session(tree)
    engine.answer(session, choice="check")
    with pytest.raises(engine.AnswerError):
        engine.answer(session, value={})
    engine.answer(session, value="Hit the rate limit control policy")
    assert session.current_node.key == "out-slow"
    last = presentation.transcript(session)[-1]
    assert last["result"]["verdict"] == "rate-limit"
    assert "rate limit" in last["result"]["findings"][0]["message"]
    assert last["answer_label"] == "Remarks: Hit the rate limit control policy"


def test_a_secret_checker_field_is_used_but_never_kept(db):
    spec = simple_spec()
    spec["nodes"][0]["choices"].append({"key": "sig", "label": "Check sig", "next": "sig-check"})
    spec["nodes"].append({
        "key": "sig-check", "kind": "check", "checker": "sig", "prompt": "Your values.",
        "rules": [{"op": "default", "next": "out-help"}],
    })
    session = engine.start_session(make_tree(spec))
    engine.answer(session, choice="sig")
    engine.answer(session, value=dict(presentation.check_example(session.current_node)))
    step = session.steps.get(node_key="sig-check")
    assert "appkey" not in step.answer_value["input"] and "AppKey" not in step.answer_label
    assert "5f03a35d00ee52a21327ab048186a2c4" not in str(step.answer_value)
    assert "[" not in step.answer_label  # lists read as words, not Python


def test_a_step_runs_at_most_eight_queries(tree, django_assert_max_num_queries):
    session = engine.start_session(tree)
    with django_assert_max_num_queries(8):
        session = engine.load_session(session.pk)
        engine.answer(session, choice="failed")
        presentation.node_view(session.current_node, session)


def test_a_datetime_input_reads_the_forms_people_type_and_keeps_it(db):
    spec = simple_spec()
    spec["nodes"][0]["choices"].append({"key": "when", "label": "When", "next": "sent-at"})
    spec["nodes"].append({
        "key": "sent-at", "kind": "input", "prompt": "When did you send it?",
        "input": {"type": "datetime", "label": "Send time", "example": "2024-05-01 14:30"},
        "rules": [{"op": "default", "next": "out-help"}],
    })
    session = engine.start_session(make_tree(spec))
    engine.answer(session, choice="when")
    with pytest.raises(engine.AnswerError):
        engine.answer(session, value="yesterday")
    engine.answer(session, value="2024-05-01T14:30:05")
    step = session.steps.get(node_key="sent-at")
    assert step.answer_label == "2024-05-01 14:30:05"
    assert step.answer_value["value"].startswith("2024-05-01T14:30:05")
