"""The admin: article list, live preview through the public renderer, drafts, history and restore."""
import pytest
from django.urls import reverse

from faq.models import Article, Vote
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def form_data(form) -> dict:
    """What a browser would post back for an admin form as it was shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


class TestArticleList:
    def test_it_shows_status_error_codes_and_vote_counts(self, admin_client):
        make_article(title="Error 1014", error_codes=("1014",), helpful_yes=3, helpful_no=1, view_count=9)
        page = admin_client.get(reverse("admin:faq_article_changelist")).content.decode()
        for column in ("Status", "Error codes", "Helpful yes", "Helpful no", "Found helpful"):
            assert column in page
        assert "75 %" in page and "1014" in page

    def test_it_searches_by_error_code_and_filters_by_status(self, admin_client):
        make_article(title="About 1016", error_codes=("1016",))
        make_article(title="A draft", status=Article.Status.DRAFT)
        url = reverse("admin:faq_article_changelist")
        found = admin_client.get(url, {"q": "1016"}).context["cl"].result_list
        assert [article.title for article in found] == ["About 1016"]
        drafts = admin_client.get(url, {"status__exact": "draft"}).context["cl"].result_list
        assert [article.title for article in drafts] == ["A draft"]

    def test_the_publish_action_publishes_and_keeps_history(self, admin_client):
        draft = make_article(status=Article.Status.DRAFT)
        admin_client.post(
            reverse("admin:faq_article_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.is_published
        assert [record.status for record in draft.history.all()] == ["published", "draft"]

    def test_reader_comments_are_listed_on_the_article_and_in_the_votes_list(self, admin_client):
        article = make_article()
        Vote.objects.create(article=article, session_key="s1", helpful=False, comment="Step 3 is unclear")
        change = admin_client.get(reverse("admin:faq_article_change", args=[article.pk])).content.decode()
        assert "Step 3 is unclear" in change
        votes = admin_client.get(reverse("admin:faq_vote_changelist"), {"article__id__exact": article.pk})
        assert votes.status_code == 200 and "Step 3 is unclear" in votes.content.decode()


class TestLivePreview:
    url = "/markdownx/markdownify/"

    def test_the_edit_page_wires_the_markdownx_preview(self, admin_client):
        article = make_article()
        page = admin_client.get(reverse("admin:faq_article_change", args=[article.pk])).content.decode()
        assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in page

    def test_staff_preview_uses_the_public_renderer_and_sanitises(self, admin_client):
        response = admin_client.post(self.url, {"content": ">? Keep keys private.\n\n<script>alert(1)</script>"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="callout callout-note"' in html and "Keep keys private." in html
        assert "<script" not in html

    def test_preview_resolves_links_to_anchors_in_other_articles(self, admin_client):
        make_article(slug="slow-api-calls", body="Check the pool.[](id:Q2step2)")
        html = admin_client.post(self.url, {"content": "See [step 2](#Q2step2)."}).content.decode()
        assert 'href="/articles/slow-api-calls/#Q2step2"' in html

    def test_staff_who_may_not_change_articles_get_a_403(self, client):
        from tests.factories import make_agent

        client.force_login(make_agent())  # staff, may view articles but not change them
        response = client.post(self.url, {"content": "See [step 2](#Q2step2)."})
        assert response.status_code == 403

    def test_an_editor_may_preview(self, client):
        from tests.factories import make_editor

        client.force_login(make_editor())
        assert client.post(self.url, {"content": "**bold**"}).status_code == 200

    def test_an_empty_request_renders_nothing_instead_of_failing(self, admin_client):
        response = admin_client.post(self.url, {})
        assert response.status_code == 200 and response.content == b""

    def test_the_preview_is_not_open_to_the_public(self, client):
        response = client.post(self.url, {"content": "# hi"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_the_image_upload_of_markdownx_is_not_exposed(self, admin_client):
        assert admin_client.post("/markdownx/upload/").status_code == 404


class TestHistory:
    def test_every_edit_is_kept_and_an_old_version_can_be_restored(self, admin_client):
        article = make_article(title="Late SMS", body="Wait **5 min**.")
        change_url = reverse("admin:faq_article_change", args=[article.pk])
        edit = form_data(admin_client.get(change_url).context["adminform"].form)
        edit.update({"body": "Wait **10 min**.", "votes-TOTAL_FORMS": "0", "votes-INITIAL_FORMS": "0"})
        assert admin_client.post(change_url, edit).status_code == 302
        article.refresh_from_db()
        assert "10 min" in article.body_html

        history_page = admin_client.get(reverse("admin:faq_article_history", args=[article.pk]))
        assert history_page.status_code == 200
        oldest = article.history.earliest()
        revert_url = reverse("admin:faq_article_simple_history", args=[article.pk, oldest.history_id])
        shown = admin_client.get(revert_url)
        assert shown.status_code == 200
        restored = form_data(shown.context["adminform"].form)
        assert restored["body"] == "Wait **5 min**."
        assert admin_client.post(revert_url, restored).status_code == 302

        article.refresh_from_db()
        assert article.body == "Wait **5 min**." and "<strong>5 min</strong>" in article.body_html
        assert article.history.count() == 3

    def test_history_is_for_staff_only(self, client):
        article = make_article()
        response = client.get(reverse("admin:faq_article_history", args=[article.pk]))
        assert response.status_code == 302


class TestDraftPreview:
    def test_view_on_site_lets_staff_preview_a_draft(self, admin_client, client):
        draft = make_article(status=Article.Status.DRAFT)
        assert admin_client.get(draft.get_absolute_url()).status_code == 200
        assert client.get(draft.get_absolute_url()).status_code == 404
