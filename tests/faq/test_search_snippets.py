"""Search snippets: escaped exactly once, with the matched words highlighted."""
import pytest

from faq import search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_snippet_shows_a_greater_than_sign_escaped_once_not_twice():
    make_article(
        slug="records",
        title="Where are message records?",
        body="Select **Statistics** > **Message Records** to see the delivery status of each message.",
    )
    snippet = str(search.search("message records statistics").results[0].snippet)
    assert "&gt;" in snippet
    assert "&amp;gt;" not in snippet


def test_a_snippet_escapes_markup_written_as_text_in_the_article():
    make_article(slug="tags", title="Tags in templates", body="Write `<b>` in a template and it is sent as text.")
    snippet = str(search.search("template tags").results[0].snippet)
    assert "&lt;b&gt;" in snippet
    assert "<b>" not in snippet
