"""The strict input layer shared by the API and the troubleshooter: shape errors, strings, secrets."""
from checkers import get_checker
from checkers.inputs import as_input, input_errors, public_input


def test_a_plain_string_goes_into_the_primary_field():
    assert as_input(get_checker("remarks"), "1015 blocked") == {"text": "1015 blocked"}


def test_time_and_random_may_be_json_numbers():
    data = {"appkey": "k", "random": 7226249334, "time": 1457336869, "mobiles": ["13788888888"]}
    assert input_errors(get_checker("sig"), data) == []


def test_errors_name_the_field():
    errors = input_errors(get_checker("json-body"), {"body": 5, "api": "other", "extra": 1})
    assert errors == [
        "Unknown field “extra”; the json-body checker takes body, api.",
        "body: must be a string.",
        "api: must be one of sendsms, sendmultisms2.",
    ]


def test_the_appkey_is_blanked_for_storage():
    data = {"appkey": "secret", "random": "1", "time": "2", "mobiles": "3"}
    assert public_input(get_checker("sig"), data) == {**data, "appkey": "(not stored)"}


def test_a_fractional_time_is_refused_in_words():
    data = {"appkey": "k", "random": "1", "time": 1457336869.5, "mobiles": ["13788888888"]}
    assert input_errors(get_checker("sig"), data) == ["time: must be a whole number or a string of digits."]


def test_forms_may_send_a_list_as_text_but_json_callers_may_not():
    data = {"template": "Code {1}.", "params": "12"}
    assert input_errors(get_checker("template"), data) == []
    assert input_errors(get_checker("template"), data, json=True) == [
        "params: must be a JSON array of strings, one per item, e.g. [\"1234\", \"5\"]; a string is not split "
        "into items."]
