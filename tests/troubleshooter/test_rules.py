import math

import pytest

from troubleshooter import rules


class TestDurations:
    @pytest.mark.parametrize(
        "raw, seconds",
        [("90s", 90), ("0", 0), ("5 min", 300), ("10 minutes", 600), ("1h", 3600), ("1h 30m", 5400),
         ("2 hours and 5 minutes", 7500), ("00:10:00", 600), ("1:30", 90), ("1.5 min", 90), ("250ms", 0.25),
         ("10分钟", 600), ("30秒", 30), ("2 小时", 7200), ("1个小时", 3600)],
    )
    def test_it_reads_the_ways_people_write_durations(self, raw, seconds):
        assert rules.parse_duration(raw) == pytest.approx(seconds)

    @pytest.mark.parametrize("raw", ["", "soon", "5 fortnights", "-5 min", "5 min ago", "min 5", "5 5"])
    def test_it_rejects_what_is_not_a_duration_with_a_message(self, raw):
        with pytest.raises(rules.ValueProblem) as problem:
            rules.parse_duration(raw)
        assert str(problem.value)

    def test_a_number_without_a_unit_is_refused_rather_than_read_as_seconds(self):
        with pytest.raises(rules.ValueProblem, match="15 what"):
            rules.parse_duration("15")

    def test_it_writes_durations_back_briefly(self):
        assert rules.format_duration(90) == "1 min 30 s"
        assert rules.format_duration(5.5) == "5.5 s"
        assert rules.format_duration(3600) == "1 h"


class TestNumbersAndDates:
    def test_numbers_accept_thousands_separators(self):
        assert rules.parse_number("1,200") == 1200

    @pytest.mark.parametrize("raw", ["abc", "", "nan", "inf"])
    def test_numbers_reject_words_and_infinities(self, raw):
        with pytest.raises(rules.ValueProblem):
            rules.parse_number(raw)

    def test_dates_are_read_in_iso_form_and_made_aware(self):
        value = rules.parse_datetime("2024-05-01 14:30")
        assert value.tzinfo is not None and value.hour == 14

    def test_a_non_date_is_a_problem_not_a_crash(self):
        with pytest.raises(rules.ValueProblem):
            rules.parse_datetime("2024-13-45 99:99")

    def test_structured_values_are_refused_for_single_inputs(self):
        with pytest.raises(rules.ValueProblem):
            rules.parse_value("text", {"a": 1})


class TestMatching:
    def test_numeric_operators_respect_open_and_closed_ends(self):
        assert rules.matches("duration", "lt", "10 min", 599)
        assert not rules.matches("duration", "lt", "10 min", 600)
        assert rules.matches("duration", "gte", "10 min", 600)
        assert rules.matches("number", "between", "1..3", 3)
        assert not rules.matches("number", "between", "1..3", 3.01)

    def test_text_rules_match_keywords_regexes_and_exact_words_ignoring_case(self):
        assert rules.matches("text", "keywords", "rate limit, frequency", "Hit the FREQUENCY policy")
        assert rules.matches("text", "regex", r"(?<!\d)1014(?!\d)", "error 1014: bad")
        assert not rules.matches("text", "regex", r"(?<!\d)1014(?!\d)", "101400")
        assert rules.matches("text", "eq", "yes", " YES ")

    def test_the_domain_of_a_duration_starts_at_zero(self):
        assert rules.domain("duration").low == 0
        assert rules.domain("number").low == -math.inf
