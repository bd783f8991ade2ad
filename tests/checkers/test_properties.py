"""Property-based: no input makes a checker raise, and the API never answers 5xx."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkers import all_checkers
from checkers.phone_numbers import normalise_number

CHECKERS = all_checkers()
FIELD_NAMES = sorted({f.name for c in CHECKERS for f in c.fields})

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=200)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
    st.text(max_size=10), inner, max_size=5), max_leaves=30)
# Text people paste: with braces, quotes, digits, invisible and full-width characters.
tricky_text = st.text(alphabet=st.sampled_from(list('{}[]"\',:+-0123456789 \n\t\u00a0\u200b｛｝，“”abcT')) | st.characters(),
                      max_size=300)
inputs = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values | tricky_text, max_size=6)


def check_shape(checker, result):
    assert isinstance(result["ok"], bool)
    assert result["verdict"] in checker.verdicts
    for item in result["findings"]:
        assert item["level"] in ("error", "warning", "info") and isinstance(item["message"], str)
    json.dumps(result)  # the API can always serialise it


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.name)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=inputs | json_values)
def test_no_input_makes_a_checker_raise(checker, data):
    check_shape(checker, checker.run(data))


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.name)
@settings(max_examples=60, deadline=None)
@given(text=tricky_text)
def test_any_text_in_every_field_is_answered(checker, text):
    check_shape(checker, checker.run({f.name: text for f in checker.fields}))


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.name)
def test_huge_binary_and_deeply_nested_input_is_answered(checker):
    for value in ("\x00\xff" * 200_000, "[" * 100_000 + "]" * 100_000, ["1"] * 100_000, {"a": [[[[]]]]}):
        check_shape(checker, checker.run({f.name: value for f in checker.fields}))


@settings(max_examples=300, deadline=None)
@given(raw=tricky_text | st.from_regex(r"\+?[0-9 \-()]{0,20}", fullmatch=True))
def test_normalise_number_always_answers(raw):
    e164, problems = normalise_number(raw)
    assert e164 is None or (e164.startswith("+") and e164[1:].isdigit() and len(e164) <= 16)
    assert e164 is not None or problems


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([c.name for c in CHECKERS] + ["nope"]),
       body=st.binary(max_size=300) | json_values.map(json.dumps) | inputs.map(json.dumps))
def test_the_api_answers_junk_with_4xx_not_5xx(client, name, body):
    response = client.post(f"/api/v1/checks/{name}", data=body, content_type="application/json")
    assert response.status_code < 500
    assert "detail" in response.json() if response.status_code >= 400 else "verdict" in response.json()
