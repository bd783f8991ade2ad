"""Marking findings in pasted text: escaped, invisible characters drawn, missing ones shown as a caret."""
from checkers import get_checker
from checkers.highlight import Mark, highlight, marked_texts


def test_text_is_escaped_around_and_inside_marks():
    html = highlight("<b>a</b>", [Mark(offset=3, length=1, number=1, level="error")])
    assert html.startswith("&lt;b&gt;") and '<mark class="mark mark-error" id="mark-1">a' in html


def test_invisible_characters_are_drawn_as_their_code():
    html = highlight("a\u200bb", [Mark(1, 1, 2, "error")])
    assert "[U+200B]" in html and 'id="mark-2"' in html


def test_a_missing_character_is_a_caret():
    html = highlight("abc", [Mark(3, 0, 1, "error")])
    assert "mark-missing" in html and "something is missing here" in html


def test_overlapping_and_out_of_range_marks_are_dropped():
    html = highlight("abcdef", [Mark(0, 4, 1, "error"), Mark(2, 1, 2, "info"), Mark(50, 1, 3, "info")])
    assert html.count("<mark") == 1


def test_secret_fields_are_never_marked():
    findings = [{"level": "warning", "message": "m", "input": "appkey", "offset": 0, "length": 1}]
    assert marked_texts(get_checker("sig"), {"appkey": "secret"}, findings) == []
