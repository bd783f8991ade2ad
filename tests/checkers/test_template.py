"""template: placeholder format, params against placeholders, and a message against the template."""
from .checker_helpers import first, messages, run

TEMPLATE = "Your verification code is {1}, valid for {2} minutes."


class TestTheTemplate:
    def test_a_well_formed_template_is_ok(self):
        result = run("template", {"template": TEMPLATE})
        assert result["verdict"] == "ok" and result["placeholders"] == 2

    def test_full_width_braces_are_pointed_at(self):
        result = run("template", {"template": "Your code is ｛1｝."})
        found = first(result)
        assert result["verdict"] == "template-error"
        assert found["offset"] == 13 and "English (half-width) braces" in found["message"]

    def test_chinese_brackets_are_pointed_at(self):
        assert "English (half-width) braces" in messages(run("template", {"template": "验证码【1】，请勿泄露"}))

    def test_numbering_must_start_at_1(self):
        assert "numbered from {1}, not {0}" in messages(run("template", {"template": "Code {0}"}))

    def test_gaps_in_numbering_are_named(self):
        result = run("template", {"template": "Code {1}, valid for {3} minutes"})
        assert result["verdict"] == "template-error" and "{2} is missing" in messages(result)

    def test_spaces_names_and_empty_braces_are_not_placeholders(self):
        text = messages(run("template", {"template": "Hi { 1 }, {name}, {}"}))
        assert "remove the spaces" in text and "not names" in text and "empty {}" in text

    def test_adjacent_placeholders_are_a_warning(self):
        result = run("template", {"template": "Code {1}{2}"})
        assert result["verdict"] == "ok" and "adjacent placeholders" in messages(result, "warning")


class TestParams:
    def test_too_few_params(self):
        result = run("template", {"template": TEMPLATE, "params": ["1234"]})
        assert result["verdict"] == "params-mismatch"
        assert "2 placeholders ({1}, {2}) but 1 param is given" in messages(result)

    def test_params_as_text_one_per_line(self):
        assert run("template", {"template": TEMPLATE, "params": "1234\n5"})["verdict"] == "ok"

    def test_a_param_longer_than_12_characters(self):
        result = run("template", {"template": TEMPLATE, "params": ["1234", "fifteen minutes"]})
        assert result["verdict"] == "ok"
        assert "Param 2 is 15 characters long" in messages(result, "warning")

    def test_a_url_in_a_param(self):
        result = run("template", {"template": "Track it at {1}", "params": ["https://t.cn/x1"]})
        assert "Param 1 contains a link" in messages(result, "warning")


class TestAMessageAgainstTheTemplate:
    def test_a_matching_message(self):
        result = run("template", {"template": TEMPLATE, "message": "Your verification code is 1234, valid for 5 minutes."})
        assert result["verdict"] == "ok" and "matches the template" in messages(result)

    def test_a_non_breaking_space_is_named_at_its_position(self):
        message = "Your verification code is 1234,\u00a0valid for 5 minutes."
        result = run("template", {"template": TEMPLATE, "message": message})
        found = first(result)
        assert result["verdict"] == "message-mismatch"
        assert found["offset"] == 31 and found["input"] == "message"
        assert "Character 32 of the message (after “… code is 1234,”) is U+00A0 NO-BREAK SPACE" in found["message"]

    def test_an_extra_space_is_named(self):
        message = "Your verification code is 1234,  valid for 5 minutes."
        found = first(run("template", {"template": TEMPLATE, "message": message}))
        assert "extra U+0020 SPACE" in found["message"] and found["offset"] == 31

    def test_a_full_width_comma_is_named(self):
        message = "Your verification code is 1234， valid for 5 minutes."
        found = first(run("template", {"template": TEMPLATE, "message": message}))
        assert "FULLWIDTH COMMA" in found["message"] and found["offset"] == 30

    def test_a_zero_width_space_in_the_fixed_text_is_named(self):
        message = "Your verification\u200b code is 1234, valid for 5 minutes."
        found = first(run("template", {"template": TEMPLATE, "message": message}))
        assert "ZERO WIDTH SPACE" in found["message"] and found["offset"] == 17

    def test_a_missing_character_at_the_end(self):
        found = first(run("template", {"template": TEMPLATE, "message": "Your verification code is 1234, valid for 5 minutes"}))
        assert "which the message lacks" in found["message"] and "FULL STOP" in found["message"]

    def test_the_template_place_is_marked_too(self):
        message = "Your verification code is 1234,\u00a0valid for 5 minutes."
        result = run("template", {"template": TEMPLATE, "message": message})
        marks = [f for f in result["findings"] if f.get("input") == "template"]
        assert marks and marks[0]["offset"] == 30

    def test_a_value_that_differs_from_the_params(self):
        result = run("template", {"template": TEMPLATE, "params": ["1234", "5"],
                                  "message": "Your verification code is 1234, valid for 6 minutes."})
        assert result["verdict"] == "message-mismatch"
        assert "filled with your params" in first(result)["message"]


def test_a_space_at_the_edge_of_a_value_is_a_warning():
    result = run("template", {"template": "Your code is {1}.", "message": "Your code is 1234 ."})
    assert result["verdict"] == "ok"
    assert "edge of a variable's value" in messages(result, "warning")
    assert next(f for f in result["findings"] if f["level"] == "warning")["offset"] == 17


def test_a_huge_placeholder_number_is_answered_quickly():
    result = run("template", {"template": "Code {99999999999999999999}"})
    assert result["verdict"] == "template-error" and "far beyond" in messages(result)


def test_full_width_digits_in_braces_are_not_a_placeholder():
    assert "full-width digits" in messages(run("template", {"template": "Code {１}"}))
