"""POST /api/v1/checks/{checker}: 200 with the result, 404 for unknown checkers, 400 for malformed input."""
import json

import pytest

from checkers import all_checkers
from tests.factories import make_article

# Successful checks look up their articles' live titles.
pytestmark = pytest.mark.django_db

URL = "/api/v1/checks/{}"


def post(client, name, body, content_type="application/json"):
    if not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    return client.post(URL.format(name), data=body, content_type=content_type)


class TestAnswers:
    def test_it_answers_with_the_checkers_result(self, client):
        make_article(slug="error-1014", title="What does error 1014 mean?")
        response = post(client, "template", {"template": "Code {1}.", "message": "Code: 12."})
        assert response.status_code == 200
        data = response.json()
        assert data["verdict"] == "message-mismatch" and data["ok"] is False
        assert data["findings"][0]["offset"] == 4 and data["articles"][0]["slug"] == "error-1014"

    @pytest.mark.parametrize("checker", all_checkers(), ids=lambda c: c.name)
    def test_every_checker_answers_its_documented_example(self, client, checker):
        response = post(client, checker.name, checker.example)
        assert response.status_code == 200
        assert response.json()["verdict"] in checker.verdicts

    def test_article_links_carry_the_live_titles_and_skip_missing_articles(self, client,
                                                                          django_assert_max_num_queries):
        make_article(slug="sms-not-received", title="Nothing arrived? Start here")
        with django_assert_max_num_queries(1):
            response = post(client, "remarks", {"text": "Something odd"})
        assert response.json()["articles"] == [
            {"slug": "sms-not-received", "title": "Nothing arrived? Start here", "url": "/articles/sms-not-received/"}]

    def test_a_list_can_be_sent_as_text(self, client):
        response = post(client, "phone-numbers", {"numbers": "+8613788888888\n+86 139 1234 5678"})
        assert response.status_code == 200 and len(response.json()["numbers"]) == 2

    def test_the_sig_answer_never_contains_the_appkey(self, client):
        response = post(client, "sig", {"appkey": "s3cr3t-appkey-value", "random": "1", "time": 1457336869,
                                        "mobiles": ["13788888888"], "sig": "0" * 64})
        assert response.status_code == 200 and b"s3cr3t-appkey-value" not in response.content


class TestRefusals:
    def test_an_unknown_checker_is_404_with_the_list(self, client):
        response = post(client, "spelling", {"text": "x"})
        assert response.status_code == 404 and "json-body" in response.json()["detail"]

    @pytest.mark.parametrize("body, words", [
        ("", "empty"),
        ("{bad", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        ("[1, 2]", "takes a JSON object"),
        ('"TD"', "takes a JSON object"),
        ('{"text": 5}', "text: must be a string"),
        ('{"text": ["TD"]}', "text: must be a string"),
        ('{"txt": "TD"}', "Unknown field “txt”"),
        ("{}", "text: this field is required"),
        ("[" * 100_000, "nested too deeply"),
    ])
    def test_malformed_input_is_a_400_with_a_detail(self, client, body, words):
        response = post(client, "unsubscribe", body)
        assert response.status_code == 400
        assert words in response.json()["detail"]

    def test_wrong_choice_and_bad_date_are_400(self, client):
        response = post(client, "delay", {"requested_at": "soon", "sent_at": "2026-11-24 10:00", "sms_type": "sms"})
        detail = response.json()["detail"]
        assert response.status_code == 400 and "requested_at: must be an ISO 8601" in detail
        assert "sms_type: must be one of regular, marketing" in detail

    def test_a_huge_body_is_413(self, client):
        response = post(client, "remarks", {"text": "x" * 300_000})
        assert response.status_code == 413 and "at most 256 KB" in response.json()["detail"]


class TestDocumentation:
    def test_each_checker_is_documented_with_its_input_and_example(self, client):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        for checker in all_checkers():
            operation = paths[f"/api/v1/checks/{checker.name}"]["post"]
            body = operation["requestBody"]["content"]["application/json"]
            assert body["example"] == checker.example
            assert set(body["schema"]["properties"]) == {f.name for f in checker.fields}
            assert operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["verdict"][
                "enum"] == list(checker.verdicts)


class TestStrictLists:
    def test_template_params_given_as_a_string_are_refused(self, client):
        response = post(client, "template", {"template": "Code {1}.", "params": "notalist"})
        assert response.status_code == 400
        assert "params: must be a JSON array of strings" in response.json()["detail"]

    def test_an_empty_string_is_not_an_array_either(self, client):
        response = post(client, "template", {"template": "Code {1}.", "params": ""})
        assert response.status_code == 400 and "params: must be a JSON array" in response.json()["detail"]

    def test_sig_mobiles_given_as_a_string_are_refused(self, client):
        response = post(client, "sig", {"appkey": "k", "random": "1", "time": "1457336869", "mobiles": "137,139"})
        assert response.status_code == 400 and "mobiles: must be a JSON array" in response.json()["detail"]

    @pytest.mark.parametrize("name, data, words", [
        ("template", {"template": "Code {1}.", "params": [1234]}, "params: give a list of strings"),
        ("template", {"template": 5}, "template: must be a string"),
        ("sig", {"appkey": "k", "random": True, "time": "1", "mobiles": ["1"]}, "random: must be a whole number"),
        ("delay", {"requested_at": 1700000000, "sent_at": "2026-11-24 10:00", "sms_type": "regular"},
         "requested_at: must be a string"),
        ("json-body", {"body": {"tel": {}}}, "body: must be a string"),
        ("phone-numbers", {"numbers": [13788888888]}, "numbers: give a list of strings"),
    ])
    def test_wrong_json_types_are_refused_in_words(self, client, name, data, words):
        response = post(client, name, data)
        assert response.status_code == 400 and words in response.json()["detail"]

    def test_arrays_are_accepted_and_phone_numbers_may_still_be_text(self, client):
        assert post(client, "template", {"template": "Code {1}.", "params": ["12"]}).json()["verdict"] == "ok"
        assert post(client, "phone-numbers", {"numbers": "+8613788888888"}).status_code == 200

    def test_the_schema_documents_which_lists_may_be_text(self, client):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        schema = lambda name: paths[f"/api/v1/checks/{name}"]["post"]["requestBody"]["content"][  # noqa: E731
            "application/json"]["schema"]["properties"]
        # params is optional, so it may also be null (schemathesis holds the schema to what is accepted).
        assert {"type": "array", "items": {"type": "string"}} in schema("template")["params"]["anyOf"]
        assert {"type": "null"} in schema("template")["params"]["anyOf"]
        assert "oneOf" in schema("phone-numbers")["numbers"]
        assert {"type": "integer"} in schema("sig")["time"]["oneOf"]
