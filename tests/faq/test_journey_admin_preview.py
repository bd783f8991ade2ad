"""An editor types Markdown in the admin and sees the public renderer's preview live (headless Chromium)."""
import pytest
from django.contrib.auth.models import User

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_editor_previews_with_the_public_renderer(page, live_server, screenshot):
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    article = make_article(title="Keys", body="Start.")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/faq/article/{article.pk}/change/")

    editor = page.locator("textarea[name=body]")
    editor.fill(">! Never share the **AppKey**.\n\n1. Open the console\n\n<script>window.pwned = 1</script>")
    preview = page.locator(".markdownx-preview")
    preview.locator(".callout-warning").wait_for()
    assert "AppKey" in preview.inner_text()
    assert preview.locator("#step-1").count() == 1
    assert page.evaluate("window.pwned === undefined")
    screenshot(page, "admin-preview-desktop")
