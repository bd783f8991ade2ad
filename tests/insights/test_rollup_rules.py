"""Where an answer led when no later step shows it: read from the rules of the version answered (insights.rollup.Rules)."""
import pytest

from insights.rollup import Rules
from tests.troubleshooter.tree_factories import make_tree, simple_spec


@pytest.mark.django_db
def test_questions_inputs_and_unknown_answers_lead_where_the_engine_would_send_them():
    live = make_tree(simple_spec()).live_version_id
    rules = Rules()
    assert rules.target(live, ("demo", "status"), "ok", None) == ("demo", "remarks")
    assert rules.target(live, ("demo", "wait"), "", {"value": 300.0}) == ("demo", "out-fine")
    assert rules.target(live, ("demo", "wait"), "", {"value": 3600.0}) == ("demo", "out-slow")
    assert rules.target(live, ("demo", "remarks"), "", {"value": "hello"}) == ("demo", "out-help")
    assert rules.target(live, ("demo", "wait"), "", None) is None
    assert rules.target(live, ("demo", "status"), "gone", None) is None
    assert rules.target(None, ("demo", "status"), "ok", None) is None  # a step from before versions
