"""The FAQ importer: parsing the seed format strictly, and saving articles all or nothing."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from faq.importer import FaqFormatError, find_error_codes, import_articles, parse_faq
from faq.models import Article, ErrorCode
from tests.factories import make_article, make_category

SEED = (Path(__file__).parent / "data" / "seed_faq.txt").read_text(encoding="utf-8")

SLOW_API_SLUG = "what-should-i-do-if-it-takes-a-long-time-to-call-an-api"
LATE_SMS_SLUG = "why-does-it-take-a-long-time-for-a-user-to-receive-an-sms-message"


class TestParsingTheSeed:
    def test_every_heading_starts_one_article(self):
        parsed = parse_faq(SEED)
        assert len(parsed) == 26
        assert parsed[0].title == "What should I do if a user does not receive an SMS message?"
        assert parsed[-1].title == "What are the country/region codes?"

    def test_anchor_markup_never_shows_in_titles(self):
        titles = [entry.title for entry in parse_faq(SEED)]
        assert "What should I do if it takes a long time to call an API?" in titles
        assert not any("](" in title or "[" in title for title in titles)

    def test_a_headings_anchor_moves_to_the_top_of_its_body(self):
        slow_api = next(p for p in parse_faq(SEED) if p.slug == SLOW_API_SLUG)
        assert slow_api.body.startswith("[](id:jump)\n")

    def test_titles_are_plain_text(self):
        asterisks = parse_faq(SEED)[24]
        assert "`" not in asterisks.title and "Dear customer" in asterisks.title

    def test_slugs_are_unique_short_and_stable(self):
        first, second = parse_faq(SEED), parse_faq(SEED)
        slugs = [p.slug for p in first]
        assert slugs == [p.slug for p in second]
        assert len(set(slugs)) == 26
        assert all(0 < len(slug) <= 80 and not slug.endswith("-") for slug in slugs)

    def test_titles_giving_the_same_slug_get_numbered_slugs(self):
        parsed = parse_faq("### Error 1004?\nOne.\n### Error 1004!\nTwo.")
        assert [p.slug for p in parsed] == ["error-1004", "error-1004-2"]

    def test_entries_remember_their_line(self):
        assert [p.line for p in parse_faq("### A\nbody\n\n### B\nbody")] == [1, 4]

    def test_a_heading_inside_a_code_fence_does_not_start_an_article(self):
        parsed = parse_faq("### Shell\n```\n### not a heading\n```\n")
        assert len(parsed) == 1 and "### not a heading" in parsed[0].body


class TestListsRenderAsMeant:
    def test_shallow_sub_items_become_nested_lists(self):
        body = parse_faq("### T\n1. Step one\n - detail a\n  - detail b\n2. Step two\n")[0].body
        assert body == "1. Step one\n    - detail a\n    - detail b\n2. Step two"

    def test_a_list_right_under_a_paragraph_gets_its_blank_line(self):
        body = parse_faq("### T\nIntro:\n- one\n- two\n")[0].body
        assert body == "Intro:\n\n- one\n- two"

    def test_a_shallow_item_outside_a_list_is_left_alone(self):
        body = parse_faq("### T\nIntro.\n\n - lonely\n")[0].body
        assert body == "Intro.\n\n - lonely"

    def test_code_fences_are_copied_verbatim(self):
        body = parse_faq("### T\n- item\n```\n - x\n```\n")[0].body
        assert "\n - x\n" in body


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", 1, "no '### ' heading"),
        ("Just some text\n\nwith no heading", 1, "no '### ' heading"),
        ("\n\nPreamble\n### Title\nBody", 3, "text before the first"),
        ("### Fine\nBody\n###    \nBody", 3, "empty title"),
        ("### Fine\nBody\n### [](id:only-an-anchor)\nBody", 3, "empty title"),
        ("### Fine\nBody\n### Empty\n\n   \n### Next\nBody", 3, "has no body"),
        ("### Same\nBody\n### Other\nBody\n### same\nBody", 5, "used twice (first on line 1)"),
        ("### ???\nBody", 1, "no usable URL slug"),
        ("### " + "x" * 256 + "\nBody", 1, "longer than 255"),
    ],
)
def test_a_malformed_file_is_refused_with_the_line_and_the_reason(text, line, reason):
    with pytest.raises(FaqFormatError) as caught:
        parse_faq(text)
    assert caught.value.line == line
    assert reason in str(caught.value) and str(caught.value).startswith(f"line {line}: ")


class TestErrorCodes:
    @pytest.mark.parametrize(
        ("text", "codes"),
        [
            ("What should I do if error 1004 is returned?", ("1004",)),
            ("If error code 60008 is returned within 1 second", ("60008",)),
            ("error 1001 (sig verification failed)", ("1001",)),
            ('with remarks "1015 The mobile number is blocked"', ("1015",)),
            ("Errors 1014 and 1016, or error codes 1004, 1001", ("1001", "1004", "1014", "1016")),
            ("Error: 1014", ("1014",)),
        ],
    )
    def test_codes_the_text_calls_errors_are_found(self, text, codes):
        assert find_error_codes(text) == codes

    @pytest.mark.parametrize(
        "text",
        [
            "the number contains 13–20 digits starting with 1069 and ending with a random number",
            "Check whether the `SDK AppID` (starting with 1400) and `AppKey` are correct.",
            "up to 200 mobile numbers at a time or up to 100,000 mobile numbers through the console",
            "The recipient must reply within 72 hours.",
            'replies "T", "N", "TD", "Unsubscribe", "QX", or "0000" (case-insensitive)',
            "based on the specific [error code](https://example.com/document/product/382/34861).",
            "more than 10 seconds for regular SMS or 5 minutes, 90 seconds idle",
            "the numbers in the brackets should start from 1, i.e., {1}, {2}",
            "error rates rose by 1,500 in 2024",
            "error 1234567 is too long to be a code, and so is error 12",
        ],
    )
    def test_other_numbers_are_not_codes(self, text):
        assert find_error_codes(text) == ()

    def test_the_seed_covers_exactly_its_six_codes(self):
        found = {p.slug.split("-if-")[-1]: p.error_codes for p in parse_faq(SEED) if p.error_codes}
        assert found == {
            "error-1004-is-returned": ("1004",),
            "error-1014-is-returned": ("1014",),
            "error-1016-is-returned": ("1016",),
            "error-60008-is-returned": ("60008",),
            "error-1001-sig-verification-failed-is-returned": ("1001",),
            "what-is-a-mobile-number-blocklist": ("1015",),
        }


@pytest.mark.django_db
class TestImportingTheSeed:
    @pytest.fixture
    def category(self):
        return make_category(name="FAQ", slug="faq")

    def test_it_creates_26_published_articles_with_their_codes(self, category):
        result = import_articles(parse_faq(SEED), category=category)
        assert (result.created, result.updated) == (26, 0)
        assert Article.objects.published().filter(category=category).count() == 26
        assert set(ErrorCode.objects.values_list("code", flat=True)) == {
            "1001", "1004", "1014", "1015", "1016", "60008",
        }
        assert Article.objects.get(error_codes__code="1015").slug == "what-is-a-mobile-number-blocklist"

    def test_anchor_markup_never_shows_in_the_rendered_articles(self, category):
        import_articles(parse_faq(SEED), category=category)
        for title, html in Article.objects.values_list("title", "body_html"):
            assert "(id:" not in title and "(id:" not in html

    def test_a_link_to_another_articles_anchor_goes_to_that_article(self, category):
        import_articles(parse_faq(SEED), category=category)
        late = Article.objects.get(slug=LATE_SMS_SLUG)
        slow_api = Article.objects.get(slug=SLOW_API_SLUG)
        assert f'href="{slow_api.get_absolute_url()}#jump"' in late.body_html
        assert 'id="jump"' in slow_api.body_html
        # Links to a step of the same article stay on the page.
        assert 'href="#Q3step2"' in late.body_html and 'id="Q3step2"' in late.body_html

    def test_sub_items_render_as_nested_lists(self, category):
        import_articles(parse_faq(SEED), category=category)
        html = Article.objects.get(slug=SLOW_API_SLUG).body_html
        assert "<ul>\n<li>If the issue persists, the cause may be" in html
        first = Article.objects.get(slug="what-should-i-do-if-a-user-does-not-receive-an-sms-message").body_html
        assert "<ul>\n<li>The mobile phone has been powered off" in first

    def test_articles_get_a_one_sentence_summary(self, category):
        import_articles(parse_faq(SEED), category=category)
        summaries = dict(Article.objects.values_list("slug", "summary"))
        assert summaries["can-i-view-or-receive-user-replies"] == (
            "Yes, and no additional fees will be incurred by SMS replies."
        )
        assert summaries[LATE_SMS_SLUG].startswith("View the request sent time")
        assert all(summaries.values())

    def test_importing_again_updates_instead_of_duplicating(self, category):
        import_articles(parse_faq(SEED), category=category)
        history_before = Article.history.count()
        result = import_articles(parse_faq(SEED), category=category)
        assert (result.created, result.updated) == (0, 26)
        assert Article.objects.count() == 26
        # Nothing changed, so no article gained a history record.
        assert Article.history.count() == history_before

    def test_a_changed_entry_updates_its_article_and_history(self, category):
        import_articles(parse_faq(SEED), category=category)
        changed = SEED.replace("reply within 72 hours", "reply within 48 hours")
        import_articles(parse_faq(changed), category=category)
        article = Article.objects.get(slug__startswith="can-the-recipient-reply")
        assert "48 hours" in article.body and "48 hours" in article.body_html
        assert article.history.count() == 2

    def test_an_admins_summary_and_keywords_survive_a_reimport(self, category):
        import_articles(parse_faq(SEED), category=category)
        Article.objects.filter(slug="are-invoices-available").update(summary="Billing.", keywords="invoice, bill")
        import_articles(parse_faq(SEED), category=category)
        article = Article.objects.get(slug="are-invoices-available")
        assert (article.summary, article.keywords) == ("Billing.", "invoice, bill")

    def test_it_can_import_drafts(self, category):
        import_articles(parse_faq(SEED), category=category, status=Article.Status.DRAFT)
        assert not Article.objects.published().exists()

    def test_existing_articles_can_be_kept_as_they_are(self, category):
        article = make_article(slug="are-invoices-available", title="Edited by an admin", category=category)
        result = import_articles(parse_faq(SEED), category=category, update_existing=False)
        assert (result.created, result.updated, result.kept) == (25, 0, 1)
        article.refresh_from_db()
        assert article.title == "Edited by an admin"

    def test_per_article_categories_override_the_default(self, category):
        billing = make_category(name="Billing", slug="billing")
        parsed = [dataclasses.replace(p, summary="S.", keywords="k") for p in parse_faq(SEED)]
        import_articles(parsed, category=category, categories={"are-invoices-available": billing})
        article = Article.objects.get(slug="are-invoices-available")
        assert (article.category, article.summary, article.keywords) == (billing, "S.", "k")

    def test_a_failure_midway_imports_nothing(self, category, monkeypatch):
        saves = []
        original_save = Article.save

        def failing_save(self, *args, **kwargs):
            saves.append(self.slug)
            if len(saves) == 5:
                raise RuntimeError("disk full")
            original_save(self, *args, **kwargs)

        monkeypatch.setattr(Article, "save", failing_save)
        with pytest.raises(RuntimeError):
            import_articles(parse_faq(SEED), category=category)
        assert not Article.objects.exists()
        assert not ErrorCode.objects.exists()

    def test_an_unknown_status_is_refused(self, category):
        with pytest.raises(ValueError, match="unknown article status"):
            import_articles(parse_faq(SEED), category=category, status="archived")
