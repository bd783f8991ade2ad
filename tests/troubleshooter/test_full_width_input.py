"""Full-width digits and spaces (typed with a Chinese input method) read as their ASCII forms."""
import pytest

from troubleshooter import engine, rules
from troubleshooter.models import Tree


class TestFullWidthInput:
    @pytest.mark.parametrize("typed", ["１０１４", "Error　１０１４", "ｅｒｒｏｒ １０１４"])
    def test_full_width_error_codes_read_as_ascii(self, shipped, typed):
        session = engine.start_session(Tree.objects.get(slug="api-error-code"))
        engine.answer(session, value=typed)
        assert session.current_node.key == "code-1014"

    def test_full_width_numbers_and_spaces_in_durations_and_numbers(self):
        assert rules.parse_value("duration", "１０　ｍｉｎ") == 600
        assert rules.parse_value("number", "１２．５") == 12.5
        assert rules.matches("text", "keywords", "ｒａｔｅ", rules.parse_value("text", "RATE limit"))
