"""An editor changes a live tree's draft, tries it, publishes it; a customer who started before the
publish finishes on the old version while a new customer gets the new one (headless Chromium)."""
import pytest
from django.contrib.auth.models import User

from troubleshooter import engine
from troubleshooter.models import Node, Tree

from .tree_factories import make_fixed_articles, make_tree, simple_spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_edit_reaches_customers_only_when_published(page, live_server, screenshot):
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    make_fixed_articles()
    tree = make_tree(simple_spec(scenarios=[{"answers": ["failed", "5 min"], "outcome": "out-fine"}]))
    before = engine.start_session(tree)
    Node.objects.filter(tree=tree, key="status").update(prompt="What does the **Delivery Status** column say?")
    node = Node.objects.get(tree=tree, key="status")
    node.save()  # renders the new prompt

    page.goto(before.get_absolute_url())
    assert "What does the status say?" in page.locator("#step-prompt").inner_text()

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/troubleshooter/tree/{tree.pk}/versions/?old=1&new=draft")
    assert "Node “status”: prompt changed." in page.content()
    screenshot(page, "tree-versions-before-publish")

    page.get_by_role("button", name="Try this draft").click()
    page.wait_for_url("**/troubleshoot/s/**")
    assert "Delivery Status" in page.locator("#step-prompt").inner_text()
    page.go_back()
    page.get_by_label("Note for this version").fill("Name the column")
    page.get_by_role("button", name="Publish the draft").click()
    assert "Published version 2" in page.content()
    screenshot(page, "tree-versions-after-publish")

    page.goto(before.get_absolute_url())
    assert "What does the status say?" in page.locator("#step-prompt").inner_text()
    page.get_by_role("button", name="Failed").click()
    page.get_by_label("Delay").fill("5 min")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("All fine").first.wait_for()
    assert Tree.objects.get(pk=tree.pk).live_version.number == 2
    fresh = engine.start_session(Tree.objects.get(pk=tree.pk))
    page.goto(fresh.get_absolute_url())
    assert "Delivery Status" in page.locator("#step-prompt").inner_text()
