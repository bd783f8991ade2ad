"""A prompt's words for the tree graph's boxes and the editor's outline: Markdown marks out, words kept."""
import pytest

from troubleshooter.tree_graph import plain_prompt, short_text


@pytest.mark.parametrize(("prompt", "words"), [
    ("**Check** the [console](https://console.example.com/sms) first", "Check the console first"),
    ("Read [the guide](https://example.com/a_(b)) now", "Read the guide now"),
    ("![diagram](/static/flow.png) shows it", "diagram shows it"),
    ("Is it __really__ *late*?", "Is it really late?"),
    ("Send `sig` and error_code", "Send sig and error_code"),
    ("> Note\n## Heading", "Note\nHeading"),
])
def test_markdown_marks_and_link_addresses_are_dropped(prompt, words):
    assert plain_prompt(prompt) == words


def test_arithmetic_and_comparisons_are_kept():
    assert plain_prompt("If 2 * 3 > 5 then wait") == "If 2 * 3 > 5 then wait"


def test_a_box_shows_the_first_paragraph_in_short_lines():
    assert short_text("**Did** the code arrive in time for the login?\n\nMore detail.") == (
        "Did the code arrive in time\nfor the login?")
