"""json-body: strict JSON with line and column, field names, types, ranges and the wrong API."""
import json

import pytest

from checkers import get_checker

from .checker_helpers import first, messages, run

GOOD = {
    "tel": {"nationcode": "86", "mobile": "13788888888"},
    "sig": "ecab4881ee80ad3d76bb1da68387428ca752eb885e52621a3129dcf4d9bc4fd4",
    "time": 1457336869,
    "tpl_id": 19,
    "params": ["1234", "5"],
    "sign": "Waypoint",
}


def body(**changes) -> str:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not ...}, ensure_ascii=False, indent=2)


class TestStrictJson:
    def test_a_correct_single_send_body_is_ok(self):
        result = run("json-body", {"body": body()})
        assert result["ok"] is True and result["verdict"] == "ok"
        assert result["findings"] == []

    def test_single_quotes_are_pointed_at_with_line_and_column(self):
        text = "{\n  'tel': {\"nationcode\": \"86\", \"mobile\": \"13788888888\"}\n}"
        result = run("json-body", {"body": text})
        assert result["verdict"] == "invalid-json" and result["ok"] is False
        found = first(result)
        assert (found["line"], found["column"], found["offset"]) == (2, 3, 4)
        assert "Single quotation marks" in found["message"] and found["message"].startswith("Line 2, column 3")

    def test_a_trailing_comma_points_at_the_comma(self):
        text = '{"sig": "x",\n "time": 1457336869,\n}'
        found = first(run("json-body", {"body": text}))
        assert "Trailing comma" in found["message"]
        assert (found["line"], found["column"]) == (2, 20)
        assert text[found["offset"]] == ","

    def test_an_unquoted_key_is_named(self):
        found = first(run("json-body", {"body": '{"sig": "x", time: 1457336869}'}))
        assert "time is not in double quotation marks" in found["message"] and found["field"] == "time"

    def test_curly_quotes_from_a_chat_app_are_named(self):
        found = first(run("json-body", {"body": "{“sig”: “x”}"}))
        assert "curly quotation mark" in found["message"]

    def test_python_literals_and_nan_are_not_json(self):
        assert "write true" in messages(run("json-body", {"body": '{"a": True}'}))
        assert "NaN is not allowed" in messages(run("json-body", {"body": '{"a": NaN}'}))

    def test_a_duplicate_field_is_reported(self):
        result = run("json-body", {"body": '{"sig": "a", "sig": "b"}'})
        assert result["verdict"] == "invalid-json" and "appears twice" in messages(result)

    def test_an_empty_body_and_a_non_object_are_explained(self):
        assert run("json-body", {"body": "   "})["verdict"] == "invalid-json"
        result = run("json-body", {"body": "[1, 2]"})
        assert result["verdict"] == "invalid-request" and "must be a JSON object" in messages(result)

    def test_deep_nesting_does_not_raise(self):
        result = run("json-body", {"body": "[" * 50_000})
        assert result["verdict"] == "invalid-json" and "nested too deeply" in messages(result)

    def test_an_oversized_body_is_refused_with_a_clear_message(self):
        result = run("json-body", {"body": " " * 70_000})
        assert result["verdict"] == "invalid-json" and "at most 64,000" in messages(result)


class TestFieldsTypesAndValues:
    def test_a_misspelt_field_gets_a_suggestion(self):
        result = run("json-body", {"body": body(tpl_id=..., tplid=19)})
        assert result["verdict"] == "invalid-request"
        assert "Unknown field “tplid”: did you mean “tpl_id”?" in messages(result)

    def test_a_wrong_case_field_gets_a_suggestion(self):
        assert "did you mean “tel”" in messages(run("json-body", {"body": body(tel=..., Tel=GOOD["tel"])}))

    def test_missing_required_fields_are_listed(self):
        text = messages(run("json-body", {"body": body(sig=..., time=...)}))
        assert "“sig” is missing" in text and "“time” is missing" in text

    def test_a_number_sent_as_a_string_is_caught_like_the_seed_example(self):
        result = run("json-body", {"body": body(tpl_id="19")})
        assert "“tpl_id” must be a JSON number, not a string. Remove the quotation marks: 19." in messages(result)

    def test_a_mobile_sent_as_a_number_is_caught(self):
        result = run("json-body", {"body": body(tel={"nationcode": "86", "mobile": 13788888888})})
        found = first(result)
        assert found["field"] == "tel.mobile" and "must be a JSON string" in found["message"]

    def test_params_must_be_strings(self):
        found = first(run("json-body", {"body": body(params=["1234", 5])}))
        assert found["param"] == 2 and "Parameter 2" in found["message"]

    def test_type_must_be_0_or_1(self):
        assert "0 (regular SMS) or 1 (marketing SMS), not 2" in messages(run("json-body", {"body": body(type=2)}))

    def test_time_in_milliseconds_is_recognised(self):
        assert "looks like milliseconds" in messages(run("json-body", {"body": body(time=1457336869000)}))


class TestTheWrongApi:
    def test_a_list_of_recipients_sent_to_the_single_api(self):
        result = run("json-body", {"body": body(tel=[GOOD["tel"]]), "api": "sendsms"})
        assert result["verdict"] == "invalid-request" and "use sendmultisms2" in messages(result)

    def test_the_single_recipient_body_sent_to_the_bulk_api(self):
        result = run("json-body", {"body": body(), "api": "sendmultisms2"})
        assert result["verdict"] == "invalid-request" and "expects an array of recipients" in messages(result)

    def test_a_bulk_body_is_ok_for_the_bulk_api(self):
        tel = [{"nationcode": "86", "mobile": f"1378888888{i}"} for i in range(3)]
        assert run("json-body", {"body": body(tel=tel), "api": "sendmultisms2"})["verdict"] == "ok"

    def test_more_than_200_recipients_are_refused(self):
        tel = [{"nationcode": "86", "mobile": "13788888888"}] * 201
        assert "at most 200" in messages(run("json-body", {"body": body(tel=tel), "api": "sendmultisms2"}))

    @pytest.mark.parametrize("api", ["sendSms", 3, ["x"]])
    def test_an_unknown_api_is_an_invalid_request(self, api):
        assert run("json-body", {"body": body(), "api": api})["verdict"] == "invalid-request"

    def test_it_links_the_1004_article(self):
        assert run("json-body", {"body": "{"})["articles"][0]["url"] == "/articles/error-1004/"


def test_a_number_with_thousands_of_digits_is_a_finding():
    result = run("json-body", {"body": '{"time": ' + "1" * 5000 + "}"})
    assert result["verdict"] == "invalid-json" and "number too long" in messages(result)


def test_an_infinite_number_is_a_finding():
    assert "whole number" in messages(run("json-body", {"body": body(time=...).replace('"tel"', '"time": 1e999, "tel"')}))


def test_nan_is_pointed_at_where_it_is_bare():
    text = '{"sign": "NaN", "time": NaN}'
    found = first(run("json-body", {"body": text}))
    assert text[found["offset"]:found["offset"] + 3] == "NaN" and found["offset"] == 24


@pytest.mark.django_db
class TestHeadline:
    BODY = ('{"tel": {"nationcode": "86", "mobile": "13788888888"}, "sig": "ab", "time": 1457336869, "tpl_id": 19, '
            '"params": ["1"], "sign": "Waypoint", "callback_url": "https://example.com"}')

    def test_a_passing_body_with_a_rejected_field_warning_does_not_say_it_looks_valid(self, client):
        result = run("json-body", {"body": self.BODY})
        assert result["verdict"] == "ok"
        assert any("rejected" in f["message"] for f in result["findings"] if f["level"] == "warning")
        html = client.post("/tools/json-body/", {"body": self.BODY, "api": "sendsms"}).content.decode()
        assert "looks valid" not in html
        assert '<h2 id="verdict-heading">The body is valid JSON, with warnings to check</h2>' in html

    def test_a_clean_body_still_says_it_looks_valid(self):
        assert get_checker("json-body").verdict_label("ok", []) == "The request body looks valid"
