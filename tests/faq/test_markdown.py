"""The one renderer: Markdown, the seed's dialect, and sanitising."""
import re
from pathlib import Path

import pytest

from faq.markdown import declared_anchors, is_reserved_id, plain_text, render
from tests.factories import make_article


class TestDialect:
    def test_anchor_declaration_becomes_an_element_with_that_id(self):
        html = render("Check the mode.[](id:Q2step2)")
        assert 'id="Q2step2"' in html
        assert "](id:" not in html

    def test_declared_anchors_are_listed_once_in_order(self):
        assert declared_anchors("a[](id:one) b[](id:two) c[](id:one)") == ["one", "two"]

    def test_link_to_a_local_anchor_is_left_alone(self):
        html = render("[step 2](#here)\n\nText[](id:here)", lambda name: "/elsewhere/")
        assert 'href="#here"' in html

    def test_link_to_another_articles_anchor_is_resolved(self):
        html = render("See [the API article](#jump).", lambda name: f"/articles/slow-api/#{name}")
        assert 'href="/articles/slow-api/#jump"' in html

    def test_note_and_warning_callouts(self):
        html = render(">?\n>- Keep keys private.\n\n>! Do not share the AppKey.")
        assert 'class="callout callout-note"' in html and "<li>Keep keys private.</li>" in html
        assert 'class="callout callout-warning"' in html and "Do not share the AppKey." in html

    def test_numbered_steps_get_permalinks(self):
        html = render("1. First\n2. Second")
        assert 'id="step-1"' in html and 'href="#step-2"' in html

    def test_headings_get_ids_and_tables_render(self):
        html = render("## Delivery status\n\n| a | b |\n|---|---|\n| 1 | 2 |")
        assert '<h2 id="delivery-status">' in html
        assert "<table>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://example.com'></iframe>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<svg onload=alert(1)>",
        '[x](id:"><script>alert(1)</script>)',
    ],
)
def test_output_is_sanitised(hostile):
    html = render(hostile).lower()
    assert "<script" not in html
    assert "onerror" not in html and "onload" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html


class TestPlainText:
    def test_permalink_marks_are_dropped(self):
        text = plain_text(render("## Delivery status\n\n1. Open the console"))
        assert "#" not in text
        assert text == "Delivery status Open the console"

    def test_block_boundaries_keep_words_apart(self):
        text = plain_text(render(">? Keep your keys private.\n\n- first\n- second"))
        assert "Note Keep your keys private." in text
        assert "first second" in text


class TestAttributesContentMayUse:
    def test_site_classes_are_not_borrowed(self):
        html = render('<div class="visually-hidden message-error">Hidden</div> <span class="callout-warning x">y</span>')
        assert "visually-hidden" not in html and "message-error" not in html
        assert 'class="callout-warning"' in html

    def test_ids_only_where_anchors_live(self):
        html = render('<div id="csrfmiddlewaretoken">x</div>\n\nText[](id:kept)')
        assert 'id="csrfmiddlewaretoken"' not in html
        assert 'id="kept"' in html

    def test_fenced_code_keeps_its_language_class(self):
        assert 'class="language-json"' in render('```json\n{"a": 1}\n```')


class TestIdsStayOutOfThePagesNamespace:
    def test_an_anchor_named_like_the_vote_box_is_moved_aside_with_the_links_to_it(self):
        html = render("[Feedback](#feedback)\n\nText[](id:feedback)")
        assert 'id="feedback"' not in html
        assert 'id="user-content-feedback"' in html and 'href="#user-content-feedback"' in html

    @pytest.mark.parametrize("markdown", [
        "## Main", "## Feedback heading", '<h2 id="wizard">x</h2>', '<span id="id_helpful_0"></span>',
        "Text[](id:site-search)", "Text[](id:cat-delivery)",
    ])
    def test_headings_raw_html_and_anchors_cannot_take_a_site_id(self, markdown):
        html = render(markdown)
        for site_id in ("main", "feedback-heading", "wizard", "id_helpful_0", "site-search", "cat-delivery"):
            assert f'id="{site_id}"' not in html

    def test_ordinary_anchors_and_step_links_keep_their_names(self):
        html = render("Text[](id:blocklists)\n\n1. First")
        assert 'id="blocklists"' in html and 'id="step-1"' in html

    def test_another_articles_reserved_anchor_is_linked_where_it_was_moved(self, db):
        make_article(slug="votes", body="Text[](id:feedback)")
        other = make_article(body="See [the box](#feedback).")
        assert 'href="/articles/votes/#user-content-feedback"' in other.body_html

    def test_every_literal_id_in_the_templates_is_reserved(self):
        templates = Path(__file__).resolve().parents[2] / "templates"
        ids = {
            found for path in templates.rglob("*.html")
            for found in re.findall(r'\bid="([^"{}]+)"', path.read_text(encoding="utf-8"))
        }
        assert ids, "no ids found: the pattern is wrong"
        assert sorted(name for name in ids if not is_reserved_id(name)) == []
