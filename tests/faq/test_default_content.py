"""The shipped knowledge base: the seed's 26 answers in Waypoint's words, every fact kept."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from faq.default_content import DefaultContentError, load_default_content, read_default_content
from faq.importer import parse_faq
from faq.models import Article, Category
from tests.default_slugs import DEFAULT_ARTICLE_SLUGS
from tests.factories import make_article

FIXED_SLUGS = DEFAULT_ARTICLE_SLUGS

# Every step, threshold, keyword, error code, console path and command of the seed FAQ, by article.
FACTS = {
    "sms-not-received": [
        "**Statistics and Analytics** > **Mainland China SMS** (or **Global SMS**) > **Message Records**",
        "**Delivery Status**", "**Remarks**", '"failed"', '"successful"', "rate limit", "message format",
        "unsubscribed", "error code", "switched off", "run out of credit", "out of service", "calling it",
        "complained to their carrier", "restart", "Reception is poor", "inbox is full",
        "another phone", "dual-SIM", "other slot", "blocklist", "/tickets/new/",
    ],
    "slow-api-calls": [
        "`dig yun.tim.qq.com`", "private DNS", "same carrier", "hosts file", "cross regions or carriers",
        "DNS proxy", "public DNS server", "persistent", "connection pool", "one stuck request",
        "`netstat`", "limit of local connections", "`tcpdump`", "Recv-Q", "Send-Q", "(90 seconds)",
        "close the idle one",
    ],
    "sms-arrives-late": [
        "10 minutes", "**Delivery Time**", "**Status Report Time**", "more than 10 seconds for a regular SMS",
        "more than 5 minutes for a marketing SMS", "sensitive words", "poor reception", "out of credit",
        "out of service", "switched off", "/tickets/new/",
    ],
    "number-blocklists": [
        "`T`", "`N`", "`TD`", "`Unsubscribe`", "`QX`", "`0000`", "upper or lower case", '"Failed to send"',
        "`1015 The mobile number is blocked`", "**General Management** > **Unsubscribed Users**",
        "cancel the unsubscription", "approved", "carrier's blocklist", '"Sent successfully"', "gateway",
    ],
    "error-1004": [
        "valid JSON", "JSON validator", "single quotes", "double quotes", "parameter names",
        '`{"Name":"Tom", "Age":23}`', "JSON string", "JSON integer", "`international`", "only 0 or 1",
        "bulk sending API", "single-recipient API", "/tickets/new/",
    ],
    "error-1014": [
        "half-width (English) braces", "numbered from 1", "`{1}`", "`{2}`", "a value for each",
        "approved", "`type`", "0 for a regular SMS, 1 for a marketing SMS", "Invisible characters",
        "extra space", "UTF-8", "Mainland China SMS template sends only to Mainland China numbers",
        "Global SMS template only to numbers outside Mainland China", "/tickets/new/",
    ],
    "error-1016": ["`AppID`", "`AppKey`", "contains no spaces", "field names"],
    "error-60008": [
        "within 1 second", "well-formed HTTP", "URL and the body format", "`Content-Type: application/json;charset=utf-8`",
        "public DNS server", "persistent connections with a connection pool", "/tickets/new/",
    ],
    "error-1001": ["`sig`", "random number", "in the URL", "`SDK AppID` (it starts with 1400)", "`AppKey`",
                   "sample code", "pseudo-code"],
    "api-secretid-secretkey": [
        "Sign in to the cloud console", "**API Keys**", "**Create**", "key pair", "**SecretId**", "username",
        "**SecretKey**", "password", "private", "disable them", "`AccessKey ID`",
    ],
    "sdk-appid-appkey": ["`SDK AppID`", "`AppKey`", "unique ID", "create an SMS application", "genuine"],
    "wechat-short-url-redirect": [
        "**Short URL Management**", "`path`", "scheme code", "released version", "home page",
        "**WeChat Mini Program** > **Statistics** > **Usage Analysis** > **Page Analysis**",
    ],
    "reply-time-limit": ["72 hours", "read the reply"],
    "view-user-replies": ["nothing extra", "**Reply Records**", "callback address"],
    "sender-number": ["13–20 digits", "starts with 1069", "assigned by the carrier", "Qsms", "Qcloud"],
    "different-messages-different-numbers": ["single-recipient sending API", "several processes"],
    "contact-support": ["/tickets/new/"],
    "sensitive-words": ["belongs to the carriers", "mobile number", "/tickets/new/", "with the carrier"],
    "message-review": ["individual (personal) account must be approved before it can send", "organisation"],
    "number-not-in-console": ["file of numbers", "extra characters", "delete them", "reached the SMS API",
                              "response came back"],
    "server-outside-mainland-china": ["outside Mainland China", "domain name", "near", "`curl`"],
    "bulk-sms": ["`SendSms`", "up to 200 mobile numbers", "up to 100,000 mobile numbers", "SMS console"],
    "number-deduplication": ["import numbers into the SMS console", "same attributes",
                             "same message content", "only once"],
    "invoices": ["**Invoice Management**"],
    "asterisks-in-preview": [
        "`Dear customer, your top-up payment of 1**2 USD has been credited to your account. "
        "Please check it in the system!`",
        "encrypted", "asterisks", "every digit",
    ],
    "country-codes": ["country and region codes", "price"],
}

ERROR_CODES = {
    "number-blocklists": ["1015"], "error-1001": ["1001"], "error-1004": ["1004"], "error-1014": ["1014"],
    "error-1016": ["1016"], "error-60008": ["60008"],
}

SEED = (Path(__file__).parent / "data" / "seed_faq.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def content():
    return read_default_content()


class TestTheShippedFiles:
    def test_they_hold_the_26_fixed_slugs(self, content):
        assert sorted(a.slug for a in content.articles) == sorted(FIXED_SLUGS)

    def test_five_to_seven_described_categories_hold_every_article(self, content):
        assert 5 <= len(content.categories) <= 7
        assert all(c.name and c.description for c in content.categories)
        assert set(content.category_of.values()) == {c.slug for c in content.categories}

    def test_every_article_has_a_one_sentence_summary_and_keywords(self, content):
        for article in content.articles:
            assert article.summary.endswith(".") and not re.search(r"[.!?]\s", article.summary), article.slug
            assert len(article.keywords.split(", ")) >= 4, article.slug

    @pytest.mark.parametrize("slug", FACTS)
    def test_every_fact_of_the_seed_is_kept(self, content, slug):
        body = next(a.body for a in content.articles if a.slug == slug)
        missing = [fact for fact in FACTS[slug] if fact not in body]
        assert not missing, f"{slug} lost: {missing}"

    def test_the_provider_is_never_named_nor_linked(self, content):
        for article in content.articles:
            text = " ".join([article.title, article.body, article.summary, article.keywords]).lower()
            assert "tencent" not in text and "://" not in text, article.slug

    def test_no_sentence_is_copied_from_the_seed(self, content):
        seed_sentences = {
            sentence.strip()
            for entry in parse_faq(SEED)
            for sentence in re.split(r"(?<=[.!?])\s+|\n", entry.body)
            if len(sentence.split()) >= 8
        }
        ours = "\n".join(a.body for a in content.articles)
        assert [s for s in seed_sentences if s in ours] == []

    def test_error_codes_are_found_exactly(self, content):
        found = {a.slug: list(a.error_codes) for a in content.articles if a.error_codes}
        assert found == ERROR_CODES

    def test_a_manifest_that_does_not_match_its_file_is_refused(self, tmp_path):
        (tmp_path / "one.md").write_text("### A title\nA body.\n", encoding="utf-8")
        (tmp_path / "content.toml").write_text(
            '[[category]]\nslug = "c"\nname = "C"\ndescription = "D"\nfile = "one.md"\n'
            '[[category.article]]\nslug = "a"\ntitle = "Another title"\nsummary = "S."\nkeywords = ["k"]\n',
            encoding="utf-8",
        )
        with pytest.raises(DefaultContentError, match="one.md, line 1: no .* has the title 'A title'"):
            read_default_content(tmp_path / "content.toml")


@pytest.mark.django_db
class TestLoadingTheDefaultContent:
    def test_it_loads_every_article_published_in_its_category(self):
        load_default_content()
        assert sorted(Article.objects.published().values_list("slug", flat=True)) == sorted(FIXED_SLUGS)
        assert Category.objects.count() == len(read_default_content().categories)
        assert Article.objects.get(slug="error-1014").category.slug == "api"
        assert list(Category.objects.values_list("position", flat=True)) == list(range(1, Category.objects.count() + 1))

    def test_anchor_markup_never_shows_and_cross_links_resolve(self):
        load_default_content()
        for article in Article.objects.all():
            assert "(id:" not in article.title and "(id:" not in article.body_html
        late = Article.objects.get(slug="sms-arrives-late").body_html
        assert 'href="/articles/slow-api-calls/#slow-api"' in late
        assert 'href="#late-step-2"' in late and 'id="late-step-2"' in late
        review = Article.objects.get(slug="message-review").body_html
        assert 'href="/articles/sms-arrives-late/#late-step-2"' in review

    def test_every_internal_anchor_link_lands_on_a_declared_anchor(self):
        load_default_content()
        anchors = {a.slug: set(a.anchors) for a in Article.objects.all()}
        for article in Article.objects.all():
            for slug, name in re.findall(r'href="(?:/articles/([\w-]+)/)?#([\w-]+)"', article.body_html):
                if name.startswith("step-"):
                    continue
                assert name in anchors[slug or article.slug], (article.slug, slug, name)

    def test_error_code_pages_find_their_article(self):
        load_default_content()
        for slug, codes in ERROR_CODES.items():
            assert list(Article.objects.get(slug=slug).error_codes.values_list("code", flat=True)) == codes

    def test_loading_twice_creates_nothing_new_and_changes_nothing(self):
        first = load_default_content()
        history = Article.history.count()
        second = load_default_content()
        assert (first.articles.created, second.articles.created, second.articles.kept) == (26, 0, 26)
        assert (second.categories_created, second.categories_kept) == (0, first.categories_created)
        assert Article.objects.count() == 26 and Article.history.count() == history

    def test_an_admins_edits_survive_unless_overwrite_is_asked_for(self):
        load_default_content()
        article = Article.objects.get(slug="invoices")
        article.body = "Edited by an admin."
        article.status = Article.Status.DRAFT
        article.save()
        load_default_content()
        article.refresh_from_db()
        assert (article.body, article.status) == ("Edited by an admin.", Article.Status.DRAFT)
        result = load_default_content(overwrite=True)
        article.refresh_from_db()
        assert "**Invoice Management**" in article.body and article.is_published
        assert result.articles.updated == 26
        assert article.history.count() == 3

    def test_a_category_an_admin_created_with_the_same_name_is_reused(self):
        Category.objects.create(name="Replies", slug="answers-from-users")
        load_default_content()
        assert Article.objects.get(slug="reply-time-limit").category.slug == "answers-from-users"


@pytest.mark.django_db
class TestLoadDefaultContentCommand:
    def test_it_says_what_it_did_each_time(self):
        out = io.StringIO()
        call_command("load_default_content", stdout=out)
        call_command("load_default_content", stdout=out)
        lines = [line for line in out.getvalue().splitlines() if line.startswith("Knowledge base")]
        first, second = lines
        assert first == (
            "Knowledge base categories: created 7, updated 0, kept 0; articles: created 26, updated 0, kept 0"
        )
        assert second == (
            "Knowledge base categories: created 0, updated 0, kept 7; articles: created 0, updated 0, kept 26"
        )

    def test_it_warns_when_another_article_declares_a_shipped_anchor(self):
        make_article(slug="my-own-blocklist-notes", body="Notes.[](id:blocklists)")
        err = io.StringIO()
        call_command("load_default_content", stdout=io.StringIO(), stderr=err)
        assert err.getvalue().rstrip().endswith("go to either article: blocklists")

    def test_overwrite_resets_the_shipped_articles(self):
        call_command("load_default_content", stdout=io.StringIO())
        Article.objects.filter(slug="bulk-sms").update(title="Changed")
        out = io.StringIO()
        call_command("load_default_content", "--overwrite", stdout=out)
        assert "articles: created 0, updated 26, kept 0" in out.getvalue()
        assert Article.objects.get(slug="bulk-sms").title == "Can I send bulk SMS?"
