"""phone-numbers: E.164 forms, spaces, country codes, lengths, duplicates, mixing and the 200 limit."""
import pytest

from checkers.phone_numbers import normalise_number

from .checker_helpers import messages, run


class TestNormaliseNumber:
    @pytest.mark.parametrize("raw, e164", [
        ("+8613788888888", "+8613788888888"),
        ("+1 (415) 555-0132", "+14155550132"),
        ("0044 7911 123456", "+447911123456"),
        ("+852 6123 4567", "+85261234567"),
        ("13788888888", "+8613788888888"),
    ])
    def test_it_gives_the_e164_form(self, raw, e164):
        assert normalise_number(raw)[0] == e164

    def test_a_clean_number_has_no_problems(self):
        assert normalise_number("+8613788888888") == ("+8613788888888", [])

    def test_spaces_and_dashes_are_problems(self):
        e164, problems = normalise_number("+86 137-8888-8888")
        assert e164 == "+8613788888888" and "dashes and spaces" in problems[0]

    def test_a_missing_country_code(self):
        e164, problems = normalise_number("7911123456")
        assert e164 is None and "country code is missing" in problems[0]

    def test_a_mainland_number_without_country_code_is_read_as_86(self):
        assert "no country code" in normalise_number("13788888888")[1][0]

    def test_wrong_length(self):
        e164, problems = normalise_number("+86137888888")
        assert e164 is None and "Too short for Mainland China (+86): 9 digits" in problems[-1]

    def test_a_trunk_zero_after_the_country_code(self):
        e164, problems = normalise_number("+44 07911 123456")
        assert e164 == "+447911123456" and "Drop the leading 0" in " ".join(problems)

    def test_letters_and_invisible_characters(self):
        assert normalise_number("+86 137 CALL ME")[0] is None
        assert "invisible" in normalise_number("\u200b+8613788888888")[1][0]

    @pytest.mark.parametrize("junk", [None, 42, "", "+", "++86", "x" * 100])
    def test_junk_is_answered_not_raised(self, junk):
        e164, problems = normalise_number(junk)
        assert e164 is None and problems


class TestCheckingAList:
    def test_a_clean_list_is_ok(self):
        result = run("phone-numbers", {"numbers": ["+8613788888888", "+8613912345678"]})
        assert result["verdict"] == "ok" and result["unique"] == 2

    def test_text_with_one_number_per_line_marks_the_bad_line(self):
        text = "+8613788888888\n+86 137 123\n"
        result = run("phone-numbers", {"numbers": text})
        bad = next(f for f in result["findings"] if f["level"] == "error")
        assert result["verdict"] == "invalid-numbers"
        assert bad["index"] == 1 and text[bad["offset"]:bad["offset"] + bad["length"]] == "+86 137 123"

    def test_duplicates_are_delivered_once(self):
        result = run("phone-numbers", {"numbers": ["+8613788888888", "13788888888"]})
        assert result["verdict"] == "ok" and "appears 2 times" in messages(result, "warning")

    def test_mixing_mainland_and_international(self):
        result = run("phone-numbers", {"numbers": ["+8613788888888", "+6591234567"]})
        assert result["verdict"] == "invalid-numbers" and "mixes 1 Mainland China" in messages(result)

    def test_more_than_200_numbers(self):
        numbers = [f"+86137{i:08d}" for i in range(201)]
        result = run("phone-numbers", {"numbers": numbers})
        assert result["verdict"] == "invalid-numbers" and "at most 200" in messages(result)

    def test_far_too_many_numbers_are_refused_with_a_limit(self):
        result = run("phone-numbers", {"numbers": ["+8613788888888"] * 5000})
        assert "reads at most 2,000" in messages(result)


class TestWhatErrorIsRejects:
    """Error 1016 is the API refusing a number with spaces: the checker must not call one ok."""

    @pytest.mark.parametrize("raw", ["+86 138 0013 8000", "+86-138-0013-8000", "+8613800138000\u200b", "＋8613800138000"])
    def test_a_number_the_api_rejects_as_written_is_an_error(self, raw):
        result = run("phone-numbers", {"numbers": [raw]})
        assert result["verdict"] == "invalid-numbers"
        assert result["ok"] is False
        assert [f["level"] for f in result["findings"]] == ["error"]
        assert "error 1016" in result["findings"][0]["message"]
        assert "send +8613800138000" in result["findings"][0]["message"]

    def test_a_number_without_its_country_code_is_only_a_warning(self):
        result = run("phone-numbers", {"numbers": ["13800138000"]})
        assert result["verdict"] == "ok"
        assert [f["level"] for f in result["findings"]] == ["warning"]

    @pytest.mark.django_db
    def test_the_tool_page_headline_is_cautious_beside_a_warning(self, client):
        html = client.post("/tools/phone-numbers/", {"numbers": "13800138000"}).content.decode()
        assert "The numbers can be sent to, with warnings to check" in html
        assert "The phone numbers look valid" not in html
