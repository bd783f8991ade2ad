"""The strict input layer shared by the API and the troubleshooter: shape errors, strings, secrets."""
from troubleshooter.checkers import get_checker
from troubleshooter.checkers.inputs import as_input, input_errors, public_input


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
