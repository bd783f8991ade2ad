"""The article page: content, anchors, related articles, "Still stuck?", drafts, counters and queries."""
from unittest import mock

import pytest
from django.contrib.auth.models import Permission, User

from faq import view_counts
from faq.models import Article
from tests.factories import make_article, make_category
from tests.faq.kb_helpers import make_tree

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

BODY = """Intro paragraph.

## Check the delivery status

1. Open **Message Records**.
2. Read the **Remarks** column.

>? Numbers that unsubscribed are blocked.
"""


@pytest.fixture
def staff(client):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    return user


class TestArticleContent:
    def test_it_shows_the_rendered_body_title_date_and_error_codes(self, client):
        article = make_article(title="Error 1014", body=BODY, error_codes=("1014", "60008"))
        page = client.get(article.get_absolute_url()).content.decode()
        assert "<h1" in page and "Error 1014" in page
        assert "<strong>Message Records</strong>" in page
        assert 'class="callout callout-note"' in page
        assert f'datetime="{article.updated_at.isoformat()}"' in page or "Last updated <time" in page
        assert 'href="/errors/1014/"' in page and 'href="/errors/60008/"' in page

    def test_it_names_its_canonical_address(self, client):
        article = make_article(slug="sig")
        page = client.get(article.get_absolute_url(), {"utm_source": "mail"}).content.decode()
        assert '<link rel="canonical" href="http://testserver/articles/sig/">' in page

    def test_headings_and_numbered_steps_have_permalinks(self, client):
        article = make_article(body=BODY)
        page = client.get(article.get_absolute_url()).content.decode()
        assert 'id="check-the-delivery-status"' in page and 'href="#check-the-delivery-status"' in page
        assert 'id="step-2"' in page and 'href="#step-2"' in page

    def test_it_never_renders_markdown_while_serving(self, client):
        article = make_article(body=BODY)
        with mock.patch("markdown.Markdown.convert", side_effect=AssertionError("rendered per request")):
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200 and "Message Records" in response.content.decode()

    def test_a_head_request_answers_without_counting_a_view(self, client):
        article = make_article()
        assert client.head(article.get_absolute_url(), headers={"User-Agent": BROWSER}).status_code == 200
        view_counts.flush()
        article.refresh_from_db()
        assert article.view_count == 0

    def test_each_visit_by_a_person_is_counted_once_views_are_flushed(self, client):
        article = make_article()
        client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
        view_counts.flush()
        article.refresh_from_db()
        assert article.view_count == 2


class TestRelatedArticles:
    def test_shared_error_codes_rank_before_keywords_and_the_same_topic(self, client):
        topic = make_category()
        article = make_article(category=topic, error_codes=("1014",), keywords="template, variables")
        same_topic = make_article(category=topic, title="Same topic")
        same_code = make_article(title="Same code", error_codes=("1014",))
        same_keyword = make_article(title="Same keyword", keywords="Template")
        make_article(title="Unrelated", keywords="templates-ish")
        make_article(category=topic, title="Draft neighbour", status=Article.Status.DRAFT)
        related = client.get(article.get_absolute_url()).context["related"]
        assert related == [same_code, same_keyword, same_topic]

    def test_an_article_with_nothing_in_common_has_no_related_section(self, client):
        article = make_article()
        make_article()
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Related articles" not in page


class TestStillStuck:
    def test_it_leads_to_the_troubleshooters_that_link_the_article_and_to_a_ticket(self, client):
        article = make_article(slug="error-1014")
        make_tree(slug="api-errors", title="API errors", articles=(article,))
        make_tree(slug="other", title="Other tree")
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Still stuck?" in page
        assert 'href="/troubleshoot/api-errors/"' in page and "/troubleshoot/other/" not in page
        assert 'href="/tickets/new/?article=error-1014"' in page

    def test_without_a_linking_troubleshooter_it_offers_the_troubleshooter_index(self, client):
        article = make_article()
        page = client.get(article.get_absolute_url()).content.decode()
        assert 'href="/troubleshoot/"' in page


class TestDrafts:
    def test_a_draft_is_404_to_the_public(self, client):
        draft = make_article(status=Article.Status.DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_staff_can_preview_a_draft_which_is_marked_and_not_counted(self, client, staff):
        draft = make_article(status=Article.Status.DRAFT)
        response = client.get(draft.get_absolute_url(), headers={"User-Agent": BROWSER})
        assert response.status_code == 200 and "Draft preview" in response.content.decode()
        view_counts.flush()
        draft.refresh_from_db()
        assert draft.view_count == 0

    def test_staff_see_the_counters_and_the_public_does_not(self, client, staff):
        article = make_article(helpful_yes=7, helpful_no=3, view_count=40)
        page = client.get(article.get_absolute_url()).content.decode()
        assert "For staff" in page and "<dd>7</dd>" in page and "<dd>3</dd>" in page
        client.logout()
        assert "For staff" not in client.get(article.get_absolute_url()).content.decode()

    @pytest.mark.parametrize("path", ["/articles/no-such-article/", "/articles/%3Cscript%3E/", "/articles/x%00/"])
    def test_unknown_or_junk_slugs_are_404(self, client, path):
        # A NUL character is refused site-wide with a 400 before any lookup (config/nul_bytes.py).
        assert client.get(path).status_code == (400 if "%00" in path else 404)


class TestQueryBudget:
    def _rich_article(self) -> Article:
        topic = make_category()
        codes = tuple(str(1000 + n) for n in range(6))
        article = make_article(category=topic, body=BODY, error_codes=codes, keywords="a, b, c, d")
        for n in range(8):
            make_article(category=topic, error_codes=codes[: n % 3], keywords="b, c")
        make_tree(articles=(article,))
        make_tree(articles=(article,))
        return article

    def test_an_article_page_runs_at_most_five_queries_whatever_the_article(
        self, client, django_assert_max_num_queries
    ):
        for article in (make_article(), self._rich_article()):
            with django_assert_max_num_queries(5):
                assert client.get(article.get_absolute_url()).status_code == 200

    def test_a_signed_in_admin_stays_within_five_queries(self, admin_client, django_assert_max_num_queries):
        article = self._rich_article()
        with django_assert_max_num_queries(5):
            assert admin_client.get(article.get_absolute_url()).status_code == 200

    def test_a_visitor_with_a_session_stays_within_five_queries(self, client, django_assert_max_num_queries):
        article = self._rich_article()
        client.post(make_article().get_absolute_url() + "vote/", {"helpful": "yes"})
        assert client.cookies.get("sessionid")
        with django_assert_max_num_queries(5):
            assert client.get(article.get_absolute_url()).status_code == 200


class TestRelatedArticlesAreNotComputedPerRequest:
    def test_they_are_computed_once_until_the_content_changes(self, admin_client):
        article = make_article()
        with mock.patch("faq.queries.related_articles", return_value=[]) as related:
            admin_client.get(article.get_absolute_url())
            admin_client.get(article.get_absolute_url())
            assert related.call_count == 1
            make_article()
            admin_client.get(article.get_absolute_url())
            assert related.call_count == 2
