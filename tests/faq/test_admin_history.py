"""Editors and article history: restoring keeps the current status unless asked, history shows real
reasons and whole changed lines, and a duplicate title is refused."""
from __future__ import annotations

import pytest
from django.urls import reverse

from faq.admin_history import change_reason, changed_lines
from faq.models import Article
from tests.factories import make_article
from tests.faq.test_admin import form_data

pytestmark = pytest.mark.django_db

INLINES = {"votes-TOTAL_FORMS": "0", "votes-INITIAL_FORMS": "0"}


def edit(admin_client, article, **changes):
    url = reverse("admin:faq_article_change", args=[article.pk])
    data = form_data(admin_client.get(url).context["adminform"].form)
    data.update(INLINES, **changes)
    return admin_client.post(url, data)


def revert_url(article, record):
    return reverse("admin:faq_article_simple_history", args=[article.pk, record.history_id])


class TestRestoring:
    def make_published_from_draft(self, admin_client):
        article = make_article(title="Late SMS", body="Old text.", status=Article.Status.DRAFT)
        assert edit(admin_client, article, body="New text.", status="published").status_code == 302
        return article, article.history.earliest()

    def test_restoring_a_draft_version_warns_and_keeps_the_article_published(self, admin_client):
        article, draft_version = self.make_published_from_draft(admin_client)
        shown = admin_client.get(revert_url(article, draft_version))
        html = shown.content.decode()
        assert "This version was <strong>Draft</strong>; the article is <strong>Published</strong> now" in html
        data = form_data(shown.context["adminform"].form)
        assert (data["body"], data["status"]) == ("Old text.", "published")
        assert admin_client.post(revert_url(article, draft_version), {**data, **INLINES}).status_code == 302
        article.refresh_from_db()
        assert (article.body, article.status) == ("Old text.", "published")
        assert admin_client.get(article.get_absolute_url()).status_code == 200
        assert "keeping the status Published" in article.history.latest().history_change_reason

    def test_the_editor_can_still_ask_for_the_old_status(self, admin_client):
        article, draft_version = self.make_published_from_draft(admin_client)
        data = form_data(admin_client.get(revert_url(article, draft_version)).context["adminform"].form)
        admin_client.post(revert_url(article, draft_version), {**data, **INLINES, "status": "draft"})
        article.refresh_from_db()
        assert article.status == "draft"
        assert article.history.latest().history_change_reason.endswith("with its status.")

    def test_no_warning_when_the_status_is_the_same(self, admin_client):
        article = make_article(body="One.")
        edit(admin_client, article, body="Two.")
        html = admin_client.get(revert_url(article, article.history.earliest())).content.decode()
        assert "This version was" not in html


class TestHistoryPage:
    def test_it_shows_what_changed_as_the_reason_never_none(self, admin_client):
        article = make_article(title="Late SMS", body="One.")
        edit(admin_client, article, title="Late SMS, explained", body="Two.")
        assert article.history.latest().history_change_reason == "Changed title and body."
        html = admin_client.get(reverse("admin:faq_article_history", args=[article.pk])).content.decode()
        assert "Changed title and body." in html
        table = html[html.index('id="change-history"'):]
        assert ">None<" not in table.replace(" ", "").replace("\n", "")

    def test_a_long_change_is_shown_whole_not_cut_at_a_hundred_odd_characters(self, admin_client):
        long_line = "Carriers in some provinces hold messages " + "for a review that can take minutes " * 6 + "END."
        article = make_article(body=f"Intro.\n\n{long_line}")
        edit(admin_client, article, body=f"Intro.\n\n{long_line} Then it arrives.")
        html = admin_client.get(reverse("admin:faq_article_history", args=[article.pk])).content.decode()
        assert f"{long_line} Then it arrives." in html
        assert "Intro." not in html[html.index('id="change-history"'):].split("Body:")[1]

    def test_changed_lines_keeps_each_changed_line_whole(self):
        assert changed_lines("a\nb\nc", "a\nB\nc\nd") == (["b"], ["B", "d"])

    def test_a_reason_names_the_changed_fields(self):
        assert change_reason(["status"], {"status": "Status"}) == "Changed status."
        assert change_reason(["a", "b", "c"], {"a": "Title", "b": "Body", "c": "Keywords"}) == (
            "Changed title, body and keywords."
        )
        assert len(change_reason([f"f{n}" for n in range(60)], {})) == 100

    def test_the_list_actions_record_a_reason(self, admin_client):
        draft = make_article(status=Article.Status.DRAFT)
        admin_client.post(reverse("admin:faq_article_changelist"), {"action": "publish", "_selected_action": [draft.pk]})
        assert draft.history.latest().history_change_reason == "Status set to published from the article list."


class TestDuplicateTitles:
    def test_a_second_article_with_the_same_title_is_refused_clearly(self, admin_client):
        make_article(title="Why did my SMS not arrive?")
        category = Article.objects.get().category
        response = admin_client.post(reverse("admin:faq_article_add"), {
            "title": "why did my SMS  not arrive?", "slug": "why-again", "category": category.pk, "status": "draft",
            "summary": "", "body": "Text.", "keywords": "", "position": "0", **INLINES,
        })
        assert response.status_code == 200
        assert "Another article (published) is already called “Why did my SMS not arrive?”" in response.content.decode()
        assert Article.objects.count() == 1

    def test_saving_an_article_under_its_own_title_is_fine(self, admin_client):
        article = make_article(title="Unique title")
        assert edit(admin_client, article, body="Changed.").status_code == 302
