"""The shipped troubleshooters' logic slips found by trying them as a customer (issue 11, "Also fix").

Each test walks a shipped tree through the engine (or its page) the way the customer did, so the
slip would have been caught.
"""
import pytest

from checkers.sig import signature
from troubleshooter import engine
from troubleshooter.models import Tree

@pytest.fixture
def shipped(shipped):
    return {tree.slug: tree for tree in Tree.objects.all()}


LATE_TIMES = {"requested_at": "2026-11-24 10:00:00", "sent_at": "2026-11-24 10:00:04", "sms_type": "regular"}


def walk(tree: Tree, *answers):
    session = engine.start_session(tree)
    for answer in answers:
        engine.answer(session, **answer)
    return session


def test_the_delay_check_takes_the_pasted_time_its_prompt_asks_for(client, shipped):
    session = walk(shipped["sms-arrives-late"], {"choice": "exact-times"})
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'type="datetime-local"' not in page  # browsers' date pickers refuse a pasted "2026-11-24 10:00:00"
    fields = {f"field-{name}": value for name, value in LATE_TIMES.items()}
    response = client.post(session.get_absolute_url(), {"node": session.current_node_id, **fields})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.current_node.key == "out-phone-side"


@pytest.mark.parametrize("sent_at", ["2026-11-24 02:00:03", "2026-11-24 09:58:00"])
def test_clocks_that_disagree_never_end_on_the_phone_side(shipped, sent_at):
    session = walk(shipped["sms-arrives-late"], {"choice": "exact-times"},
                   {"value": {**LATE_TIMES, "sent_at": sent_at}})
    assert session.current_node.key == "times-disagree"
    engine.answer(session, choice="again")
    engine.answer(session, value={**LATE_TIMES, "sent_at": sent_at})
    assert session.current_node.key == "request-gap"  # still disagreeing: estimate the gaps instead


def test_a_public_dns_server_is_not_told_to_set_up_a_public_dns_server(shipped):
    session = walk(shipped["slow-api-calls"], {"choice": "public"})
    assert "set up a **public DNS server**" not in session.current_node.prompt
    assert "public DNS server" not in session.current_node.prompt.split("already answers")[1]
    engine.answer(session, choice="still-slow")
    assert session.current_node.key == "connection-mode"


def test_a_matching_sig_does_not_end_on_the_generic_1001_checklist(shipped):
    values = {"appkey": "k", "random": "7226249334", "time": "1457336869", "mobiles": "13788888888"}
    sig = signature("k", "7226249334", "1457336869", ["13788888888"])
    session = walk(shipped["api-error-code"], {"value": "1001"}, {"choice": "check"}, {"value": {**values, "sig": sig}})
    assert session.current_node.key == "out-1001-sig-matches"
    assert session.current_node.title != "Checklist for error 1001"


def test_escalation_outcomes_do_not_ask_whether_it_is_solved(client, shipped):
    session = walk(shipped["slow-api-calls"], {"choice": "public"}, {"choice": "still-slow"})
    while not session.finished:
        engine.answer(session, choice=session.current_node.branches[-1].key)
    assert session.current_node.resolution == "escalate"
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Did this solve it?" not in page and "Yes, it is solved" not in page
    assert f"/tickets/new/?session={session.pk}" in page


@pytest.mark.parametrize("typed, next_key", [("10分钟", "api-was-slow"), ("15 min", "api-was-slow"),
                                             ("30秒", "delivery-type")])
def test_durations_are_read_with_their_unit_in_english_or_chinese(shipped, typed, next_key):
    session = walk(shipped["sms-arrives-late"], {"choice": "rough-gaps"}, {"value": typed})
    assert session.current_node.key == next_key


def test_a_duration_without_a_unit_is_asked_again_not_read_as_seconds(shipped):
    session = walk(shipped["sms-arrives-late"], {"choice": "rough-gaps"})
    with pytest.raises(engine.AnswerError, match="15 what"):
        engine.answer(session, value="15")
    assert session.current_node.key == "request-gap"
